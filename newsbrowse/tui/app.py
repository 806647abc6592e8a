"""The Textual app: opens the archive, keeps the index up to date in the background, and navigates with history."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState, get_current_worker

from newsbrowse.archive import Archive, open_archive
from newsbrowse.errors import NewsbrowseError
from newsbrowse.model import BuildProgress, IndexSummary
from newsbrowse.tui.commands import ArchiveCommands, PaletteCommand
from newsbrowse.tui.failures import WorkerFailed
from newsbrowse.tui.formatting import count
from newsbrowse.tui.history import History
from newsbrowse.tui.indexer import BuildProcess
from newsbrowse.tui.keys import key_sections
from newsbrowse.tui.locations import ArticleAt, EntityAt, Location, Navigate, SearchAt
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.help import HelpScreen
from newsbrowse.tui.screens.main import MainScreen
from newsbrowse.tui.screens.marks import NoteScreen
from newsbrowse.tui.widgets.entity import MentionList, RelatedList, SaidList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.side import EntityList, QuoteList

# How often to look whether another process's build has finished.
WAIT_POLL_S = 1.0
# The name the mentions view is installed under.
ENTITY_SCREEN = "entity"
# Skipped files named in the notice after a build (the rest are counted).
SKIPS_NAMED = 3

# Actions bound to printable keys (/ ? [ ]), which the search bar takes as text (unless called "anywhere").
TYPED_ACTIONS = frozenset({"focus_search", "help", "history_back", "history_forward"})


class BuildProgressed(Message):
    """The background build moved on; a newer report replaces a queued older one."""

    def __init__(self, progress: BuildProgress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        """Only the newest progress matters."""
        return isinstance(message, BuildProgressed)


class BuildWaiting(Message):
    """Another process is building this index."""

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid = pid


class BuildFinished(Message):
    """The build is over; `summary` is None when another process did it."""

    def __init__(self, summary: IndexSummary | None) -> None:
        super().__init__()
        self.summary = summary


def build_notice(summary: IndexSummary) -> str | None:
    """What a build changed and skipped, in a line or two; None when it changed nothing."""
    changes = [
        f"{n:,} {word}"
        for n, word in ((summary.added, "added"), (summary.updated, "updated"), (summary.removed, "removed"))
        if n
    ]
    lines = []
    if changes:
        lines.append(f"Index updated: {', '.join(changes)} article(s).")
    if summary.skipped:
        named = "; ".join(f"{skip.path}: {skip.reason}" for skip in summary.skipped[:SKIPS_NAMED])
        more = f" and {len(summary.skipped) - SKIPS_NAMED:,} more" if len(summary.skipped) > SKIPS_NAMED else ""
        lines.append(f"{count(len(summary.skipped), 'file')} skipped ({named}{more})")
    lines.extend(summary.notes)
    if not summary.total:
        lines.insert(0, "No article could be read from this archive.")
    if not lines:
        return None
    return "\n".join([*lines, f"{count(summary.total, 'article')} searchable."])


class NewsbrowseApp(App[None]):
    """A thin app: the main screen does the work; here are navigation, the build and worker failures."""

    CSS_PATH = "app.tcss"
    TITLE = "newsbrowse"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ArchiveCommands}

    # Printable keys (/ ? [ ]) type into the search bar while it has the focus (? opens the help
    # while it is empty); the "anywhere" forms (f1, alt+arrows) act from there too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Leave newsbrowse", id="app.quit"),
        Binding("slash", "focus_search", "Search", tooltip="Go to the search bar from anywhere", id="app.search"),
        Binding(
            "question_mark",
            "help",
            "Help",
            tooltip="This list of keys (in the search bar: when it is empty)",
            id="app.help",
        ),
        Binding("f1", "help(True)", "Help", show=False, tooltip="The same, from the search bar too", id="app.help_f1"),
        Binding("left_square_bracket", "history_back", "Back", tooltip="Back in the history", id="app.back"),
        Binding(
            "alt+left",
            "history_back(True)",
            "Back",
            show=False,
            tooltip="The same, from the search bar too",
            id="app.back_alt",
        ),
        Binding(
            "right_square_bracket",
            "history_forward",
            "Forward",
            show=False,
            tooltip="Forward in the history",
            id="app.forward",
        ),
        Binding(
            "alt+right",
            "history_forward(True)",
            "Forward",
            show=False,
            tooltip="The same, from the search bar too",
            id="app.forward_alt",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            tooltip="Open an article, jump to an entity, rebuild, theme",
            id="app.palette",
        ),
    ]

    def __init__(
        self, archive: Archive, update: bool = True, jobs: int | None = None, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.archive = archive
        self.archive_path = archive.path
        self.index_dir = archive.index_dir
        self.history: History[Location] = History()
        self.update_on_start = update
        self.jobs = jobs
        self.building = False
        self._build: BuildProcess | None = None
        self._entity_screen: EntityScreen | None = None

    def get_default_screen(self) -> Screen[None]:
        """The main screen is the app's base."""
        return MainScreen(self.archive, cursor_blink=self.cursor_blink)

    @property
    def main(self) -> MainScreen:
        """The main screen (always at the bottom of the stack)."""
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def on_ready(self) -> None:
        """Bring the index up to date in the background, once the main screen is shown.

        Not on mount: a build failing at once reached the main screen's handlers before its
        widgets were there (seen in CI).
        """
        if self.update_on_start:
            self.start_build()

    def on_unmount(self) -> None:
        """Stop a running build (it commits what it has) and close the archive."""
        if self._build is not None:
            self._build.stop()
        self.archive.close()

    # Navigation

    def navigate(self, place: Location, show: bool = True) -> None:
        """Go somewhere and remember it."""
        self.history.remember(place)
        if show:
            self._show(place)
        self.refresh_bindings()

    def on_navigate(self, message: Navigate) -> None:
        """A screen asks to go somewhere."""
        self.navigate(message.location, message.show)

    def _show(self, place: Location) -> None:
        """Show a place: an entity on its own screen, searches and articles on the main one."""
        if isinstance(place, EntityAt):
            self._show_entity(place)
            return
        while isinstance(self.screen, EntityScreen):
            self.pop_screen()
        if isinstance(place, SearchAt):
            self.main.show_search(place)
        elif isinstance(place, ArticleAt):
            self.main.show_article(place)

    def _show_entity(self, place: EntityAt) -> None:
        """Show the mentions view: one screen kept installed, so coming back finds the list where it was left."""
        screen = self._entity_screen
        if screen is None:
            screen = self._entity_screen = EntityScreen(self.archive, place)
            self.install_screen(screen, name=ENTITY_SCREEN)
            self.push_screen(screen)
            return
        if self.screen is not screen:
            self.push_screen(screen)
        screen.show(place)

    def action_history_back(self, anywhere: bool = False) -> None:
        """Back in the history, or close a mentions view with nothing before it (`anywhere`: see BINDINGS)."""
        if self.history.back() and self.history.location is not None:
            self._show(self.history.location)
        elif isinstance(self.screen, EntityScreen):
            self.pop_screen()
        self.refresh_bindings()

    def action_history_forward(self, anywhere: bool = False) -> None:
        """Forward in the history (`anywhere`: see BINDINGS)."""
        if self.history.forward() and self.history.location is not None:
            self._show(self.history.location)
        self.refresh_bindings()

    def action_focus_search(self) -> None:
        """Go to the search bar, closing a mentions view."""
        while isinstance(self.screen, EntityScreen):
            self.pop_screen()
        self.main.focus_search()

    def action_help(self, anywhere: bool = False) -> None:
        """Show every key (`anywhere`: see BINDINGS)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections(HELP_SECTIONS)))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that type characters belong to the search bar while it has the focus (`?` while it holds a query).

        Impossible steps are greyed out.
        """
        anywhere = bool(parameters and parameters[0])
        field = self.focused if isinstance(self.focused, Input) and not anywhere else None
        if action == "help" and field is not None:
            return not field.value  # `?` in an empty bar is help; it types into a query
        if action in TYPED_ACTIONS and field is not None:
            return False
        if action == "history_back":
            return True if self.history.can_go_back or isinstance(self.screen, EntityScreen) else None
        if action == "history_forward":
            return True if self.history.can_go_forward else None
        return True

    # The command palette

    def palette_commands(self) -> list[PaletteCommand]:
        """The commands that make sense now, for the palette."""
        commands: list[PaletteCommand] = [
            ("Toggle dark/light theme", "Switch between the dark and the light theme", self.action_toggle_theme),
            ("Keys", "Every key, by where it works", self.action_help),
            ("Search", "Go to the search bar", self.action_focus_search),
        ]
        if not self.building:
            commands.append(("Rebuild the index", "Index the whole archive again from scratch", self.action_rebuild))
        if self.history.can_go_back:
            commands.append(("Back", "Back in the history", self.action_history_back))
        if self.history.can_go_forward:
            commands.append(("Forward", "Forward in the history", self.action_history_forward))
        main = self.main
        if self.screen is main:
            commands += [
                ("Saved searches", "Your saved searches with their new articles (ctrl+o)", main.action_saved_searches),
                ("Starred articles", "Search starred:yes", lambda: self.navigate(SearchAt("starred:yes", "date"))),
                ("Batch search a list of names", "A file of names or queries, or a CSV file", main.action_batch),
            ]
            if main.search_text.strip():
                commands.append(("Save this search", "Under a name, to run again (ctrl+s)", main.action_save_search))
            if main.batch_rows:
                commands.append(("Batch results", "The last batch searched, again", main.show_batch))
        reader = main.query_one(Reader)
        if reader.article is not None and self.screen is main:
            commands.append(
                ("Open the article's source", "Its URL or file, with the system's opener", reader.action_open_source)
            )
            commands.append(
                ("Mark names on/off", "Mark the people, organisations and places named", reader.action_toggle_marks)
            )
            commands += [
                ("Star the article", "Or take its star away (*)", main.action_star),
                ("Tag the article", "Give it a tag, or take one away (t)", main.action_tag),
                ("Note on the article", "Write or edit its note (a)", main.action_note),
            ]
        commands.append(("Quit", "Leave newsbrowse", self.exit))
        return commands

    # The background build

    def action_rebuild(self) -> None:
        """Index the archive again from scratch: the index empties in place, then fills up as the build goes."""
        if self.building:
            self.notify("The index is being built already.", severity="warning", markup=False)
            return
        self.start_build(rebuild=True)

    def start_build(self, rebuild: bool = False) -> None:
        """Start the background build (from scratch if `rebuild`)."""
        self.building = True
        self._build_in_background(rebuild)

    @work(thread=True, exclusive=True, exit_on_error=False, group="build", name="index build")
    def _build_in_background(self, rebuild: bool) -> None:
        """Run the build in a process of its own (or wait for another one), reporting as it goes."""
        worker = get_current_worker()
        waiting = None if rebuild else self._wait_for_other_build()
        if waiting is not None:
            self.post_message(BuildFinished(None))
            return
        self._build = BuildProcess(self.archive_path, self.index_dir, rebuild=rebuild, jobs=self.jobs)
        try:
            for event in self._build.events():
                if worker.is_cancelled:
                    break
                if isinstance(event, BuildProgress):
                    self.post_message(BuildProgressed(event))
                else:
                    self.post_message(BuildFinished(event))
        finally:
            self._build.stop()
            self._build = None

    def _wait_for_other_build(self) -> int | None:
        """If another process builds this index, wait until it is done and return its pid; else None."""
        worker = get_current_worker()
        pid = self.archive.building_pid()
        if pid is None:
            return None
        self.post_message(BuildWaiting(pid))
        while self.archive.building_pid() is not None and not worker.is_cancelled:
            time.sleep(WAIT_POLL_S)
        return pid

    def on_build_progressed(self, message: BuildProgressed) -> None:
        """Show the progress."""
        self.main.build_progress(message.progress)

    def on_build_waiting(self, message: BuildWaiting) -> None:
        """Say another process is building."""
        self.main.build_waiting(message.pid)

    def on_build_finished(self, message: BuildFinished) -> None:
        """Refresh what is shown and say what changed."""
        self.building = False
        self.main.build_done()
        if message.summary is not None:
            notice = build_notice(message.summary)
            if notice:
                self.notify(notice, title="Index", timeout=8, markup=False)
        self.refresh_bindings()

    # Failures of any worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers: a build that fails or is cancelled hides its bar; a failure is reported."""
        worker = event.worker
        if worker.group == "build" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.building = False
            self.main.build_done()
        if event.state == WorkerState.ERROR:
            self._report(worker)

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """A screen's worker failed."""
        self._report(message.worker)

    def _report(self, worker: Worker[Any]) -> None:
        """The one place worker failures are reported: the user's error as it is, anything else as internal."""
        error = worker.error
        if isinstance(error, NewsbrowseError):
            self.notify(str(error), title=f"The {worker.name} failed", severity="error", timeout=10, markup=False)
            return
        self.log.error(f"worker {worker.name} failed", error)
        self.notify(
            f"{type(error).__name__}: {error}",
            title=f"Internal error in the {worker.name}",
            severity="error",
            timeout=10,
            markup=False,
        )


# The sections of the help screen and the README's key table, with the classes whose bindings they list.
HELP_SECTIONS: list[tuple[str, list[type[DOMNode]]]] = [
    ("Everywhere", [NewsbrowseApp, Screen]),
    ("Main screen", [MainScreen]),
    ("Results", [ResultList]),
    ("Reader", [Reader]),
    ("Entities", [EntityList]),
    ("Quotes", [QuoteList]),
    ("Mentions view", [EntityScreen, MentionList, SaidList, RelatedList]),
    ("Note editor", [NoteScreen]),
]


def create_app(
    archive: str | Path,
    index_dir: str | Path | None = None,
    update: bool = True,
    jobs: int | None = None,
    cursor_blink: bool = True,
) -> NewsbrowseApp:
    """The browser on an archive; raises UsageError/ArchiveError/IndexStoreError (before any screen) when it cannot be opened.

    `update=False` skips the background build and `cursor_blink=False` keeps the cursor
    still: tests and screenshots use an index made beforehand and want the same picture
    every time. `jobs` is the build's number of worker processes.
    """
    opened = open_archive(archive, index_dir)
    try:
        opened.article_count()  # a store too damaged to read is said here, with the command that repairs it
    except NewsbrowseError:
        opened.close()
        raise
    return NewsbrowseApp(opened, update=update, jobs=jobs, cursor_blink=cursor_blink)
