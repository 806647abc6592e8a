"""User-facing errors: each carries a one-line message that says what to do, and an exit code.

Exit codes: 0 ok; 1 a runtime failure (the disk, the index, an archive with nothing to read);
2 bad usage: whatever the user typed is wrong (an argument, a path, a query, an article id, a name).
"""

from __future__ import annotations

import errno
import sqlite3

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class NewsbrowseError(Exception):
    """A failure the user can act on; `str(err)` is the one line printed on stderr."""

    exit_code: int = EXIT_FAILURE


class UsageError(NewsbrowseError):
    """Bad arguments: a missing path, a file where a directory is needed, an unknown id."""

    exit_code = EXIT_USAGE


class ArchiveError(NewsbrowseError):
    """The archive cannot be read or holds nothing newsbrowse can index."""


class IndexStoreError(NewsbrowseError):
    """The index cannot be opened, written or locked."""


class IndexDamagedError(IndexStoreError):
    """Derived data in the index folder is damaged; `index --rebuild` discards it and builds anew."""


class QueryError(NewsbrowseError):
    """A search query the parser rejects (bad usage); the message is the parser's, made readable."""

    exit_code = EXIT_USAGE


class StorageError(IndexStoreError):
    """The disk or the store failed under a command (full, read-only, permission denied, an I/O error)."""


def storage_error(err: BaseException) -> StorageError | None:
    """A failure to read or write the disk (full, read-only, denied) or the store, as one actionable line; None if
    `err` is no such failure. The core raises these for its callers; the CLI and the TUI only print them."""
    message = str(err)
    if isinstance(err, sqlite3.Error):
        if "full" in message:
            err = OSError(errno.ENOSPC, "database or disk is full")
        elif "readonly" in message:
            err = OSError(errno.EROFS, "read-only database")
        elif "malformed" in message or "not a database" in message:
            return StorageError(
                f"the index store is damaged ({message}); rebuild it with 'newsbrowse index ARCHIVE --rebuild'"
            )
        elif "unable to open" in message or "disk I/O" in message:
            return StorageError(f"cannot use the index store ({message}); check the index folder and its disk")
    if not isinstance(err, OSError):
        return None
    where = f" {err.filename}" if err.filename else ""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(
            f"no space left on the disk while writing{where}; free space and run again (nothing indexed is lost)"
        )
    if err.errno == errno.EROFS:
        return StorageError(
            f"cannot write{where}: the file system is read-only; give --index-dir a folder that can be written"
        )
    if err.errno in (errno.EACCES, errno.EPERM):
        return StorageError(
            f"permission denied:{where}; fix its permissions, or give --index-dir a folder you can write"
        )
    return StorageError(f"cannot read or write{where}: {err.strerror or err}; check the path and the disk")
