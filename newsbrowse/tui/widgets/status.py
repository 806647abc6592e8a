"""The build status line: a progress bar and a count while the index is built, hidden otherwise."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from newsbrowse.model import BuildProgress
from newsbrowse.tui.formatting import count


class BuildStatus(Horizontal):
    """Where the background build is: files read of those to read, articles already searchable."""

    def compose(self) -> ComposeResult:
        """A label and a bar."""
        yield Label("", id="build-label")
        yield ProgressBar(total=None, show_eta=False, id="build-bar")

    def _say(self, text: str) -> None:
        """Set the label and show the line."""
        self.query_one("#build-label", Label).update(Content(text))
        self.display = True

    def show_waiting(self, pid: int) -> None:
        """Another process is building this index: say so, and that the results follow it."""
        who = f"pid {pid}" if pid > 0 else "another process"
        self._say(f"Another newsbrowse ({who}) is indexing this archive; results refresh when it is done")
        self.query_one(ProgressBar).update(total=None)

    def show_progress(self, progress: BuildProgress) -> None:
        """Show a build's progress."""
        bar = self.query_one(ProgressBar)
        if progress.phase == "scan":
            self._say("Indexing: looking for new and changed files…")
            bar.update(total=None)
        elif progress.phase == "finish":
            self._say(f"Indexing: finishing · {count(progress.committed, 'article')} searchable")
            bar.update(total=None)
        else:
            done = f"{progress.files_done:,} of {count(progress.files_total, 'file')}"
            self._say(f"Indexing {done} · {count(progress.committed, 'article')} searchable")
            bar.update(total=max(progress.files_total, 1), progress=progress.files_done)

    def hide(self) -> None:
        """The build is over."""
        self.display = False
