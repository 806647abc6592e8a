"""Damaged derived data is disposable: take the build lock whatever stands in its place, move damaged files aside.

Only the index folder's own derived files are ever touched, by name (the store, its
journal files, the whoosh folder, the lock): the folder may be one the user named with
--index-dir, and the user's own data lives beside it, never in it.
"""

from __future__ import annotations

import os
import shutil
import stat as stat_mode
import time
from pathlib import Path

from newsbrowse.errors import IndexDamagedError
from newsbrowse.index.lock import LOCK_NAME, BuildLock

# Where damaged files are moved before they are deleted (hidden, so that no walk or listing shows it).
_ASIDE_PREFIX = ".damaged-"


def _is_file(path: Path) -> bool:
    """Whether `path` is missing or a regular file (not a folder, a link, a pipe)."""
    try:
        return stat_mode.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


def take_lock(directory: Path, repair: bool) -> BuildLock:
    """The build lock of an index folder, taken; IndexBusyError if another build holds it.

    Something else in the lock file's place (a folder, a link) is damage: with `repair`
    it is discarded, else IndexDamagedError says so.
    """
    lock = BuildLock(directory)
    path = directory / LOCK_NAME
    if not _is_file(path):
        if not repair:
            raise IndexDamagedError(f"{path} is not a file")
        discard(directory, [LOCK_NAME])
    lock.acquire()
    return lock


def discard(directory: Path, names: list[str]) -> None:
    """Move the named entries of an index folder aside at once (a rename each), then delete them.

    Readers in other processes keep what they have open; new ones find the names free.
    """
    aside = directory / f"{_ASIDE_PREFIX}{os.getpid()}-{time.monotonic_ns()}"
    aside.mkdir()
    for name in names:
        try:
            os.replace(directory / name, aside / name)
        except FileNotFoundError:
            continue
    clear_aside(directory)


def clear_aside(directory: Path) -> None:
    """Delete what earlier repairs moved aside (a repair stopped half-way may have left some)."""
    for leftover in directory.glob(f"{_ASIDE_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
