"""HTML page -> Article: decode, prune with lxml, parse with beautifulsoup, read metadata and body."""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from newsbrowse.clean.body import extract_body, title_from_body
from newsbrowse.clean.dateline import find_dateline
from newsbrowse.clean.dates import find_date
from newsbrowse.clean.language import guess_language
from newsbrowse.clean.markup import prune_markup, strip_controls
from newsbrowse.clean.metadata import read_metadata
from newsbrowse.ingest.encoding import decode
from newsbrowse.model import Article

# How far into the body a date written in the text is looked for when the page states none.
_DATE_SEARCH_CHARS = 400


def parse_html(markup: str) -> BeautifulSoup:
    """A beautifulsoup tree (lxml parser, class as one string) of the page after the lxml pruning pass."""
    with warnings.catch_warnings():
        # Short or odd inputs ("index.html", an XHTML prolog) make bs4 warn; they still parse.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(prune_markup(strip_controls(markup)), "lxml", multi_valued_attributes=None)


def clean_html(html: str | bytes, url: str | None = None) -> Article:
    """Clean one HTML page into an Article (id and path left empty); `url` is where it came from.

    Bytes are decoded with newsbrowse.ingest.encoding.decode. Never raises on bad markup:
    junk gives an Article with whatever text could be found.
    """
    markup = decode(html) if isinstance(html, bytes) else html
    soup = parse_html(markup)
    meta = read_metadata(soup, url)
    protected: set[int] = set()
    for marker in meta.body_markers:
        protected.add(id(marker))
        protected.update(id(parent) for parent in marker.parents)
    root = soup.body or soup
    extracted = extract_body(root, meta.title, meta.authors, frozenset(protected))
    # Character references (&#27;) become control characters only in the parsed text: strip them
    # again so no terminal escape from a page reaches the reader or the CLI.
    body = strip_controls(extracted.text)
    published = meta.published or extracted.date
    if published is None:
        found = find_date(body[:_DATE_SEARCH_CHARS])
        published = found[0] if found is not None else None
    return Article(
        id="",
        path="",
        title=strip_controls(meta.title) or title_from_body(body),
        body=body,
        url=meta.url,
        published=published,
        authors=tuple(strip_controls(author) for author in meta.authors),
        source=strip_controls(meta.source) if meta.source else None,
        dateline=find_dateline(body),
        language=meta.language or guess_language(body or meta.title),
        section=strip_controls(meta.section) if meta.section else None,
    )
