"""What a download is held to: the file its listing describes.

Every download (`open`, `download`, `save`, and through them the command line and the
export) passes through one `DeliveryCheck`. It refuses:
- a body whose size the listing does not allow (`SizeMismatchError`). What a listed size
  means is the vendor's to say (`Vendor.listed_size`): exact bytes, every byte count a
  rounded display ("1.5 MB") can stand for, or nothing to check;
- a web page (a `text/html` answer, or a body that starts like HTML) for a file the listing
  does not call a web page (`WebPageError`): a sign-in or error page of the download host
  in place of the file.

The check is cheap: each chunk is counted as it passes, and only the first bytes are looked
at (at most `HEAD_BYTES`). Chunks are held back only while those could still be the start
of a web page ("<", "<!DOC"...), so that one is refused before any of it is handed on; a
file that starts otherwise streams at once. Nothing is copied but that head.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Sequence

import attrs
import httpx2

from .. import errors
from ..attachment import Attachment

__all__ = [
    "HEAD_BYTES",
    "DeliveryCheck",
    "ListedSize",
    "achecked",
    "checked",
    "exact_listed_size",
    "html_verdict",
    "looks_like_html",
]

HEAD_BYTES = 1024
"""Bytes at the start of a body that are looked at for a web page."""

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_EXTENSIONS = frozenset({"html", "htm", "xhtml", "xht", "shtml"})
# How a web page starts (after a byte order mark and white space), in lower case: a
# doctype or one of the elements that open a page. `<!--` is left out: XML and SVG files
# may start with a comment too.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<title", b"<meta")
_TAG_ENDS = b" \t\n\r\f>/"
_BOM = b"\xef\xbb\xbf"


@attrs.frozen
class ListedSize:
    """What a listing says of a file's size: the byte counts it allows (`spans`, each from
    low to high inclusive) and how the vendor shows it (`shown`: "1003 bytes", "1.5 MB")."""

    spans: tuple[tuple[int, int], ...]
    shown: str

    @classmethod
    def exact(cls, size: int) -> ListedSize:
        return cls(((size, size),), f"{size} bytes")

    @property
    def most(self) -> int:
        """The largest byte count allowed."""
        return max(high for _, high in self.spans)

    def allows(self, size: int) -> bool:
        return any(low <= size <= high for low, high in self.spans)

    def __str__(self) -> str:
        if len(self.spans) == 1 and self.spans[0][0] == self.spans[0][1]:
            return self.shown
        counts = " or ".join(f"{low} to {high}" for low, high in self.spans)
        return f"{self.shown} ({counts} bytes)"


def exact_listed_size(attachment: Attachment) -> ListedSize | None:
    """The attachment's `size` as the exact byte count (None when the listing gives none)."""
    return None if attachment.size is None else ListedSize.exact(attachment.size)


def html_verdict(head: bytes, complete: bool) -> bool | None:
    """Whether a body that starts with `head` starts like a web page: True or False, or
    None while the bytes so far could still go either way (`complete`: no more will come)."""
    if _BOM.startswith(head[:3]) and len(head) < len(_BOM):
        return False if complete else None
    text = head.removeprefix(_BOM).lstrip(b" \t\n\r\f")
    if not text:
        return False if complete else None
    if text[:1] != b"<":
        return False
    text = text[:32].lower()
    undecided = False
    for start in _HTML_STARTS:
        if text.startswith(start):
            # What follows the name must end it ("<html>", "<html lang=..."), or the body
            # ends there; "<header" is not "<head".
            following = text[len(start) : len(start) + 1]
            if following:
                return following in _TAG_ENDS
            return True if complete else None
        undecided = undecided or start.startswith(text)
    return None if undecided and not complete else False


def looks_like_html(head: bytes) -> bool:
    """Whether a whole body, or its first `HEAD_BYTES`, starts like a web page."""
    return html_verdict(head, complete=True) is True


def _listed_type(attachment: Attachment) -> str | None:
    """The type the listing gives the file ("application/pdf", or ".pdf" by its extension),
    or None when it gives none or says the file is a web page: then nothing is checked."""
    mime_type = (attachment.mime_type or "").partition(";")[0].strip().lower()
    extension = (attachment.extension or "").lower()
    if mime_type in _HTML_TYPES or extension in _HTML_EXTENSIONS:
        return None
    if mime_type:
        return mime_type
    return f".{extension} file" if extension else None


class DeliveryCheck:
    """Holds one download to its attachment's listing: `answered` looks at the answer's
    headers, `take`, `rest` and `end` at its body as it passes (`checked`/`achecked` call
    them). Each error is handed to `scrub` (the client's redaction) before it is raised."""

    __slots__ = (
        "_answer",
        "_attachment",
        "_held",
        "_hint",
        "_listed_type",
        "_scrub",
        "limit",
        "received",
        "size",
    )

    def __init__(
        self,
        attachment: Attachment,
        size: ListedSize | None,
        *,
        hint: str = "",
        scrub: Callable[[errors.AttachkitError], None] | None = None,
    ) -> None:
        self._attachment = attachment
        self.size = size
        # More bytes than this are refused at once, before the body ends.
        self.limit = sys.maxsize if size is None else size.most
        self._listed_type = _listed_type(attachment)
        self._hint = hint
        self._scrub = scrub
        # The answer the body comes from (none for content the listing carried inline).
        self._answer: httpx2.Response | None = None
        self.received = 0
        # The chunks held back while the first bytes could still start a web page; None
        # once they cannot (or nothing is to be looked at).
        self._held: list[bytes] | None = None if self._listed_type is None else []

    def answered(self, response: httpx2.Response) -> None:
        """Refuses an answer that says it is a web page (before its body is read)."""
        self._answer = response
        if self._listed_type is None:
            return
        media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type in _HTML_TYPES:
            self._fail(self._web_page(media_type))

    def take(self, chunk: bytes) -> Sequence[bytes]:
        """The chunks to hand on now that `chunk` came: itself, none while the first bytes
        could still start a web page, or those held back until they could not."""
        self.received += len(chunk)
        if self.received > self.limit:  # past the largest size allowed: no need to go on
            self._fail(self._size_error(self.received, more=True))
        held = self._held
        if held is None:
            return (chunk,)
        held.append(chunk)
        if not self._looked(held, complete=False):
            return ()
        self._held = None
        return held

    def rest(self) -> Sequence[bytes]:
        """The chunks still held back when the body ends, once looked at."""
        held = self._held
        if held is None:
            return ()
        self._looked(held, complete=True)
        self._held = None
        return held

    def _looked(self, held: list[bytes], complete: bool) -> bool:
        """Whether the first bytes are settled to be no web page (an error if they are)."""
        head = held[0][:HEAD_BYTES] if len(held) == 1 else b"".join(held)[:HEAD_BYTES]
        verdict = html_verdict(head, complete or len(head) >= HEAD_BYTES)
        if verdict:
            self._fail(self._web_page("a body that starts like HTML"))
        return verdict is False

    def end(self) -> None:
        """Refuses a whole body of a size the listing does not allow."""
        if self.size is not None and not self.size.allows(self.received):
            self._fail(self._size_error(self.received, more=False))

    def _where(self) -> errors.MismatchDetails:
        attachment, answer = self._attachment, self._answer
        details: errors.MismatchDetails = {
            "vendor": attachment.vendor,
            "file_id": attachment.id,
            "name": attachment.name,
        }
        if answer is not None:
            request = answer.request
            details["method"] = request.method
            details["url"] = str(request.url)
            details["status_code"] = answer.status_code
        return details

    def _fail(self, error: errors.ContentMismatchError) -> None:
        if self._scrub is not None:
            self._scrub(error)
        raise error

    def _size_error(self, received: int, *, more: bool) -> errors.SizeMismatchError:
        assert self.size is not None
        if more:
            amount = f"more than {self.size.most} bytes (stopped at {received})"
        else:
            amount = f"{received} bytes"
        details = self._where()
        return errors.SizeMismatchError(
            f"{details['vendor']}: received {amount} of {details['name']!r}, but the vendor "
            f"lists {self.size}",
            received=received,
            more=more,
            listed=str(self.size),
            **details,
        )

    def _web_page(self, received: str) -> errors.WebPageError:
        listed = self._listed_type or ""
        details = self._where()
        source = details["vendor"] if self._answer is None else self._answer.request.url.host
        return errors.WebPageError(
            f"{details['vendor']}: {details['name']!r} is listed as {listed}, but {source} "
            f"answered with a web page ({received}), perhaps a sign-in page{self._hint}",
            received_type=received,
            listed_type=listed,
            **details,
        )


def checked(chunks: Iterable[bytes], check: DeliveryCheck) -> Iterator[bytes]:
    """`chunks` as they come, held to `check`: the error comes before the first chunk for
    a web page, as soon as the body is too large, and after the last chunk for a body too
    small (or of a size between the ones a rounded listing allows)."""
    iterator = iter(chunks)
    try:
        for chunk in iterator:
            yield from check.take(chunk)
        yield from check.rest()
        check.end()
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


async def achecked(chunks: AsyncIterable[bytes], check: DeliveryCheck) -> AsyncIterator[bytes]:
    """As `checked`, for an async stream."""
    iterator = aiter(chunks)
    try:
        async for chunk in iterator:
            for part in check.take(chunk):
                yield part
        for part in check.rest():
            yield part
        check.end()
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()
