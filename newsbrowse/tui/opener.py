"""Open a URL or a file with the system's opener (xdg-open, open, wslview, or Windows' file associations)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# Tried in this order outside Windows.
OPENERS = ("xdg-open", "wslview", "open")


def system_opener() -> str | None:
    """The name of the program that opens files and URLs here, or None when there is none."""
    if sys.platform == "win32":
        return "start"
    return next((name for name in OPENERS if shutil.which(name)), None)


def open_externally(target: str) -> bool:
    """Hand a URL or a path to the system's opener without waiting for it; False when there is no opener."""
    opener = system_opener()
    if opener is None:
        return False
    if opener == "start":
        os.startfile(target)  # type: ignore[attr-defined]  # Windows only
        return True
    # Its own session and no terminal: the opener must not draw over the browser.
    subprocess.Popen(
        [opener, target],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return True
