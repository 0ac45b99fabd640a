"""Opinion inside a news page: a headline-like line followed by evaluative prose starts an opinion section;
a neutral sub-headline does not."""

from __future__ import annotations

from newsgraph.ingest import find_sections

REPORT = (
    "The two presidents signed a trade agreement on Thursday covering grain, fertiliser and machinery, "
    "officials from both governments said after the ceremony."
)
NEUTRAL = (
    "The deal lowers tariffs on farm machinery from 12 percent to 5 percent over three years, according "
    "to the published text, and sets up a joint committee."
)
EVALUATIVE = (
    "The agreement is above all a message to Brussels. We think the timing was no accident, and frankly the "
    "economic case is thin. In my view neither side expects much trade to follow."
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end].split("\n")[0]) for s in find_sections(text)]


def test_headline_over_evaluative_prose_starts_an_opinion_section() -> None:
    text = "\n\n".join([REPORT, NEUTRAL, "A deal made for the cameras", EVALUATIVE, NEUTRAL])
    assert kinds(text) == [("report", REPORT), ("opinion", "A deal made for the cameras")]


def test_neutral_subheadline_stays_report() -> None:
    text = "\n\n".join([REPORT, "Tariffs on machinery", NEUTRAL])
    assert [k for k, _ in kinds(text)] == ["report"]


def test_a_report_heading_after_the_opinion_part_ends_it() -> None:
    text = "\n\n".join([REPORT, "A deal made for the cameras", EVALUATIVE, "What happened", NEUTRAL])
    assert [k for k, _ in kinds(text)] == ["report", "opinion", "report"]


def test_first_line_is_never_taken_as_an_opinion_headline() -> None:
    text = "\n\n".join(["A deal made for the cameras", REPORT, NEUTRAL])
    assert [k for k, _ in kinds(text)] == ["report"]
