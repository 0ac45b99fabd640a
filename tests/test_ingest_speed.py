"""The read path's speed changes keep their answers (issue 16 follow-up): each faster form is checked against the
plain form it replaced, on team-written inputs chosen for the edge the shortcut relies on.  The whole mix is
checked byte for byte by benchmarks/ingest_identity.py (docs/performance.md)."""

from __future__ import annotations

from collections import Counter

import pytest
from trafilatura.utils import load_html

from newsgraph.ingest import RawDoc, clean, metadata, to_article
from newsgraph.ingest.decoding import CONTROL_BYTES, sniff_binary
from newsgraph.ingest.furniture import furniture_blocks
from newsgraph.ingest.sanity import MIN_DISTINCT_LETTERS, text_problem
from newsgraph.settings import Settings


def folded_letters(text: str) -> tuple[int, int]:
    """(letters, distinct letters) of the casefolded text, counted the plain way (the form replaced)."""
    counts = Counter(text.casefold())
    return sum(n for ch, n in counts.items() if ch.isalpha()), sum(1 for ch in counts if ch.isalpha())


@pytest.mark.parametrize(
    "text",
    [
        "ßß ßß ßß " * 8,  # ß folds to "ss": two letters per character
        "ſſ SS ss " * 10,  # the long s and the capitals fold to "s"
        "Straße Maß Fuß " * 6,
        "abc abc abc " * 6,
    ],
)
def test_repeated_letters_are_counted_as_the_folded_text_has_them(text: str) -> None:
    letters, distinct = folded_letters(text)
    expected = (
        f"repetitive: {letters} letters but only {distinct} distinct"
        if letters >= 40 and distinct < MIN_DISTINCT_LETTERS
        else None
    )
    problem = text_problem(text)
    assert problem == expected or (expected is None and not (problem or "").startswith("repetitive: "))


@pytest.mark.parametrize("controls", [409, 410, 411])
def test_binary_sniff_counts_control_bytes_as_before(controls: int) -> None:
    head = b"\x01" * controls + b"a" * (4096 - controls)
    plain = sum(b in CONTROL_BYTES for b in head) / len(head) > 0.1
    assert (sniff_binary(head) == "control characters") is plain
    assert plain is (controls > 409)


def test_a_class_name_shared_by_a_never_tag_and_a_block_still_finds_the_block() -> None:
    page = (
        "<html><body><main class='share-bar'><p>The council met on Tuesday and agreed the new bus timetable "
        "for the valley towns after a long debate.</p><div class='share-bar'><span>Send by mail</span></div>"
        "<div class='share-bar'><span>Post to friends</span></div></main></body></html>"
    )
    tree = load_html(page)
    blocks = furniture_blocks(tree)
    assert [(el.tag, kind) for el, kind in blocks] == [("div", "share"), ("div", "share")]


def test_evaluative_tests_agree_with_the_sentence_by_sentence_count() -> None:
    cued = (
        "I think the council was wrong to close the library. We believe the decision must be reversed soon."
    )
    quoted = 'The minister said "I think this is right" and left the hall. Officials gave no further detail.'
    plain = "The council closed the library on Monday. It will reopen in the spring after repairs."
    assert clean._is_evaluative(cued)
    assert not clean._is_evaluative(quoted)  # the cue is inside quotation marks
    assert not clean._is_evaluative(plain)
    text = "\n\n".join(["Library closes", plain, "What the town should do", cued, plain])
    kinds = [s.kind for s in clean.find_sections(text)]
    assert kinds == ["report", "opinion"]


@pytest.mark.parametrize(
    ("para", "kind"),
    [
        ("Analysis", "opinion"),
        ("Analysis: what the vote means for the valley", "opinion"),
        ("Analysis of the vote shows a narrow result in three towns.", None),
        ("Our view.", "opinion"),
        ("The council met on Tuesday.", None),
        ("What happened", "report"),
        ("What happened next in the valley towns.", None),
    ],
)
def test_heading_kind_counts_words_only_when_needed(para: str, kind: str | None) -> None:
    assert clean._heading_kind(para) == kind


def test_a_record_that_gives_its_date_skips_the_page_date_search(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (
        "<html><head><title>Bridge reopens</title><meta name='date' content='2024-03-02'></head><body><article>"
        "<h1>Bridge reopens</h1><p>The old stone bridge over the river reopened to walkers and cyclists on Saturday "
        "after eight months of repairs, the town council said in a short statement.</p><p>Cars will be allowed "
        "back from the first of next month, once the last of the paving has settled.</p></article></body></html>"
    )
    dated = RawDoc(input="bridge.jsonl", record="line:1", kind="html", content=page, date="2024-05-06")
    undated = RawDoc(input="bridge.html", record=None, kind="html", content=page)
    assert to_article(undated, Settings()).published == "2024-03-02"

    def no_search(*args: object, **kwargs: object) -> str:
        raise AssertionError("the page's date was searched although the record gives one")

    monkeypatch.setattr(metadata, "find_date", no_search)
    assert to_article(dated, Settings()).published == "2024-05-06"
    with pytest.raises(AssertionError):
        to_article(undated, Settings())
