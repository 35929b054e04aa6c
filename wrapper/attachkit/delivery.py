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
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator

import attrs
import httpx

from . import errors
from .attachment import Attachment

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
    headers, `checked`/`achecked` at its body as it passes. Each error is handed to
    `scrub` (the client's redaction) before it is raised."""

    __slots__ = (
        "_attachment",
        "_hint",
        "_host",
        "_listed_type",
        "_method",
        "_scrub",
        "_status_code",
        "_url",
        "limit",
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
        self.limit = sys.maxsize if size is None else size.most
        """More bytes than this are refused at once, before the body ends."""
        self._listed_type = _listed_type(attachment)
        self._hint = hint
        self._scrub = scrub
        # The answer the body comes from (none for content the listing carried inline).
        self._method = self._url = self._host = ""
        self._status_code: int | None = None

    def answered(self, response: httpx.Response) -> None:
        """Refuses an answer that says it is a web page (before its body is read)."""
        request = response.request
        self._method, self._url = request.method, str(request.url)
        self._host, self._status_code = request.url.host, response.status_code
        media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if self._listed_type is not None and media_type in _HTML_TYPES:
            self._fail(self._web_page(media_type))

    def looked(self, head: bytes, complete: bool) -> bool:
        """Looks at the first bytes of the body (`complete`: all there are, or as many as
        are looked at): True once they are no web page, False while more are needed."""
        if self._listed_type is None:
            return True
        verdict = html_verdict(head, complete or len(head) >= HEAD_BYTES)
        if verdict:
            self._fail(self._web_page("a body that starts like HTML"))
        return verdict is False

    def over(self, received: int) -> None:
        """Refuses a body that went past the largest size allowed."""
        self._fail(self._size_error(received, more=True))

    def end(self, received: int) -> None:
        """Refuses a whole body of a size the listing does not allow."""
        if self.size is not None and not self.size.allows(received):
            self._fail(self._size_error(received, more=False))

    def _fail(self, error: errors.ContentMismatchError) -> None:
        if self._scrub is not None:
            self._scrub(error)
        raise error

    def _size_error(self, received: int, *, more: bool) -> errors.SizeMismatchError:
        attachment = self._attachment
        assert self.size is not None
        if more:
            amount = f"more than {self.size.most} bytes (stopped at {received})"
        else:
            amount = f"{received} bytes"
        return errors.SizeMismatchError(
            f"{attachment.vendor}: received {amount} of {attachment.name!r}, but the vendor "
            f"lists {self.size}",
            vendor=attachment.vendor,
            file_id=attachment.id,
            name=attachment.name,
            received=received,
            more=more,
            listed=str(self.size),
            method=self._method,
            url=self._url,
            status_code=self._status_code,
        )

    def _web_page(self, received: str) -> errors.WebPageError:
        attachment = self._attachment
        listed = self._listed_type or ""
        source = self._host or attachment.vendor
        return errors.WebPageError(
            f"{attachment.vendor}: {attachment.name!r} is listed as {listed}, but {source} "
            f"answered with a web page ({received}), perhaps a sign-in page{self._hint}",
            vendor=attachment.vendor,
            file_id=attachment.id,
            name=attachment.name,
            received_type=received,
            listed_type=listed,
            method=self._method,
            url=self._url,
            status_code=self._status_code,
        )


def _head(held: list[bytes]) -> bytes:
    return held[0][:HEAD_BYTES] if len(held) == 1 else b"".join(held)[:HEAD_BYTES]


def checked(chunks: Iterable[bytes], check: DeliveryCheck) -> Iterator[bytes]:
    """`chunks` as they come, held to `check`: the error comes before the first chunk for
    a web page, as soon as the body is too large, and after the last chunk for a body too
    small (or of a size between the ones a rounded listing allows). Chunks are held back
    only while the first bytes could still be the start of a web page."""
    iterator = iter(chunks)
    limit = check.limit
    try:
        held: list[bytes] = []
        received = 0
        settled = False
        for chunk in iterator:
            held.append(chunk)
            received += len(chunk)
            if received > limit:
                check.over(received)
            if check.looked(_head(held), complete=False):
                settled = True
                break
        if not settled:
            check.looked(_head(held), complete=True)
        yield from held
        del held
        for chunk in iterator:
            received += len(chunk)
            if received > limit:
                check.over(received)
            yield chunk
        check.end(received)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


async def achecked(chunks: AsyncIterable[bytes], check: DeliveryCheck) -> AsyncIterator[bytes]:
    """As `checked`, for an async stream."""
    iterator = aiter(chunks)
    limit = check.limit
    try:
        held: list[bytes] = []
        received = 0
        settled = False
        async for chunk in iterator:
            held.append(chunk)
            received += len(chunk)
            if received > limit:
                check.over(received)
            if check.looked(_head(held), complete=False):
                settled = True
                break
        if not settled:
            check.looked(_head(held), complete=True)
        for chunk in held:
            yield chunk
        del held
        async for chunk in iterator:
            received += len(chunk)
            if received > limit:
                check.over(received)
            yield chunk
        check.end(received)
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()
