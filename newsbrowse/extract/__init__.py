"""Who is named in a text and who said what: entities and quotes with exact offsets."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbrowse.extract.entities import extract_entities
    from newsbrowse.extract.quotes import extract_quotes

# Imported on first use: the store reads this package's word lists and name keys to answer
# queries, and a process that only searches never extracts.
_LAZY = {"extract_entities": "newsbrowse.extract.entities", "extract_quotes": "newsbrowse.extract.quotes"}

__all__ = ["extract_entities", "extract_quotes"]


def __getattr__(name: str) -> Any:
    """Import an extraction function's module when the function is first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbrowse.extract' has no attribute {name!r}")
    return getattr(import_module(module), name)
