"""How a running index build reports its progress (kept apart so readers need not import the build)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Phase = Literal["scan", "index", "finish"]


@dataclass(frozen=True, slots=True)
class BuildProgress:
    """Where a build is: files read of those to read, articles read and committed so far."""

    phase: Phase
    files_done: int = 0
    files_total: int = 0
    articles: int = 0
    committed: int = 0
    elapsed: float = 0.0


ProgressCallback = Callable[[BuildProgress], None]
CancelCheck = Callable[[], bool]
