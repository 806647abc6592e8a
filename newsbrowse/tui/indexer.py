"""The index build in a process of its own, reporting as JSON lines, and the browser's side that follows it.

The browser never forks: it starts `python -m newsbrowse.tui.indexer ARCHIVE ...`, which
runs `Archive.update` (with its own worker processes) and prints one JSON object per
line: {"event": "progress", ...BuildProgress}, then {"event": "done", "summary": ...}
or {"event": "error", "message": ...}. SIGTERM asks it to commit what it has and stop.
This module never imports Textual.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from newsbrowse.archive import BuildProgress, open_archive
from newsbrowse.errors import IndexStoreError, NewsbrowseError
from newsbrowse.model import IndexSummary, Skipped
from newsbrowse.serialize import to_jsonable


def _emit(out: TextIO, event: str, **data: Any) -> None:
    """Write one event line and flush it at once (the reader is waiting)."""
    out.write(json.dumps({"event": event, **data}, ensure_ascii=False) + "\n")
    out.flush()


def run(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Build or update the index of an archive, reporting on `out` (stdout); the exit code."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m newsbrowse.tui.indexer")
    parser.add_argument("archive")
    parser.add_argument("--index-dir")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args(argv)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    def progress(state: BuildProgress) -> None:
        try:
            _emit(out, "progress", **to_jsonable(state))
        except BrokenPipeError:  # the browser went away: finish the batch and stop
            stop.set()

    try:
        with open_archive(args.archive, args.index_dir) as archive:
            summary = archive.update(jobs=args.jobs, progress=progress, cancel=stop.is_set, rebuild=args.rebuild)
        _emit(out, "done", summary=to_jsonable(summary))
    except NewsbrowseError as err:
        _emit(out, "error", message=str(err))
        return err.exit_code
    except BrokenPipeError:
        return 0
    return 0


def _summary(data: dict[str, Any]) -> IndexSummary:
    """An IndexSummary from its JSON form."""
    skipped = tuple(Skipped(**item) for item in data.pop("skipped", ()))
    notes = tuple(data.pop("notes", ()))
    return IndexSummary(**data, skipped=skipped, notes=notes)


class BuildProcess:
    """A running build process, read event by event."""

    def __init__(self, archive: Path, index_dir: Path, rebuild: bool = False, jobs: int | None = None) -> None:
        command = [sys.executable, "-m", "newsbrowse.tui.indexer", str(archive), "--index-dir", str(index_dir)]
        if rebuild:
            command.append("--rebuild")
        if jobs:
            command += ["--jobs", str(jobs)]
        # A session of its own: the terminal's signals are the browser's, not the build's.
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        """The build's process id."""
        return self._process.pid

    def events(self) -> Iterator[BuildProgress | IndexSummary]:
        """Progress as it comes, then the summary; IndexStoreError if the build fails."""
        assert self._process.stdout is not None and self._process.stderr is not None
        for line in self._process.stdout:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue  # a stray line from a library is no event
            event = data.pop("event", None)
            if event == "progress":
                yield BuildProgress(**data)
            elif event == "done":
                yield _summary(data["summary"])
                return
            elif event == "error":
                raise IndexStoreError(data["message"])
        code = self._process.wait()
        if code not in (0, -signal.SIGTERM):
            last = self._process.stderr.read().strip().splitlines()[-1:] or [f"exit code {code}"]
            raise IndexStoreError(f"the index build stopped: {last[0]}")

    def stop(self) -> None:
        """Ask the build to commit what it has and stop (it finishes on its own; the index stays consistent)."""
        if self._process.poll() is None:
            self._process.terminate()


if __name__ == "__main__":
    raise SystemExit(run())
