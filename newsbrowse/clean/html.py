"""HTML page -> Article: decode, parse and prune with lxml, read metadata and body from the page's tree."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from newsbrowse.clean.body import extract_body, title_from_body
from newsbrowse.clean.dateline import find_dateline
from newsbrowse.clean.dates import find_date
from newsbrowse.clean.language import choose_language
from newsbrowse.clean.markup import prune_markup, strip_controls
from newsbrowse.clean.metadata import read_metadata
from newsbrowse.clean.tree import Element, body_of, from_lxml, from_soup
from newsbrowse.ingest.encoding import decode
from newsbrowse.model import Article

# How far into the body a date written in the text is looked for when the page states none.
_DATE_SEARCH_CHARS = 400


def parse_html(markup: str) -> Element:
    """The page's tree after the lxml pruning pass (beautifulsoup's, unpruned, for a page lxml cannot hold)."""
    markup = strip_controls(markup)
    pruned = prune_markup(markup)
    if pruned is not None:
        return from_lxml(pruned)
    with warnings.catch_warnings():
        # Short or odd inputs ("index.html", an XHTML prolog) make bs4 warn; they still parse.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return from_soup(BeautifulSoup(markup, "lxml", multi_valued_attributes=None))


@dataclass(frozen=True, slots=True)
class Page:
    """A cleaned page: its article, whether the page states a title (else it is taken from the text),
    and how much text the whole page holds (furniture aside) and how much of it sits in links."""

    article: Article
    titled: bool
    text_chars: int
    link_chars: int


def _compact(text: str) -> str:
    """Letters and digits only, lower-cased: for comparing names."""
    return "".join(char for char in text.casefold() if char.isalnum())


def _authors(stated: tuple[str, ...], signature: str | None, source: str | None) -> tuple[str, ...]:
    """The page's authors, or the writer signing the last line when the page names only its outlet."""
    if signature is None:
        return stated
    outlet = _compact(source or "")
    if all(outlet and _compact(author) in outlet for author in stated):
        return (signature,)
    return stated


def clean_html(html: str | bytes, url: str | None = None) -> Article:
    """Clean one HTML page into an Article (id and path left empty); `url` is where it came from.

    Bytes are decoded with newsbrowse.ingest.encoding.decode. Never raises on bad markup:
    junk gives an Article with whatever text could be found.
    """
    return read_page(html, url).article


def read_page(html: str | bytes, url: str | None = None) -> Page:
    """Clean one HTML page (as clean_html does), keeping the page's totals of text and links."""
    markup = decode(html) if isinstance(html, bytes) else html
    document = parse_html(markup)
    meta = read_metadata(document, url)
    protected: set[int] = set()
    for marker in meta.body_markers:
        protected.add(id(marker))
        protected.update(id(parent) for parent in marker.parents)
    extracted = extract_body(body_of(document), meta.title, meta.authors, frozenset(protected), meta.language)
    # Character references (&#27;) become control characters only in the parsed text: strip them
    # again so no terminal escape from a page reaches the reader or the CLI.
    body = strip_controls(extracted.text)
    published = meta.published or extracted.date
    if published is None:
        found = find_date(body[:_DATE_SEARCH_CHARS], extracted.language)
        published = found[0] if found is not None else None
    article = Article(
        id="",
        path="",
        title=strip_controls(meta.title) or title_from_body(body),
        body=body,
        url=meta.url,
        published=published,
        authors=tuple(strip_controls(author) for author in _authors(meta.authors, extracted.signature, meta.source)),
        source=strip_controls(meta.source) if meta.source else None,
        dateline=find_dateline(body),
        language=choose_language(meta.language, body or meta.title),
        section=strip_controls(meta.section) if meta.section else None,
    )
    return Page(article, bool(meta.title.strip()), extracted.page_chars, extracted.page_link_chars)
