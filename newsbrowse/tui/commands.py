"""The command palette: the commands that make sense right now, articles by title and entities by name."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from newsbrowse.archive import Archive
from newsbrowse.errors import NewsbrowseError
from newsbrowse.tui.formatting import count
from newsbrowse.tui.locations import ArticleAt, EntityAt, Location

# A palette entry: its name, its help and what it does.
PaletteCommand = tuple[str, str, Callable[[], object]]


class Browser(Protocol):
    """What the palette needs of the app (NewsbrowseApp), named here so that the two modules do not import each other."""

    archive: Archive

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """(name, help, callback) of each command valid now."""
        ...

    def navigate(self, location: Location) -> None:
        """Go to a location (with history)."""
        ...


# Articles and entities offered for what is typed.
FOUND = 8
_WORD = re.compile(r"\w+")
# Lower than a command whose name matches well, so commands stay on top.
FOUND_SCORE = 0.4


class ArchiveCommands(Provider):
    """Commands valid in the current state, plus "open article" and "jump to entity" from what is typed."""

    @property
    def _app(self) -> Browser:
        """The browser."""
        return cast(Browser, self.app)

    async def discover(self) -> Hits:
        """What can be done now, before anything is typed."""
        for name, help_text, callback in self._app.palette_commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands that fit the words, entities whose names start with them, articles whose titles hold them."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._app.palette_commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        archive = self._app.archive
        words = _WORD.findall(query)
        if not words or len(query.strip()) < 2:
            return
        navigate: Callable[..., None] = self._app.navigate
        text = query.strip()
        # Entities with a name word starting so, most articles first ("blair": Tony Blair before the
        # Blair Witch Project), after the one the text names in any form ("Mr Blair", "IMF").
        entities = await asyncio.to_thread(archive.entities, None, FOUND, None, text)
        try:
            named = await asyncio.to_thread(archive.entity, text)
        except NewsbrowseError:  # a name several entities share: the list offers them all
            named = None
        if named is not None:
            entities = [named, *(entity for entity in entities if entity.name != named.name)]
        for rank, entity in enumerate(entities):
            label = f"Entity: {entity.name} ({entity.type}, {count(entity.articles, 'article')})"
            yield Hit(FOUND_SCORE - rank / 1000, label, partial(navigate, EntityAt(entity.name)), text=label)
        # Every word in the title, the last one possibly half-typed.
        title_query = " ".join([*(f"title:{w}" for w in words[:-1]), f"title:{words[-1]}*"])
        try:
            results = await asyncio.to_thread(archive.search, title_query, FOUND)
        except NewsbrowseError:  # a half-typed query the parser refuses offers no articles
            return
        for hit in results.hits:
            label = f"Open: {hit.title}"
            yield Hit(FOUND_SCORE, label, partial(navigate, ArticleAt(hit.id)), text=label, help=hit.source)
