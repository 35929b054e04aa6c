"""Where the command writes: stdout for results, stderr for messages, both redacted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol, TextIO

from .._core.masking import masker_for
from .._core.redaction import REDACTED, Redactor
from ..errors import AttachkitError

__all__ = ["Console", "OutputClosed", "StatusLine", "human_size", "json_text", "printable"]


class StatusLine(Protocol):
    def clear(self) -> None:
        """Blanks the line and leaves the cursor at its start."""

    def redraw(self) -> None:
        """Draws the line again, as it was."""


class OutputClosed(Exception):
    """The reader of stdout went away (`attachkit ... | head -1`): the run ends quietly."""


def printable(text: str) -> str:
    """`text` with control and format characters escaped: a vendor's file name must not
    move the cursor, ring the bell or reorder what the terminal shows."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(value: object) -> str:
    """One JSON document on one line, as safe for a terminal as `printable` text: what is
    not printable (U+00A0, U+00AD, bidi controls, lone surrogates...) is written as a JSON
    `\\u` escape, so the line always parses back to the same value."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if text.isprintable():
        return text
    # Outside strings, json.dumps writes only printable ASCII: every escape lands in a string.
    return "".join(char if char.isprintable() else _json_escape(char) for char in text)


class Console:
    def __init__(
        self, stdout: TextIO, stderr: TextIO, stdin: TextIO, redact: Redactor | None = None
    ) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
        self._redactor = redact or Redactor.of_live_clients()
        self._learnt: set[str] = set()
        self.wording: Callable[[str], str] = str
        """Puts a message in the command's own words (a client keyword becomes its flag)."""
        self.advise: Callable[[BaseException], str | None] = _no_advice
        """What the user should check after an error (`check --url`), or None."""
        self.finished = False
        """Whether the run's closing JSON document was written (`final`)."""
        self.usage_error: str | None = None
        """The argument parser's complaint, for the closing JSON document."""
        self.status_line: StatusLine | None = None
        """A line redrawn in place on stderr (a progress bar), kept clear of other lines."""

    def learn_secret(self, secret: str) -> None:
        """A secret the command came by during the run (a password typed at a prompt or
        read from stdin): masked in everything written from now on, as the given ones are."""
        if secret:
            self._learnt.add(secret)

    def known_secrets(self) -> set[str]:
        """The secrets the command was given or came by, and those of the live client."""
        return self._redactor.known_secrets() | self._learnt

    def redact(self, text: str) -> str:
        """`text` with every secret the run knows masked (nothing else changed)."""
        return masker_for(self.known_secrets(), REDACTED).mask(text)

    def out(self, text: str) -> None:
        self._write(printable(self.redact(text)) + "\n")

    def json(self, value: object) -> None:
        """One JSON document on one line, every string in it redacted."""
        self._write(json_text(self._redacted(value)) + "\n")

    def _write(self, text: str) -> None:
        try:
            self.stdout.write(text)
        except BrokenPipeError:
            raise OutputClosed from None

    def flush(self) -> None:
        try:
            self.stdout.flush()
        except BrokenPipeError:
            raise OutputClosed from None

    def _redacted(self, value: object) -> object:
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {self._redacted(key): self._redacted(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self._redacted(item) for item in value]
        return value

    def final(self, document: dict[str, object], code: int, error: str | None = None) -> None:
        """The run's closing JSON document (`--json`): what it did, its error and exit code."""
        self.json({**document, "error": error, "exit_code": int(code)})
        self.finished = True

    def explain(self, error: BaseException) -> str:
        """What went wrong, in the command's words: an OSError without its errno prefix."""
        if isinstance(error, OSError) and not isinstance(error, AttachkitError) and error.strerror:
            text = (
                error.strerror if error.filename is None else f"{error.filename}: {error.strerror}"
            )
        else:
            text = str(error)
        return self.wording(text)

    def error(self, text: str) -> None:
        self._line(printable(self.redact(f"attachkit: {text}")))
        self.stderr.flush()

    def note(self, text: str) -> None:
        self._line(printable(self.redact(text)))

    def _line(self, text: str) -> None:
        """A line on stderr, below the status line: that is cleared first and drawn again."""
        status = self.status_line
        if status is not None:
            status.clear()
        self.stderr.write(text + "\n")
        if status is not None:
            status.redraw()

    def log_stream(self) -> _LogStream:
        """Where log records go: stderr, redacted and escaped like every other line."""
        return _LogStream(self)

    @property
    def interactive(self) -> bool:
        """Whether stderr is a terminal (progress bars are for people, not logs)."""
        return _is_terminal(self.stderr)

    @property
    def stdin_is_terminal(self) -> bool:
        """Whether someone at a terminal can answer a question (a password, a yes or no)."""
        return _is_terminal(self.stdin)

    def confirm(self, question: str) -> bool:
        """Asks `question` on stderr and reads the answer from stdin: yes only for y or yes."""
        self.stderr.write(printable(self.redact(question)) + " [y/N] ")
        self.stderr.flush()
        return self.stdin.readline().strip().lower() in ("y", "yes")


def _no_advice(error: BaseException) -> str | None:
    return None


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


class _LogStream:
    """A stream for a logging handler that writes through the console's redaction."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def write(self, text: str) -> int:
        for line in text.splitlines():
            self._console.note(line)
        return len(text)

    def flush(self) -> None:
        self._console.stderr.flush()


def human_size(size: int | None) -> str:
    if size is None:
        return "?"
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")
