"""The footer: Textual's, made again once per change of state rather than once per binding refresh."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer rebuilds all its keys each time the bindings are refreshed, which one keypress
    can do a dozen times (focus, state, history); here the refreshes before the next frame count once."""

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild after the next refresh, once, however many refreshes were asked for meanwhile."""
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    async def _rebuild(self, screen: Screen[object]) -> None:
        """Let Textual's footer rebuild now."""
        self._rebuild_pending = False
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            await self.recompose()
