"""The recode registry (newsgraph.events.recode): every rule's own example, coded with the rule and without it."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.events import CHECKS, RECODES, EventCoder, Rule
from newsgraph.records import Article, Event


def _doc(extractor: Any, text: str, date: str) -> Any:
    """The parsed example with everything the events component reads (actors, places, quotes) set."""
    doc = extractor.nlp(text)
    doc._.newsgraph_article = Article.from_text(text, published=date)
    for name, component in extractor.components:
        if name == "newsgraph_events":
            break
        doc = component(doc)
    return doc


def _code(coder: EventCoder, doc: Any) -> list[Event]:
    return coder.code(doc, doc._.newsgraph_actors or [], places=doc._.newsgraph_places or [])


def _on_trigger(events: list[Event], rule: Rule) -> list[Event]:
    return [e for e in events if rule.trigger in e.trigger.split()]


@pytest.mark.parametrize("rule", CHECKS + RECODES, ids=lambda r: r.name)
def test_rule_example(extractor: Any, rule: Rule) -> None:
    coder = dict(extractor.components)["newsgraph_events"].coder
    without = EventCoder(coder.p, coder.lexicon, checks=tuple(r for r in CHECKS if r is not rule),
                         recodes=tuple(r for r in RECODES if r is not rule))  # fmt: skip
    doc = _doc(extractor, rule.example, rule.date)
    got, ablated = _on_trigger(_code(coder, doc), rule), _on_trigger(_code(without, doc), rule)
    if rule.expect:
        assert any(e.cameo.startswith(rule.expect) for e in got), [e.cameo for e in got]
        assert not any(e.cameo.startswith(rule.expect) for e in ablated), "the example does not need the rule"
    else:
        assert got == [], [e.cameo for e in got]
        assert ablated, "the example does not need the rule"


def test_registry_is_named_and_ordered() -> None:
    names = [r.name for r in CHECKS + RECODES]
    assert len(names) == len(set(names))
    assert names.index("refusal") < names.index("intent") < names.index("threat")


def test_coder_keeps_no_per_call_state(extractor: Any) -> None:
    """``code`` leaves the shared coder as it found it: nothing is stored on it per document."""
    coder = dict(extractor.components)["newsgraph_events"].coder
    before = dict(vars(coder))
    doc = _doc(extractor, "Turkey accused Iran of arming militias. It denied the charge.", "2025-05-14")
    first = _code(coder, doc)
    assert first and dict(vars(coder)) == before
    assert _code(coder, doc) == first
