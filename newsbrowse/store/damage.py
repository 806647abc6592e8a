"""A damaged store: SQLite's word for damage, and something other than a file where the store belongs."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from newsbrowse.errors import IndexDamagedError, IndexStoreError


def is_damage(err: sqlite3.Error) -> bool:
    """Whether SQLite says the database file itself is damaged (not locked, not unreachable)."""
    message = str(err)
    return isinstance(err, sqlite3.DatabaseError) and any(
        phrase in message for phrase in ("malformed", "not a database", "encrypted")
    )


def check_is_file(path: Path) -> None:
    """IndexDamagedError if something other than a file (a folder, a link, a pipe) stands where the store belongs."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise IndexDamagedError(f"{path} is not a file")


def failure(doing: str, path: Path, err: sqlite3.Error) -> IndexStoreError:
    """The error for a store that could not be opened or emptied: IndexDamagedError when the file is damaged."""
    if is_damage(err):
        return IndexDamagedError(f"the article store {path} is damaged ({err})")
    return IndexStoreError(f"{doing} the article store {path}: {err}")
