"""Find the supported files of an archive: a sorted, loop-safe walk that stats each file once.

Links are followed only where they resolve inside the archive (a folder once, however many
links lead to it); anything else is skipped with the reason "link points outside the archive".
"""

from __future__ import annotations

import errno
import os
import re
import stat as stat_mode
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsbrowse.errors import ArchiveError
from newsbrowse.ingest import formats
from newsbrowse.ingest.formats import has_controls, too_large
from newsbrowse.ingest.opening import NOT_REGULAR, OUTSIDE, SYSTEM, inside, is_system
from newsbrowse.ingest.registry import FileFormat, archive_files, format_of
from newsbrowse.model import Skipped

# A folder's own notes (an archive's README, a licence) describe the scrape; they are not articles.
_NOT_ARTICLES = re.compile(r"(?:readme|licen[cs]e|copying|changelog|notice)(?:\.(?:md|txt))?", re.IGNORECASE)
_UID = os.geteuid()


@dataclass(frozen=True, slots=True, init=False)
class SourceFile:
    """A supported file found in the archive; `relpath` (POSIX) is relative to the archive.

    Made as `SourceFile(path, relpath, size, mtime_ns, root)`. The path is kept as the string the
    walk found (`location`); `path` makes the Path only when asked: an unchanged re-run of a
    large archive reads no file, and a Path per file cost it ~2 µs each. `root` is the
    archive's resolved path: what is opened must lie inside it (None: no such check).
    """

    location: str
    relpath: str
    size: int
    mtime_ns: int
    root: str | None = field(default=None, compare=False)

    def __init__(
        self, path: str | os.PathLike[str], relpath: str, size: int, mtime_ns: int, root: str | None = None
    ) -> None:
        object.__setattr__(self, "location", os.fspath(path))
        object.__setattr__(self, "relpath", relpath)
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "mtime_ns", mtime_ns)
        object.__setattr__(self, "root", root)

    @property
    def path(self) -> Path:
        """The file's absolute path."""
        return Path(self.location)


def _readable(location: str, stat: os.stat_result) -> bool:
    """Whether this process may read the file: from its mode bits when they settle it, else os.access."""
    mode = stat.st_mode
    # Read by everyone, or ours and readable by its owner: no need for a system call.
    if stat.st_uid == _UID:
        if mode & stat_mode.S_IRUSR:
            return True
    elif mode & stat_mode.S_IRGRP and mode & stat_mode.S_IROTH:
        return True
    return os.access(location, os.R_OK)


def _checked(
    location: str, relpath: str, found: tuple[FileFormat, bool] | None, stat: os.stat_result, root: str
) -> SourceFile | Skipped:
    """The file as a SourceFile, or Skipped when it is too large, not readable or badly named."""
    if not relpath.isascii():
        try:
            relpath.encode("utf-8")
        except UnicodeEncodeError:
            # Names in a legacy encoding come back with surrogate escapes, which no index can store.
            shown = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return Skipped(shown, "the file name is not valid UTF-8; rename the file (e.g. with convmv)")
    if has_controls(relpath):
        # A newline or an escape sequence in a name would garble every listing that prints it.
        shown = "".join(char if char.isprintable() else "?" for char in relpath)
        return Skipped(shown, "the file name holds control characters; rename the file")
    if is_system(stat):
        return Skipped(relpath, SYSTEM)
    if not stat_mode.S_ISREG(stat.st_mode):
        return Skipped(relpath, NOT_REGULAR)
    limit = formats.MAX_FILE_BYTES
    if found is not None and not found[0].streamed and stat.st_size > limit:
        return Skipped(relpath, too_large(limit))
    if not _readable(location, stat):
        return Skipped(relpath, "permission denied (make the file readable, e.g. chmod +r)")
    return SourceFile(location, relpath, stat.st_size, stat.st_mtime_ns, root)


def _stat_failure(relpath: str, err: OSError, is_link: bool) -> Skipped:
    """The reason a directory entry could not be examined."""
    if isinstance(err, FileNotFoundError):
        reason = "broken symbolic link (its target is missing)" if is_link else "file vanished during the walk"
    elif isinstance(err, PermissionError):
        reason = "permission denied (cannot look at the file; check the folder's permissions)"
    elif err.errno == errno.ELOOP:
        reason = "symbolic link loop (the link leads back to itself); remove or fix the link"
    else:
        reason = f"cannot read: {err.strerror or err}"
    return Skipped(relpath, reason)


def _link_outside(entry: os.DirEntry[str], root: str) -> bool:
    """Whether an entry is a symbolic link whose target (resolved through every link) lies outside `root`."""
    try:
        if not entry.is_symlink():
            return False
    except OSError:
        return False
    return not inside(os.path.realpath(entry.path), root)


def _walk(directory: str, prefix: str, seen: set[tuple[int, int]], root: str) -> Iterator[SourceFile | Skipped]:
    """Yield the supported files under `directory` in sorted relpath order, skipping visited dirs.

    `root` is the archive's resolved path: a link leading out of it is skipped, not followed.
    """
    try:
        with os.scandir(directory) as scan:
            entries = list(scan)
    except PermissionError:
        yield Skipped(prefix or ".", "permission denied (the folder is not readable; e.g. chmod +rx)")
        return
    except FileNotFoundError:
        yield Skipped(prefix or ".", "folder vanished during the walk")
        return
    except OSError as err:
        yield Skipped(prefix or ".", f"cannot list the folder: {err.strerror or err}")
        return
    # A folder sorts as "name/" so that the walk's order is exactly the order of the relpaths.
    keyed: list[tuple[str, os.DirEntry[str], tuple[FileFormat, bool] | None]] = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue  # hidden files and folders, the index folder among them
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            keyed.append((name + "/", entry, None))
            continue
        found = format_of(name)
        if found is not None and not _NOT_ARTICLES.fullmatch(name):
            keyed.append((name, entry, found))
    keyed.sort(key=lambda item: item[0])
    for key, entry, found in keyed:
        relpath = prefix + key
        if _link_outside(entry, root):
            yield Skipped(relpath.rstrip("/"), OUTSIDE)
            continue
        try:
            stat = entry.stat()
        except OSError as err:
            yield _stat_failure(relpath, err, entry.is_symlink())
            continue
        if found is None:  # a folder
            identity = (stat.st_dev, stat.st_ino)
            if identity in seen:
                continue  # a symlink back into a folder already walked
            seen.add(identity)
            if is_system(stat):  # /proc or /sys mounted inside the archive
                yield Skipped(relpath.rstrip("/"), SYSTEM)
                continue
            yield from _walk(entry.path, relpath, seen, root)
        else:
            yield _checked(entry.path, relpath, found, stat, root)


def discover(archive: Path) -> Iterator[SourceFile | Skipped]:
    """Every supported file of an archive folder (or the single archive file), in sorted order.

    Hidden folders (and so the `.newsbrowse` index folder) are skipped, symlink loops are
    walked once, links out of the archive are skipped, unsupported extensions and
    README/licence notes are ignored; unreadable or too-large files come out as Skipped.
    Raises ArchiveError if the archive itself cannot be read or is a system folder.
    """
    archive = Path(archive).absolute()
    try:
        stat = archive.stat()
    except FileNotFoundError:
        raise ArchiveError(f"no such archive: {archive} (check the path)") from None
    except OSError as err:
        raise ArchiveError(f"cannot read the archive {archive}: {err.strerror or err}") from None
    if is_system(stat):
        raise ArchiveError(f"{archive} is a system folder (/proc, /sys or /dev), not an archive")
    # The archive itself may be reached through links (the user chose it); what lies in it may not lead out.
    root = os.path.realpath(archive)
    if stat_mode.S_ISDIR(stat.st_mode):
        if not os.access(archive, os.R_OK | os.X_OK):
            raise ArchiveError(f"cannot read the archive folder {archive}: permission denied")
        yield from _walk(str(archive), "", {(stat.st_dev, stat.st_ino)}, root)
        return
    found = format_of(archive.name)
    if found is None:
        yield Skipped(
            archive.name,
            f"not a supported file type (give a folder, or a {archive_files()} file)",
        )
        return
    yield _checked(str(archive), archive.name, found, stat, root)
