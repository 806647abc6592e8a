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
    assert decode(FRENCH.encode("utf-8")) == FRENCH


def test_empty_bytes_give_empty_text() -> None:
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
    assert decode(bom + RUSSIAN.encode(codec), declared="iso-8859-1") == RUSSIAN


def test_utf16_without_bom_is_recognised() -> None:
    text = "Talks resume in Vienna on Monday, officials said."
    assert decode(text.encode("utf-16-le")) == text
    assert decode(text.encode("utf-16-be")) == text


def test_latin1_file_reads_pound_and_accents() -> None:
    assert decode(POUNDS.encode("latin-1")) == POUNDS
    assert decode(FRENCH.encode("cp1252")) == FRENCH


def test_latin1_among_english_words_is_not_central_european() -> None:
    # Detectors score cp1250 ("Ł7m") about as high as cp1252 ("£7m") on short English text.
    text = "Budget\n\nThe bill came to £7m, said the café owner.\n"
    assert decode(text.encode("latin-1")) == text


def test_apostrophe_inside_words_is_no_sign_of_a_wrong_code_page() -> None:
    text = "Le ministre a déclaré que le déficit diminuera l’année prochaine, a-t-il précisé."
    assert decode(text.encode("cp1252")) == text


def test_cp1252_quotes_and_dashes() -> None:
    text = "“We will return,” the envoy said – and left."
    assert decode(text.encode("cp1252")) == text


def test_short_latin1_text_is_not_read_as_japanese() -> None:
    # A lone high byte among ASCII letters is half a Shift-JIS character to a naive detector.
    assert decode(b"Fee: \xa3300") == "Fee: £300"


def test_declared_charset_is_used_when_it_decodes() -> None:
    assert decode(RUSSIAN.encode("koi8-r"), declared="koi8-r") == RUSSIAN
    assert decode(CHINESE.encode("gbk"), declared="gb2312") == CHINESE


def test_valid_utf8_wins_over_a_wrong_declared_charset() -> None:
    assert decode(CHINESE.encode("utf-8"), declared="gb2312") == CHINESE
    assert decode(POUNDS.encode("utf-8"), declared="iso-8859-1") == POUNDS


def test_wrong_meta_charset_does_not_cause_mojibake() -> None:
    page = f'<html><head><meta charset="GB2312"></head><body><p>{CHINESE}</p></body></html>'
    assert CHINESE in decode(page.encode("utf-8"))


def test_declared_charset_that_fails_is_distrusted() -> None:
    # Shift-JIS bytes are not valid UTF-8, so the "utf-8" label is wrong; detection finds it.
    assert decode(JAPANESE.encode("shift_jis"), declared="utf-8") == JAPANESE


def test_meta_charset_is_used_without_a_declared_one() -> None:
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><p>{RUSSIAN}</p>'
    )
    assert RUSSIAN in decode(page.encode("cp1251"))


def test_meta_beats_a_default_latin1_header() -> None:
    # Many servers send ISO-8859-1 by default; the page's own meta tag knows better.
    page = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'
    assert RUSSIAN in decode(page.encode("cp1251"), declared="ISO-8859-1")


def test_xml_declaration_names_the_encoding() -> None:
    page = f'<?xml version="1.0" encoding="ISO-8859-2"?><html><p>{POLISH}</p></html>'
    assert POLISH in decode(page.encode("iso-8859-2"))


def test_detection_without_any_label() -> None:
    assert decode(RUSSIAN.encode("cp1251")) == RUSSIAN
    assert decode(CHINESE.encode("gb18030")) == CHINESE
    assert decode(POLISH.encode("cp1250")) == POLISH


def test_utf8_with_a_stray_latin1_byte_keeps_its_utf8() -> None:
    data = "Größe: 12 €, ".encode() + b"caf\xe9"
    assert decode(data) == "Größe: 12 €, café"


def test_seven_bit_iso2022_is_decoded_when_declared() -> None:
    data = JAPANESE.encode("iso2022_jp")
    assert data.isascii()
    assert decode(data, declared="iso-2022-jp") == JAPANESE


def test_ascii_ignores_unknown_and_bogus_labels() -> None:
    assert decode(b"plain words", declared="no-such-charset") == "plain words"
    assert decode(b"plain words", declared="utf-16") == "plain words"


def test_binary_junk_never_raises() -> None:
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
    assert normalize_charset(label) == codec


def test_meta_charset_scans_only_the_head() -> None:
    assert meta_charset(b'<head><meta charset="koi8-r">') == "koi8_r"
    assert meta_charset(b" " * 20000 + b'<meta charset="koi8-r">') is None
    assert meta_charset(b'<meta charset="utf-16">') == "utf_8"
