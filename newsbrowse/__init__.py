"""newsbrowse: a keyboard-first terminal browser for news archives, and its Python API."""

from typing import TYPE_CHECKING, Any

from newsbrowse.clean import clean_html, clean_text
from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.model import (
    Article,
    Document,
    Entity,
    EntitySummary,
    Hit,
    IndexSummary,
    Mention,
    MentionHit,
    Quote,
    QuoteHit,
    SearchResults,
    Skipped,
)

if TYPE_CHECKING:
    from newsbrowse.archive import Archive, open_archive

__version__ = "0.1.0"

__all__ = [
    "Archive",
    "Article",
    "Document",
    "Entity",
    "EntitySummary",
    "Hit",
    "IndexSummary",
    "Mention",
    "MentionHit",
    "Quote",
    "QuoteHit",
    "SearchResults",
    "Skipped",
    "__version__",
    "clean_html",
    "clean_text",
    "extract_entities",
    "extract_quotes",
    "open_archive",
]


def __getattr__(name: str) -> Any:
    """Import the archive API (whoosh, SQLite) only when it is first used."""
    if name in ("Archive", "open_archive"):
        from newsbrowse import archive

        return getattr(archive, name)
    raise AttributeError(f"module 'newsbrowse' has no attribute {name!r}")
