"""Documents from ingest -> Articles: dispatch on kind; what the container states wins over what is found."""

from __future__ import annotations

import dataclasses

from newsbrowse.clean.authors import clean_authors
from newsbrowse.clean.dates import parse_date
from newsbrowse.clean.html import Page, read_page
from newsbrowse.clean.language import choose_language, normalize_language
from newsbrowse.clean.metadata import host_name
from newsbrowse.clean.provenance import section_of, source_from_name
from newsbrowse.clean.text import text_article
from newsbrowse.clean.verdict import not_an_article
from newsbrowse.ingest.registry import format_of
from newsbrowse.model import Article, Document


class NotAnArticle(Exception):
    """A crawled record whose content is no article (an ad frame, a beacon, a script, a front page);
    the message is the reason shown to the user ("not an article (a script)")."""


def _clean(document: Document, url: str | None) -> tuple[Article, Page | None]:
    """The document's Article, and for a page, what the whole page held."""
    page_url = url or document.url
    declared = normalize_language(document.language)
    page: Page | None = None
    if document.kind == "html":
        page = read_page(document.content, url=page_url)
        article = page.article
        if declared is not None:  # the record's declaration replaces the page's own
            article = dataclasses.replace(article, language=choose_language(declared, article.body or article.title))
    else:
        article = text_article(document.content, document.title, declared)
    stated_url = url or document.url or article.url
    title = " ".join((document.title or "").split()) or article.title
    article = dataclasses.replace(
        article,
        id=document.id,
        path=document.path,
        title=title,
        url=stated_url,
        published=parse_date(document.published, article.language) or article.published,
        authors=clean_authors(document.authors, (document.source or article.source or "",)) or article.authors,
    )
    source = (
        document.source
        or article.source
        or host_name(stated_url)
        or source_from_name(document.path, f"{title}\n{article.body}")
    )
    article = dataclasses.replace(
        article, source=source, section=article.section or section_of(document.id, stated_url, source)
    )
    return article, page


def clean_document(document: Document, url: str | None = None) -> Article:
    """Clean an ingested Document into an Article with the document's id and path.

    HTML (including a JSON body that ingest found to be an HTML fragment) is cleaned as a page;
    text as a dump, or, when the record states its title, as body text only.
    Metadata the document states (JSON fields, the WARC target URL) wins over what cleaning
    finds; `url`, given by the caller, wins over both. When nothing states them, the section
    comes from the folder (or the URL) and the source from the file name (provenance.py).
    """
    return _clean(document, url)[0]


def clean_record(document: Document, url: str | None = None) -> Article:
    """clean_document for an archive's build: a page crawled into a WARC file that holds no
    article raises NotAnArticle (a crawl keeps every ad frame, beacon and script of a visit)."""
    article, page = _clean(document, url)
    found = format_of(document.path)
    crawled = found is not None and found[0].name == "warc"
    if crawled and page is not None and document.title is None:
        reason = not_an_article(page)
        if reason is not None:
            raise NotAnArticle(reason)
    return article
