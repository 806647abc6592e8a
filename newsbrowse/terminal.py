"""Standard output for the commands: an encoding that cannot hold a character, a closed or full stdout, a reader gone.

A command writes through `guarded_stdout()`: characters the output's encoding lacks are
replaced (JSON escapes them instead, see `json_ascii`), bidirectional overrides are
dropped from what people read, a stdout that is closed or full raises OutputError (one
line, exit 1), and a reader that went away (`| head`) raises ReaderGone, which ends the
command quietly with status 0: the reader took what it wanted.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from newsbrowse.errors import NewsbrowseError

# Not 141 (128 + SIGPIPE): under `set -o pipefail` that fails a script's `newsbrowse search ... | head`,
# though nothing went wrong.
EXIT_READER_GONE = 0

# Embeddings, overrides and isolates reorder what a terminal shows ("gnp.txt" can show as "txt.png");
# the marks (U+200E, U+200F, U+061C) only nudge neutral characters and stay.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_UNICODE_CODECS = frozenset({"utf-8", "utf-16", "utf-32", "gb18030"})


class OutputError(NewsbrowseError):
    """Standard output cannot be written: closed, full, or failing."""


class ReaderGone(Exception):
    """The program reading our output closed the pipe (e.g. `| head`): nothing more to write, nothing to say."""


def _failure(err: OSError | None) -> OutputError:
    """The one-line error for a write to stdout that failed (`err` None: stdout is closed)."""
    if err is None or err.errno == errno.EBADF:
        return OutputError("cannot write the output: standard output is closed")
    return OutputError(f"cannot write the output: {err.strerror or err}")


class _Stdout(io.TextIOBase):
    """The real stdout behind the rules of this module."""

    def __init__(self, stream: TextIO | None, people: bool) -> None:
        super().__init__()
        self._stream = stream
        self._people = people

    @property  # typeshed declares TextIOBase.encoding a plain attribute; this one follows the real stream
    def encoding(self) -> str:  # type: ignore[override]
        """The real stream's encoding (rich and json_ascii look at it)."""
        return getattr(self._stream, "encoding", None) or "utf-8"

    def isatty(self) -> bool:
        """Whether the output is a terminal."""
        return self._stream is not None and self._stream.isatty()

    def fileno(self) -> int:
        """The real stream's file descriptor."""
        if self._stream is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._stream.fileno()

    def writable(self) -> bool:
        """Always: failures are raised when writing."""
        return True

    def write(self, text: str) -> int:
        """Write text, replacing what the encoding cannot hold."""
        if self._stream is None:
            raise _failure(None)
        if self._people:
            text = text.translate(_BIDI_CONTROLS)
        try:
            try:
                self._stream.write(text)
            except UnicodeEncodeError:  # raised before anything is written: the whole text is encoded first
                self._stream.write(text.encode(self.encoding, "replace").decode(self.encoding))
        except BrokenPipeError:
            raise ReaderGone from None
        except (OSError, ValueError) as err:  # ValueError: a stream closed under us
            raise _failure(err if isinstance(err, OSError) else None) from err
        return len(text)

    def close(self) -> None:
        """Nothing: the real stream is not ours to close (and flushing it again at exit could only fail again)."""

    def flush(self) -> None:
        """Flush the real stream."""
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise ReaderGone from None
        except (OSError, ValueError) as err:
            raise _failure(err if isinstance(err, OSError) else None) from err


def json_ascii() -> bool:
    """Whether JSON for stdout must be ASCII (escaped): its encoding cannot hold every character."""
    try:
        name = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    except LookupError:
        return True
    return name not in _UNICODE_CODECS


def _silence(stream: TextIO | None) -> None:
    """Point a stdout whose reader is gone at /dev/null, so that the interpreter's last flush does not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[union-attr]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (captured in a test): nothing to flush later
        pass


@contextmanager
def guarded_stdout(people: bool = True) -> Iterator[None]:
    """Write the block's output to stdout under this module's rules, flushed before the block ends.

    `people`: the output is read by people (bidirectional overrides dropped), not by programs.
    """
    real = sys.stdout
    sys.stdout = _Stdout(real, people)
    try:
        yield
        sys.stdout.flush()
    except (ReaderGone, OutputError):
        _silence(real)  # what is still buffered could only fail again when the interpreter exits
        raise
    finally:
        sys.stdout = real
