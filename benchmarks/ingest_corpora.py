"""Ingest every real corpus: WARC records (read, not an article, skipped), the BBC text dump (Latin-1 file,
speed), decoding without mojibake.

Run: .venv/bin/python benchmarks/ingest_corpora.py   (corpora from $NEWSBROWSE_CORPORA or ../shared/corpora)
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newsbrowse.clean import NotAnArticle, clean_record
from newsbrowse.ingest import SourceFile, discover, read_bytes, read_source
from newsbrowse.ingest.encoding import decode, meta_charset
from newsbrowse.model import Document, Skipped

CORPORA = Path(os.environ.get("NEWSBROWSE_CORPORA", Path(__file__).resolve().parents[1].parent / "shared" / "corpora"))
# UTF-8 read as cp1252/Latin-1 ("Ã©", "â€™", "Â£"), and the replacement character.
MOJIBAKE = re.compile("Ã.|â€|Â[£ ©®°±·»«]|Ð[\u0080-\u00bf]|Ñ[\u0080-\u00bf]|ï¿½")
TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.DOTALL)
WORD = re.compile(r"\w+")


def _warc_records(path: Path) -> tuple[int, str | None]:
    """All records in a WARC counted with warcio alone, and the error that stopped it, if any."""
    count = 0
    try:
        with path.open("rb") as handle:
            for _ in ArchiveIterator(handle):
                count += 1
    except Exception as err:  # noqa: BLE001 - a benchmark reports whatever warcio raises
        return count, f"{type(err).__name__}: {err}"
    return count, None


def bench_warc(root: Path) -> bool:
    """Every WARC file: records, HTML documents, skipped with reasons. True if nothing raised."""
    print(f"== WARC files under {root}")
    ok = True
    for item in discover(root):
        if isinstance(item, Skipped) or not item.relpath.endswith((".warc", ".warc.gz")):
            continue
        records, error = _warc_records(item.path)
        try:
            results = list(read_source(item))
        except Exception as err:  # noqa: BLE001 - the point of the benchmark: no exception may escape
            print(f"  {item.relpath}: ERROR {type(err).__name__}: {err}")
            ok = False
            continue
        documents = [d for d in results if isinstance(d, Document)]
        skipped = [s for s in results if isinstance(s, Skipped)]
        big = max((len(d.content) for d in documents), default=0)
        articles = 0
        for document in documents:
            try:
                clean_record(document)
                articles += 1
            except NotAnArticle as err:  # skipped by the build, with this reason
                skipped.append(Skipped(document.id, str(err)))
        noted = [d for d in documents if d.note]
        print(
            f"  {item.relpath}: {records} records{' (warcio alone stops: ' + error[:60] + ')' if error else ''}, "
            f"{len(documents)} HTML documents (largest {big:,} chars): {articles} article(s) read"
            f"{f' ({len(noted)} with a note)' if noted else ''}, {len(skipped)} skipped"
        )
        for document in noted:
            print(f"      note on {document.id.rsplit('/', 1)[-1]}: {document.note}")
        for reason, count in Counter(s.reason for s in skipped).most_common():
            print(f"      {count} x {reason}")
    return ok


def bench_warc_damage(root: Path) -> bool:
    """Each gzipped WARC with one record in the middle damaged: every other HTML document must still be read."""
    print(f"== WARC files under {root}, one record in the middle damaged (20 bytes flipped in its gzip member)")
    ok = True
    for path in sorted(root.rglob("*.warc.gz")):
        data = path.read_bytes()
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            members = [(iterator.get_record_offset(), iterator.get_record_length()) for _ in iterator]
        middle = len(members) // 2
        start, length = members[middle]
        damaged = bytearray(data)
        for at in range(start + length // 2, start + length // 2 + 20):
            damaged[at] ^= 0xFF
        before = {d.id for d in read_bytes(data, path.name) if isinstance(d, Document)}
        after = {d.id for d in read_bytes(bytes(damaged), path.name) if isinstance(d, Document)}
        lost = sorted(before - after - {f"{path.name}#{middle + 1}"})
        ok = ok and not lost
        print(
            f"  {path.name[:40]}: record {middle + 1} of {len(members)} damaged; HTML documents "
            f"{len(before)} -> {len(after)}; others lost: {len(lost)}{' ' + ', '.join(lost) if lost else ''}"
        )
    return ok


def bench_bbc(root: Path) -> bool:
    """All BBC text files: documents, skipped, the Latin-1 file's pound sign, files/s against a bare read."""
    print(f"== BBC full text under {root}")
    sources = [
        s
        for s in discover(root)
        if isinstance(s, SourceFile) and s.relpath.startswith("bbc/") and s.relpath.count("/") == 2
    ]
    for source in sources:
        source.path.read_bytes()  # warm the page cache so both timings below read from memory
    # Baseline in the same run: read each file and decode it as UTF-8 with replacement.
    start = time.perf_counter()
    for source in sources:
        source.path.read_bytes().decode("utf-8", errors="replace")
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    walk = list(discover(root))
    walk_time = time.perf_counter() - start
    start = time.perf_counter()
    results = [r for s in sources for r in read_source(s)]
    elapsed = time.perf_counter() - start
    documents = [d for d in results if isinstance(d, Document)]
    skipped = [s for s in results if isinstance(s, Skipped)]
    latin1 = next((d for d in documents if d.id == "bbc/sport/199.txt"), None)
    pound_ok = latin1 is not None and "a £15.8m signing" in latin1.content
    pounds = sum(d.content.count("£") for d in documents)
    bad = sum(len(MOJIBAKE.findall(d.content)) + d.content.count("\ufffd") for d in documents)
    print(f"  files: {len(sources)}, documents read: {len(documents)}, skipped: {len(skipped)}")
    for item in skipped:
        print(f"      {item.path}: {item.reason}")
    print(f"  bbc/sport/199.txt (Latin-1) reads 'a £15.8m signing': {'yes' if pound_ok else 'NO'}")
    print(f"  '£' signs in all documents: {pounds:,}; mojibake or U+FFFD: {bad}")
    print(
        f"  speed: {len(sources) / elapsed:,.0f} files/s read_source; "
        f"bare read+decode {len(sources) / baseline:,.0f} files/s "
        f"(ratio {elapsed / baseline:.2f}x); walk of {len(walk)} entries {walk_time * 1000:.0f} ms"
    )
    return len(documents) == 2225 and not skipped and pound_ok and not bad


def _trigrams(reference: str) -> set[str]:
    """Character trigrams inside the reference's words that hold a non-ASCII letter."""
    grams: set[str] = set()
    for word in WORD.findall(reference):
        if not word.isascii():
            grams.update(word[i : i + 3] for i in range(max(1, len(word) - 2)))
    return grams


def _bad_count(text: str) -> int:
    """Replacement characters plus typical mojibake sequences in the visible text of a page."""
    visible = " ".join(html.unescape(TAG.sub(" ", text)).split())
    return visible.count("\ufffd") + len(MOJIBAKE.findall(visible))


def _page_report(name: str, raw: bytes, reference: str) -> tuple[int, float | None]:
    """Print one page's decoding figures; return the mojibake decoding added and reference-trigram recall."""
    items = list(read_bytes(raw, name))
    document = next((d for d in items if isinstance(d, Document)), None)
    if document is None:
        print(f"  {name}: SKIPPED {items}")
        return 1, None
    data = gzip.decompress(raw) if name.endswith(".gz") else raw
    try:
        # Some pages carry U+FFFD or mojibake in their own bytes; only what decoding adds counts.
        inherent = _bad_count(data.decode("utf-8"))
    except UnicodeDecodeError:
        inherent = 0
    found = _bad_count(document.content)
    visible = " ".join(html.unescape(TAG.sub(" ", document.content)).split())
    grams = _trigrams(reference)
    recall = sum(g in visible for g in grams) / len(grams) if grams else None
    shown = f"{recall:.3f}" if recall is not None else "n/a (ASCII only)"
    print(
        f"  {name[:40]:40} meta={meta_charset(data) or '-':8} mojibake+U+FFFD={found:<3} "
        f"(in the page's own bytes {inherent}) reference non-ASCII trigrams found={shown}"
    )
    return found - inherent, recall


def bench_decoding(multilingual: Path, extraction: Path) -> bool:
    """Decode the multilingual pages and the extraction-dev pages; count mojibake, check reference text."""
    ok = True
    for title, folder in (("multilingual-html", multilingual), ("extraction-dev", extraction)):
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        print(f"== decoding {title} ({len(list((folder / 'html').glob('*.html.gz')))} pages)")
        problems, recalls = 0, []
        start = time.perf_counter()
        for path in sorted((folder / "html").glob("*.html.gz")):
            key = path.name if path.name in truth else path.name.removesuffix(".html.gz")
            bad, recall = _page_report(path.name, path.read_bytes(), truth.get(key, {}).get("articleBody", ""))
            problems += bad
            if recall is not None:
                recalls.append(recall)
        elapsed = time.perf_counter() - start
        mean = sum(recalls) / len(recalls) if recalls else 0.0
        print(
            f"  mojibake + U+FFFD added by decoding: {problems}; mean reference trigram recall {mean:.3f} "
            f"over {len(recalls)} pages with non-ASCII text; {elapsed:.2f} s"
        )
        ok = ok and problems == 0
    return ok


# The legacy code page each multilingual page's language used before UTF-8 (none for Hindi, Vietnamese).
LEGACY = {"cn": "gb18030", "de": "cp1252", "es": "cp1252", "fr": "cp1252", "jp": "shift_jis", "kr": "euc_kr",
          "lb": "cp1256", "ru": "cp1251", "tr": "cp1254", "ua": "cp1251"}  # fmt: skip
META = re.compile(rb"""<meta[^>]*charset[^>]*>|<\?xml[^>]*>""", re.IGNORECASE)


def bench_legacy(multilingual: Path) -> bool:
    """Re-encode the multilingual pages in their legacy code pages; decode must give the same text back.

    Two cases per page: every charset label removed (detection alone), and the page's stale
    UTF-8 meta tag kept (a wrong label). Characters the code page lacks become &#NNN; refs.
    """
    print("== legacy encodings: multilingual pages re-encoded, then decoded without a label / with a wrong one")
    exact = {"no label": 0, "wrong label": 0}
    total = 0
    start = time.perf_counter()
    for path in sorted((multilingual / "html").glob("*.html.gz")):
        codec = LEGACY.get(path.name.split("_", 1)[0])
        if codec is None:
            continue
        total += 1
        text = decode(gzip.decompress(path.read_bytes()))
        relabelled = text.encode(codec, errors="xmlcharrefreplace")
        expected = relabelled.decode(codec)
        unlabelled = META.sub(b"", relabelled)
        results = {
            "no label": decode(unlabelled) == unlabelled.decode(codec),
            "wrong label": decode(relabelled, "utf-8") == expected,
        }
        for case, same in results.items():
            exact[case] += same
        print(
            f"  {path.name[:40]:40} {codec:10} "
            + "  ".join(f"{case}: {'exact' if same else 'WRONG'}" for case, same in results.items())
        )
    elapsed = time.perf_counter() - start
    print(
        f"  exact: {exact['no label']}/{total} without a label, {exact['wrong label']}/{total} with a wrong label;"
        f" {elapsed:.2f} s"
    )
    return all(count == total for count in exact.values())


def main() -> int:
    """Run every ingest figure; exit 1 if a corpus is missing or a check fails."""
    if not CORPORA.is_dir():
        sys.stderr.write(f"corpora not found at {CORPORA}; set NEWSBROWSE_CORPORA to the shared corpora folder\n")
        return 1
    checks = {
        "warc": bench_warc(CORPORA / "warc"),
        "warc damage": bench_warc_damage(CORPORA / "warc"),
        "bbc": bench_bbc(CORPORA / "bbc-fulltext"),
        "decoding": bench_decoding(CORPORA / "misc" / "multilingual-html", CORPORA / "extraction-dev"),
        "legacy": bench_legacy(CORPORA / "misc" / "multilingual-html"),
    }
    print("== summary: " + ", ".join(f"{name} {'ok' if passed else 'FAILED'}" for name, passed in checks.items()))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
