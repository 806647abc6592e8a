"""Build the sample archive's gzip-compressed page and its windows-1252 page from scripts/sample_encoded/.

The sources are kept as readable UTF-8; this script writes the bytes the archive ships.
The output is reproducible (gzip without a timestamp or file name). Run it after editing
a source:

    .venv/bin/python scripts/make_sample_encoded.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sample_encoded"
ARCHIVE = HERE.parent / "sample_archive"

GZIP_SOURCE = "northfieldpost-2021-09-24-six-months-on-what-the-vienna-talks-achieved.html"
GZIP_TARGET = "northfieldpost/world/2021/sep/24/six-months-on-what-the-vienna-talks-achieved.html.gz"
CP1252_SOURCE = "alpenpost-2021-07-15-zurich-conference-hears-calls-for-patience.html"
CP1252_TARGET = "alpenpost/en/international/2021/07/15/zurich-conference-hears-calls-for-patience.html"


def encoded_files() -> dict[str, bytes]:
    """The bytes of each generated file, by its path relative to the archive."""
    page = (SOURCES / GZIP_SOURCE).read_bytes()
    # The page declares windows-1252 in its <meta>, so encode it that way; strict errors
    # make a character the charset cannot hold fail here rather than ship as "?".
    text = (SOURCES / CP1252_SOURCE).read_text(encoding="utf-8")
    return {
        GZIP_TARGET: gzip.compress(page, mtime=0),
        CP1252_TARGET: text.encode("cp1252"),
    }


def main() -> None:
    """Regenerate both files in place and say where they went."""
    for relpath, data in encoded_files().items():
        target = ARCHIVE / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target.relative_to(HERE.parent)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
