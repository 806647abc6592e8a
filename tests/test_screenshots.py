"""The README's screenshots are what scripts/screenshots.py draws from the current code, byte for byte."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

pytestmark = pytest.mark.tui  # drives the Textual app

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_screenshots_are_what_the_script_draws_now(tmp_path: Path) -> None:
    """A change that alters what the sample archive shows fails here until the screenshots are drawn again."""
    script = runpy.run_path(str(ROOT / "scripts" / "screenshots.py"))
    written = script["take"](tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{name}.svg" for name in script["NAMES"])
    stale = script["stale"](tmp_path)
    assert not stale, f"stale screenshots {stale}: run scripts/screenshots.py and look at the new ones"
