"""Boilerplate kinds from issue 15, on team-written pages: gallery furniture, photo captions (also printed
several times), teaser and "read more" links; the lead paragraph is never lost; one event per piece of evidence."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from newsgraph.components import unique_events
from newsgraph.ingest import RawDoc, clean_text, to_article
from newsgraph.records import ActorRef, Event
from newsgraph.settings import Settings

LEAD = (
    "Firefighters contained a large forest fire near the northern town of Vale on Sunday after three days, "
    "the regional civil protection agency said."
)
BODY = (
    "About 400 residents who had left their homes on Friday were allowed to return in the afternoon, and the "
    "main road through the valley reopened to traffic."
)
CAPTION = (
    "A firefighter sprays water on burning trees near Vale on Saturday, June 14, 2025. (AP Photo/Ana Costa)"
)


@pytest.mark.parametrize(
    "junk",
    [
        ["Image 1 of 8", "Back to Gallery", "1 / 8", "Toggle caption", "View gallery"],  # gallery furniture
        [
            "- Previous",
            "- Next",
            "Fullscreen",
            "- Thumbnails",
            "Close",
            "Featured Slide Shows",
        ],  # player controls
        ["Loading comments ...", "Loading weather data…", "Loading..."],  # widgets still loading
        ["Photo: Ana Costa/AP", CAPTION, "Firefighters at work near Vale. (Reuters/Pedro Lima)"],  # captions
        ["Also on rt.com Wildfires spread across southern Europe", "READ MORE: Heatwave to last all week"],
        ["DON'T MISS", "Heatwave to last all week", "Five ways to keep cool"],  # teaser block with headlines
        ["Watch: drone footage of the fire", "Don't miss: our live map of the blaze"],
    ],
)
def test_boilerplate_is_removed_and_the_lead_kept(junk: list[str]) -> None:
    text, _ = clean_text("\n".join([LEAD, *junk, BODY]))
    assert text == f"{LEAD}\n\n{BODY}"


def test_lead_paragraph_is_kept_even_when_junk_comes_first() -> None:
    text, _ = clean_text("\n".join(["Image 1 of 8", CAPTION, LEAD, BODY]))
    assert text.startswith(LEAD)


def test_a_caption_printed_four_times_is_removed_and_a_repeated_paragraph_kept_once() -> None:
    assert clean_text("\n".join([LEAD, CAPTION, CAPTION, BODY, CAPTION, CAPTION]))[0] == f"{LEAD}\n\n{BODY}"
    assert clean_text("\n".join([LEAD, BODY, BODY, BODY, BODY]))[0] == f"{LEAD}\n\n{BODY}"


def test_short_repeated_lines_and_real_text_stay() -> None:
    text = "\n".join(
        [LEAD, "Yes.", "Yes.", "The caption of the painting read 'Vale, 1911', the curator said."]
    )
    assert clean_text(text)[0].count("Yes.") == 2 and "curator" in clean_text(text)[0]


def test_gallery_html_page() -> None:
    html = (
        "<html><head><title>Fire contained near Vale</title></head><body><article>"
        f"<h1>Fire contained near Vale</h1><p>{LEAD}</p><p>Image 1 of 8</p><p>{CAPTION}</p><p>{CAPTION}</p>"
        f"<p>Back to Gallery</p><p>Also on rt.com Wildfires spread across southern Europe</p><p>{BODY}</p>"
        "</article></body></html>"
    )
    article = to_article(RawDoc("fire.html", None, "html", html), Settings())
    assert LEAD in article.text and BODY in article.text
    for junk in ("Image 1 of 8", "AP Photo", "Back to Gallery", "Also on rt.com"):
        assert junk not in article.text


def test_events_from_the_same_evidence_are_kept_once(extractor: Any) -> None:
    text = (
        "Troops in Vale\nGreek police arrested two Turkish fishermen near Lesbos on Sunday, officials said, "
        "and the coast guard towed their boat to the harbour after a short chase."
    )
    events = extractor.extract(text, published="2025-06-15").events
    assert events
    first = events[0]
    copy = replace(first, id="copy", start=first.start + 500, sentence_start=first.sentence_start + 500)
    other_code = replace(first, id="other", cameo="0000")
    assert unique_events([first, copy, other_code]) == [first, other_code]


def test_events_on_one_trigger_and_code_join_their_parties() -> None:
    def ref(name: str, code: str, start: int) -> ActorRef:
        return ActorRef(name=name, code=code, country=code[:3], text=name, start=start, end=start + len(name))

    envoy, king, aides = (
        ref("the envoy", "USAGOV", 0),
        ref("the King", "JORGOV", 40),
        ref("aides", "JORGOV", 60),
    )
    base = Event(id="a", source=(envoy,), target=(king,), cameo="040", cameo_root="04", quad=1, goldstein=1.0,
                 plover="CONSULT", mode=None, date=None, date_source="none", location=None, location_source=None,
                 sentence="The envoy held talks with the King and aides.", sentence_start=0, start=10, end=14,
                 trigger="held", flags=(), extractor="x", confidence=0.6)  # fmt: skip
    second = replace(base, id="b", target=(aides,), confidence=0.9)
    reverse = replace(base, id="c", source=(king,), target=(envoy,))
    (merged,) = unique_events([base, second, reverse])
    assert merged.id == "a" and merged.source == (envoy,) and merged.target == (king, aides)
    assert merged.confidence == 0.9  # the surest of the joined events


@pytest.mark.parametrize(
    "junk",
    [
        "À lire aussi » Les pompiers appellent à la prudence",
        "Lesen Sie auch: Waldbrände im Süden nehmen zu",
        "Mirá también: Cómo protegerse del humo",
        "Aktualisiert am 15.06.2025",
        "© 2025 Valley News. All rights reserved.",
        "Anzeige",
        "Sie sind aktuell nicht eingeloggt.",
        "Löscharbeiten am Waldrand. (Foto: Ana Costa/dpa)",
        "Weitere Artikel",
        "Kategorie: Region",
        "June 15, 2025 at 09:10 AM | categories: Weather, Vale | View Comments",
        "Kommentare insgesamt: 3",
        "page.html - Created 01-02-2020 - Last Modified: 03-04-2021",
        ">> Hitzewelle: Was Gärtner jetzt tun sollten <<",
        ">>> Die zehn schönsten Wanderwege im Tal",
        "(Alle Angaben ohne Gewähr)",
        "This page contains affiliate links: we may earn a commission when you buy through them.",
        "© 2025 Valley News. This article is the copyrighted property of Valley News; written permission is "
        "needed to reprint it online or in print.",
        "Sofern nicht anders vermerkt, stehen die Inhalte dieser Website unter einer freien Lizenz.",
        "¿Sabías que tenemos un canal de Telegram? Únete con este enlace.",
        "Image illustrative : un camion de pompiers, par Ana Costa",
        "Redakteur im Ressort Politik.",
        "Ana Costa is a senior reporter at Valley News covering the environment.",
        "Quellenangaben:",
        "This story mentions products of our partners; we may earn a commission when you use the links, which "
        "does not change what we write or which products we choose to review in any way at all, as our editors "
        "decide every review on their own and partners never see a text before it is published in print or "
        "online, as our code of conduct says.",
        "Аdvеrtіѕе wіth uѕ: thе bеѕt rеасh in the valley!",  # Latin words spelled with Cyrillic letters
        "Mayor Ana Costa (left) shows the burnt slope to the minister (right) on Sunday.",
        "Residents watch the smoke from the bridge over the river. (Pedro Lima Santos)",
        "Weitere Infos unter www.example.org/waldbrand.",
        "Die neue Ausgabe jetzt am Kiosk, im Abo oder als e-Paper erhältlich.",
        "Jetzt auch digital! Einfach hier klicken und registrieren.",
        "Anzeige\nTipp: Gartenschläuche im Angebot",  # a marked one-line ad goes with its marker
        "| 4:15 PM Feuer |",
        "*Damage estimate by the insurer, not by the fire service.",
    ],
)
def test_boilerplate_in_other_languages(junk: str) -> None:
    assert clean_text("\n".join([LEAD, junk, BODY]))[0] == f"{LEAD}\n\n{BODY}"


def test_lead_from_the_page_description_is_put_back_once() -> None:
    head = f'<html><head><title>Fire</title><meta name="description" content="{LEAD}"></head>'
    article = f"<article><p>{BODY}</p><p>{BODY[:60]} again and more words here.</p></article>"
    printed = (
        f'{head}<body><div class="top"><span>{LEAD}</span></div>{article}</body></html>'  # outside the body
    )
    assert to_article(RawDoc("a.html", None, "html", printed), Settings()).text.startswith(LEAD)
    kept = f"{head}<body><article><p>{LEAD}</p><p>{BODY}</p></article></body></html>"
    assert to_article(RawDoc("b.html", None, "html", kept), Settings()).text.count(LEAD[:40]) == 1


def test_a_description_the_page_does_not_print_is_no_lead() -> None:
    """A summary written for search engines only (in the head, or in a script's JSON) is not article text."""
    head = f'<html><head><title>Fire</title><meta name="description" content="{LEAD}"></head>'
    script = f'<script type="application/ld+json">{{"description": "{LEAD}"}}</script>'
    page = f"{head}<body>{script}<article><p>{BODY}</p><p>{BODY[:60]} again and more words.</p></article></body></html>"
    assert not to_article(RawDoc("a.html", None, "html", page), Settings()).text.startswith(LEAD[:30])


def test_a_short_or_unfinished_description_is_not_a_lead() -> None:
    from newsgraph.ingest.html import with_lead

    assert with_lead(BODY, "Fire near Vale: latest news") == BODY
    assert with_lead(BODY, LEAD.rstrip(".") + " and") == BODY
    assert with_lead(BODY, None) == BODY


def test_lead_marked_by_the_page_is_put_back_once() -> None:
    more = " ".join(
        f"Crews from {town} joined the effort on the second day of the fire." for town in "ABCDEF"
    )
    page = (
        '<html><head><title>Fire</title></head><body><div class="page-header"><h1>Fire near Vale</h1>'
        f'<p class="article-lead">{LEAD}</p></div><nav><p class="lead">Menu</p></nav>'
        f"<article><p>{BODY}</p><p>{more}</p></article></body></html>"
    )
    text = to_article(RawDoc("c.html", None, "html", page), Settings()).text
    assert text.startswith(LEAD) and text.count(LEAD[:40]) == 1 and "Menu" not in text


def test_text_is_nfc_normalised() -> None:
    decomposed = "Cafe\u0301 owners in Re\u0301union said the harbour reopened on Monday after the storm."
    assert (
        clean_text(decomposed)[0]
        == "Café owners in Réunion said the harbour reopened on Monday after the storm."
    )


def test_an_author_box_at_the_end_is_cut_but_not_a_heading_inside_the_text() -> None:
    bio = "Ana Costa schreibt seit 2010 über Umwelt und Verkehr im Tal und leitet das Regionalressort."
    assert clean_text("\n".join([LEAD, BODY, "Über den Autor", bio]))[0] == f"{LEAD}\n\n{BODY}"
    long_tail = [BODY.replace("400", str(n)) for n in range(6)]
    kept = clean_text("\n".join([LEAD, "Kontakt", *long_tail]))[0]
    assert kept.count("residents") == 6 and "Kontakt" not in kept


@pytest.mark.parametrize(
    "line",
    [
        "Label: Valley Records (Sony Music)",
        "- Informationsstelle für Arzneimittel (ABC GmbH)",
        "Crews from three towns worked through the night (Sunday) to save the old mill.",
        "Next week the council votes on money for new fire engines.",  # a control word that starts a sentence
        "Close to 400 residents left their homes on Friday.",
        "Loading the boats took the crews until midnight...",
    ],
)
def test_lines_like_captions_or_notes_are_kept(line: str) -> None:
    assert clean_text("\n".join([LEAD, line, BODY]))[0] == f"{LEAD}\n\n{line}\n\n{BODY}"


def test_a_sentence_after_an_advertisement_marker_is_kept() -> None:
    said = "The mayor said the valley would need months to recover from the fire."
    assert clean_text("\n".join([LEAD, "Advertisement", said, BODY]))[0] == f"{LEAD}\n\n{said}\n\n{BODY}"
