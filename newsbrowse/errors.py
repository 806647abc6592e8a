"""User-facing errors: each carries a one-line message that says what to do, and an exit code.

Exit codes: 0 ok; 1 a runtime failure (the disk, the index, an archive with nothing to read);
2 bad usage: whatever the user typed is wrong (an argument, a path, a query, an article id, a name).
"""

from __future__ import annotations

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
