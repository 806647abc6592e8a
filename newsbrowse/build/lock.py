"""The build lock: one build per index at a time, with the owner's pid for a clear message."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from newsbrowse.errors import IndexStoreError

LOCK_NAME = "build.lock"


class IndexBusyError(IndexStoreError):
    """Another process is building this index."""

    def __init__(self, directory: Path, pid: int | None) -> None:
        who = f"pid {pid}" if pid else "another process"
        super().__init__(
            f"another newsbrowse build ({who}) is updating the index in {directory}; "
            "wait for it to finish, or stop it and run again"
        )
        self.pid = pid


def _pid_in(text: str) -> int | None:
    """The pid written in a lock file, if any."""
    try:
        return int(text.split()[0])
    except (IndexError, ValueError):
        return None


class BuildLock:
    """An exclusive lock on an index folder (flock on a file that names its owner).

    The operating system releases a flock when its process dies, so a lock can never
    be left stale by a crash; a pid left in the file is how the next build learns that
    the previous one was interrupted (`interrupted_pid`).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / LOCK_NAME
        self._fd: int | None = None
        self.interrupted_pid: int | None = None

    def acquire(self) -> None:
        """Take the lock now, or raise IndexBusyError naming the process that holds it."""
        # Never through a link: the lock file is created in the index folder, nowhere else.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _pid_in(os.pread(fd, 64, 0).decode("ascii", "replace"))
            os.close(fd)
            raise IndexBusyError(self.directory, owner) from None
        left = _pid_in(os.pread(fd, 64, 0).decode("ascii", "replace"))
        self.interrupted_pid = left if left != os.getpid() else None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock, leaving the file empty (a clean finish)."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> BuildLock:
        """Acquire on entering a `with` block."""
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Release on leaving it."""
        self.release()


def lock_owner(directory: Path) -> int | None:
    """The pid of a build running on this index (-1 if unknown), or None when none is.

    Asks with a shared lock, which leaves the file (and what it says about an
    interrupted build) untouched.
    """
    try:
        fd = os.open(directory / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _pid_in(os.pread(fd, 64, 0).decode("ascii", "replace")) or -1
    finally:
        os.close(fd)  # closing also drops the shared lock
    return None
