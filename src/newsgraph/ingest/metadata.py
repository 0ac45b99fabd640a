"""The page metadata newsgraph reads: title, URL, site name, host, publication date and description.

Trafilatura's ``extract_metadata`` also searches the page for authors, categories, tags and a licence, which
newsgraph never stores: on the real pages of the throughput mix those searches were a tenth of HTML extraction
time (issue 16).  ``page_metadata`` builds the fields newsgraph uses from the same trafilatura and htmldate
steps, in the same order, so every value is the one ``extract_metadata`` gives (tests/test_ingest_metadata.py
compares the two on pages of every kind).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import unescape
from typing import Any

from courlan import extract_domain
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.utils import line_processing

LOG = logging.getLogger(__name__)
MAX_FIELD = 10000  # characters kept of a field, as trafilatura does


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    url: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    date: str | None = None
    description: str | None = None


def page_metadata(tree: HtmlElement, url: str | None, date_params: dict[str, Any] | None) -> PageMetadata:
    """The metadata of a parsed page; ``url`` is the known address (used when the page names none).  With
    ``date_params`` None the page's date is not searched (the record gives its own)."""
    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # noqa: BLE001 - trafilatura's JSON-LD reader fails on odd markup; the rest stands
        LOG.debug("JSON-LD metadata not read: %s", exc)
    title = meta.title or extract_title(tree)
    page_url = meta.url or extract_url(tree, url)
    hostname = extract_domain(page_url, fast=True) if page_url else None
    date = find_date(tree, **{**date_params, "url": page_url}) if date_params is not None else None
    return PageMetadata(
        title=_trim(title),
        url=_trim(page_url),
        sitename=_trim(_sitename(meta.sitename or extract_sitename(tree), page_url)),
        hostname=_trim(hostname),
        date=_trim(date),
        description=_trim(meta.description),
    )


def _sitename(name: str | None, page_url: str | None) -> str | None:
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name
    match = META_URL.match(page_url) if page_url else None
    return match[1] if match else None


def _trim(value: str | None) -> str | None:
    """HTML entities decoded, spaces and control characters cleaned, length capped (trafilatura's last step)."""
    if not isinstance(value, str):
        return value
    if len(value) > MAX_FIELD:
        value = value[: MAX_FIELD - 1] + "…"
    return line_processing(unescape(value))
