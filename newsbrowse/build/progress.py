"""The messages of a build running in a process of its own: `newsbrowse index --progress jsonl` writes them, the
browser reads them. One JSON object per line:

    {"event": "progress", "phase": ..., "files_done": ..., ..., "rate": ..., "eta": ...}   (any number)
    {"event": "done", "summary": {IndexSummary's fields, "index_dir", "seconds"}}      (the last line), or
    {"event": "error", "message": "..."}                                                (the build failed)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from newsbrowse.model import BuildProgress, IndexSummary, Skipped

_PROGRESS_FIELDS = frozenset(field.name for field in fields(BuildProgress))
_SUMMARY_FIELDS = frozenset(field.name for field in fields(IndexSummary))


@dataclass(frozen=True, slots=True)
class BuildFailed:
    """The build stopped on an error; `message` is its one line."""

    message: str


def progress_line(event: BuildProgress) -> str:
    """A progress event, with the rate (articles/s) and the estimated seconds left."""
    rate = event.articles / event.elapsed if event.elapsed > 0 else 0.0
    left = event.files_total - event.files_done
    eta = left * event.elapsed / event.files_done if event.files_done and left > 0 else None
    line = {"event": "progress", **asdict(event), "rate": round(rate, 1), "eta": round(eta, 1) if eta else eta}
    return json.dumps(line)


def done_line(summary: dict[str, Any]) -> str:
    """The last line of a build that finished: its summary as `index --json` prints it."""
    return json.dumps({"event": "done", "summary": summary})


def error_line(message: str) -> str:
    """The last line of a build that failed."""
    return json.dumps({"event": "error", "message": message})


def _summary(data: dict[str, Any]) -> IndexSummary:
    """An IndexSummary from its JSON form (extra keys, such as the time taken, left out)."""
    known = {key: value for key, value in data.items() if key in _SUMMARY_FIELDS}
    known["skipped"] = tuple(Skipped(**item) for item in known.get("skipped", ()))
    known["notes"] = tuple(known.get("notes", ()))
    return IndexSummary(**known)


def read_line(line: str) -> BuildProgress | IndexSummary | BuildFailed | None:
    """The message a line holds; None for a line that is none (a stray line from a library)."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return None
    event = data.get("event") if isinstance(data, dict) else None
    if event == "progress":
        return BuildProgress(**{key: value for key, value in data.items() if key in _PROGRESS_FIELDS})
    if event == "done":
        return _summary(data["summary"])
    if event == "error":
        return BuildFailed(str(data["message"]))
    return None
