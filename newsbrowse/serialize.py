"""Turn model objects into JSON-ready dicts for `--json` output (shapes documented in README)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from newsbrowse.model import Article, Entity, Quote


def to_jsonable(obj: Any) -> Any:
    """Convert dataclasses, tuples, dates and datetimes recursively into JSON-serialisable values."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, date):  # a datetime too; a date alone stays "2021-05-21", with no invented time
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(item) for item in obj]
    if isinstance(obj, dict):
        return {str(key): to_jsonable(value) for key, value in obj.items()}
    return obj


def entity_json(entity: Entity) -> dict[str, Any]:
    """An entity with its mention count, as `clean --json` and `show --json` print it."""
    return {
        "name": entity.name,
        "type": entity.type,
        "role": entity.role,
        "count": len(entity.mentions),
        "aliases": list(entity.aliases),
        "mentions": to_jsonable(entity.mentions),
    }


def article_json(
    article: Article,
    entities: Sequence[Entity] | None = None,
    quotes: Sequence[Quote] | None = None,
) -> dict[str, Any]:
    """An article with, when given, its entities and quotes."""
    data: dict[str, Any] = to_jsonable(article)
    if entities is not None:
        data["entities"] = [entity_json(entity) for entity in entities]
    if quotes is not None:
        data["quotes"] = to_jsonable(quotes)
    return data
