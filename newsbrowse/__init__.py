"""newsbrowse: a keyboard-first terminal browser for news archives, and its Python API."""

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

__version__ = "0.1.0"

__all__ = [
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
]
