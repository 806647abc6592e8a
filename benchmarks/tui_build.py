"""The browser while the index builds: the longest the screen could not be redrawn, and search meanwhile.

Run: .venv/bin/python benchmarks/tui_build.py [N]
     (N articles, default 2000: the archive from benchmarks/make_corpus.py; indexed from
     scratch into a temporary folder by the app's own background build)

The app starts on an archive with no index, so it builds it in a separate process
(`newsbrowse index --progress jsonl`, with its worker processes) while this script drives
the UI with the pilot. It prints:
  - the build's wall time and when the first results could be found;
  - the event loop's stalls: a timer asks to run every 10 ms; the longest wait between two
    of its runs is the longest time no frame could be drawn (and keys not answered);
  - keystroke to results while the build runs (a query typed every second).
The build competes with the UI for the CPUs (two here, shared): this is the worst case.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from make_corpus import corpus
from query_latency import percentiles
from textual.app import App
from textual.pilot import Pilot
from tui_latency import Clock

from newsbrowse.tui.app import create_app
from newsbrowse.tui.widgets.results import ResultList

TICK_S = 0.01
QUERIES = ("government", "minister", "music", "election", "film", "bank", "football", "technology", "oil", "court")


def watch_loop(app: App[None], gaps: list[float]) -> None:
    """Ask the app's event loop to run a timer every TICK_S; `gaps` fills with the waits between runs (ms)."""
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(1000 * (now - last[0]))
        last[0] = now

    app.set_interval(TICK_S, tick)


def main() -> None:
    """Build an index from scratch under the app and watch the app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=2000)
    args = parser.parse_args()
    archive = corpus(args.size)
    with tempfile.TemporaryDirectory() as scratch:
        idle = idle_gaps(archive, Path(scratch) / "idle")
        clock = Clock()
        app = create_app(archive, index_dir=Path(scratch) / "index")
        gaps: list[float] = []
        keystrokes: list[float] = []
        first_results: list[float] = []

        async def drive() -> float:
            async with app.run_test(size=(120, 40)) as pilot:
                started = time.perf_counter()
                watch_loop(app, gaps)
                results = app.main.query_one(ResultList)
                for number in range(10_000):
                    if not app.building and number:
                        break
                    query = QUERIES[number % len(QUERIES)]
                    await type_query(pilot, query, keystrokes)
                    if results.items and not first_results:
                        first_results.append(time.perf_counter() - started)
                    await pilot.pause(1.0)
                return time.perf_counter() - started

        async def type_query(pilot: Pilot[None], query: str, into: list[float]) -> None:
            await pilot.press("slash", "ctrl+u", *query[:-1])
            await pilot.pause(0.1)
            clock.shown.pop(query, None)
            started = time.perf_counter()
            await pilot.press(query[-1])
            while query not in clock.shown:
                await pilot.pause(0.001)
            into.append(1000 * (clock.shown[query] - started))

        elapsed = asyncio.run(drive())
    print(f"== {args.size:,} articles indexed from scratch under the app: {elapsed:.1f} s")
    if first_results:
        print(f"first results found after {first_results[0]:.1f} s")
    print(f"event loop, asked every {1000 * TICK_S:.0f} ms, during the build: {stalls(gaps)}")
    print(f"                           the same app idle, no build: {stalls(idle)}")
    print(f"keystroke to results during the build: {percentiles(keystrokes)}")


def stalls(gaps: list[float]) -> str:
    """The longest, p99 and median time between two runs of the timer."""
    ordered = sorted(gaps)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    return f"longest wait {ordered[-1]:4.0f} ms, p99 {p99:3.0f} ms, p50 {ordered[len(ordered) // 2]:3.0f} ms (n={len(ordered)})"


def idle_gaps(archive: Path, index_dir: Path, seconds: float = 10.0) -> list[float]:
    """The timer's gaps in the same app with no build running (the machine's own noise)."""
    app = create_app(archive, index_dir=index_dir, update=False)
    gaps: list[float] = []

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            watch_loop(app, gaps)
            await pilot.pause(seconds)

    asyncio.run(drive())
    return gaps


if __name__ == "__main__":
    main()
