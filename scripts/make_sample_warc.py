"""Build sample_archive/crawl/meridian-daily.warc.gz from the page sources in scripts/sample_warc/.

The output is byte-for-byte reproducible: record ids and WARC-Dates are fixed, and warcio
writes each record as a gzip member without a timestamp. Run it after editing a source:

    .venv/bin/python scripts/make_sample_warc.py
"""

from __future__ import annotations

import gzip
import uuid
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Literal

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sample_warc"
TARGET = HERE.parent / "sample_archive" / "crawl" / "meridian-daily.warc.gz"
SITE = "https://www.meridiandaily.example"
CRAWLER = "newsbrowse-sample-crawler/1.0 (+https://example.invalid/newsbrowse)"
# Every record id is derived from this namespace and a label, so reruns give the same ids.
ID_NAMESPACE = uuid.UUID("6f1c2a52-8d0e-4a5b-9e7f-1d2c3b4a5e60")

Encoding = Literal["identity", "gzip", "chunked"]


@dataclass(frozen=True, slots=True)
class Capture:
    """One fetched URL: where its body comes from and how the server sent it."""

    path: str
    source: str
    content_type: str
    date: str
    encoding: Encoding = "identity"


# The pages exercise what real crawls hold: a charset in the header or only in the page,
# a gzip Content-Encoding, a chunked Transfer-Encoding, and a stylesheet that is no article.
CAPTURES: tuple[Capture, ...] = (
    Capture(
        "/news/2021/04/09/first-week-of-vienna-talks-ends-with-expert-groups-at-work",
        "1-first-week-of-vienna-talks-ends-with-expert-groups-at-work.html",
        "text/html; charset=utf-8",
        "2021-04-09T16:42:10Z",
    ),
    Capture("/static/site.css", "site.css", "text/css", "2021-04-09T16:42:11Z"),
    Capture(
        "/news/2021/05/10/analysts-see-gaps-narrowing-as-fourth-round-continues",
        "2-analysts-see-gaps-narrowing-as-fourth-round-continues.html",
        "text/html; charset=UTF-8",
        "2021-05-10T10:05:31Z",
        "gzip",
    ),
    Capture(
        "/news/2021/05/28/explainer-what-is-un-security-council-resolution-2231",
        "3-explainer-what-is-un-security-council-resolution-2231.html",
        "text/html",
        "2021-05-28T11:30:02Z",
    ),
    Capture(
        "/news/2021/06/21/vienna-talks-pause-after-sixth-round",
        "4-vienna-talks-pause-after-sixth-round.html",
        "text/html; charset=utf-8",
        "2021-06-21T14:20:45Z",
        "chunked",
    ),
)


def record_id(label: str) -> str:
    """A fixed WARC-Record-ID for a label."""
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, label)}>"


def http_date(warc_date: str) -> str:
    """The HTTP Date header matching a WARC-Date."""
    moment = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def encode_body(body: bytes, encoding: Encoding) -> tuple[bytes, list[tuple[str, str]]]:
    """The body as it travelled over the wire, with the headers that say how."""
    if encoding == "gzip":
        return gzip.compress(body, mtime=0), [("Content-Encoding", "gzip")]
    if encoding == "chunked":
        size = 4096
        chunks = [body[i : i + size] for i in range(0, len(body), size)]
        wire = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"
        return wire, [("Transfer-Encoding", "chunked")]
    return body, [("Content-Length", str(len(body)))]


def write_warcinfo(writer: WARCWriter) -> None:
    """The leading warcinfo record describing the crawl."""
    fields = (
        f"software: {CRAWLER}\r\n"
        "format: WARC File Format 1.0\r\n"
        "description: Sample crawl of Meridian Daily (invented outlet) for the newsbrowse demo archive\r\n"
    ).encode()
    record = writer.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(fields),
        length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={
            "WARC-Record-ID": record_id("warcinfo"),
            "WARC-Date": "2021-04-09T16:42:00Z",
            "WARC-Filename": TARGET.name,
        },
    )
    writer.write_record(record)


def write_capture(writer: WARCWriter, capture: Capture) -> None:
    """A request record and its response record for one capture."""
    url = SITE + capture.path
    response_id = record_id("response " + capture.path)
    request_headers = StatusAndHeaders(
        f"GET {capture.path} HTTP/1.1",
        [
            ("Host", SITE.removeprefix("https://")),
            ("User-Agent", CRAWLER),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Encoding", "gzip"),
        ],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        url,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=request_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id("request " + capture.path),
            "WARC-Date": capture.date,
            "WARC-Concurrent-To": response_id,
        },
    )
    body = (SOURCES / capture.source).read_bytes()
    wire, transfer_headers = encode_body(body, capture.encoding)
    response_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", http_date(capture.date)),
            ("Server", "nginx"),
            ("Content-Type", capture.content_type),
            *transfer_headers,
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(wire),
        length=len(wire),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Record-ID": response_id, "WARC-Date": capture.date},
    )
    writer.write_record(request)
    writer.write_record(response)


def build(output: BinaryIO) -> None:
    """Write the whole sample WARC to a binary stream."""
    writer = WARCWriter(output, gzip=True)
    write_warcinfo(writer)
    for capture in CAPTURES:
        write_capture(writer, capture)


def main() -> None:
    """Regenerate the sample WARC in place and say where it went."""
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("wb") as output:
        build(output)
    print(f"wrote {TARGET.relative_to(HERE.parent)} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
