"""newsgraph's stages as spaCy components in a user's own pipeline (nlp.add_pipe)."""

from __future__ import annotations

import newsgraph.components  # noqa: F401 - registers the factories


def test_add_pipe_and_read_results(nlp) -> None:  # type: ignore[no-untyped-def]
    import copy

    from newsgraph.pipeline import load_spacy

    mine = load_spacy("md")  # a fresh pipeline the user owns
    mine.add_pipe("newsgraph_actors", config={"date": "2025-05-14"})
    mine.add_pipe("newsgraph_events")
    assert mine.pipe_names[-2:] == ["newsgraph_actors", "newsgraph_events"]
    doc = mine("Ankara accused Tehran of arming militias in Syria.")
    codes = {a.code for a in doc._.newsgraph_actors}
    assert {"TURGOV", "IRNGOV"} <= codes
    events = doc._.newsgraph_events
    accuse = [e for e in events if e.plover == "ACCUSE"]
    assert accuse and accuse[0].source[0].code == "TURGOV" and accuse[0].target[0].code == "IRNGOV"
    assert any(e.plover == "AID" and "alleged" in e.flags for e in events)
    assert [s.label_ for s in doc.spans["newsgraph_actors"]]
    assert {s.label_ for s in doc.spans["newsgraph_events"]} >= {accuse[0].cameo}
    del copy
