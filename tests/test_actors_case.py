"""Lexicon forms with inner capitals match only as written (or in capitals): a common word in title case at the
start of a sentence is not the group the form names (issue 14: "Let" was Lashkar-e-Taiba on a plotting tutorial)."""

from __future__ import annotations

from typing import Any

import pytest

CASES = [
    ("Let us change the font size of the axis labels.", []),
    ("LeT claimed the attack on the market.", ["Lashkar-e-Taiba"]),
    ("LET CLAIMED THE ATTACK, THE HEADLINE SAID.", ["Lashkar-e-Taiba"]),
    (
        "The AfD gained seats while PiS lost ground in the vote.",
        ["Alternative for Germany", "Law and Justice"],
    ),
    ("Pis and afd are not names here, and neither is let.", []),
    ("NATO and Nato both name the alliance.", ["North Atlantic Treaty Organization"] * 2),
    ("Care must be taken when the roads freeze.", []),  # organisations.yaml: exact_forms [CARE]
    ("CARE said it had sent food to the camps.", ["CARE International"]),
]


@pytest.mark.parametrize(("text", "names"), CASES)
def test_inner_capitals_match_as_written(extractor: Any, text: str, names: list[str]) -> None:
    from newsgraph.actors import _pick

    doc = extractor.sentencizer(extractor.nlp.make_doc(text))
    found = [_pick(entries).name for _, _, entries in extractor.actor_finder.candidates(doc)]
    assert found == names
