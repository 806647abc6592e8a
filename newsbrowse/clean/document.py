"""Documents from ingest -> Articles: dispatch on kind; what the container states wins over what is found."""

from __future__ import annotations

import dataclasses
import re

from newsbrowse.clean.authors import clean_authors
from newsbrowse.clean.body import PARAGRAPH_BREAK, title_from_body
from newsbrowse.clean.dateline import find_dateline
from newsbrowse.clean.dates import parse_date
from newsbrowse.clean.html import clean_html
from newsbrowse.clean.language import guess_language, normalize_language
from newsbrowse.clean.metadata import host_name
from newsbrowse.clean.text import clean_text, read_text
from newsbrowse.model import Article, Document

# A text body that is really an HTML fragment (JSON exports often carry the page's markup).
_HTML_FRAGMENT = re.compile(r"<(?:p|div|br|h[1-6]|article|section|span|a|ul|li|blockquote|strong|em|b|i|figure)\b[^>]*>", re.IGNORECASE)
_MIN_TAGS = 2


def _looks_like_html(text: str) -> bool:
    """True if a text body holds HTML markup rather than plain paragraphs."""
    return len(_HTML_FRAGMENT.findall(text, 0, 20000)) >= _MIN_TAGS


def _clean_stated_text(document: Document) -> Article:
    """A text body from a JSON record that states its title: the whole text is the body."""
    parts = read_text(document.content, title=document.title)
    body = PARAGRAPH_BREAK.join(parts.paragraphs)
    return Article(
        id="",
        path="",
        title=parts.title or title_from_body(body),
        body=body,
        published=parts.published,
        authors=parts.authors,
        dateline=find_dateline(body),
        language=guess_language(body or parts.title),
    )


def clean_document(document: Document, url: str | None = None) -> Article:
    """Clean an ingested Document into an Article with the document's id and path.

    HTML (or a text body that is an HTML fragment) is cleaned as a page, text as a dump.
    Metadata the document states (JSON fields, the WARC target URL) wins over what cleaning
    finds; `url`, given by the caller, wins over both.
    """
    page_url = url or document.url
    if document.kind == "html" or _looks_like_html(document.content):
        article = clean_html(document.content, url=page_url)
    elif document.title is not None:
        article = _clean_stated_text(document)
    else:
        article = clean_text(document.content)
    stated_url = url or document.url or article.url
    title = " ".join((document.title or "").split()) or article.title
    language = normalize_language(document.language) or article.language
    return dataclasses.replace(
        article,
        id=document.id,
        path=document.path,
        title=title,
        url=stated_url,
        published=parse_date(document.published) or article.published,
        authors=clean_authors(document.authors) or article.authors,
        source=document.source or article.source or host_name(stated_url),
        language=language,
    )
