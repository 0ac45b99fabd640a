"""The patient stage (events/patients.py): an uncoded target for a one-sided event. Team-written sentences; each
row of data/events/patients.tsv is tested by its own example."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.events.patients import TAG, load_table, patient_span, read_rows

ROWS = read_rows()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.lemma}:{r.line}" for r in ROWS])
def test_theme_row_example(nlp: Any, row: Any) -> None:
    doc = nlp(row.example)
    verb = next(t for t in doc if t.lemma_.lower() == row.lemma and t.pos_ in ("VERB", "AUX"))
    span = patient_span(verb, load_table())
    assert (span.text if span is not None else "") == row.target


def test_rows_are_themes_and_unique() -> None:
    assert {r.kind for r in ROWS} == {"theme"}
    assert len({r.lemma for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The Kenyan government rejected the referendum on Tuesday.", "the referendum"),  # the object itself
        (
            "The French president refused a request from the striking dockers.",
            "the striking dockers",
        ),  # event noun
        ("The U.S. State Department rejected the referendum.", "the referendum"),  # two sources, one country
    ],
)
def test_one_sided_event_gets_uncoded_patient(extractor: Any, sentence: str, target: str) -> None:
    events = [e for e in extractor.extract(sentence).events if e.target and e.target[0].text == target]
    assert events, [(e.trigger, e.target) for e in extractor.extract(sentence).events]
    ev = events[0]
    assert ev.target[0].code == "" and ev.target[0].country is None
    assert ev.extractor.endswith(TAG)
    assert sentence[ev.target[0].start : ev.target[0].end] == target


def test_reciprocal_event_keeps_no_target(extractor: Any) -> None:
    # several parties of different codes and no target: a reciprocal event, not one acting on the deal
    events = extractor.extract("Canada and Chile agreed to a new fisheries deal.").events
    assert events and all(not e.target and len(e.source) == 2 for e in events)


def test_coded_target_is_not_replaced(extractor: Any) -> None:
    events = extractor.extract(
        "The Nigerian army launched air strikes against the hideouts of the militia."
    ).events
    assert any(t.code for e in events for t in e.target)
    assert not any(e.extractor.endswith(TAG) for e in events)


@pytest.mark.parametrize(
    ("sentence", "lemma"),
    [
        ("The ministry condemned it on Friday.", "condemn"),  # a pronoun is no patient
        ("The junta declared a curfew in the capital.", "declare"),  # a theme verb's object is not the target
        ("The ministers met on Monday.", "meet"),  # a date is no patient
        ("The rebels released 40 of the hostages.", "release"),  # a number is no patient
    ],
)
def test_no_patient(nlp: Any, sentence: str, lemma: str) -> None:
    doc = nlp(sentence)
    verb = next(t for t in doc if t.lemma_.lower() == lemma)
    assert patient_span(verb, load_table()) is None


def test_nominal_trigger_takes_its_preposition(nlp: Any) -> None:
    doc = nlp("The attack on the border post lasted an hour.")
    noun = next(t for t in doc if t.lower_ == "attack")
    span = patient_span(noun, load_table())
    assert span is not None and span.text == "the border post"


def test_own_things_and_contents_are_no_patients(nlp: Any) -> None:
    table = load_table()
    doc = nlp("The bloc will defend its interests.")
    assert patient_span(next(t for t in doc if t.lemma_ == "defend"), table) is None
    doc = nlp("The minister rejected calls for an early election.")
    span = patient_span(next(t for t in doc if t.lemma_ == "reject"), table)
    assert (
        span is not None and span.text == "calls"
    )  # "for an early election" is what was called for, no party


def test_agent_for_an_event_with_only_a_target(nlp: Any) -> None:
    from newsgraph.events.patients import agent_span

    doc = nlp("Several hundred militia members surrendered to the army.")
    span = agent_span(next(t for t in doc if t.lemma_ == "surrender"))
    assert span is not None and span.text == "Several hundred militia members"
    doc = nlp("The convoy was ambushed by unidentified gunmen.")
    span = agent_span(next(t for t in doc if t.lemma_ == "ambush"))
    assert span is not None and span.text == "unidentified gunmen"
    doc = nlp("They surrendered to the army.")
    assert agent_span(next(t for t in doc if t.lemma_ == "surrender")) is None  # a pronoun is no agent


def _targets(extractor: Any, sentence: str, trigger: str) -> list[tuple[str, str]]:
    events = [e for e in extractor.extract(sentence).events if sentence[e.start : e.end] == trigger]
    assert events, [(sentence[e.start : e.end], e.target) for e in extractor.extract(sentence).events]
    return [(t.text or "", t.code) for t in events[0].target]


@pytest.mark.parametrize(
    ("sentence", "trigger", "target"),
    [
        ("The Greek coast guard refused to tow the fishing trawler.", "refused", "the fishing trawler"),
        ("The Kenyan government threatened to close the refugee camps.", "threatened", "the refugee camps"),
        ("Peru agreed to reopen the border crossing.", "agreed", "the border crossing"),
    ],
)
def test_control_verb_takes_the_patient_of_its_complement(
    extractor: Any, sentence: str, trigger: str, target: str
) -> None:
    assert _targets(extractor, sentence, trigger) == [(target, "")]


def test_place_of_a_one_sided_act(extractor: Any) -> None:
    # no party acted on: the named place the act was done in ("declared a ceasefire in Tripoli")
    sentence = "The Libyan National Army declared a truce in Benghazi on Sunday."
    assert _targets(extractor, sentence, "declared") == [("Benghazi", "")]
    sentence = "The Chilean president held talks in Geneva."
    assert _targets(extractor, sentence, "held") == [("Geneva", "")]


def test_no_place_for_a_statement(extractor: Any) -> None:
    # CAMEO 01 statements have no PLOVER type: where something was said is not whom it was said to
    events = extractor.extract("The Chilean president said in Geneva that the talks would resume.").events
    assert not any(t.text == "Geneva" for e in events for t in e.target)


def test_patient_beside_a_place_target(extractor: Any) -> None:
    # the coded target is only where it happened: the object acted on is added after it
    sentence = "Militants attacked a police checkpoint in southern Iraq."
    assert _targets(extractor, sentence, "attacked") == [("Iraq", "IRQ"), ("a police checkpoint", "")]


def test_patient_beside_a_target_deep_in_another_phrase(extractor: Any) -> None:
    sentence = "The Polish prime minister blamed the new tariffs for the rise in tensions with Russia."
    assert _targets(extractor, sentence, "blamed") == [("Russia", "RUS"), ("the new tariffs", "")]


def test_own_argument_target_gets_no_patient(extractor: Any) -> None:
    sentence = "Ecuador expelled the Colombian ambassador in Quito."
    assert [c for _, c in _targets(extractor, sentence, "expelled")] == ["COLGOV"]


def test_patient_that_is_a_resolved_actor_keeps_its_code(nlp: Any) -> None:
    from newsgraph.events.patients import _ref
    from newsgraph.records import Actor, ActorRef

    doc = nlp("Lula held talks with Prime Minister Modi at the palace.")
    modi = Actor(text="Prime Minister Modi", start=21, end=40, name="Narendra Modi", code="INDGOV", country="IND",
                 sector="GOV", kind="person")  # fmt: skip
    span = doc.char_span(21, 40)
    assert span is not None
    ref = _ref(span, [modi], [ActorRef(name="Lula", code="BRAGOV", country="BRA")])
    assert (ref.code, ref.country, ref.name) == ("INDGOV", "IND", "Narendra Modi")
    # the other side's own code: left uncoded (a same-code dyad is for the coder's checks to allow)
    same = _ref(span, [modi], [ActorRef(name="Manmohan Singh", code="INDGOV", country="IND")])
    assert same.code == "" and same.country is None and same.text == "Prime Minister Modi"
    assert _ref(span).code == ""  # no actors known: uncoded
