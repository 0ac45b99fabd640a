"""Character classes of scripts that the word-based rules treat apart (one definition for every stage).

``CJK``: kana, Han and Hangul characters: names in these scripts are matched character by character, since a
tokenizer built for spaced languages leaves a Chinese or Japanese sentence as one token.
``UNSPACED``: kana and Han only: scripts written without spaces between words (Korean spaces its words), used
where words are counted (``word_count``: the ingest stage's length rules) and where characters are
(``char_weight``: the body-mending rules, which measure blocks in characters).
``CYRILLIC``: the Cyrillic block: Latin look-alike spam (ingest cleaning) and Russian and Ukrainian case forms of
place names (the gazetteer).
"""

from __future__ import annotations

import re

_KANA_HAN = r"\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
CJK = re.compile(rf"[{_KANA_HAN}\uac00-\ud7af]")
UNSPACED = re.compile(rf"[{_KANA_HAN}]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """Words of ``text``; in Chinese and Japanese, where words are not spaced, two characters count as one."""
    if not UNSPACED.search(text):
        return len(WORD.findall(text))
    han = len(UNSPACED.findall(text))
    return len(WORD.findall(UNSPACED.sub(" ", text))) + han // 2


def char_weight(flat: str) -> int:
    """Characters of ``flat`` (a text without whitespace), a kana or Han character counting as two: one carries
    about as much as two Latin letters, so "電子版トップ" (a menu link) weighs as much as "Top stories"."""
    if flat.isascii():
        return len(flat)
    return len(flat) + len(UNSPACED.findall(flat))
