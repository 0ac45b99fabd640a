"""Input side of newsgraph: readers, HTML/text extraction, cleaning, language and duplicate detection.

    iter_inputs(paths, settings)   -> RawDoc | Skip stream          (readers.py; decoding.py, warc.py)
    text_problem, sanitise, safe_name, flatten_deep_html             (sanity.py: text sanity, issue 17)
    to_article(raw, settings)      -> Article or SkipRecord raised  (html.py)
    clean_text(text), find_sections(text)                            (clean.py)
    find_furniture(tree), without_furniture(body, furniture)         (furniture.py: page furniture by name)
    detect_language(text)                                            (language.py)
    content_id, minhash_signature, near_duplicate_keys, similarity   (dedup.py)

See docs/ingest.md.
"""

from newsgraph.ingest.clean import clean_text, find_sections
from newsgraph.ingest.dedup import content_id, minhash_signature, near_duplicate_keys, similarity
from newsgraph.ingest.html import to_article
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.readers import RawDoc, iter_inputs

__all__ = [
    "RawDoc",
    "clean_text",
    "content_id",
    "detect_language",
    "find_sections",
    "iter_inputs",
    "minhash_signature",
    "near_duplicate_keys",
    "similarity",
    "to_article",
]
