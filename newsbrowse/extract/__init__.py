"""Who is named in a text and who said what: entities and quotes with exact offsets."""

from newsbrowse.extract.entities import extract_entities
from newsbrowse.extract.quotes import extract_quotes

__all__ = ["extract_entities", "extract_quotes"]
