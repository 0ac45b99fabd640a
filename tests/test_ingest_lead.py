"""The lead put back from the page's description is not put in twice when the body prints it with other
dashes, quotation marks or spacing (team-written text)."""

from __future__ import annotations

from newsgraph.ingest.html import with_lead

BODY_LEAD = (
    "VALE \u2013 The \u201cold mill\u201d bridge reopened on Monday after three months of repairs, "
    "the council said in a short statement."
)
REST = "Traffic was light on the first morning, and the bus company moved its stops back to the bridge road."


def test_a_description_printed_with_other_punctuation_is_not_a_second_lead() -> None:
    body = f"{BODY_LEAD}\n{REST}"
    description = (
        'VALE - The "old mill"  bridge reopened on Monday after three months of repairs, '
        "the council said in a short statement."
    )
    assert with_lead(body, description) == body


def test_a_description_the_body_lacks_is_still_put_first() -> None:
    description = "The mill bridge, closed since March for repairs to its arches, is open to traffic again."
    assert with_lead(REST, description) == f"{description}\n{REST}"
