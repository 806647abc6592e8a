"""Decoding bytes to text: BOMs, declared and meta charsets (right and wrong), detection."""

from __future__ import annotations

import codecs

import pytest

from newsbrowse.ingest.encoding import decode, meta_charset, normalize_charset

FRENCH = "Le café de la mairie a rouvert à Lyon, où l'été dernier la fête était annulée."
POUNDS = "The council spent £4.2m on the new bridge, the mayor's office said on Tuesday."
RUSSIAN = "Министр иностранных дел заявил журналистам, что переговоры продолжатся в Вене."
CHINESE = "外交部发言人今天在例行记者会上表示，谈判将在维也纳继续进行。"
JAPANESE = "外務省の報道官は本日、交渉はウィーンで続けられると述べた。"
POLISH = "Zażółć gęślą jaźń, powiedział rzecznik ministerstwa w Łodzi."


def test_plain_utf8_is_returned_unchanged() -> None:
    """UTF-8 text comes back exactly."""
    assert decode(FRENCH.encode("utf-8")) == FRENCH


def test_empty_bytes_give_empty_text() -> None:
    """No bytes, no text, no error."""
    assert decode(b"") == ""


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_wins_and_is_removed(bom: bytes, codec: str) -> None:
    """A byte-order mark decides the encoding over a declared charset and is dropped."""
    assert decode(bom + RUSSIAN.encode(codec), declared="iso-8859-1") == RUSSIAN


def test_utf16_without_bom_is_recognised() -> None:
    """UTF-16 without a BOM is found from its NUL bytes."""
    text = "Talks resume in Vienna on Monday, officials said."
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_latin1_file_reads_pound_and_accents() -> None:
    """Latin-1 and cp1252 text read right without any label."""
    assert decode(POUNDS.encode("latin-1")) == POUNDS
    assert decode(FRENCH.encode("cp1252")) == FRENCH


def test_latin1_among_english_words_is_not_central_european() -> None:
    """A pound sign in English text is not read as a Polish L."""
    # Detectors score cp1250 ("Ł7m") about as high as cp1252 ("£7m") on short English text.
    text = "Budget\n\nThe bill came to £7m, said the café owner.\n"
    assert decode(text.encode("latin-1")) == text


def test_apostrophe_inside_words_is_no_sign_of_a_wrong_code_page() -> None:
    """A curly apostrophe inside a word does not count against cp1252."""
    text = "Le ministre a déclaré que le déficit diminuera l’année prochaine, a-t-il précisé."
    assert decode(text.encode("cp1252")) == text


def test_cp1252_quotes_and_dashes() -> None:
    """cp1252 curly quotes and dashes read right."""
    text = "“We will return,” the envoy said – and left."
    assert decode(text.encode("cp1252")) == text


def test_short_latin1_text_is_not_read_as_japanese() -> None:
    """A lone Latin-1 byte is not taken for half a Shift-JIS character."""
    # A lone high byte among ASCII letters is half a Shift-JIS character to a naive detector.
    assert decode(b"Fee: \xa3300") == "Fee: £300"


def test_declared_charset_is_used_when_it_decodes() -> None:
    """A declared charset that decodes is used, widened to its superset."""
    assert decode(RUSSIAN.encode("koi8-r"), declared="koi8-r") == RUSSIAN
    assert decode(CHINESE.encode("gbk"), declared="gb2312") == CHINESE


def test_valid_utf8_wins_over_a_wrong_declared_charset() -> None:
    """Valid non-ASCII UTF-8 is UTF-8, whatever the label says."""
    assert decode(CHINESE.encode("utf-8"), declared="gb2312") == CHINESE
    assert decode(POUNDS.encode("utf-8"), declared="iso-8859-1") == POUNDS


def test_wrong_meta_charset_does_not_cause_mojibake() -> None:
    """A GB2312 meta tag on a UTF-8 page is ignored."""
    page = f'<html><head><meta charset="GB2312"></head><body><p>{CHINESE}</p></body></html>'
    assert CHINESE in decode(page.encode("utf-8"))


def test_declared_charset_that_fails_is_distrusted() -> None:
    """A label that fails strict decoding gives way to detection."""
    # Shift-JIS bytes are not valid UTF-8, so the "utf-8" label is wrong; detection finds it.
    assert decode(JAPANESE.encode("shift_jis"), declared="utf-8") == JAPANESE


def test_meta_charset_is_used_without_a_declared_one() -> None:
    """An http-equiv meta tag names the charset."""
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><p>{RUSSIAN}</p>'
    )
    assert RUSSIAN in decode(page.encode("cp1251"))


def test_meta_beats_a_default_latin1_header() -> None:
    """The page's own meta charset beats a server's default ISO-8859-1."""
    # Many servers send ISO-8859-1 by default; the page's own meta tag knows better.
    page = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'
    assert RUSSIAN in decode(page.encode("cp1251"), declared="ISO-8859-1")


def test_xml_declaration_names_the_encoding() -> None:
    """An XML declaration's encoding is honoured."""
    page = f'<?xml version="1.0" encoding="ISO-8859-2"?><html><p>{POLISH}</p></html>'
    assert POLISH in decode(page.encode("iso-8859-2"))


def test_detection_without_any_label() -> None:
    """Cyrillic, Chinese and Polish legacy encodings are detected."""
    assert decode(RUSSIAN.encode("cp1251")) == RUSSIAN
    assert decode(CHINESE.encode("gb18030")) == CHINESE
    assert decode(POLISH.encode("cp1250")) == POLISH


TURKISH = (
    "Dışişleri Bakanlığı sözcüsü, Viyana'daki görüşmelerin önümüzdeki hafta yeniden başlayacağını açıkladı. "
    "Sözcü, müzakerecilerin teknik konularda ilerleme kaydettiğini, ancak yaptırımların kaldırılması meselesinde "
    "görüş ayrılıklarının sürdüğünü söyledi."
)
HUNGARIAN = (
    "A kormány kedden elfogadta a költségvetési törvény tervezetét. A pénzügyminiszter szerint a hiány jövőre csökken."
)
ARABIC = "قال وزير الخارجية للصحفيين إن المفاوضات ستستمر في فيينا الأسبوع المقبل."


@pytest.mark.parametrize(("text", "codec"), [(TURKISH, "cp1254"), (HUNGARIAN, "iso-8859-2")])
def test_regional_latin_pages(text: str, codec: str) -> None:
    """Turkish and Hungarian legacy text is not forced into cp1252."""
    page = f"<html><body><h1>Haber</h1><p>{text}</p><p>{text}</p></body></html>"
    assert text in decode(page.encode(codec))


@pytest.mark.parametrize(("text", "codec"), [(RUSSIAN, "cp1251"), (ARABIC, "cp1256")])
def test_legacy_page_under_heavy_markup_is_detected_from_its_text(text: str, codec: str) -> None:
    """Kilobytes of ASCII scripts and styles before the article do not hide its encoding."""
    script = "<script>var config = {" + ", ".join(f'"key{i}": "value{i}"' for i in range(3000)) + "};</script>"
    style = "<style>" + " ".join(f".c{i} {{ margin: {i}px; }}" for i in range(1500)) + "</style>"
    page = f"<html><head>{style}{script}</head><body><article><p>{text}</p><p>{text}</p></article></body></html>"
    assert text in decode(page.encode(codec))


def test_utf8_with_a_stray_latin1_byte_keeps_its_utf8() -> None:
    """A mostly UTF-8 file keeps its UTF-8 and repairs the stray byte."""
    data = "Größe: 12 €, ".encode() + b"caf\xe9"
    assert decode(data) == "Größe: 12 €, café"


def test_seven_bit_iso2022_is_decoded_when_declared() -> None:
    """ISO-2022-JP, all ASCII bytes, is decoded when declared."""
    data = JAPANESE.encode("iso2022_jp")
    assert data.isascii()
    assert decode(data, declared="iso-2022-jp") == JAPANESE


def test_ascii_ignores_unknown_and_bogus_labels() -> None:
    """Unknown or impossible labels do not spoil ASCII text."""
    assert decode(b"plain words", declared="no-such-charset") == "plain words"
    assert decode(b"plain words", declared="utf-16") == "plain words"


def test_binary_junk_never_raises() -> None:
    """Binary junk decodes to some text without raising."""
    junk = bytes(range(256)) * 8
    assert isinstance(decode(junk, declared="utf-8"), str)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("GB2312", "gb18030"),
        ("Shift_JIS", "cp932"),
        ("'utf8'", "utf_8"),
        ("windows-874", "cp874"),
        ("bogus", None),
        (None, None),
    ],
)
def test_normalize_charset(label: str | None, codec: str | None) -> None:
    """Labels map to Python codecs, with browser supersets; unknown labels to None."""
    assert normalize_charset(label) == codec


def test_meta_charset_scans_only_the_head() -> None:
    """Only the first few KB are scanned, and a UTF-16 meta means UTF-8."""
    assert meta_charset(b'<head><meta charset="koi8-r">') == "koi8_r"
    assert meta_charset(b" " * 20000 + b'<meta charset="koi8-r">') is None
    assert meta_charset(b'<meta charset="utf-16">') == "utf_8"
