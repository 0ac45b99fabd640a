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


ANALYSIS = (  # no first person and no "frankly": the writer weighs, and names no source
    "The ceremony is likely to be read in Brussels as a sign that the sanctions have failed. The timing "
    "suggests both capitals wanted the pictures more than the contracts.\n\n"
    "The warm words should not be mistaken for an alliance. Neither government has moved money to back the "
    "deal, and the bigger question is whether the new committee will ever meet."
)
SOURCED = (  # the same register of "could" and "likely", but every claim has its source: news
    "The tariff cuts could raise machinery imports by a fifth, the trade ministry said. Farmers' groups said "
    "prices were likely to fall next year.\n\n"
    "Customs officials told reporters that checks at the border would be shortened. The committee is "
    "expected to meet in June, according to the published text."
)


def test_a_headline_over_unsourced_judgement_starts_an_opinion_section() -> None:
    text = "\n\n".join([REPORT, NEUTRAL, "A ceremony for the cameras", ANALYSIS])
    assert kinds(text) == [("report", REPORT), ("opinion", "A ceremony for the cameras")]


def test_a_headline_over_sourced_forecasts_stays_report() -> None:
    text = "\n\n".join([REPORT, "What the deal changes", SOURCED])
    assert [k for k, _ in kinds(text)] == ["report"]


def test_a_short_unsourced_block_is_not_enough() -> None:
    text = "\n\n".join([REPORT, "A ceremony for the cameras", "The timing suggests a message to Brussels."])
    assert [k for k, _ in kinds(text)] == ["report"]
