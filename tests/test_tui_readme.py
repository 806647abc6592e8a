"""The README's browser section: its key table is the bindings' own, and its screenshots exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsbrowse.tui.app import HELP_SECTIONS
from newsbrowse.tui.keys import keys_markdown

pytestmark = pytest.mark.tui  # drives the Textual app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_key_table_is_made_from_the_bindings() -> None:
    """A binding added, removed or reworded must show in the README (regenerate with keys_markdown)."""
    assert keys_markdown(HELP_SECTIONS) in README


def test_the_readme_screenshots_exist() -> None:
    """Every screenshot the README shows is in screenshots/, the four of the browser among them."""
    shown = re.findall(r"\]\((screenshots/[^)]+)\)", README)
    assert {
        "screenshots/search-ulyanov.svg",
        "screenshots/seed-article.svg",
        "screenshots/mentions-ulyanov.svg",
        "screenshots/help.svg",
    } <= set(shown)
    for path in shown:
        assert (ROOT / path).is_file(), path
