"""Bytes to text: BOM, then a declared or `<meta>` charset, then detection; never raises."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels mapped as browsers do (WHATWG Encoding Standard): pages labelled with the narrow
# legacy charset routinely use its superset, so decoding strictly with the label would fail.
_SUPERSETS: dict[str, str] = {
    "ascii": "cp1252",
    "iso8859_1": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}

# Common labels Python's codec registry does not know.
_ALIASES: dict[str, str] = {"windows-874": "cp874", "x-sjis": "cp932", "x-gbk": "gbk", "x-euc-jp": "euc_jp"}

# Encodings whose bytes are all ASCII: only these can apply to pure-ASCII data. They shift
# with ESC or "~{"; UTF-7 is left out as browsers dropped it (a script-injection vector).
_SEVEN_BIT = frozenset({"iso2022_jp", "iso2022_jp_2", "iso2022_kr", "hz"})

# A charset in a <meta> tag, an http-equiv content attribute or an XML declaration.
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)|<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""",
    re.IGNORECASE,
)
_META_SCAN_BYTES = 8192

# Multibyte legacy encodings: never the answer for text whose non-ASCII bytes stand alone
# among ASCII letters (a Latin-1 "£" or "é" would otherwise read as half a Japanese character).
_MULTIBYTE = frozenset(
    "big5 big5hkscs cp932 cp949 cp950 euc_jis_2004 euc_jisx0213 euc_jp euc_kr gb18030 gb2312 gbk hz "
    "iso2022_jp iso2022_kr johab shift_jis shift_jis_2004 shift_jisx0213 "
    "utf_16 utf_16_be utf_16_le utf_32 utf_32_be utf_32_le".split()
)
# Languages whose legacy pages are not cp1252, when the detector names them unanimously.
_REGIONAL_PAGES = {
    "Polish": "cp1250", "Czech": "cp1250", "Slovak": "cp1250", "Hungarian": "cp1250", "Croatian": "cp1250",
    "Slovene": "cp1250", "Romanian": "cp1250", "Turkish": "cp1254", "Lithuanian": "cp1257", "Latvian": "cp1257",
    "Estonian": "cp1257",
}  # fmt: skip
# Icelandic letters: in any other text they are Turkish ş/ğ read with the wrong code page.
_RARE_LETTERS = frozenset("ðþÐÞ")
_DETECT_BYTES = 32768
_DETECT_STEPS = 8
_SCRIPT = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BETWEEN_TAGS = re.compile(rb"[^<>]+")
_RUN = re.compile(rb"[\x80-\xff]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # undecodable bytes under errors="surrogateescape"


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as cp1252 (Latin-1 for its five holes)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="newsbrowse-latin1"), err.end


def _latin1(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read an undecodable byte as its Latin-1 character."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("newsbrowse-cp1252", _latin1_fallback)
codecs.register_error("newsbrowse-latin1", _latin1)


def normalize_charset(label: str | None) -> str | None:
    """The Python codec for a charset label (browser supersets applied), or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name.replace("-", "_")
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(name, name)


def meta_charset(data: bytes) -> str | None:
    """The charset named by a `<meta>` tag or XML declaration in the first few KB, if any."""
    match = _META_CHARSET.search(data, 0, _META_SCAN_BYTES)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", errors="ignore")
    codec = normalize_charset(label)
    # Found by an ASCII scan, so the page is not really UTF-16/32 (WHATWG: treat as UTF-8).
    if codec is not None and codec.startswith(("utf_16", "utf_32")):
        return "utf_8"
    return codec


def _strict(data: bytes, codec: str | None) -> str | None:
    """`data` decoded strictly with `codec`, or None if it does not decode."""
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray legacy bytes, repaired as cp1252; None if not mostly UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(_NON_ASCII.findall(text)) - bad
    if good <= bad:
        return None
    return data.decode("utf-8", errors="newsbrowse-cp1252")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM, recognised by NUL bytes on every other position."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return _strict(data, "utf-16-le")
    if even > 0.4 * half and odd < 0.05 * half:
        return _strict(data, "utf-16-be")
    return None


def _sparse_high_bytes(data: bytes) -> bool:
    """True when non-ASCII bytes mostly stand alone, as accented letters in Western text do."""
    runs = _RUN.findall(data)
    long_runs = sum(len(run) for run in runs if len(run) >= 3)
    total = sum(len(run) for run in runs)
    return long_runs <= 0.2 * total


def _misfits(text: str) -> int:
    """Signs of a wrong Latin code page: C1 controls, Icelandic letters, signs inside words ("b³¹d")."""
    count = 0
    for match in _NON_ASCII.finditer(text):
        char, at = match.group(), match.start()
        category = unicodedata.category(char)
        if char in _RARE_LETTERS:
            count += 1
            continue
        sign = category[0] == "S" or category == "No" or char in "¿¡"
        inside_word = 0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha()
        if category == "Cc" or (sign and inside_word):
            count += 1
    return count


def _text_sample(data: bytes) -> bytes:
    """The non-ASCII text of a document (between tags, outside scripts and styles), as detection input.

    Detectors look at a few chunks only; in a web page those are mostly markup and scripts,
    which say nothing about the charset. Tags never split a character: "<" and ">" are not
    trail bytes in any legacy multibyte encoding.
    """
    pieces: list[bytes] = []
    size = 0
    for match in _BETWEEN_TAGS.finditer(_SCRIPT.sub(b"<>", data)):
        piece = match.group()
        if piece.isascii():
            continue
        pieces.append(piece)
        size += len(piece) + 1
        if size >= _DETECT_BYTES:
            break
    sample = b"\n".join(pieces) or data
    if len(sample) > _DETECT_BYTES:
        # End after an ASCII byte, so the cut does not fall inside a multibyte character.
        end = _DETECT_BYTES
        while end > 0 and sample[end - 1] >= 0x80:
            end -= 1
        sample = sample[: end or _DETECT_BYTES]
    return sample


def _detect(data: bytes) -> str | None:
    """The best charset-normalizer guess on the text; for sparse Western text, the best-fitting Latin page."""
    sample = _text_sample(data)
    sparse = _sparse_high_bytes(sample)
    # Enough steps of large chunks that the detector reads the whole sample.
    chunk = max(512, -(-len(sample) // _DETECT_STEPS))
    results = from_bytes(sample, steps=_DETECT_STEPS, chunk_size=chunk)
    matches = [m for m in results if not (sparse and m.encoding in _MULTIBYTE)]
    if not sparse:
        return max(matches, key=lambda m: (-m.chaos, m.coherence)).encoding if matches else None
    # A few accented letters give every Latin code page about the same detector score, so
    # cp1252 (what browsers in Western locales assume) goes first and another page wins only
    # when it fits the text better (Polish "błąd" in cp1252 reads "b³¹d", Turkish "şığ" reads
    # "þýð"), or when the detector is sure of a language that cp1252 does not serve.
    least_chaos = min((m.chaos for m in matches), default=0.0)
    calm = [m for m in matches if m.chaos <= least_chaos + 0.01]
    best_coherence = max((m.coherence for m in calm), default=0.0)
    languages = {m.language for m in calm if m.coherence >= best_coherence - 0.01}
    regional = _REGIONAL_PAGES.get(languages.pop()) if len(languages) == 1 else None
    candidates = [*([regional] if regional else []), "cp1252", "cp1254", *(m.encoding for m in calm)]
    best: tuple[int, str] | None = None
    for codec in dict.fromkeys(candidates):
        text = _strict(sample, codec)
        if text is not None and (best is None or _misfits(text) < best[0]):
            best = (_misfits(text), codec)
    return best[1] if best is not None else None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, then the declared (HTTP) charset, then `<meta charset>`, then detection.

    Bytes that are valid UTF-8 (or nearly so) read as UTF-8 whatever is declared; a declared
    or meta charset that fails strict decoding is distrusted. Never raises: the last resort is
    UTF-8 with replacement characters.
    """
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_codec, errors="replace")
    declared_codec = normalize_charset(declared)
    found: str | None = None
    if declared_codec is not None and declared_codec.startswith(("utf_16", "utf_32")):
        found = _strict(data, declared_codec)
    if found is None and b"\x00" in data[:4096]:
        found = _utf16_without_bom(data)
    if found is not None:
        return found
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if data.isascii() and (b"\x1b" in data or b"~{" in data):
            for codec in (declared_codec, meta_charset(data)):
                if codec in _SEVEN_BIT:
                    return _strict(data, codec) or utf8
        return utf8
    found = _mostly_utf8(data)
    if found is not None:
        return found
    meta_codec = meta_charset(data)
    if declared_codec in ("cp1252", "utf_8") and meta_codec not in (None, declared_codec):
        # Servers send ISO-8859-1 (or UTF-8) by default; a page that names its own charset knows better.
        declared_codec, meta_codec = meta_codec, declared_codec
    for codec in (declared_codec, meta_codec):
        found = _strict(data, codec)
        if found is not None:
            return found
    detected = _detect(data)
    if detected is not None:
        # Detection saw only a sample: a stray bad byte further on must not lose the page.
        return data.decode(detected, errors="replace")
    return data.decode("utf-8", errors="replace")
