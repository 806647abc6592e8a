"""Where an archive's files live: its index in ARCHIVE/.newsbrowse (or the user cache dir when the archive is
read-only), the user's own files beside it (or in the user data dir)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

INDEX_DIR_NAME = ".newsbrowse"


def cache_key(archive: Path) -> str:
    """A file name standing for an archive: its folder name made safe and a digest of its absolute path."""
    absolute = archive.absolute()
    digest = hashlib.sha256(str(absolute).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    readable = re.sub(r"[^\w.-]+", "_", absolute.name)[:40] or "archive"
    return f"{readable}-{digest}"


def cache_index_dir(archive: Path) -> Path:
    """The index folder for an archive in the user cache, keyed by the archive's absolute path."""
    return user_cache_path("newsbrowse", appauthor=False) / "indexes" / cache_key(archive)


def can_write(directory: Path) -> bool:
    """Whether files can be created in a folder (a read-only archive, mount or medium says no).

    A folder whose mode grants nobody write access counts as read-only even to root, who
    os.access says may write anywhere: its owner marked it so (a shared, read-only corpus).
    """
    try:
        marked_writable = directory.stat().st_mode & 0o222 != 0
    except OSError:
        return False
    return marked_writable and os.access(directory, os.W_OK | os.X_OK)


def _index_dir_inside(archive: Path) -> Path | None:
    """ARCHIVE/.newsbrowse, created if need be, or None when the archive cannot hold it."""
    if not archive.is_dir() or not can_write(archive):
        return None
    inside = archive / INDEX_DIR_NAME
    try:
        inside.mkdir(exist_ok=True)
    except OSError:
        return None
    return inside if can_write(inside) else None


def index_dir_for(archive: Path, index_dir: Path | None = None) -> Path:
    """The folder holding the archive's index, created if needed.

    `index_dir` wins when given. A folder archive keeps its index in ARCHIVE/.newsbrowse
    (like .git); a single WARC/JSONL file, or a folder that cannot be written, uses the
    user cache dir keyed by the archive's absolute path.
    """
    if index_dir is not None:
        index_dir.mkdir(parents=True, exist_ok=True)
        return index_dir
    inside = _index_dir_inside(archive)
    if inside is not None:
        return inside
    fallback = cache_index_dir(archive)
    fallback.mkdir(parents=True, exist_ok=True)
    return fallback


# The index folder's own files, all derived data (the user's own data lives beside the folder, never in it).
STORE_NAME = "store.sqlite3"
# The store's own file and the journal files SQLite keeps beside it.
STORE_FILES = tuple(STORE_NAME + suffix for suffix in ("", "-wal", "-shm", "-journal"))
WHOOSH_NAME = "whoosh"


def user_file(archive: Path, suffix: str) -> Path:
    """Where one of the user's own files for an archive lives (entity corrections, marks): beside the index
    folder as ARCHIVE/.newsbrowse-SUFFIX, or, when the archive is a file or cannot be written, in the user
    data folder keyed by the archive's absolute path (never a cache: nothing there may be thrown away)."""
    if archive.is_dir() and can_write(archive):
        return archive / f"{INDEX_DIR_NAME}-{suffix}"
    return user_data_path("newsbrowse", appauthor=False) / "archives" / f"{cache_key(archive)}-{suffix}"
