"""The footer: Textual's, made again once per change of the keys it shows rather than once per binding refresh."""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys each time the bindings are refreshed, which one keypress
    can do a dozen times (focus, state, history); here the refreshes before the next frame count once,
    and a rebuild that would show the same keys is skipped (opening an article asked for two)."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False
        self._shown: tuple[Hashable, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild after the next refresh, once, however many refreshes were asked for meanwhile."""
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    async def _rebuild(self, screen: Screen[object]) -> None:
        """Let Textual's footer rebuild now, if the keys it would show have changed."""
        self._rebuild_pending = False
        self._bindings_ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
