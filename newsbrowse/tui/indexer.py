"""The browser's side of a background index build: `newsbrowse index --progress jsonl` in a process of its own.

The browser never forks: it starts `python -m newsbrowse index ARCHIVE --progress jsonl`,
which runs `Archive.update` (with its own worker processes) and prints one JSON object
per line (the messages of newsbrowse.build.progress). SIGTERM asks it to commit what it has and stop.
This module never imports Textual.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from newsbrowse.build.progress import BuildFailed, read_line
from newsbrowse.errors import IndexStoreError
from newsbrowse.model import BuildProgress, IndexSummary


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
            message = read_line(line)
            if isinstance(message, BuildFailed):
                raise IndexStoreError(message.message)
            if message is not None:
                yield message
            if isinstance(message, IndexSummary):
                return
        code = self._process.wait()
        if code not in (0, -signal.SIGTERM):
            # Errors before the build starts (a bad archive path) are one line on stderr.
            last = self._process.stderr.read().strip().splitlines()[-1:] or [f"exit code {code}"]
            raise IndexStoreError(last[0].removeprefix("newsbrowse: error: "))

    def stop(self) -> None:
        """Ask the build to commit what it has and stop (it finishes on its own; the index stays consistent)."""
        if self._process.poll() is None:
            self._process.terminate()
