"""Find the supported files of an archive: a sorted, loop-safe walk that stats each file once."""

from __future__ import annotations

import os
import re
import stat as stat_mode
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsbrowse.errors import ArchiveError
from newsbrowse.ingest import formats
from newsbrowse.ingest.formats import STREAMED, format_of, too_large
from newsbrowse.model import Skipped

# A folder's own notes (an archive's README, a licence) describe the scrape; they are not articles.
_NOT_ARTICLES = re.compile(r"(?:readme|licen[cs]e|copying|changelog|notice)(?:\.(?:md|txt))?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A supported file found in the archive; `relpath` (POSIX) is relative to the archive."""

    path: Path
    relpath: str
    size: int
    mtime_ns: int


def _checked(path: Path, relpath: str, stat: os.stat_result) -> SourceFile | Skipped:
    """The file as a SourceFile, or Skipped when it is too large, not readable or badly named."""
    if not relpath.isascii():
        try:
            relpath.encode("utf-8")
        except UnicodeEncodeError:
            # Names in a legacy encoding come back with surrogate escapes, which no index can store.
            shown = relpath.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return Skipped(shown, "the file name is not valid UTF-8; rename the file (e.g. with convmv)")
    if not stat_mode.S_ISREG(stat.st_mode):
        return Skipped(relpath, "not a regular file (a pipe, socket or device); remove it from the archive")
    found = format_of(relpath)
    limit = formats.MAX_FILE_BYTES
    if found is not None and found[0] not in STREAMED and stat.st_size > limit:
        return Skipped(relpath, too_large(limit))
    if not os.access(path, os.R_OK):
        return Skipped(relpath, "permission denied (make the file readable, e.g. chmod +r)")
    return SourceFile(path, relpath, stat.st_size, stat.st_mtime_ns)


def _stat_failure(relpath: str, err: OSError, is_link: bool) -> Skipped:
    """The reason a directory entry could not be examined."""
    if isinstance(err, FileNotFoundError):
        reason = "broken symbolic link (its target is missing)" if is_link else "file vanished during the walk"
    elif isinstance(err, PermissionError):
        reason = "permission denied (cannot look at the file; check the folder's permissions)"
    else:
        reason = f"cannot read: {err.strerror or err}"
    return Skipped(relpath, reason)


def _walk(directory: Path, prefix: str, seen: set[tuple[int, int]]) -> Iterator[SourceFile | Skipped]:
    """Yield the supported files under `directory` in sorted relpath order, skipping visited dirs."""
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
    keyed: list[tuple[str, os.DirEntry[str], bool]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders, the index folder among them
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if not is_dir and (format_of(entry.name) is None or _NOT_ARTICLES.fullmatch(entry.name)):
            continue
        keyed.append((entry.name + "/" if is_dir else entry.name, entry, is_dir))
    keyed.sort(key=lambda item: item[0])
    for key, entry, is_dir in keyed:
        relpath = prefix + key
        try:
            stat = entry.stat()
        except OSError as err:
            yield _stat_failure(relpath, err, entry.is_symlink())
            continue
        if is_dir:
            identity = (stat.st_dev, stat.st_ino)
            if identity in seen:
                continue  # a symlink back into a folder already walked
            seen.add(identity)
            yield from _walk(Path(entry.path), relpath, seen)
        else:
            yield _checked(Path(entry.path), relpath, stat)


def discover(archive: Path) -> Iterator[SourceFile | Skipped]:
    """Every supported file of an archive folder (or the single archive file), in sorted order.

    Hidden folders (and so the `.newsbrowse` index folder) are skipped, symlink loops are
    walked once, unsupported extensions and README/licence notes are ignored; unreadable or too-large files come out
    as Skipped. Raises ArchiveError if the archive itself cannot be read.
    """
    archive = Path(archive).absolute()
    try:
        stat = archive.stat()
    except FileNotFoundError:
        raise ArchiveError(f"no such archive: {archive} (check the path)") from None
    except OSError as err:
        raise ArchiveError(f"cannot read the archive {archive}: {err.strerror or err}") from None
    if stat_mode.S_ISDIR(stat.st_mode):
        if not os.access(archive, os.R_OK | os.X_OK):
            raise ArchiveError(f"cannot read the archive folder {archive}: permission denied")
        yield from _walk(archive, "", {(stat.st_dev, stat.st_ino)})
        return
    if format_of(archive.name) is None:
        yield Skipped(
            archive.name,
            "not a supported file type (give a folder, or a .warc, .warc.gz, .jsonl or .ndjson file)",
        )
        return
    yield _checked(archive, archive.name, stat)
