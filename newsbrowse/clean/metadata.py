"""Page metadata: title, date, authors, site, canonical URL and language from JSON-LD, meta tags and markup."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from newsbrowse.clean.authors import clean_authors, is_place
from newsbrowse.clean.blocks import BLOCK_TAGS
from newsbrowse.clean.boilerplate import attribute_text, is_furniture
from newsbrowse.clean.dates import Published, date_from_url, day_of, find_date, parse_date
from newsbrowse.clean.language import normalize_language
from newsbrowse.clean.tree import Element

# Meta names/properties, in order of trust, for each field.
_TITLE_METAS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "title", "headline", "sailthru.title")
_DATE_METAS = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "published_time",
    "og:published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "datecreated",
    "date",
    "original-publish-date",
    "article:published",
    "displaydate",
    "cxenseparse:recs:publishtime",
)
_AUTHOR_METAS = (
    "author",
    "article:author",
    "og:article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "article.author",
    "cxenseparse:author",
)
_SITE_METAS = ("og:site_name", "application-name", "publisher", "dc.publisher", "apple-mobile-web-app-title")
_LANGUAGE_METAS = ("content-language", "language", "dc.language", "dcterms.language", "og:locale", "inlanguage")
_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "livebloggposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "socialmediaposting",
        "posting",
    }
)
_PUBLISHER_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})
_LATIN = re.compile(r"[A-Za-z]")
# Words pages give as their site's name that name no outlet.
_GENERIC_SITE_NAMES = frozenset(
    """hosted home homepage index start startseite forside forsiden accueil portada inicio website site web
    online news nachrichten nyheter noticias notizie""".split()
    + ["home page", "front page"]
)
_MAX_HEADINGS = 8
_MAX_BYLINES = 12
_MAX_BYLINE_CHARS = 160
# How many strings after the headline are read for a date.
_UNDER_HEADLINE_STRINGS = 12
_MAX_DATE_TEXTS = 12
_MAX_BODY_MARKERS = 3
_MAX_DATE_ELEMENTS = 24
_MAX_LD_ITEMS = 1000
# How deep inside a byline box its name element may sit.
_BYLINE_DEPTH = 4
# How far up a byline's ancestors are searched for a comment section or a related-stories box.
_FURNITURE_DEPTH = 64
# Dates of later edits, not of publication.
_UPDATED = re.compile(
    r"\b(?:updated|modified|edited|last\s+changed|aktualisiert|oppdatert|opdateret|uppdaterad|päivitetty"
    r"|bijgewerkt|aggiornato|mis\s+à\s+jour|actualizado|atualizado|zaktualizowano|обновлено|оновлено)\b",
    re.IGNORECASE,
)
# Class/id words of the elements that hold a byline or the date next to the headline.
_BYLINE_WORDS = frozenset(
    {
        "byline",
        "bylines",
        "author",
        "authors",
        "authorname",
        "writer",
        "reporter",
        "creator",
        "autor",
        "auteur",
        "autore",
    }
)
_DATE_WORDS = frozenset({"date", "time", "timestamp", "published", "pubdate", "dateline", "posted", "meta", "byline"})
_CLASS_WORDS = re.compile(r"[a-z]+")
# Separators between a headline and the site or section name in <title> and og:title.
_TITLE_SEPARATOR = re.compile(r"(\s+[|–—\-:·•»~/]\s+|\s*\|\s*|\s*--\s*|\s+::\s+)")
_GENERIC_SUFFIX_WORDS = 4
_DASHES = frozenset({"-", "–", "—", "--"})
# Share buttons: they pass the page's own URL to the network, a last resort for a page that states none.
_SHARE_LINK = re.compile(
    r"https?://(?:www\.)?(?:twitter\.com|x\.com|facebook\.com|linkedin\.com|reddit\.com)/"
    r"(?:share|sharer|intent/tweet|shareArticle|submit|dialog/share)\S*\?",
    re.IGNORECASE,
)
# "Site Name: Headline" (a colon separates only when the part before it names the site).
_SITE_PREFIX = re.compile(r"^([^:|]{2,60}?)\s*:\s+(\S.*)$")


@dataclass(slots=True)
class PageMetadata:
    """What the page says about its article, before the body is read."""

    title: str = ""
    heading: Element | None = None
    published: Published | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    language: str | None = None
    body_markers: list[Element] = field(default_factory=list)
    section: str | None = None


@dataclass(slots=True)
class _Evidence:
    """Raw findings of one pass over the page."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    ld: list[dict[str, Any]] = field(default_factory=list)
    doc_title: str = ""
    headings: list[Element] = field(default_factory=list)
    canonical: str | None = None
    shared_url: str | None = None
    html_lang: str | None = None
    times: list[tuple[str, bool]] = field(default_factory=list)
    date_texts: list[str] = field(default_factory=list)
    bylines: list[Element] = field(default_factory=list)
    schema_authors: list[str] = field(default_factory=list)
    body_markers: list[Element] = field(default_factory=list)


def _text(tag: Element) -> str:
    """The element's text as a browser lays it out on one line: inline pieces joined as written,
    line breaks and block elements as spaces, whitespace collapsed."""
    pieces: list[str] = []
    for node in tag.descendants():
        if isinstance(node, Element):
            if node.name == "br" or node.name in BLOCK_TAGS:
                pieces.append(" ")
        elif type(node) is str:
            pieces.append(node)
    return " ".join("".join(pieces).split())


def _words(tag: Element) -> set[str]:
    """The lowercase words of an element's class and id."""
    names = f"{tag.get('class') or ''} {tag.get('id') or ''}".lower()
    return set(_CLASS_WORDS.findall(names))


def _in_furniture(tag: Element) -> bool:
    """True if the element sits in a comment section, a related-stories box or similar furniture."""
    for depth, parent in enumerate(tag.parents):
        if depth >= _FURNITURE_DEPTH:
            break
        names = f"{parent.get('class') or ''} {parent.get('id') or ''}".strip()
        if is_furniture(names, attribute_text(parent.get("role"))):
            return True
    return False


def _ld_objects(raw: str) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD script (lists, @graph and mainEntity opened), or none if it is malformed."""
    try:
        data = json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        return
    pending: deque[Any] = deque([data])
    for _ in range(_MAX_LD_ITEMS):
        if not pending:
            return
        item = pending.popleft()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)
            # A WebPage often carries the article as its main entity.
            main = item.get("mainEntity")
            if isinstance(main, dict | list):
                pending.append(main)


# Elements read for what they hold even without attributes (others are read for their attributes).
_READ_BARE = frozenset({"meta", "script", "title", "link", "a", "html", "h1", "h2", "time"})


def _collect(document: Element) -> _Evidence:
    """One pass over every element, keeping what the metadata readers need."""
    found = _Evidence()
    date_elements = 0
    for tag in document.elements():
        name = tag.name
        attrs = tag.attrs
        if not attrs and name not in _READ_BARE:
            continue
        if name == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
            content = attrs.get("content")
            if key and content:
                found.metas.setdefault(str(key).strip().lower(), []).append(str(content))
            if (
                attrs.get("itemprop") == "author"
                and content
                and len(found.schema_authors) < _MAX_BYLINES
                and not _in_furniture(tag)
            ):
                found.schema_authors.append(str(content))
            continue
        if name == "script":
            if (attribute_text(attrs.get("type")) or "").strip().lower() == "application/ld+json" and tag.string:
                found.ld.extend(_ld_objects(tag.string))
            continue
        if name == "title":
            if not found.doc_title:
                found.doc_title = _text(tag)
            continue
        if name == "link":
            rel = str(attrs.get("rel") or "").lower().split()
            if "canonical" in rel and attrs.get("href") and found.canonical is None:
                found.canonical = str(attrs["href"]).strip()
            continue
        if name == "a" and found.shared_url is None:
            found.shared_url = _shared_url(str(attrs.get("href") or ""))
        if name == "html":
            found.html_lang = (
                attribute_text(attrs.get("lang")) or attribute_text(attrs.get("xml:lang")) or found.html_lang
            )
            continue
        if name in ("h1", "h2") and len(found.headings) < _MAX_HEADINGS:
            found.headings.append(tag)
        elif name == "time" and len(found.times) < _MAX_DATE_TEXTS:
            value = attrs.get("datetime") or _text(tag)
            published = (
                "pubdate" in attrs or "publish" in str(attrs.get("itemprop") or attrs.get("class") or "").lower()
            )
            if value:
                found.times.append((str(value), published))
        itemprop = str(attrs.get("itemprop") or "").lower()
        if itemprop == "articlebody" and len(found.body_markers) < _MAX_BODY_MARKERS:
            found.body_markers.append(tag)
        if itemprop == "author" or "author" in str(attrs.get("rel") or "").lower().split():
            if len(found.schema_authors) < _MAX_BYLINES and not _in_furniture(tag):
                inner = tag.find(itemprop="name")
                found.schema_authors.append(_text(inner if inner is not None else tag))
            continue
        if not (attrs.get("class") or attrs.get("id")):
            continue
        words = _words(tag)
        if words & _BYLINE_WORDS and len(found.bylines) < _MAX_BYLINES:
            found.bylines.append(tag)
        if words & (_DATE_WORDS | _BYLINE_WORDS) and date_elements < _MAX_DATE_ELEMENTS:
            # Counted whether used or not: reading each one's text must stay bounded work.
            date_elements += 1
            text = _text(tag)
            if 0 < len(text) <= _MAX_BYLINE_CHARS and not _UPDATED.search(text):
                found.date_texts.append(text)
    return found


def _shared_url(href: str) -> str | None:
    """The page URL a share button passes to a social network ("twitter.com/share?url=..."), or None."""
    if not _SHARE_LINK.match(href):
        return None
    values = parse_qs(urlsplit(href).query)
    for key in ("url", "u"):
        for value in values.get(key, ()):
            if value.startswith(("http://", "https://")):
                return value
    return None


def _types(obj: dict[str, Any]) -> set[str]:
    """The lowercase schema.org types of a JSON-LD object."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(item).lower().rsplit("/", 1)[-1] for item in kinds if item}


def _ld_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-LD object that describes the article (an Article type, else anything with a headline)."""
    for obj in objects:
        if _types(obj) & _ARTICLE_TYPES:
            return obj
    for obj in objects:
        if obj.get("headline"):
            return obj
    return {}


def _ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD person/organisation value: a string, an object with a name, or a list."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return names


def _first_string(value: Any) -> str | None:
    """The value if it is a non-empty string, or the first string in a list."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), None)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _meta(found: _Evidence, keys: Iterable[str]) -> Iterator[str]:
    """Every non-empty meta value under the given keys, in key order."""
    for key in keys:
        for value in found.metas.get(key, ()):
            value = " ".join(value.split())
            if value:
                yield value


def _compact(text: str) -> str:
    """Letters and digits only, lowercased: for comparing titles and site names."""
    return "".join(char for char in text.casefold() if char.isalnum())


def host_name(url: str | None) -> str | None:
    """The host of a URL without "www." and port ("https://www.example.com:8080/x" -> "example.com")."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _site_keys(site: str | None, url: str | None) -> list[str]:
    """Compact forms of the site's name and host labels, for spotting it in a title."""
    keys = [_compact(site)] if site else []
    host = host_name(url)
    if host:
        labels = host.split(".")
        keys.extend(_compact(label) for label in labels[:-1] if len(label) > 2)
        keys.append(_compact(".".join(labels[-2:])))
    return [key for key in keys if len(key) >= 3]


def _is_site(part: str, keys: list[str]) -> bool:
    """True if a title segment names the site ("The New York Times", "NYTimes.com")."""
    compact = _compact(part)
    if not compact:
        return True
    return any(key == compact or (len(compact) >= 3 and (key in compact or compact in key)) for key in keys)


def split_title(title: str, site: str | None, url: str | None) -> tuple[str, str | None]:
    """The headline without " | Site", " – Site name", "Site: " additions, and the site part removed."""
    keys = _site_keys(site, url)
    prefix = _SITE_PREFIX.match(title)
    if prefix is not None and _is_site(prefix.group(1), keys):
        return prefix.group(2).strip(), prefix.group(1).strip()
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 3:
        return title, None
    parts, separators = pieces[0::2], pieces[1::2]
    removed: list[str] = []
    while len(parts) > 1 and _is_site(parts[-1], keys):
        removed.append(parts.pop())
        separators.pop()
    while len(parts) > 1 and _is_site(parts[0], keys):
        removed.append(parts.pop(0))
        separators.pop(0)
    if not removed and len(parts) > 1:
        # No site name to recognise: a short last segment is the site or section. After a bar
        # it always is (headlines do not use bars); after a dash only if the headline is longer.
        last = parts[-1].split()
        bar = separators[-1].strip() not in _DASHES
        if len(last) <= _GENERIC_SUFFIX_WORDS and (bar or len(" ".join(parts[:-1]).split()) > len(last)):
            removed.append(parts.pop())
            separators.pop()
    headline = parts[0]
    for separator, part in zip(separators, parts[1:], strict=False):
        headline += separator + part
    site_part = removed[0].strip() if len(removed) == 1 and removed[0].strip() else None
    return headline.strip(), site_part


def _same_headline(heading: str, stated: str) -> bool:
    """True if a heading (compacted) is the stated title, or most of it with a site name added."""
    if heading == stated:
        return True
    return len(heading) >= 0.4 * len(stated) and (stated.startswith(heading) or stated.endswith(heading))


def _choose_title(
    found: _Evidence, ld: dict[str, Any], site: str | None, url: str | None
) -> tuple[str, Element | None]:
    """The headline and the heading element that shows it (if any)."""
    stated = [value for value in (_first_string(ld.get("headline")), *_meta(found, _TITLE_METAS)) if value]
    if found.doc_title:
        stated.append(found.doc_title)
    stated_keys = [_compact(value) for value in stated]
    for heading in found.headings:
        text = _text(heading)
        key = _compact(text)
        if len(key) >= 3 and any(_same_headline(key, other) for other in stated_keys):
            return text, heading
    site_key = _compact(site or "")
    for value in stated:
        title, _ = split_title(value, site, url)
        # Some pages give the site's own name as og:title; that is no headline.
        if title and _compact(title) != site_key:
            return title, None
    for heading in found.headings:
        if heading.name == "h1":
            text = _text(heading)
            if text:
                return text, heading
    return "", None


def _choose_published(
    found: _Evidence, ld: dict[str, Any], url: str | None, language: str | None, heading: Element | None
) -> Published | None:
    """The publication date: JSON-LD, meta tags, <time>, the URL, then a date written near the byline
    or under the headline (in the page's declared `language` too).

    A stated day without a time ("2021-07-15") takes the time written by the byline for that day.
    """
    stated = (parse_date(_first_string(ld.get(key))) for key in ("datePublished", "dateCreated", "uploadDate"))
    metas = (parse_date(raw, language) for raw in _meta(found, _DATE_METAS))
    times = (parse_date(raw, language) for raw, _ in sorted(found.times, key=lambda item: not item[1]))
    day = next((value for value in chain(stated, metas, times) if value is not None), None) or date_from_url(url)
    if isinstance(day, datetime):
        return day
    for text in chain(found.date_texts, [_under(heading)] if heading is not None else []):
        hit = find_date(text, language)
        # A date written by the headline adds the time to the stated day, or stands in for it.
        if hit is not None and (day is None or day_of(hit[0]) == day):
            return hit[0]
    return day


def _source_candidates(found: _Evidence, ld: dict[str, Any], url: str | None) -> Iterator[str]:
    """What the page gives as its site's name, most trusted first: og:site_name, the JSON-LD
    publisher, a publisher organisation, other site metas, and a <title> part naming the site."""
    yield from _meta(found, _SITE_METAS[:1])
    for name in _ld_names(ld.get("publisher")):
        yield " ".join(name.split())
    for obj in found.ld:
        if _types(obj) & _PUBLISHER_TYPES and isinstance(obj.get("name"), str) and obj["name"].strip():
            yield " ".join(obj["name"].split())
    yield from _meta(found, _SITE_METAS[1:])
    if found.doc_title:
        # A <title> part is a section as often as a site ("| U.S."): with a URL to check it
        # against, only one resembling the host counts (or one in a script a host cannot spell).
        part = split_title(found.doc_title, None, url)[1]
        if part and (_is_site(part, _site_keys(None, url)) or not _LATIN.search(part) if url else not is_place(part)):
            yield part


def _under(heading: Element) -> str:
    """The first text after the headline, where pages put the date when they mark it up as nothing special."""
    pieces: list[str] = []
    for string, inside in islice(heading.strings_from(), _UNDER_HEADLINE_STRINGS):
        if type(string) is str and not inside:
            pieces.append(string)
    return " ".join(" ".join(pieces).split())[:_MAX_BYLINE_CHARS]


def _choose_source(found: _Evidence, ld: dict[str, Any], url: str | None) -> str | None:
    """The site or outlet name: never a generic word ("Hosted", "Home") or a title's section ("U.S."); a
    host name in lower case ("usatoday") only when nothing better is given."""
    fallback: str | None = None
    hosts = set(_site_keys(None, url))
    for candidate in _source_candidates(found, ld, url):
        folded = candidate.casefold()
        if folded in _GENERIC_SITE_NAMES:
            continue
        if candidate.islower() and " " not in candidate and _compact(candidate) in hosts:
            fallback = fallback or candidate
            continue
        return candidate
    return fallback


def _absolute(href: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL for `href` (resolved against `base`), or None."""
    if not href:
        return None
    try:
        absolute = urljoin(base, href) if base else href
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def _choose_language(found: _Evidence, ld: dict[str, Any]) -> str | None:
    """The declared language: <html lang>, content-language and locale metas, JSON-LD inLanguage."""
    candidates = [found.html_lang, *_meta(found, _LANGUAGE_METAS), _first_string(ld.get("inLanguage"))]
    for candidate in candidates:
        language = normalize_language(str(candidate)) if candidate else None
        if language is not None:
            return language
    return None


def _inside(tag: Element, ancestor: Element) -> bool:
    """True if `tag` lies within `ancestor` (a few levels down at most, as in a byline)."""
    for depth, parent in enumerate(tag.parents):
        if parent is ancestor:
            return True
        if depth >= _BYLINE_DEPTH:
            return False
    return False


def _byline_authors(bylines: list[Element], outlets: tuple[str, ...]) -> tuple[str, ...]:
    """The names in the first byline element that has any, outside comment sections and teasers.

    Within a byline box, the elements named for the name ("author-name") are read alone, so
    the writer's place or role beside it ("author-place") is not taken for a second name.
    """
    for index, tag in enumerate(bylines):
        text = _text(tag)
        if not 0 < len(text) <= _MAX_BYLINE_CHARS or _in_furniture(tag):
            continue
        names = [inner for inner in bylines[index + 1 :] if "name" in _words(inner) and _inside(inner, tag)]
        authors = clean_authors([_text(inner) for inner in names] or [text], outlets)
        if authors:
            return authors
    return ()


def read_metadata(document: Element, url: str | None = None) -> PageMetadata:
    """Everything the page states about its article; `url` is where the page came from, if known."""
    found = _collect(document)
    ld = _ld_article(found.ld)
    canonical = _absolute(found.canonical, url)
    if canonical is None:
        canonical = _absolute(next(_meta(found, ("og:url",)), None), url) or _absolute(
            _first_string(ld.get("url")), url
        )
    page_url = canonical or url or _absolute(found.shared_url, None)
    source = _choose_source(found, ld, page_url)
    title, heading = _choose_title(found, ld, source, page_url)
    outlets = (source,) if source else ()
    authors = clean_authors(_ld_names(ld.get("author")), outlets)
    if not authors:
        authors = clean_authors(
            (value for value in _meta(found, _AUTHOR_METAS) if not value.startswith("http")), outlets
        )
    if not authors:
        authors = clean_authors(found.schema_authors, outlets)
    if not authors:
        authors = _byline_authors(found.bylines, outlets)
    markers = [heading] if heading is not None else []
    markers.extend(found.body_markers)
    language = _choose_language(found, ld)
    return PageMetadata(
        title=title,
        heading=heading,
        published=_choose_published(found, ld, page_url, language, heading),
        authors=authors,
        source=source or host_name(page_url),
        url=page_url,
        language=language,
        body_markers=markers,
        section=next(_meta(found, ("article:section",)), None) or _first_string(ld.get("articleSection")),
    )
