"""The repair rules: damaged or outdated derived data is disposable, and a build says what it repaired.

Only the index folder's own derived files are ever touched, by name (the store, its
journal files, the whoosh folder, the lock): the folder may be one the user named with
--index-dir, and the user's own data lives beside it, never in it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat as stat_mode
import time
from pathlib import Path

from newsbrowse.build.lock import LOCK_NAME, BuildLock, lock_owner
from newsbrowse.errors import IndexDamagedError, NewsbrowseError
from newsbrowse.index.internals import Index, create_index, index_sound, open_index
from newsbrowse.index.schema import INDEX_VERSION
from newsbrowse.location import STORE_FILES, STORE_NAME, WHOOSH_NAME
from newsbrowse.store import Store, StoreVersionError

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


def open_store(index_dir: Path, notes: list[str]) -> Store:
    """The store of an index folder, replacing one made by another version of newsbrowse (and saying so in `notes`)."""
    path = index_dir / STORE_NAME
    try:
        return Store.open(path)
    except StoreVersionError as old:
        with BuildLock(index_dir):
            Store.recreate(path).close()
            create_index(index_dir / WHOOSH_NAME)
        notes.append(f"the index was made by another version of newsbrowse (store version {old.found}); rebuilt it")
        return Store.open(path)


def build_store(index_dir: Path, rebuild: bool, notes: list[str]) -> Store:
    """The store a build writes through (a connection of its own), emptied for a rebuild.

    The build's own connection lets searches from other threads read (WAL) without
    waiting for its transactions. A rebuild empties the store and the index in place:
    readers (the browser, other processes) see them empty, then fill up again. A store
    too damaged for that is discarded with the index (derived data, all of it) and
    made anew.
    """
    path = index_dir / STORE_NAME
    if not rebuild:
        return Store.open(path)
    try:
        store = Store.recreate(path)
        if store.sound():
            notes.append("rebuilt the index from scratch")
            return store
        store.close()
        why = "its free pages are damaged"
    except IndexDamagedError as err:
        why = str(err)
    discard(index_dir, [*STORE_FILES, WHOOSH_NAME])
    notes.append(f"discarded the damaged index ({why}) and rebuilt it from scratch")
    return Store.recreate(path)


def usable_index(index_dir: Path, store: Store, rebuild: bool, notes: list[str]) -> tuple[Index, bool]:
    """The search index a build writes to, and whether it is new (to be filled from the store).

    Something else in the whoosh folder's place is discarded; a damaged index, one of
    another version, or none at all is made anew (it is derived from the store).
    """
    whoosh_dir = index_dir / WHOOSH_NAME
    if whoosh_dir.is_symlink() or (whoosh_dir.exists() and not whoosh_dir.is_dir()):
        discard(index_dir, [WHOOSH_NAME])
    index = None if rebuild else open_index(whoosh_dir)
    if index is not None and not index_sound(index):
        notes.append("the search index was damaged; rebuilt it from the store")
        index = None
    if index is not None and store.get_meta("index_version") == str(INDEX_VERSION):
        return index, False
    return create_index(whoosh_dir), True


def remove_unused_index(index_dir: Path) -> None:
    """Remove an index folder that holds no article and nothing but newsbrowse's own files (one a failed command made).

    Left alone if a build holds it, if its store has articles or cannot be read, or if
    anything else lies in it.
    """
    ours = {*STORE_FILES, WHOOSH_NAME, LOCK_NAME}
    try:
        if not index_dir.is_dir() or lock_owner(index_dir) is not None:
            return
        if any(entry.name not in ours for entry in index_dir.iterdir()):
            return
        if (index_dir / STORE_NAME).exists():
            store = Store.open(index_dir / STORE_NAME)
            try:
                if store.article_count():
                    return
            finally:
                store.close()
        discard(index_dir, sorted(ours))
        index_dir.rmdir()
    except (OSError, NewsbrowseError, sqlite3.Error):
        return  # kept: nothing is removed that cannot be shown to be empty
