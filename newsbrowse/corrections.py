"""The user's own entity corrections: a TOML file beside the index that no build touches.

Each correction names entities by name (any form that finds them), so it survives a rebuild,
a deleted index and a new version of the extractor. They are applied in file order, on top of
the archive-wide resolution, whenever the file changes; nothing is extracted again.

    [[correction]]
    merge = "Blair"          # the entity found by "Blair" joins ...
    into = "Tony Blair"      # ... the entity found by "Tony Blair"

Actions: merge/into, rename/to, alias/of (articles writing that name join the entity, and
the name finds it), split/from (articles writing that name leave the entity and make one of
their own), hide (never listed or found), show (undo a hide, or list a name hidden as junk),
type/of (person, org, place or other).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsbrowse.errors import NewsbrowseError, UsageError
from newsbrowse.location import INDEX_DIR_NAME, user_file
from newsbrowse.model import ENTITY_TYPES, EntitySummary

Action = Literal["merge", "rename", "alias", "split", "hide", "show", "type"]
# Each action's key and the key of its second name (None: the action takes one name).
_SECOND: dict[str, str | None] = {
    "merge": "into",
    "rename": "to",
    "alias": "of",
    "split": "from",
    "hide": None,
    "show": None,
    "type": "of",
}
SUFFIX = "entities.toml"
FILE_NAME = f"{INDEX_DIR_NAME}-{SUFFIX}"
MAX_BYTES = 10_000_000  # a corrections file is typed by a person: anything larger is not one
_HEADER = re.compile(r"^\s*\[\[\s*correction\s*\]\]\s*(?:#.*)?$", re.MULTILINE)
_INTRO = """\
# Entity corrections for {archive}
# Written by `newsbrowse entity` and the app's entity keys; you may edit it by hand.
# Applied in order, on top of what newsbrowse finds, as soon as the file changes.
# merge = "A", into = "B"    the entity A joins B
# rename = "A", to = "B"     A is listed as B
# alias = "A", of = "B"      articles writing A count for B, and A finds B
# split = "A", from = "B"    articles writing A leave B and make an entity of their own
# hide = "A"                 A is never listed or found (show = "A" undoes it)
# type = "org", of = "A"     A is a person, org, place or other
"""


class CorrectionsError(NewsbrowseError):
    """The corrections file cannot be read or written."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction: an action on the entity a name finds, with its second value if any.

    merge: `name` joins `value`; rename: `name` becomes `value`; alias: `value` gains the form
    `name`; split: the form `name` leaves `value`; type: `name` gets type `value`.
    """

    action: Action
    name: str
    value: str | None = None

    def describe(self) -> str:
        """One line saying what the correction does."""
        match self.action:
            case "merge":
                return f"merge {self.name!r} into {self.value!r}"
            case "rename":
                return f"rename {self.name!r} to {self.value!r}"
            case "alias":
                return f"{self.name!r} is an alias of {self.value!r}"
            case "split":
                return f"split {self.name!r} from {self.value!r}"
            case "type":
                return f"{self.name!r} is of type {self.value}"
        return f"{self.action} {self.name!r}"

    def toml(self) -> str:
        """The correction as a [[correction]] table."""
        lines = ["[[correction]]"]
        if self.action == "type":
            lines += [f"type = {_quote(self.value or '')}", f"of = {_quote(self.name)}"]
        else:
            lines.append(f"{self.action} = {_quote(self.name)}")
            second = _SECOND[self.action]
            if second is not None:
                lines.append(f"{second} = {_quote(self.value or '')}")
        return "\n".join(lines) + "\n"


def stable_name(entity: EntitySummary) -> str:
    """The name a correction keeps for an entity: the form its articles use most, which finds it
    whatever other corrections rename it to."""
    return entity.aliases[0] if entity.aliases else entity.name


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def corrections_path(archive: Path) -> Path:
    """Where an archive's corrections live: ARCHIVE/.newsbrowse-entities.toml beside the index folder,
    or, when the archive is a file or cannot be written, in the user data folder (never a cache)."""
    return user_file(archive, SUFFIX)


def check(correction: Correction) -> Correction:
    """The correction if its names and type are usable, else UsageError saying what is wrong."""
    names = [correction.name] + (
        [correction.value] if _SECOND[correction.action] and correction.action != "type" else []
    )
    for name in names:
        if name is None or not name.strip() or len(name) > 300 or "\n" in name:
            raise UsageError(f"bad entity name {name!r}: give one line of at most 300 characters")
    if correction.action == "type" and correction.value not in ENTITY_TYPES:
        raise UsageError(f"unknown entity type '{correction.value}' (use {', '.join(ENTITY_TYPES)})")
    if (
        correction.action in ("merge", "alias", "split")
        and correction.name.strip().casefold() == (correction.value or "").strip().casefold()
    ):
        raise UsageError(f"'{correction.name}' names the same entity twice")
    return correction


def _parse(entry: object) -> Correction:
    """One [[correction]] table as a Correction; ValueError says what is wrong with it."""
    if not isinstance(entry, dict):
        raise ValueError("not a table")
    if "type" in entry:
        action = "type"
        name, value = entry.get("of"), entry.get("type")
        expected = {"type", "of"}
    else:
        actions = [key for key in entry if key in _SECOND]
        if len(actions) != 1:
            raise ValueError(f"needs exactly one of {', '.join(_SECOND)}")
        action = actions[0]
        second = _SECOND[action]
        name, value = entry.get(action), entry.get(second) if second else None
        expected = {action} | ({second} if second else set())
    if set(entry) != expected or not isinstance(name, str) or (value is not None and not isinstance(value, str)):
        raise ValueError(f"'{action}' takes the keys {' and '.join(sorted(expected))}, each a string")
    try:
        return check(Correction(action, name, value))  # type: ignore[arg-type]
    except UsageError as err:
        raise ValueError(str(err)) from err


@dataclass(frozen=True, slots=True)
class Loaded:
    """The corrections of a file with their numbers (from 1, in file order), what could not be
    used in it, and a fingerprint of its content."""

    numbered: tuple[tuple[int, Correction], ...] = ()
    problems: tuple[str, ...] = ()
    fingerprint: str = ""
    entries: int = 0  # [[correction]] tables, usable or not

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """The usable corrections in file order."""
        return tuple(correction for _, correction in self.numbered)


def load(path: Path) -> Loaded:
    """Read a corrections file (missing: none); a file that is no TOML raises CorrectionsError,
    an entry that is no correction is skipped and reported in `problems`."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Loaded()
    except OSError as err:
        raise CorrectionsError(f"cannot read the entity corrections {path}: {err.strerror or err}") from err
    if len(data) > MAX_BYTES:
        raise CorrectionsError(
            f"the entity corrections {path} are over {MAX_BYTES // 1_000_000} MB: is it the right file?"
        )
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CorrectionsError(f"cannot read the entity corrections {path}: {err} (fix or remove the file)") from err
    entries = parsed.get("correction", [])
    if not isinstance(entries, list):
        raise CorrectionsError(f"cannot read the entity corrections {path}: 'correction' must be [[correction]] tables")
    numbered, problems = [], []
    for number, entry in enumerate(entries, 1):
        try:
            numbered.append((number, _parse(entry)))
        except ValueError as err:
            problems.append(f"{path}: correction {number} skipped: {err}")
    fingerprint = hashlib.blake2b(data, digest_size=16).hexdigest()
    return Loaded(tuple(numbered), tuple(problems), fingerprint, len(entries))


class CorrectionsFile:
    """An archive's corrections file, read again only when it changed on disk (size, mtime, inode)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        self.loaded = Loaded()

    def refresh(self) -> bool:
        """Read the file again if it changed since last time; whether it was read."""
        try:
            stat = self.path.stat()
            seen = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        except FileNotFoundError:
            seen = (-1, 0, 0)
        except OSError as err:
            raise CorrectionsError(f"cannot read the entity corrections {self.path}: {err.strerror or err}") from err
        if seen == self._seen:
            return False
        self.loaded = load(self.path)
        self._seen = seen
        return True


def add(path: Path, correction: Correction, archive: Path) -> None:
    """Append a correction to the file (created with a short explanation if missing), keeping all else."""
    check(correction)
    load(path)  # never append to a file that cannot be read back
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.exists() else _INTRO.format(archive=archive)
        if text and not text.endswith("\n"):
            text += "\n"
        _write(path, f"{text}\n{correction.toml()}")
    except OSError as err:
        raise CorrectionsError(f"cannot write the entity corrections {path}: {err.strerror or err}") from err


def remove(path: Path, number: int) -> Correction | None:
    """Remove the number-th correction (from 1) from the file, keeping the rest of the text as it is;
    returns it (None if that entry was not a usable correction)."""
    loaded = load(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    headers = list(_HEADER.finditer(text))
    if len(headers) != loaded.entries:
        raise CorrectionsError(f"cannot find the corrections of {path} as [[correction]] tables: edit the file by hand")
    if not 1 <= number <= len(headers):
        raise UsageError(
            f"no correction {number} in {path} (there are {len(headers)}; list them with 'newsbrowse entity ARCHIVE corrections')"
        )
    start = headers[number - 1].start()
    end = headers[number].start() if number < len(headers) else len(text)
    # Comments just before the next correction belong to it: they stay.
    lines = text[start:end].splitlines(keepends=True)
    while len(lines) > 1 and (lines[-1].lstrip().startswith("#") or not lines[-1].strip()):
        end -= len(lines.pop())
    removed = dict(loaded.numbered).get(number)
    try:
        _write(path, text[:start].rstrip("\n") + "\n" + ("\n" + text[end:] if end < len(text) else ""))
    except OSError as err:
        raise CorrectionsError(f"cannot write the entity corrections {path}: {err.strerror or err}") from err
    return removed


def _write(path: Path, text: str) -> None:
    """Replace the file's content atomically: a crash leaves the old file or the new one, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
