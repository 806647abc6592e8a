"""Every HTML page of the shipped sample archive cleans to a full article without its page furniture."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from newsbrowse.clean import clean_html

SAMPLE = Path(__file__).resolve().parents[1] / "sample_archive"
PAGES = sorted(
    path for path in SAMPLE.rglob("*") if path.is_file() and path.name.endswith((".html", ".htm", ".html.gz"))
)
# Words and phrases that only the sample pages' furniture carries.
FURNITURE = (
    "Share on",
    "Facebook",
    "WhatsApp",
    "Subscribe",
    "Sign up",
    "newsletter",
    "cookie",
    "Cookie",
    "Advertisement",
    "Leave a Reply",
    "Post Comment",
    "Join the discussion",
    "Reader comments",
    "Comments (",
    "Most read",
    "Most viewed",
    "You may also like",
    "Related articles",
    "Skip to",
    "All rights reserved",
    "©",
    "Search for",
    "Recommend (",
    "Reply",
    "Log in",
    "archive)",
    "ALSO READ",
    "Read more:",
)
TITLE_SEPARATORS = (" | ", " :: ", " – Caspian", " - ")


def _page_bytes(path: Path) -> bytes:
    """The page's bytes, gunzipped if needed."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def test_the_sample_archive_has_html_pages() -> None:
    """The archive ships pages from several outlets."""
    assert len(PAGES) >= 20
    assert len({path.relative_to(SAMPLE).parts[0] for path in PAGES}) >= 5


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.relative_to(SAMPLE).as_posix())
def test_sample_page_cleans_to_the_article(path: Path) -> None:
    """A title without site suffix, a date, an author, a source, and several clean paragraphs."""
    article = clean_html(_page_bytes(path))
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) >= 4
    assert all(paragraph == paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)
    for furniture in FURNITURE:
        assert furniture not in article.body, furniture
    assert article.title and not any(separator in article.title for separator in TITLE_SEPARATORS)
    assert article.title not in article.body
    assert article.published is not None
    assert article.authors
    assert article.source
    assert article.language == "en"
    assert "\ufffd" not in article.body
    # No two elements' texts glued into one word ("Selin KayaISTANBUL").
    assert re.search(r"[a-z][A-Z]{3,}", article.body) is None
    # No byline left in the text: the author's name does not open a paragraph on its own line.
    assert not any(
        paragraph.startswith(author) and len(paragraph) < 60 for paragraph in paragraphs for author in article.authors
    )
