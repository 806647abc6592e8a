"""Helpers for the entity tests: extraction with every mention's offsets checked against the text."""

from __future__ import annotations

from newsbrowse.extract import extract_entities
from newsbrowse.model import Entity


def entities_of(text: str) -> list[Entity]:
    """Extract entities and assert every mention's offsets point at its surface text."""
    entities = extract_entities(text)
    for entity in entities:
        assert entity.mentions, entity
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text, (entity.name, mention)
    return entities


def by_name(text: str) -> dict[str, Entity]:
    """The entities of a text keyed by canonical name."""
    return {entity.name: entity for entity in entities_of(text)}


def surfaces(entity: Entity) -> list[str]:
    """The surface text of each mention, in order."""
    return [mention.text for mention in entity.mentions]
