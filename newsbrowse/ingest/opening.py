"""Opening an archive's files safely: only regular files inside the archive, never a device, a pipe or /proc."""

from __future__ import annotations

import io
import os
import stat as stat_mode
from functools import cache

from newsbrowse.ingest.formats import Unreadable

OUTSIDE = "link points outside the archive"
NOT_REGULAR = "not a regular file (a pipe, socket or device); remove it from the archive"
SYSTEM = "a system file (/proc, /sys or /dev), not an article"

# O_NONBLOCK: a file swapped for a named pipe after the walk must not block the open.
# O_NOCTTY: a terminal device must never become the build's controlling terminal.
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


@cache
def _system_devices() -> frozenset[int]:
    """The devices of the kernel's pseudo file systems (/proc, /sys, /dev), whose files are no articles.

    /proc/self/environ, for one, is a regular file by its mode: only its device gives it away.
    A folder on the root file system itself (no separate mount) is left out, or every file would be.
    """
    try:
        root = os.stat("/").st_dev
    except OSError:
        return frozenset()
    found = set()
    for path in ("/proc", "/sys", "/dev"):
        try:
            device = os.stat(path).st_dev
        except OSError:
            continue
        if device != root:
            found.add(device)
    return frozenset(found)


def is_system(stat: os.stat_result) -> bool:
    """Whether a file or folder lives on /proc, /sys or /dev."""
    return stat.st_dev in _system_devices()


def inside(path: str, root: str) -> bool:
    """Whether a resolved path is `root` or lies below it (both absolute and resolved)."""
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def _opened_path(fd: int, location: str) -> str:
    """The resolved path of what `fd` opened: the kernel's word for it where it gives one, else realpath."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(location)


def open_regular(location: str, root: str | None) -> io.BufferedReader:
    """Open a file for reading if it is a regular file inside `root` (any file when `root` is None).

    Raises Unreadable with the reason for anything else, OSError when the file cannot be
    opened at all. The file is looked at before opening (a device is never opened) and
    what was opened is looked at again: it may have been swapped since.
    """
    before = os.stat(location)
    if is_system(before):
        raise Unreadable(SYSTEM)
    if not stat_mode.S_ISREG(before.st_mode):
        raise Unreadable(NOT_REGULAR)
    fd = os.open(location, _FLAGS)
    try:
        opened = os.fstat(fd)
        if is_system(opened):
            raise Unreadable(SYSTEM)
        if not stat_mode.S_ISREG(opened.st_mode):
            raise Unreadable(NOT_REGULAR)
        if root is not None and not inside(_opened_path(fd, location), root):
            raise Unreadable(OUTSIDE)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
