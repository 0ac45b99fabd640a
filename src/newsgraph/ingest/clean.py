"""Boilerplate cleaning of article text and report/opinion section detection.

``clean_text`` works line by line on the text an extractor (or a text dump) gives and removes what
trafilatura leaves in: share counters, "Related posts" trailers with the headlines listed under them,
"Read more" links, newsletter and subscription prompts, advertisement markers, image credits and cookie
notices; a line of 6-40 words printed again inside a longer line (a pull quote, a caption or teaser repeating
a sentence of the article) is kept once.  The readers' comments end the text (a comments heading after the
article's first paragraph, with two comments' times or reply buttons under it), and three or more headlines in a row each followed by a date and
time (a list of other articles) go.  An "AI-generated image" disclaimer is removed and reported as the
flag ``ai_image``.
The built-in rules cover English, German, Spanish and French pages; the same kinds of line in other languages
(Portuguese, Italian, Russian, Ukrainian, Japanese, Korean, Chinese, Indonesian, Polish, Dutch, Turkish, Arabic)
are data rows of data/ingest/boilerplate.tsv (kinds link, heading, marker, note, credit, comments, stamp), each
with the example line it must remove.  Lengths are counted with
``charsets.word_count``, so a Chinese or Japanese paragraph is not taken for a short line.
Paragraphs of the result are separated by one blank line; whitespace inside a line is collapsed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from importlib import resources
from itertools import groupby

from newsgraph.charsets import CYRILLIC, word_count
from newsgraph.records import Section

AI_IMAGE_FLAG = "ai_image"
MAX_TRAILER_HEADLINES = 15

SHARE_WORDS = (
    r"share(s|d)?|shares|tweet|tweets|retweet|email|e-mail|print|facebook|twitter|x|linkedin|whatsapp|"
    r"pinterest|reddit|telegram|messenger|copy link|copy|link|comments?|save|like|likes|flipboard|pocket|"
    r"view comments|kommentare?|teilen|drucken|gefällt mir|bewerten|compartir|partager|condividi|bild anzeigen"
)
SHARE_LINE = re.compile(
    rf"^(?:(?:{SHARE_WORDS}|[\d.,]+[km]?|on|this|article|story|via|[|·•/:,-])\s*)+$", re.I
)
SHARE_PROMPT = re.compile(r"^(share|spread the word|tell your friends)\b.{0,60}$", re.I)
TRAILER = re.compile(
    r"^(related( posts?| stories| articles?| coverage| content| news| reading| links)?|more (stories|news|"
    r"coverage|from [\w .'-]{1,40}|on this (story|topic))|you (may|might) (also )?(like|be interested in)|"
    r"recommended( for you| stories| reading)?|read next|up next|most (read|popular|viewed|shared)|"
    r"trending( now| stories)?|see also|further reading|latest (news|stories)|popular (now|stories)|"
    r"editor'?s picks|top stories|don'?t miss|must read|(also on|auch auf|también en|aussi sur) [\w.-]+\.[a-z]{2,3}|"
    r"weitere (beiträge|artikel|nachrichten|news|themen)( [\w ]{1,40})?|ähnliche (artikel|beiträge)|"
    r"verwandte (artikel|themen)|noticias relacionadas|artículos relacionados|te puede interesar|"
    r"articles similaires|sur le même sujet|notizie correlate|kategorien?|temas|tags|schlagw(o|ö)rter|themen)"
    r"\s*[:>»!]*$",
    re.I,
)
READ_MORE = re.compile(
    r"^(\W{0,3}(read|see) (more|also|next|the full (story|article))|also read|continue reading|"
    r"click here to (read|see|find out)|keep reading|full story|related:|more:|watch:|listen:|"
    r"don'?t miss\b|also on [\w.-]+\.(com|net|org|ru|co\.uk)\b)\W{0,3}.{0,200}$",
    re.I,
)
READ_MORE_OTHER = re.compile(  # the same links in the other languages of the benchmark pages
    r"^\W{0,3}((à |a )?lire aussi|voir aussi|pour lire la suite|lee también|lea también|mirá también|mir[ea]:|"
    r"ver también|leia também|veja também|leggi anche|auch lesen|lesen sie (auch|mehr)|zum weiterlesen|"
    r"weiterlesen|mehr zum thema|mehr dazu|das könnte sie auch interessieren|читайте также|смотрите также)"
    r"\W{0,3}.{0,200}$",
    re.I,
)
UPDATED_LINE = re.compile(
    r"^\W*(aktualisiert( am)?|zuletzt aktualisiert( am)?|letzte änderung|stand|last (modified|updated)|"
    r"updated( on)?|veröffentlicht( am)?|mis à jour( le)?|publié le|actualizado( el)?|publicado( el)?|"
    r"kategorie)\b\W*.{0,40}$",
    re.I,
)
COPYRIGHT = re.compile(
    r"^\W*(©|\(c\)|copyright\b)|\b(all rights reserved|alle rechte vorbehalten|todos los derechos reservados|"
    r"tous droits réservés)\b",
    re.I,
)
GALLERY = re.compile(
    r"^\W*((image|photo|picture|slide)s? \d+ (of|/) \d+|\d+ (of|/) \d+|back to (the )?gallery|"
    r"(view|open|see|launch|enlarge|close|expand) (the )?(photo )?(gallery|image|slideshow|this image)|"
    r"(toggle|hide|show) caption|\d+ (photos|images|pictures)|photos?|gallery|slideshow|swipe for more|"
    r"previous|prev|next|close|(exit )?full ?screen|thumbnails|play|pause|(featured|recent) slide ?shows|"  # controls
    r"loading( \w+){0,3}\s*(\.\.\.|…))\W*$",  # "Loading comments ...": a widget still loading
    re.I,
)
CAPTION_CREDIT = re.compile(
    r"[\(\[]\s*((ap|afp|reuters|epa|getty|anadolu|xinhua|tass|sputnik|ria novosti)( photo| images)?\s*/\s*"
    r"[^)\]]{1,60}|(photo|foto|bild):?\s*[^)\]]{1,60}/\s*(\w+ via )?(ap|afp|reuters|epa|getty images|anadolu|xinhua|"
    r"tass|dpa|efe|imago))\s*[\)\]]\.?$|"
    r"\b(photo|foto|bild|image|picture):?\s+[^.]{1,60}/\s*(ap|afp|reuters|epa|getty images|dpa|efe)\)?\.?$|"
    r"©\s*(ap|afp|reuters|epa|getty( images)?|dpa|imago|efe|ansa)\b[^.]{0,60}$",
    re.I,
)
MAX_CAPTION_WORDS = 60
MAX_NOTE_WORDS = 70
LATIN = re.compile(r"[a-zA-Z]")
NEWSLETTER = re.compile(
    r"(newsletter|sign up|signup|subscribe|subscription|inbox|enter your email|your email address|"
    r"unsubscribe at any time|privacy notice|by signing up|already a subscriber|support our journalism|"
    r"become a (member|subscriber)|nicht eingeloggt|not logged in|abonnieren|abonnez-vous|suscríbete|"
    r"jetzt registrieren|unterstütze|accéder en illimité|e-paper|im abo\b|jetzt auch digital)",
    re.I,
)
ADVERT = re.compile(
    r"^(\W*(advertisement|sponsored( content)?|ad|story continues( below)?( advertisement)?|"
    r"skip advertisement|article continues below|continue reading below|anzeige|werbung|publicidad|publicité|"
    r"pubblicità|реклама)\W*)$|^\W*(anzeige|werbung)\b\s*[-–:|,]\s*.{0,80}$",
    re.I,
)
MARKED_AD = re.compile(r"^\W*(anzeige|werbung|advertisement|sponsored|publicidad|publicité)\W*$", re.I)
TIME_LINE = re.compile(r"^\W*\d{1,2}:\d\d\s*(am|pm|uhr)?\b\W*\w*\W*$", re.I)  # "| 3:59 PM Briefe |"
FOOTNOTE = re.compile(r"^\*[A-ZÄÖÜ]")  # "*Value estimated by us, not by the bank." — a starred note
CREDIT_LINE = re.compile(
    r"^\(?\s*(photo(graph)?s?|image|picture|pic|illustration|video|credit|photo credit|image credit|"
    r"image source|source image|file photo|fotos?|bild|bildquelle|quelle|fuente|crédito|crédit photo|"
    r"image illustrative|image d'illustration|photo d'illustration|symbolbild|bildnachweis)\s*(by|credit|courtesy|source)?\s*[:|/–-]\s*.{1,120}$|"
    r"^\(?\s*(photo|image|picture)s? (by|courtesy of) .{1,100}$|"
    r"^.{0,80}\b(getty images|afp via getty|reuters/[\w ]+|ap photo/[\w .]+|shutterstock|unsplash)\)?\.?$",
    re.I,
)
CREDIT_INLINE = re.compile(
    r"\s*[\(\[]\s*(photo(graph)?|image|picture|pic|illustration|credit|file photo)\s*(credit)?\s*[:|/-]\s*"
    r"[^)\]]{1,80}[\)\]]",
    re.I,
)
COOKIES = re.compile(
    r"\bcookies?\b.{0,200}\b(use|using|accept|consent|policy|settings|preferences|browsing|"
    r"experience|agree|this (site|website))\b|\b(accept|manage|reject) (all )?cookies\b",
    re.I,
)
META_LINE = re.compile(  # category/tag/comment-count furniture of blog and CMS pages
    r"\b(categor(y|ies)|kategorien?|tags|schlagw(o|ö)rter|filed under|posted in|abgelegt unter|"
    r"catégories?|categorías?)\s*:|\b(view|show|read|\d+) comments?\b|\bkommentare( insgesamt)?\s*:?\s*\d+|"
    r"\b\d+ kommentare?\b|\b(last modified|zuletzt (geändert|aktualisiert))\b",
    re.I,
)
ARROW_TEASER = re.compile(r"^\s*(>>|►|▶|→)\s*\S.{3,200}$|^.{3,200}<<\s*$")
DISCLOSURE = re.compile(  # affiliate, liability and licence notes of the page, and channel promotions
    r"\bwe may (receive|earn) (a )?(compensation|commission)|\baffiliate[- ]links?\b|\bprovisions-?links?\b|"
    r"\badvertiser disclosure\b|\b(alle )?angaben ohne gewähr\b|\bsans garantie\b|"
    r"\b(copyrighted property|written permission|reprint(ing)? (content )?without)\b|"
    r"\b(inhalte|content|contenido|contenu)s? (dieser|of this|de este|de ce) (web)?(site|seite|website|sitio)\b|"
    r"\b(telegram|whatsapp)[- ](channel|kanal|canal)\b|\b(canal|channel|kanal) (de |on |auf |en )?(telegram|whatsapp)\b|"
    r"\bfollow us on\b|\bsíguenos en\b|\bfolgen sie uns\b|\bsuivez-nous\b|"
    r"\b(einfach |jetzt )?hier klicken\b|\bclick here\b|\bhaga clic aquí\b|\bcliquez ici\b|\blesen sie hier\b|"
    r"\bread (it|more) here\b",
    re.I,
)
ERROR_REPORT = re.compile(  # "select the mistake and press Ctrl+Enter": the error-report widget, in any language
    r"(?=.*\bctrl\s*\+\s*enter\b).*(mistake|error|typo|correct|fehler|berichtig|erreur|corrig|errore|erro|ошибк|"
    r"опечатк|исправ|помилк|виправ|kļūd|labo|klaid|błąd|błęd|popraw|hata|fout|chyb)",
    re.I,
)
INFO_LINK = re.compile(  # "Weitere Infos unter www.example.de." — a pointer, not text
    r"^(weitere |mehr |more |further |más )?(infos?|informationen|information|información)\b.{0,40}"
    r"(https?://|www\.)\S+\W*$",
    re.I,
)
CAPTION_CUE = re.compile(  # "Jane Roe (left) greets John Doe (right)": who is where in a photo
    r"\((left|right|centre|center|l\.|r\.|links|rechts|mitte|izq\.|der\.|à gauche|à droite)\)", re.I
)
CAPTION_NAME = re.compile(r"[.!?]\s\((?:[A-ZÁÉÍÓÚÑÄÖÜ][\w'’.-]+\s){1,3}[A-ZÁÉÍÓÚÑÄÖÜ][\w'’-]+\)\.?$")
AUTHOR_LINE = re.compile(  # a one-line author note: "Redakteur in der Wirtschaft." / "Jane Roe is a reporter at ..."
    r"^(?i:(redakteur(in)?|korrespondent(in)?|ressortleiter(in)?|chefredakteur(in)?|volontär(in)?|autor(in)?)\b"
    r"( (in|im|für|bei|der|des)\b.{0,100})?)$|"
    r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} (is|was) (a|an|the) ([\w-]+ ){0,3}(reporter|correspondent|writer|"
    r"editor|journalist|columnist|contributor)\b"
)
END_HEADING = re.compile(  # a heading-only line over sources or the author box
    r"^(quellen(angaben)?|literatur(angaben)?|einzelnachweise|zusatzinformationen|sources|references|"
    r"bibliography|fuentes|références|(?P<box>über den autor|zum autor|zur autorin|autor(in)?|about the author|"
    r"ansprechpartner(in)?|kontakt|contact))\s*:?$",
    re.I,
)
MAX_AUTHOR_BOX_LINES = 4  # an author/contact heading this close to the end starts the page's author box
AI_IMAGE = re.compile(
    r"\b(ai|a\.i\.|artificial[- ]intelligence)[- ](generated|created|made|assisted)\s+(image|illustration|"
    r"picture|photo|visual|artwork)|\b(image|illustration|picture|photo|visual|artwork)s?(\s+(above|below|"
    r"here|at the top|on this page|in this (article|story)))?\s+(was |were |is |are |has been |have been )?"
    r"(generated|created|made|produced)\s+(by|with|using)\s+(the help of\s+)?(an? )?(ai|a\.i\.|"
    r"artificial intelligence|generative ai|midjourney|dall-?e|stable diffusion|an ai (tool|model))\b",
    re.I,
)
COMMENT_HEADING = re.compile(  # the heading of the readers' comments under an article
    r"^\W{0,3}(\d+\s+comments?|comments|reader comments|leave a (comment|reply)|join the (discussion|conversation)|"
    r"kommentare|kommentieren|leserkommentare|comentar(ios)?|deja (un|tu) comentario|commentaires|commenter|"
    r"réagir|réactions)(\s*\(\d+\))?\s*[:>»!]*$",  # plurals: "Comment", "Kommentar" head opinion columns
    re.I,
)
COMMENT_STAMP = re.compile(  # "Hace 28 minutos": the time of a reader comment, alone on its line
    r"^\W{0,3}((about )?(\d+|an?|one) (seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago|"
    r"vor (etwa )?(\d+|einer?|einem) (sekunden?|minuten?|stunden?|tag(en)?|wochen?|monat(en)?|jahr(en)?)|"
    r"hace (unos |unas )?(\d+|un|una) (segundos?|minutos?|horas?|días?|semanas?|mes(es)?|años?)|"
    r"il y a (\d+|une?) (secondes?|minutes?|heures?|jours?|semaines?|mois|ans?))\W{0,3}$",
    re.I,
)
COMMENT_REPLY = re.compile(r"^\W{0,3}(reply|antworten|responder|répondre)\W{0,3}$", re.I)
COMMENT_LOOKAHEAD = 12  # lines after a comment heading searched for the comments' times or reply buttons
MIN_COMMENT_MARKS = 2  # times or reply buttons in those lines that make a thread
STAMPED_TEASER = re.compile(  # "- <headline> 2019-09-09 19:28 <section>": an item of a list of other articles
    r"^.{6,200}?\S\s+(19|20)\d\d([-/.])\d{1,2}\2\d{1,2}\s+\d{1,2}:\d\d(:\d\d)?(\s+\S+){0,3}$"
)
MIN_TEASER_RUN = 3  # stamped headlines in a row that make a list (a liveblog stamps its entries first)
BOILERPLATE_KINDS = ("link", "heading", "marker", "note", "credit", "comments", "stamp")
MAX_DATA_NOTE_WORDS = 40
MAX_DATA_CREDIT_WORDS = 25


def boilerplate_rows() -> list[dict[str, str]]:
    """The rows of data/ingest/boilerplate.tsv (kind, language, phrase, example), comment lines skipped."""
    text = resources.files("newsgraph.data").joinpath("ingest", "boilerplate.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _data_rule(kind: str, template: str) -> re.Pattern[str]:
    phrases = "|".join(f"(?:{row['phrase']})" for row in boilerplate_rows() if row["kind"] == kind)
    return re.compile(template.replace("PHRASES", phrases), re.I)


DATA_LINK = _data_rule("link", r"^\W{0,3}(?:PHRASES)\W{0,3}.{0,200}$")
DATA_HEADING = _data_rule("heading", r"^\W{0,3}(?:PHRASES)\s*[:>»!：]*$")
DATA_MARKER = _data_rule("marker", r"^\W{0,3}(?:PHRASES)\W{0,3}$")
DATA_NOTE = _data_rule("note", r"(?:PHRASES)")
DATA_COMMENTS = _data_rule("comments", r"^\W{0,3}(\d+\s+)?(?:PHRASES)(\s*[\(（]\d+[\)）])?\s*[:>»!：]*$")
DATA_STAMP = _data_rule("stamp", r"^\W{0,3}(?:PHRASES)\W{0,3}$")
DATA_CREDIT = _data_rule("credit", r"^\W{0,3}(?:PHRASES)(?:\s*[:：/|=]|(?<=\.))\s*\S.{0,120}$")
AI_INLINE = re.compile(r"\s*[\(\[][^)\]]{0,80}(?:" + AI_IMAGE.pattern + r")[^)\]]{0,40}[\)\]]", re.I)
SENTENCE_END = re.compile(r"[.!?…\"”’')。！？」]$")
WORD = re.compile(r"\w+")


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove boilerplate lines; return (clean text with blank-line separated paragraphs, flags)."""
    flags: set[str] = set()
    text = unicodedata.normalize("NFC", text)  # one spelling of composed letters (Bengali, Vietnamese, ...)
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    kept: list[str] = []
    seen: set[str] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if COMMENT_HEADING.match(line) or DATA_COMMENTS.match(line):
            if any(map(_looks_like_prose, kept)) and _starts_comments(lines, index):
                break  # the readers' comments under the article: the rest of the text is theirs
            continue  # a comment button or count (over the article: "12 Comments · 3 hours ago")
        if TRAILER.match(line) or DATA_HEADING.match(line):
            index = _skip_headlines(lines, index)
            continue
        if _starts_author_box(line, lines, index):
            break
        if MARKED_AD.match(line):  # "Anzeige" over a one-line ad ("Tipp: ..."): both go
            index = _skip_ad_line(lines, index)
            continue
        line, words = _clean_line(line, flags)
        key = line.casefold()
        if line and key not in seen:  # a caption or paragraph printed again is kept once
            kept.append(line)
            if words >= 4:
                seen.add(key)
    return "\n\n".join(_without_contained(_without_teaser_lists(kept))), tuple(sorted(flags))


def _without_teaser_lists(lines: list[str]) -> list[str]:
    """The lines without runs of MIN_TEASER_RUN or more headlines, each followed by its date and time."""
    kept: list[str] = []
    for stamped, group in groupby(
        lines, lambda line: bool(STAMPED_TEASER.match(line)) and not SENTENCE_END.search(line)
    ):
        run = list(group)
        if not stamped or len(run) < MIN_TEASER_RUN:
            kept.extend(run)
    return kept


MIN_CONTAINED_WORDS = 6  # a shorter line inside a paragraph may be a heading that starts it
MAX_CONTAINED_WORDS = 40
MAX_SCAN = 500_000_000  # lines x text characters searched at most; a bigger text is left as it is
NOT_LETTERS = re.compile(r"[\W_]+")


def _without_contained(lines: list[str]) -> list[str]:
    """The lines without those printed again, word for word, inside a longer line (a pull quote, a teaser or a
    caption repeating a sentence of the article): letters and digits are compared, so punctuation and spacing may
    differ.  Of two lines with the same letters the first is kept."""
    keys = [NOT_LETTERS.sub("", line.casefold()) for line in lines]
    joined = "\n".join(keys)
    if len(keys) * len(joined) > MAX_SCAN:  # each line is looked for in the whole text: quadratic
        return lines
    same = Counter(keys)
    kept = []
    seen: set[str] = set()
    for line, key in zip(lines, keys, strict=True):
        if MIN_CONTAINED_WORDS <= word_count(line) <= MAX_CONTAINED_WORDS and key:
            if key in seen or joined.count(key) > same[key]:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _clean_line(line: str, flags: set[str]) -> tuple[str, int]:
    """(the line with inline credits and disclaimers removed, or "" when the whole line is boilerplate; its
    number of words, counted once: an unchanged line is not counted again)."""
    words = word_count(line)
    if AI_IMAGE.search(line):
        flags.add(AI_IMAGE_FLAG)
        rest = AI_INLINE.sub("", line).strip()
        if rest == line or len(WORD.findall(rest)) < 8:  # the line is the disclaimer (or a caption with it)
            return ("", 0) if words <= 25 else (line, words)
        line, words = rest, len(WORD.findall(rest))
    if words <= 40 and _is_boilerplate(line, words) or words <= MAX_NOTE_WORDS and _is_page_note(line):
        return "", 0
    if words <= MAX_CAPTION_WORDS and (
        CAPTION_CREDIT.search(line) or CAPTION_CUE.search(line)
    ):  # "… (AP Photo/Jane Doe)": a photo caption
        return "", 0
    clean = CREDIT_INLINE.sub("", line).strip()
    return clean, words if clean == line else word_count(clean)


def _is_boilerplate(line: str, words: int) -> bool:
    if SHARE_LINE.match(line) or ADVERT.match(line) or READ_MORE.match(line) or GALLERY.match(line):
        return True
    if READ_MORE_OTHER.match(line) or (words <= 8 and UPDATED_LINE.match(line) and re.search(r"\d", line)):
        return True
    if words <= 25 and COPYRIGHT.search(line) or INFO_LINK.match(line) or CAPTION_NAME.search(line):
        return True
    if TIME_LINE.match(line) or FOOTNOTE.match(line) or _is_comment_furniture(line):
        return True
    if words <= 15 and (META_LINE.search(line) or AUTHOR_LINE.match(line) or END_HEADING.match(line)):
        return True
    if words <= 30 and ARROW_TEASER.match(line) or words <= 40 and AUTHOR_LINE.match(line):
        return True
    if words <= 12 and SHARE_PROMPT.match(line):
        return True
    if DATA_LINK.match(line) or DATA_MARKER.match(line):  # data/ingest/boilerplate.tsv: other languages
        return True
    if words <= MAX_DATA_NOTE_WORDS and DATA_NOTE.search(line):
        return True
    if words <= MAX_DATA_CREDIT_WORDS and DATA_CREDIT.match(line):
        return True
    if CREDIT_LINE.match(line) and words <= 25:
        return True
    if words <= 35 and len(NEWSLETTER.findall(line)) >= (1 if words <= 15 else 2):
        return True
    return bool(COOKIES.search(line))


def _is_comment_furniture(line: str) -> bool:
    """The time or the reply button of a reader comment."""
    return bool(COMMENT_STAMP.match(line) or DATA_STAMP.match(line) or COMMENT_REPLY.match(line))


def _starts_comments(lines: list[str], index: int) -> bool:
    """True when two comments' times or reply buttons follow a comment heading within COMMENT_LOOKAHEAD lines
    (one time alone may be the article's own: "3 hours ago")."""
    following = [line for line in lines[index:] if line][:COMMENT_LOOKAHEAD]
    return sum(map(_is_comment_furniture, following)) >= MIN_COMMENT_MARKS


def _skip_ad_line(lines: list[str], index: int) -> int:
    """Index after the short, unpunctuated line that follows an advertisement marker (if there is one)."""
    while index < len(lines) and not lines[index]:
        index += 1
    if index < len(lines) and word_count(lines[index]) <= 12 and not SENTENCE_END.search(lines[index]):
        return index + 1
    return index


def _starts_author_box(line: str, lines: list[str], index: int) -> bool:
    """True for an author/contact heading with at most MAX_AUTHOR_BOX_LINES lines after it."""
    heading = END_HEADING.match(line)
    return bool(heading and heading.group("box") and sum(map(bool, lines[index:])) <= MAX_AUTHOR_BOX_LINES)


def _is_page_note(line: str) -> bool:
    """A disclosure, licence or promotion note of the page, or an ad written with look-alike letters."""
    if DISCLOSURE.search(line) or ERROR_REPORT.match(line):
        return True
    if not CYRILLIC.search(line):
        return False
    mixed = sum(1 for word in WORD.findall(line) if LATIN.search(word) and CYRILLIC.search(word))
    return mixed >= 3  # Latin words spelled with Cyrillic look-alikes: spam that dodges filters


def _skip_headlines(lines: list[str], index: int) -> int:
    """Index of the first line after a trailer's list of headlines (short lines without full stops)."""
    seen = 0
    while index < len(lines) and seen < MAX_TRAILER_HEADLINES:
        line = lines[index]
        if line and _looks_like_prose(line):
            break
        index += 1
        seen += bool(line)
    return index


def _looks_like_prose(line: str) -> bool:
    words = word_count(line)
    return words >= 30 or (words >= 12 and line.rstrip().endswith((".", '."', ".”", "。", "。」")))


# --- sections ---------------------------------------------------------------------------------------

OPINION_HEADING = re.compile(
    r"^(analysis|news analysis|opinion|comment|editorial|commentary|our view|viewpoint|perspective|"
    r"column|op-ed|the view from [\w ]+)\b\s*[:|–-]?",
    re.I,
)
REPORT_HEADING = re.compile(r"^(the facts|what happened|background|timeline|key facts|what we know)\b", re.I)
QUOTED = re.compile(r"[\"“][^\"”]{0,2000}[\"”]")
EVALUATIVE = re.compile(
    r"\b(i|we) (think|believe|feel|argue|would argue|suspect|fear|doubt|hope|contend|reckon|"
    r"am convinced|are convinced|must|should|need to|cannot|can't)\b|"
    r"\b(in my|in our) (view|opinion|judgment|judgement|experience)\b|\bto my mind\b|\bmy (view|sense|guess)\b|"
    r"\b(it is|it's) (time|clear|obvious|absurd|shameful|high time)\b|\blet (us|'s) be (clear|honest|frank)\b|"
    r"\b(frankly|personally|admittedly|arguably|undoubtedly|regrettably|sadly)\b|\bi'm (convinced|sure|afraid)\b",
    re.I,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


SOFT_EVALUATIVE = re.compile(
    r"\b(above all|the lesson|the message|a message|is a signal|signals that|hard to (read|see|believe)|"
    r"the truth is|the real (question|story|point)|should (worry|alarm|concern)|is (telling|revealing)|"
    r"more [\w-]+ than [\w ]{0,30}suggests?|no accident|make no mistake|uncomfortable|at best|at worst)\b",
    re.I,
)
MAX_HEADLINE_WORDS = 12
ATTRIBUTION = re.compile(  # a sentence that reports what someone said, wrote or announced: news, not comment
    r"\b(said|says|told|tells|according to|announced|stated|reported|added|confirmed|noted|wrote|tweeted|"
    r"posted|quoted|cited|briefed|insisted|warned|denied|claimed|argued)\b",
    re.I,
)
HEDGE = re.compile(  # the writer's own judgement: likelihood, appearance, advice, reading of a signal
    r"\b(likely|unlikely|probably|perhaps|arguably|seemingly|appears? to|seems? to|suggests?|should|ought to|"
    r"must|might|may well|could well|is meant to|is (bound|designed|intended) to|(a|the) (signal|message)|"
    r"mistaken for|(a|no) mistake|it is (hard|difficult|easy|tempting|wise|naive) to|the (real|bigger) "
    r"(question|point|risk|story))\b",
    re.I,
)
MIN_REGISTER_SENTENCES = 4  # a block this long, few attributions and many judgements: the writer's own view


def find_sections(text: str, default: str = "report") -> tuple[Section, ...]:
    """Report/opinion sections covering ``text`` in order (paragraphs are blank-line separated)."""
    paragraphs = _paragraphs(text)
    headed = _opinion_headline_blocks([para for _, para in paragraphs])
    kinds: list[tuple[int, str]] = []  # (paragraph start, kind)
    heading_kind = default
    for index, (start, para) in enumerate(paragraphs):
        heading = _heading_kind(para) or ("opinion" if index in headed else None)
        if heading:
            heading_kind = heading
            kinds.append((start, heading))
            continue
        kinds.append(
            (start, "opinion" if heading_kind == "opinion" or _is_evaluative(para) else heading_kind)
        )
    sections: list[Section] = []
    for position, (start, kind) in enumerate(kinds):
        if sections and sections[-1].kind == kind:
            continue
        begin = 0 if position == 0 else start
        if sections:
            sections[-1] = Section(sections[-1].kind, sections[-1].start, begin)
        sections.append(Section(kind, begin, len(text)))
    return tuple(sections) or (Section(default, 0, len(text)),)


def _is_headline(para: str) -> bool:
    """A short line without closing punctuation that starts with a capital: a sub-headline."""
    if not para[:1].isupper() or SENTENCE_END.search(para.rstrip()):  # the cheap tests first
        return False
    return 3 <= len(WORD.findall(para)) <= MAX_HEADLINE_WORDS


def _opinion_headline_blocks(paragraphs: list[str]) -> set[int]:
    """Indices of headline-like paragraphs (not the first) whose following prose, up to the next headline,
    is evaluative: at least two first-person/evaluative cues, or one with two softer judgement phrases."""
    out: set[int] = set()
    headline = [_is_headline(para) for para in paragraphs]
    for index, para in enumerate(paragraphs):
        if index == 0 or not headline[index] or REPORT_HEADING.match(para):
            continue
        block: list[str] = []
        for offset, following in enumerate(paragraphs[index + 1 :], index + 1):
            if headline[offset]:
                break
            block.append(QUOTED.sub(" ", following))
        prose = " ".join(block)
        if _in_own_voice(prose):
            out.add(index)
            continue
        if not EVALUATIVE.search(prose):  # no cue in any sentence (sentences are split at whitespace)
            continue
        strong = sum(1 for s in SENTENCE_SPLIT.split(prose) if EVALUATIVE.search(s))
        soft = len(SOFT_EVALUATIVE.findall(prose))
        if strong >= 2 or (strong >= 1 and soft >= 2):
            out.add(index)
    return out


def _in_own_voice(prose: str) -> bool:
    """A block of prose (quotations removed) in the writer's own voice: at least MIN_REGISTER_SENTENCES
    sentences, at most one of them attributed to a source ("said", "according to"), and at least two fifths
    of them judging ("is likely to be read as a signal", "suggests", "should not be mistaken for").  News under
    a sub-headline names its sources; analysis under one does not, and weighs instead."""
    sentences = [s for s in SENTENCE_SPLIT.split(prose) if len(WORD.findall(s)) >= 4]
    if len(sentences) < MIN_REGISTER_SENTENCES:
        return False
    attributed = sum(1 for s in sentences if ATTRIBUTION.search(s))
    judging = sum(1 for s in sentences if HEDGE.search(s))
    return attributed <= 1 and judging >= max(2, 0.4 * len(sentences))


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        out.append((match.start(), match.group()))
    return out


def _heading_kind(para: str) -> str | None:
    """Kind started by a heading paragraph ("Analysis", "Our view: ..."), None when not a heading."""
    closed = para.rstrip().endswith((".", "?", "!", '"', "”"))
    opinion = OPINION_HEADING.match(para)
    if closed and not opinion:  # neither test below can pass: the words are not counted
        return None
    words = len(WORD.findall(para))
    is_heading = words <= 10 and not closed
    if opinion and (is_heading or words <= 3):
        return "opinion"
    if is_heading and REPORT_HEADING.match(para):
        return "report"
    return None


def _is_evaluative(para: str) -> bool:
    """True when most sentences outside quotation marks carry evaluative first-person cues."""
    bare = QUOTED.sub(" ", para)
    if not EVALUATIVE.search(bare):  # no sentence can carry a cue (they are split at whitespace): none cued
        return False
    sentences = [s for s in SENTENCE_SPLIT.split(bare) if len(WORD.findall(s)) >= 3]
    if not sentences:
        return False
    cued = sum(1 for s in sentences if EVALUATIVE.search(s))
    return (
        cued >= 2
        and cued / len(sentences) >= 0.5
        or (len(sentences) == 1 and cued == 1 and len(WORD.findall(sentences[0])) >= 12)
    )
