"""The browser's responsiveness, driven headless with Textual's pilot over a benchmark archive.

Run: .venv/bin/python benchmarks/tui_latency.py [N] [--queries K]
     (N articles, default 20000: the archive from benchmarks/make_corpus.py, its index in
     benchmarks/out/index-N, built with `newsbrowse index` when missing)

Prints, measured in one run:
  - app ready: a fresh process from launch to the first screen with the archive's count
    (imports, opening the index, the first frame), the background check of the index started;
  - keystroke to results: the last key of a query typed into the search bar until its results
    are in the results pane, over query_latency.py's query mix; with the same queries run
    directly on the archive in the same run, so the UI's share (debounce included) is visible;
  - opening an article: Enter on a result until the reader, the entity list and the quotes
    list show it;
  - the mentions view of entities with at least 1,000 mentions: from the navigation until
    its header and first page of sentences are shown;
  - a baseline: moving the focus in a minimal Textual app (no newsbrowse), until drawn:
    the floor any action that moves the focus pays on this machine.
Each action is timed twice: until the pane holds the answer, and until the frame is drawn.
The machine is shared: compare a figure with its in-run baseline, not across runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

from query_latency import indexed_corpus, percentiles, query_mix
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList

from newsbrowse import open_archive
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.locations import EntityAt
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.main import RESULTS_PAGE, MainScreen
from newsbrowse.tui.widgets.entity import MentionList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import DEBOUNCE_S

SIZE = (120, 40)
# How often the benchmark looks whether an answer is in (finer than the tests: it is timing).
STEP = 0.001
# The child prints this line when the first screen is up.
_READY_CHILD = """
import asyncio, sys, time
started = time.perf_counter()
from newsbrowse.tui.app import create_app
from textual.widgets import Static
app = create_app(sys.argv[1], index_dir=sys.argv[2])
async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        while "articles in" not in str(app.screen.query_one("#understood", Static).content):
            await pilot.pause(0.005)
        print(f"ready {1000 * (time.perf_counter() - started):.0f}", flush=True)
asyncio.run(main())
"""


def app_ready(archive: Path, index_dir: Path, runs: int = 3) -> str:
    """Launch to first screen in fresh processes: wall time seen from outside, and the child's own count."""
    outside, inside = [], []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _READY_CHILD, str(archive), str(index_dir)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        outside.append(1000 * (time.perf_counter() - started))
        child.wait()
        inside.append(float(line.split()[1]))
    return (
        f"median {statistics.median(outside):.0f} ms from launch (best {min(outside):.0f}); "
        f"{statistics.median(inside):.0f} ms inside Python (imports, index, first frame)"
    )


class Clock:
    """When the panes last showed something (the methods the screen calls, wrapped)."""

    def __init__(self) -> None:
        self.shown: dict[str, float] = {}
        self.refused: set[str] = set()
        self.frames: list[float] = []
        self.opened = 0.0
        self.mentions = 0.0
        show, open_, load = ResultList.show, Reader.show, EntityScreen.on_entity_screen_loaded
        fail = MainScreen.on_main_screen_search_failed
        draw = Screen._compositor_refresh

        def frame_drawn(screen: Screen[object]) -> None:
            draw(screen)
            self.frames.append(time.perf_counter())

        def search_failed(screen: MainScreen, message: MainScreen.SearchFailed) -> None:
            fail(screen, message)
            self.refused.add(message.query)

        def results_shown(pane: ResultList, results: object) -> None:
            show(pane, results)  # type: ignore[arg-type]
            self.shown[results.query] = time.perf_counter()  # type: ignore[attr-defined]

        def reader_shown(pane: Reader, *args: object, **kwargs: object) -> None:
            open_(pane, *args, **kwargs)  # type: ignore[arg-type]
            self.opened = time.perf_counter()

        def mentions_shown(screen: EntityScreen, message: EntityScreen.Loaded) -> None:
            load(screen, message)
            self.mentions = time.perf_counter()

        ResultList.show = results_shown  # type: ignore[method-assign]
        Reader.show = reader_shown  # type: ignore[method-assign]
        EntityScreen.on_entity_screen_loaded = mentions_shown  # type: ignore[method-assign]
        MainScreen.on_main_screen_search_failed = search_failed  # type: ignore[method-assign]
        Screen._compositor_refresh = frame_drawn  # type: ignore[method-assign]


async def drawn(pilot: Pilot[None], clock: Clock, ready: float) -> float:
    """When the first frame after `ready` was drawn: the answer on screen (animations that follow not counted)."""
    await pilot.pause()
    return next(frame for frame in clock.frames if frame >= ready)


async def measure(app: NewsbrowseApp, pilot: Pilot[None], clock: Clock, queries: list[str]) -> dict[str, list[float]]:
    """Type each query, open its first hit; then the mentions views of big entities.

    Each action gives two figures: until the pane holds the answer, and until it is drawn.
    """
    figures: dict[str, list[float]] = {name: [] for name in ("keystroke", "keystroke drawn", "open", "open drawn")}
    figures.update({"mentions": [], "mentions drawn": []})
    main = app.main
    results = main.query_one(ResultList)
    for query in queries:
        await pilot.press("slash", "ctrl+u", *query[:-1])
        await pilot.pause(2 * DEBOUNCE_S)
        await app.workers.wait_for_complete()
        await pilot.pause()
        clock.shown.pop(query, None)
        started = time.perf_counter()
        await pilot.press(query[-1])
        await until(pilot, lambda query=query: query in clock.shown or query in clock.refused, step=STEP)
        if query not in clock.shown:
            continue  # a query the parser refuses: no results to wait for
        figures["keystroke drawn"].append(1000 * (await drawn(pilot, clock, clock.shown[query]) - started))
        figures["keystroke"].append(1000 * (clock.shown[query] - started))
        if len(figures["open"]) < 40 and results.items:
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.focused, ResultList), step=STEP)
            await pilot.pause()
            clock.opened = 0.0
            started = time.perf_counter()
            await pilot.press("enter")
            await until(pilot, lambda: clock.opened, step=STEP)
            figures["open drawn"].append(1000 * (await drawn(pilot, clock, clock.opened) - started))
            figures["open"].append(1000 * (clock.opened - started))
    archive = app.archive
    assert archive is not None
    # Different entities each time: the mentions view keeps the last one, and would not fetch it again.
    big = sorted((e for e in archive.entities(limit=500) if e.mentions >= 1000), key=lambda e: e.mentions)[:3]
    for target in big:
        clock.mentions = 0.0
        started = time.perf_counter()
        app.navigate(EntityAt(target.name))
        await until(pilot, lambda: clock.mentions, step=STEP)
        figures["mentions drawn"].append(1000 * (await drawn(pilot, clock, clock.mentions) - started))
        figures["mentions"].append(1000 * (clock.mentions - started))
        assert isinstance(app.screen, EntityScreen) and app.screen.query_one(MentionList).option_count
        app.pop_screen()
        await until(pilot, lambda: isinstance(app.screen, MainScreen), step=STEP)
        await pilot.pause()
    if big:
        print("   mentions views: " + ", ".join(f"{e.name!r} ({e.mentions:,})" for e in big))
    return figures


class Floor(App[None]):
    """Textual's own cost: an input, three option lists and a footer, nothing of newsbrowse."""

    CSS = "OptionList { width: 1fr; height: 1fr; }"
    BINDINGS: ClassVar[list[BindingType]] = [("x", "bell", "X"), ("y", "bell", "Y"), ("z", "bell", "Z")]

    def compose(self) -> ComposeResult:
        """The widgets."""
        yield Input()
        with Horizontal():
            for name in "abc":
                yield OptionList(*[f"option {n} " * 8 for n in range(100)], id=name)
        yield Footer()


def floor(clock: Clock, rounds: int = 20) -> list[float]:
    """Milliseconds from moving the focus between two lists until drawn, in the minimal app."""
    app = Floor()
    times: list[float] = []

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for number in range(rounds):
                started = time.perf_counter()
                app.query_one(f"#{'ab'[number % 2]}").focus()
                times.append(1000 * (await drawn(pilot, clock, started) - started))

    asyncio.run(drive())
    return times


def main() -> None:
    """Run the browser benchmarks on one archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=120, help="queries typed from the mix (default 120)")
    args = parser.parse_args()
    archive_path, index_dir = indexed_corpus(args.size)
    print(f"== {args.size:,} articles, index in {index_dir}")
    print(f"app ready:               {app_ready(archive_path, index_dir)}")
    with open_archive(archive_path, index_dir=index_dir) as archive:
        queries = [text for _, text in query_mix(archive)][: args.queries]
        direct = []
        for text in queries:
            started = time.perf_counter()
            archive.search(text, limit=RESULTS_PAGE)
            direct.append(1000 * (time.perf_counter() - started))
    clock = Clock()
    app = create_app(archive_path, index_dir=index_dir, update=False)
    figures: dict[str, list[float]] = {}

    async def drive() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            figures.update(await measure(app, pilot, clock, queries))

    asyncio.run(drive())
    print("(each: until the pane holds the answer / until the frame is drawn)")
    print(f"keystroke to results:    {percentiles(figures['keystroke'])}")
    print(f"                 drawn:  {percentiles(figures['keystroke drawn'])}")
    print(f"  of which debounce      {1000 * DEBOUNCE_S:.0f} ms; the same queries on the archive directly:")
    print(f"  archive.search         {percentiles(direct)}")
    print(f"opening an article:      {percentiles(figures['open'])}")
    print(f"                 drawn:  {percentiles(figures['open drawn'])}")
    if figures["mentions"]:
        print(f"mentions view (1,000+):  {percentiles(figures['mentions'])}")
        print(f"                 drawn:  {percentiles(figures['mentions drawn'])}")
    else:
        print("mentions view:           no entity has 1,000 mentions at this size")
    print(f"baseline, Textual alone: {percentiles(floor(clock))}  (focus moved between two lists, until drawn)")


if __name__ == "__main__":
    main()
