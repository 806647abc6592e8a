"""Time and peak memory of the input budgets: a 100 MB zero-filled WARC, a 1 GB blank-line gzip, 20 MB of tiny paragraphs.

Run: .venv/bin/python benchmarks/budgets.py

Each case is an archive holding that one file (written under benchmarks/out/budgets), built
with `newsbrowse index ARCHIVE --jobs 1` in a process of its own: wall time, and peak memory
(the process's resident high-water mark, VmHWM, as it exits; Linux). Baselines from the same run: the same
build over one small article (what starting costs), and reading the case's bytes as fast as
Python can (hashing them, gunzipping them), so the ratio says what newsbrowse adds to
reading. Target: every case under 10 s and 300 MB. One more row lifts the decompression
budget to show that reading blank lines is itself linear, not only cut short.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from reliability_helpers import article_text, warc_records

OUT = Path(__file__).resolve().parent / "out" / "budgets"
MB = 1024 * 1024
TARGET_S = 10.0
TARGET_MB = 300
CHUNK = 16 * MB


def zero_warc(folder: Path) -> Path:
    """100 MB of zeros named .warc: a pre-allocated download that never came."""
    path = folder / "preallocated.warc"
    with open(path, "wb") as handle:
        for _ in range(100):
            handle.write(b"\0" * MB)
    return path


def zero_hole(folder: Path) -> Path:
    """A gzipped WARC record, 100 MB of zeros, another record: a download resumed after a hole."""
    first, last = warc_records([1, 2])
    path = folder / "resumed.warc.gz"
    with open(path, "wb") as handle:
        handle.write(first)
        for _ in range(100):
            handle.write(b"\0" * MB)
        handle.write(last)
    return path


def blank_gzip(folder: Path) -> Path:
    """A .jsonl.gz of one article and 1 GB of newlines (about 1 MB on disk)."""
    path = folder / "blank.jsonl.gz"
    packer = zlib.compressobj(9, wbits=31)
    with open(path, "wb") as handle:
        handle.write(packer.compress(json.dumps({"title": "First", "body": article_text(1)}).encode() + b"\n"))
        for _ in range(1024 * MB // CHUNK):
            handle.write(packer.compress(b"\n" * CHUNK))
        handle.write(packer.flush())
    return path


def tiny_paragraphs(folder: Path) -> Path:
    """20 MB of text in 2.6 million tiny paragraphs."""
    path = folder / "tiny.txt"
    path.write_bytes(b"Ab cd.\n\n" * (20 * MB // 8))
    return path


def small_article(folder: Path) -> Path:
    """One ordinary article: the baseline build."""
    path = folder / "story.txt"
    path.write_text(article_text(1), encoding="utf-8")
    return path


def read_bytes(path: Path) -> float:
    """Seconds to hash the file and, if gzipped, to gunzip its members: Python reading the bytes and nothing more."""
    started = time.perf_counter()
    with open(path, "rb") as handle:
        hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16))
    if path.suffix == ".gz":
        with open(path, "rb") as handle:
            inflater = zlib.decompressobj(wbits=31)
            while block := handle.read(CHUNK):
                while block:
                    inflater.decompress(block, CHUNK)
                    block = inflater.unconsumed_tail
                    if inflater.eof:  # the next member, if one follows; zeros are none
                        block = inflater.unused_data + block
                        if not block.startswith(b"\x1f\x8b"):
                            break
                        inflater = zlib.decompressobj(wbits=31)
    return time.perf_counter() - started


def build(folder: Path, lift_budget: bool = False) -> tuple[float, float, dict[str, object]]:
    """`newsbrowse index FOLDER --jobs 1 --json` in a process of its own: seconds, peak MB, its summary."""
    index_dir = folder.parent / f"{folder.name}-index"
    shutil.rmtree(index_dir, ignore_errors=True)
    args = ["index", str(folder), "--jobs", "1", "--json", "--index-dir", str(index_dir)]
    peak_file = folder.parent / f"{folder.name}-peak"
    # The peak is the process's own high-water mark (VmHWM), read as it exits: rusage's maxrss would
    # also count the memory of this benchmark, which the child had until it ran Python anew.
    code = (
        "import atexit, sys; from newsbrowse.cli import main; "
        f"atexit.register(lambda: open({str(peak_file)!r}, 'w').write("
        "[line for line in open('/proc/self/status') if line.startswith('VmHWM')][0].split()[1])); "
        "sys.exit(main(sys.argv[1:]))"
    )
    if lift_budget:
        code = "import newsbrowse.ingest.formats as f; f.MIN_EXPANDED_BYTES = 1 << 40; " + code
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, check=False)
    seconds = time.perf_counter() - started
    summary = json.loads(done.stdout) if done.stdout.strip() else {"error": done.stderr.decode()}
    peak_mb = int(peak_file.read_text()) / 1024
    peak_file.unlink()
    return seconds, peak_mb, summary


def reasons(summary: dict[str, object]) -> str:
    """The build's skip reasons, shortened."""
    skipped = summary.get("skipped") or []
    assert isinstance(skipped, list)
    return "; ".join(f"{item['path']}: {item['reason'][:70]}" for item in skipped) or "nothing skipped"


def main() -> int:
    """Write each case, build it, print time, peak memory and ratios; exit 1 if a case misses a target."""
    shutil.rmtree(OUT, ignore_errors=True)
    print(f"command: {sys.executable} -m newsbrowse index ARCHIVE --jobs 1 --json (one process per case)")
    base_folder = OUT / "baseline"
    base_folder.mkdir(parents=True)
    small_article(base_folder)
    base_s, base_mb, _ = build(base_folder)
    print(f"baseline: one small article: {base_s:.2f} s, {base_mb:.0f} MB peak")
    cases: list[tuple[str, Callable[[Path], Path], bool]] = [
        ("100 MB zero-filled WARC", zero_warc, False),
        ("100 MB of zeros between two gzipped WARC records", zero_hole, False),
        ("1 GB blank-line gzip (JSON lines)", blank_gzip, False),
        ("20 MB text of 2.6M tiny paragraphs", tiny_paragraphs, False),
        ("1 GB blank-line gzip, decompression budget lifted", blank_gzip, True),
    ]
    missed = 0
    for number, (name, write, lift) in enumerate(cases):
        folder = OUT / f"case-{number}"
        folder.mkdir()
        path = write(folder)
        raw_s = read_bytes(path)
        seconds, peak_mb, summary = build(folder, lift)
        within = seconds < TARGET_S and peak_mb < TARGET_MB
        missed += not within
        print(
            f"{name}: {seconds:.2f} s, {peak_mb:.0f} MB peak ({'within' if within else 'MISSES'} the targets); "
            f"x{seconds / base_s:.1f} the baseline build's time, x{peak_mb / base_mb:.1f} its memory; "
            f"reading the bytes alone {raw_s:.2f} s ({path.stat().st_size / MB:,.0f} MB on disk); "
            f"indexed {summary.get('total', '?')}; {reasons(summary)}"
        )
        shutil.rmtree(folder)
    shutil.rmtree(OUT, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
