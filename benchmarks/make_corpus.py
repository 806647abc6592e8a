"""Make benchmark archives of N articles from the BBC corpus, by replication with new ids and small changes.

Run: .venv/bin/python benchmarks/make_corpus.py 2000 20000 100000
The archives go to benchmarks/data/bbc-N/ (git-ignored); an existing complete one is reused.

Each copy of the 2,225 BBC articles gets its own folder (new ids), a dated line in the
seed's format (dates spread over 2019-2024, so date queries select a share of the
archive), and its paragraphs rotated. Replication skews term statistics: every word
occurs about N/2,225 times as often as in real news of that size, rare names are not
rare, and the vocabulary stops growing after the first copy; figures measured on these
archives are indicative of scale, not of a real archive of that size.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

CORPORA = Path(os.environ.get("NEWSBROWSE_CORPORA", Path(__file__).resolve().parents[1].parent / "shared" / "corpora"))
DATA = Path(__file__).resolve().parent / "data"
_START = datetime(2019, 1, 1)
_SPAN_MINUTES = 6 * 365 * 24 * 60
_DONE = ".complete"


def bbc_root() -> Path:
    """The BBC corpus folder, or exit with a clear message when the corpora are missing."""
    root = CORPORA / "bbc-fulltext" / "bbc"
    if not root.is_dir():
        sys.exit(f"benchmark corpus not found: {root} (set NEWSBROWSE_CORPORA to the folder holding bbc-fulltext/)")
    return root


def _originals() -> list[tuple[str, str, list[str]]]:
    """(relpath, title, paragraphs) of every BBC article, in a fixed order."""
    articles = []
    for path in sorted(bbc_root().glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # one file of the corpus is Latin-1
            text = data.decode("latin-1")
        title, _, rest = text.strip().partition("\n")
        paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
        articles.append((path.relative_to(bbc_root()).as_posix(), title.strip(), paragraphs))
    return articles


def _date(copy: int, relpath: str) -> datetime:
    """A date for one copy of one article, spread evenly and deterministically over six years."""
    digest = hashlib.blake2b(f"{copy}/{relpath}".encode(), digest_size=8).digest()
    return _START + timedelta(minutes=int.from_bytes(digest, "big") % _SPAN_MINUTES)


def corpus(count: int) -> Path:
    """The archive of `count` articles, made if it does not exist yet."""
    target = DATA / f"bbc-{count}"
    if (target / _DONE).exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    originals = _originals()
    made = 0
    copy = 0
    while made < count:
        for relpath, title, paragraphs in originals:
            if made == count:
                break
            shift = copy % max(1, len(paragraphs) - 1)
            # Rotate all but the lead paragraph: a different text with the same words.
            body = paragraphs[:1] + paragraphs[1:][shift:] + paragraphs[1:][:shift]
            when = _date(copy, relpath)
            dateline = f"{when:%B} {when.day}, {when.year} - {when:%H:%M}"
            path = target / f"c{copy:03d}" / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{title}\n\n{dateline}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
            made += 1
        copy += 1
    (target / _DONE).write_text(f"{count}\n", encoding="utf-8")
    return target


def main() -> None:
    """Make the archives named on the command line (default 2,000 articles)."""
    for arg in sys.argv[1:] or ["2000"]:
        path = corpus(int(arg))
        print(f"{int(arg):>7,} articles: {path}")


if __name__ == "__main__":
    main()
