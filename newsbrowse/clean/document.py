"""Documents from ingest -> Articles: dispatch on kind; what the container states wins over what is found."""

from __future__ import annotations

import dataclasses

from newsbrowse.clean.authors import clean_authors
from newsbrowse.clean.dates import parse_date
from newsbrowse.clean.html import clean_html
from newsbrowse.clean.language import normalize_language
from newsbrowse.clean.metadata import host_name
from newsbrowse.clean.provenance import section_of, source_from_name
from newsbrowse.clean.text import text_article
from newsbrowse.model import Article, Document


def clean_document(document: Document, url: str | None = None) -> Article:
    """Clean an ingested Document into an Article with the document's id and path.

    HTML (including a JSON body that ingest found to be an HTML fragment) is cleaned as a page;
    text as a dump, or, when the record states its title, as body text only.
    Metadata the document states (JSON fields, the WARC target URL) wins over what cleaning
    finds; `url`, given by the caller, wins over both. When nothing states them, the section
    comes from the folder (or the URL) and the source from the file name (provenance.py).
    """
    page_url = url or document.url
    if document.kind == "html":
        article = clean_html(document.content, url=page_url)
    else:
        article = text_article(document.content, document.title)
    stated_url = url or document.url or article.url
    title = " ".join((document.title or "").split()) or article.title
    language = normalize_language(document.language) or article.language
    source = (
        document.source
        or article.source
        or host_name(stated_url)
        or source_from_name(document.path, f"{title}\n{article.body}")
    )
    return dataclasses.replace(
        article,
        id=document.id,
        path=document.path,
        title=title,
        url=stated_url,
        published=parse_date(document.published) or article.published,
        authors=clean_authors(document.authors) or article.authors,
        source=source,
        language=language,
        section=article.section or section_of(document.id, stated_url, source),
    )
