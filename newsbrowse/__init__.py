"""newsbrowse: a keyboard-first terminal browser for news archives, and its Python API."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    from newsbrowse.clean import clean_document, clean_html, clean_text
    from newsbrowse.extract import extract_entities, extract_quotes

__version__ = "0.1.0"

# The API's functions live in modules that pull in lxml, word lists or whoosh; they are
# imported on first use so that `newsbrowse --version` and the CLI's start stay quick.
_LAZY = {
    "Archive": "newsbrowse.archive",
    "open_archive": "newsbrowse.archive",
    "clean_document": "newsbrowse.clean",
    "clean_html": "newsbrowse.clean",
    "clean_text": "newsbrowse.clean",
    "extract_entities": "newsbrowse.extract",
    "extract_quotes": "newsbrowse.extract",
}

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
    "clean_document",
    "clean_html",
    "clean_text",
    "extract_entities",
    "extract_quotes",
    "open_archive",
]


def __getattr__(name: str) -> Any:
    """Import an API function's module when the function is first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrowse' has no attribute {name!r}")
    return getattr(import_module(module), name)
