"""The core never imports Textual: every non-TUI module is imported in a fresh interpreter."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import newsbrowse

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(newsbrowse.__path__, prefix="newsbrowse.")
    if not info.name.startswith("newsbrowse.tui") and info.name != "newsbrowse.__main__"
)

# Imports the modules one by one and reports the first one after which Textual is loaded.
_PROBE = """
import importlib, json, sys
culprits = []
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
    if "textual" in sys.modules and not culprits:
        culprits.append(name)
print(json.dumps(culprits))
"""


def test_core_modules_are_found() -> None:
    """The walk sees the core packages, so the import check below is not vacuous."""
    for name in ("newsbrowse.cli", "newsbrowse.model", "newsbrowse.ingest", "newsbrowse.clean"):
        assert name in CORE_MODULES


def test_core_modules_do_not_import_textual() -> None:
    """Importing the core, CLI included, must not pull in Textual."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(CORE_MODULES)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []
