"""Quotes: direct and indirect speech with speakers resolved to actors (docs/dates-quotes-claims.md).

``extract_quotes`` is a pure function over a spaCy ``Doc`` plus the actors already found in the same
article.  All offsets it returns are article-level: ``offset`` is where ``doc.text`` starts in the article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.records import Actor, ActorRef, Quote

EXTRACTOR = "newsgraph.quotes.v1"
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "warn", "add", "state", "announce", "insist", "argue", "claim", "stress", "note",
        "explain", "declare", "write", "tweet", "post", "reply", "respond", "confirm", "deny", "acknowledge",
        "admit", "assert", "emphasise", "emphasize", "report", "caution", "comment", "continue", "vow",
        "pledge", "promise", "predict", "reiterate", "maintain", "contend", "allege", "ask", "suggest",
        "underline", "underscore", "recall", "conclude", "observe", "remark", "signal", "concede",
    }
)  # fmt: skip
ATTRIBUTION_ONLY_VERBS = frozenset({"describe", "call", "dub", "label", "term"})
OPEN_MARKS = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "we"})
ORG_WORDS = frozenset(
    {
        "it", "statement", "ministry", "government", "office", "department", "agency", "army", "military",
        "company", "embassy", "council", "spokesman", "spokeswoman", "spokesperson", "administration",
        "group", "party", "organisation", "organization", "communique", "release", "report", "letter",
        "kremlin", "presidency", "cabinet", "commission", "court", "police", "committee",
    }
)  # fmt: skip
PERSON_WORDS = frozenset(
    {
        "president", "minister", "official", "leader", "chancellor", "premier", "envoy", "ambassador",
        "general", "commander", "secretary", "diplomat", "mayor", "governor", "senator", "king", "queen",
        "chief", "director", "spokesman", "spokeswoman", "spokesperson", "prime", "foreign",
    }
)  # fmt: skip
_MIN_PARTIAL_WORDS = 3


@dataclass
class _Mark:
    start: int  # char offset in doc.text of the text inside the marks
    end: int
    closed: bool


@dataclass
class _Chain:
    """The running speaker chain: last resolved speaker overall, last person, last organisation."""

    last: Actor | None = None
    person: Actor | None = None
    org: Actor | None = None

    def update(self, actor: Actor) -> None:
        self.last = actor
        if actor.kind == "person":
            self.person = actor
        else:
            self.org = actor


def _quote_marks(text: str) -> Iterator[_Mark]:
    """Spans between quotation marks; a quote still open at a paragraph break closes there."""
    open_at: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if open_at is None:
            if ch in OPEN_MARKS:
                open_at, closer = i + 1, OPEN_MARKS[ch]
        elif ch == closer or (closer == '"' and ch == "\u201d"):
            yield _Mark(open_at, i, True)
            open_at = None
        elif ch == "\n" and text[i + 1 : i + 2] in ("\n", *OPEN_MARKS):
            yield _Mark(open_at, i, False)
            open_at = None
    if open_at is not None:
        yield _Mark(open_at, len(text), False)


def _is_reporting(tok: Token, verbs: frozenset[str] = REPORTING_VERBS) -> bool:
    return tok.lemma_.lower() in verbs and tok.pos_ in ("VERB", "AUX") or _according_to(tok)


def _is_attribution(tok: Token) -> bool:
    return _is_reporting(tok) or _is_reporting(tok, ATTRIBUTION_ONLY_VERBS)


def _according_to(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to"


def _speaker_token(verb: Token) -> Token | None:
    if _according_to(verb):
        to = verb.doc[verb.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ not in ("VERB", "AUX"):
            return child
    for child in verb.children:  # "..., the ministry said in a statement" parsed with agent
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _speaker_span(tok: Token) -> Span:
    """The name / noun phrase of the speaker head, without appositions or relative clauses."""
    doc = tok.doc
    if tok.ent_iob_ in ("B", "I"):
        start, end = tok.i, tok.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end]
    left = tok.i
    while (
        left > 0
        and doc[left - 1].head.i == tok.i
        and doc[left - 1].dep_ in ("compound", "amod", "det", "poss")
    ):
        left -= 1
    return doc[left : tok.i + 1]


def _outside(tok: Token, marks: Sequence[_Mark]) -> bool:
    return not any(m.start <= tok.idx < m.end for m in marks)


def _find_reporting_verb(doc: Doc, mark: _Mark, marks: Sequence[_Mark]) -> Token | None:
    """Reporting verb outside the marks in the sentence that closes the quote, else the one that opens it."""
    last = doc.char_span(mark.start, max(mark.start + 1, mark.end), alignment_mode="expand")
    if last is None or len(last) == 0:
        return None
    sents = [last[-1].sent, last[0].sent]
    after_close = doc[last[-1].i + 1 : sents[0].end] if mark.closed else None
    candidates: list[Token] = []
    if after_close is not None and len(after_close) > 0:
        candidates.extend(t for t in after_close if _is_attribution(t))
    candidates.extend(t for t in doc[sents[1].start : last[0].i] if _is_attribution(t))
    candidates.extend(t for s in sents for t in s if _is_attribution(t))
    for verb in candidates:
        if _outside(verb, marks):
            return verb
    return None


def _attributed_short(doc: Doc, start: int, end: int, verb: Token | None, text: str, mark: _Mark) -> bool:
    if verb is None or not _is_partial(text, mark) or not text[start:end][:1].isalpha():
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and verb in span[0].ancestors


def _word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _is_partial(text: str, mark: _Mark) -> bool:
    """A quoted phrase inside a sentence: it opens after a word and does not end a sentence itself."""
    before = text[max(0, mark.start - 40) : max(0, mark.start - 1)].rstrip()
    inner = text[mark.start : mark.end].rstrip()
    opens_mid = bool(before) and (before[-1].isalnum() or before[-1] in ",;")
    return opens_mid and not inner.endswith((".", "?", "!"))


def _resolve(
    span: Span | None, actors: Sequence[Actor], chain: _Chain, offset: int
) -> tuple[Actor | None, str | None]:
    if span is None:
        return None, None
    start, end = span.start_char + offset, span.end_char + offset
    for actor in actors:
        if actor.start < end and start < actor.end:
            return actor, span.text
    head = span.root.lower_
    words = {t.lower_ for t in span}
    if words & {"a", "an", "another", "one"}:
        return None, span.text  # an indefinite speaker ("a senior diplomat") is somebody new
    if head in PERSON_PRONOUNS:
        return chain.person or _recent_actor(actors, start, {"person"}), span.text
    if head in GROUP_PRONOUNS:
        return chain.last or _recent_actor(actors, start, None), span.text
    if span.root.pos_ != "PROPN" and words & ORG_WORDS and not words & PERSON_WORDS - ORG_WORDS:
        kinds = {"organisation", "state", "group"}
        return chain.org or chain.last or _recent_actor(actors, start, kinds), span.text
    if span.root.pos_ != "PROPN" and words & PERSON_WORDS:
        return chain.person or _recent_actor(actors, start, {"person"}), span.text
    return None, span.text


def _recent_actor(actors: Sequence[Actor], before: int, kinds: set[str] | None) -> Actor | None:
    best: Actor | None = None
    for actor in actors:
        if (
            actor.end <= before
            and (kinds is None or actor.kind in kinds)
            and (best is None or actor.start > best.start)
        ):
            best = actor
    return best


def _ref(actor: Actor | None) -> ActorRef | None:
    if actor is None:
        return None
    return actor.ref()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n\t,":
        start += 1
    while end > start and text[end - 1] in " \n\t,":
        end -= 1
    return start, end


def _direct_quote(
    doc: Doc,
    text: str,
    mark: _Mark,
    marks: Sequence[_Mark],
    actors: Sequence[Actor],
    chain: _Chain,
    offset: int,
) -> Quote | None:
    start, end = _strip(text, mark.start, mark.end)
    inner = text[start:end]
    verb = _find_reporting_verb(doc, mark, marks)
    if _word_count(inner) < _MIN_PARTIAL_WORDS and not _attributed_short(doc, start, end, verb, text, mark):
        # a one- or two-word quote counts only when a reporting verb governs it ('called the threat
        # "considerable"'); otherwise it is a scare quote or a title
        return None
    if verb is None and _is_partial(text, mark):
        return None
    tok = _speaker_token(verb) if verb is not None else None
    span = _speaker_span(tok) if tok is not None and _outside(tok, marks) else None
    actor, speaker_text = _resolve(span, actors, chain, offset)
    if span is None and verb is None:
        actor = chain.last  # an unattributed continuation quote: the speaker so far
    if actor is not None:
        chain.update(actor)
    return Quote(
        text=inner,
        start=start + offset,
        end=end + offset,
        direct=True,
        speaker=_ref(actor),
        speaker_text=speaker_text,
        verb=verb.text if verb is not None else None,
        extractor=EXTRACTOR,
    )


def _indirect_content(verb: Token) -> Span | None:
    """The reported clause: a ccomp of the reporting verb, or the main clause around 'according to'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if _according_to(verb):
        head = verb.head
        if head.pos_ not in ("VERB", "AUX"):
            return None
        skip = set(t.i for t in verb.subtree)
        tokens = [t for t in head.subtree if t.i not in skip]
    else:
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is None:
            return None
        tokens = [t for t in comp.subtree if not (t.i == comp.left_edge.i and t.dep_ == "mark")]
    tokens = [t for t in tokens if not t.is_punct or t.text in ("%", "$")] or tokens
    if not tokens:
        return None
    return verb.doc[tokens[0].i : tokens[-1].i + 1]


def _indirect_quote(
    verb: Token, marks: Sequence[_Mark], actors: Sequence[Actor], chain: _Chain, offset: int
) -> Quote | None:
    content = _indirect_content(verb)
    if content is None or _word_count(content.text) < 2:
        return None
    if any(m.start < content.end_char and content.start_char < m.end for m in marks):
        return None  # the reported clause is (part of) a direct quote, handled there
    tok = _speaker_token(verb)
    span = _speaker_span(tok) if tok is not None else None
    actor, speaker_text = _resolve(span, actors, chain, offset)
    if actor is not None:
        chain.update(actor)
    return Quote(
        text=content.text,
        start=content.start_char + offset,
        end=content.end_char + offset,
        direct=False,
        speaker=_ref(actor),
        speaker_text=speaker_text,
        verb=verb.text,
        extractor=EXTRACTOR,
    )


def extract_quotes(doc: Doc, actors: Sequence[Actor], *, offset: int = 0) -> list[Quote]:
    """Direct and indirect quotes in ``doc`` with speakers resolved against ``actors``.

    ``actors`` carry article-level offsets; ``offset`` is the article offset of ``doc.text``.  Quotes come
    back in text order; pronoun and role speakers ("he added", "the statement said") follow the chain of
    the most recent resolved speaker.
    """
    text = doc.text
    marks = [m for m in _quote_marks(text) if m.end > m.start]
    items: list[tuple[int, Token | _Mark]] = [(m.start, m) for m in marks]
    items.extend((t.idx, t) for t in doc if _is_reporting(t) and _outside(t, marks))
    items.sort(key=lambda item: item[0])
    ordered = sorted(actors, key=lambda a: a.start)
    chain = _Chain()
    out: list[Quote] = []
    for _pos, item in items:
        if isinstance(item, _Mark):
            quote = _direct_quote(doc, text, item, marks, ordered, chain, offset)
        else:
            quote = _indirect_quote(item, marks, ordered, chain, offset)
        if quote is not None:
            out.append(quote)
    return sorted(out, key=lambda q: (q.start, q.end))
