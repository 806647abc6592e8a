"""Whether a crawled page holds an article at all: a crawl also keeps ad frames, beacons, scripts and front pages."""

from __future__ import annotations

import re

from newsbrowse.clean.html import Page

# Characters that mark program code: a text made of many of them is a script served as a page.
_CODE_MARKS = re.compile(r"[;{}=()\[\]]|//|\b(?:var|function|return|document|window)\b")
_CODE_SHARE = 0.06
_CODE_MIN_MARKS = 4
# An untitled page needs this much text to be an article.
_UNTITLED_MIN_CHARS = 300
# A page whose text is mostly links, with little of it in the article found, is a list of
# links (a front page, a section page) unless it states when it was published.
_LINK_LIST_DENSITY = 0.5
_LINK_LIST_BODY_SHARE = 0.4


def _looks_like_code(text: str) -> bool:
    """True for text that is a script rather than prose ("document.getElementById(...) = '...';")."""
    marks = len(_CODE_MARKS.findall(text))
    return marks >= _CODE_MIN_MARKS and marks >= _CODE_SHARE * len(text)


def not_an_article(page: Page) -> str | None:
    """Why a crawled page holds no article ("not an article (a script)"), or None if it holds one."""
    article = page.article
    body = article.body
    if not body.strip():
        why = "no text"
    elif _looks_like_code(article.title) or _looks_like_code(body[:2000]):
        why = "a script"
    elif not page.titled and len(body) < _UNTITLED_MIN_CHARS:
        why = "no title and little text"
    elif (
        article.published is None
        and page.text_chars
        and page.link_chars >= _LINK_LIST_DENSITY * page.text_chars
        and len(body) <= _LINK_LIST_BODY_SHARE * page.text_chars
    ):
        why = "a page of links"
    else:
        return None
    return f"not an article ({why})"
