"""The browser's side of a background index build: `newsbrowse index --progress jsonl` in a process of its own.

The browser never forks: it starts `python -m newsbrowse index ARCHIVE --progress jsonl`,
which runs `Archive.update` (with its own worker processes) and prints one JSON object
per line: {"event": "progress", ...}, then {"event": "done", "summary": {...}} or
{"event": "error", "message": ...}. SIGTERM asks it to commit what it has and stop.
This module never imports Textual.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from newsbrowse.archive import BuildProgress
from newsbrowse.errors import IndexStoreError
from newsbrowse.model import IndexSummary, Skipped

_PROGRESS_FIELDS = frozenset(field.name for field in fields(BuildProgress))
_SUMMARY_FIELDS = frozenset(field.name for field in fields(IndexSummary))


def _summary(data: dict[str, Any]) -> IndexSummary:
    """An IndexSummary from its JSON form (extra keys, such as the time taken, left out)."""
    known = {key: value for key, value in data.items() if key in _SUMMARY_FIELDS}
    known["skipped"] = tuple(Skipped(**item) for item in known.get("skipped", ()))
    known["notes"] = tuple(known.get("notes", ()))
    return IndexSummary(**known)


class BuildProcess:
    """A running build process, read event by event."""

    def __init__(self, archive: Path, index_dir: Path, rebuild: bool = False, jobs: int | None = None) -> None:
        command = [sys.executable, "-m", "newsbrowse", "index", str(archive), "--index-dir", str(index_dir)]
        command += ["--progress", "jsonl"]
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

    def events(self) -> Iterator[BuildProgress | IndexSummary]:
        """Progress as it comes, then the summary; IndexStoreError if the build fails."""
        assert self._process.stdout is not None and self._process.stderr is not None
        for line in self._process.stdout:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue  # a stray line from a library is no event
            event = data.get("event")
            if event == "progress":
                yield BuildProgress(**{key: value for key, value in data.items() if key in _PROGRESS_FIELDS})
            elif event == "done":
                yield _summary(data["summary"])
                return
            elif event == "error":
                raise IndexStoreError(data["message"])
        code = self._process.wait()
        if code not in (0, -signal.SIGTERM):
            # Errors before the build starts (a bad archive path) are one line on stderr.
            last = self._process.stderr.read().strip().splitlines()[-1:] or [f"exit code {code}"]
            raise IndexStoreError(last[0].removeprefix("newsbrowse: error: "))

    def stop(self) -> None:
        """Ask the build to commit what it has and stop (it finishes on its own; the index stays consistent)."""
        if self._process.poll() is None:
            self._process.terminate()
