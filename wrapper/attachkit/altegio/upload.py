"""What may be uploaded to a client's card, and the multipart body it travels in.

Altegio's own MCP server (altegio/altegio-pro-mcp) allows a nonempty file strictly below
12 MiB with one of ten extensions, under a name of 1-255 characters that is no path and
holds no control or invisible characters. attachkit checks the same (and refuses a `"` in
the name, which multipart headers carry only escaped) before a byte is sent
(TypeError for a wrong kind of argument, ValueError for a wrong value, OSError from the
file system), so a refused upload costs no request.

The body is framed here, not by httpx2: the generated code fixes the multipart boundary to
"+++" (a file holding "--+++" would break the body), and httpx2 reads files synchronously
even in the async client. The file is streamed in chunks, never read whole, and can be sent
again from its start (an auth flow resends a request after a 401 and a new login).
"""

from __future__ import annotations

import io
import os
import secrets
import stat
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from typing import IO, Any

import anyio.to_thread
import attrs

from .. import errors

__all__ = [
    "CHUNK_SIZE",
    "MAX_BYTES",
    "MAX_NAME_LENGTH",
    "MIME_TYPES",
    "FileChangedError",
    "UploadBody",
    "UploadFile",
    "Uploadable",
    "check_name",
    "prepare_upload",
    "same_name",
    "upload_failure",
    "with_note",
]

# x-attachkit-assumption: Altegio's backend refuses what its MCP server refuses before
# sending (size, name, extension); the MCP's notes call the 12 MiB cap the backend's.
MAX_BYTES = 12 * 1024 * 1024
"""Files must be smaller than this (12 MiB), as Altegio's MCP server checks."""
MAX_NAME_LENGTH = 255
# The extensions Altegio's MCP server allows, with the type it sends for each.
MIME_TYPES = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
CHUNK_SIZE = 256 * 1024
Uploadable = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
"""A path, the bytes themselves, or a seekable binary file object."""
# Controls, invisible format characters (zero-width, bidi overrides, BOM), lone surrogates
# and line or paragraph separators: none belongs in a file name sent in a header.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def check_name(name: object) -> str:
    """A file name Altegio's MCP server would send: returns it, or TypeError/ValueError."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, not {type(name).__name__}")
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise ValueError(f"name must be 1 to {MAX_NAME_LENGTH} characters, not {len(name)}")
    if name != name.strip():
        raise ValueError(f"name {name!r} starts or ends with white space")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"name {name!r} is a path: pass the file's own name")
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in name):
        raise ValueError(f"name {name!r} holds control or invisible characters")
    if '"' in name:
        # Browsers send it as %22, which a server may store as is: the name would differ.
        raise ValueError(f"name {name!r} holds a double quote")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or extension.lower() not in MIME_TYPES:
        allowed = ", ".join(MIME_TYPES)
        raise ValueError(f"name {name!r} must end in an extension Altegio takes: {allowed}")
    return name


def same_name(listed: str, sent: str) -> bool:
    """Whether a listed file has the name a file was uploaded under (in either Unicode
    form: names from macOS paths come decomposed)."""
    return unicodedata.normalize("NFC", listed) == unicodedata.normalize("NFC", sent)


@attrs.frozen
class UploadFile:
    """A checked upload: its name, type and size, and where its bytes are read from (the
    bytes themselves, a path, or a seekable binary file object from `start`)."""

    name: str
    mime_type: str
    size: int
    data: bytes | None = None
    path: str | None = None
    handle: IO[bytes] | None = None
    start: int = 0


def prepare_upload(file: object, name: object = None) -> UploadFile:
    """Checks what a caller passed: a path (str or os.PathLike), bytes, or a seekable binary
    file object, and the name to store it under (by default the path's or the file
    object's own name). Stats or seeks the file: the async client runs this in a thread."""
    if isinstance(file, bytes | bytearray | memoryview):
        if name is None:
            raise TypeError("name= is needed when the file is given as bytes")
        # Checked before the copy (a copy keeps later changes to a bytearray out of it).
        checked = _checked(UploadFile(check_name(name), "", memoryview(file).nbytes))
        return attrs.evolve(checked, data=bytes(file))
    if isinstance(file, str | os.PathLike):
        path = os.fspath(file)
        if not isinstance(path, str):
            raise TypeError("a path must be text (str or os.PathLike[str]), not bytes")
        chosen = check_name(os.path.basename(path) if name is None else name)
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path!r} is not a regular file")
        return _checked(UploadFile(chosen, "", info.st_size, path=path))
    if callable(getattr(file, "read", None)):
        return _checked(_file_object(file, name))
    kind = type(file).__name__
    raise TypeError(f"file must be a path, bytes or a binary file object, not {kind}")


def _file_object(file: Any, name: object) -> UploadFile:
    if isinstance(file, io.TextIOBase):
        raise TypeError("the file object is in text mode: open it with 'rb'")
    seekable = getattr(file, "seekable", None)
    if not callable(seekable) or not seekable():
        raise ValueError(
            "the file object must be seekable (its size is checked before anything is sent, "
            "and it is sent again after a new login): pass a path or bytes instead"
        )
    if name is None:
        own = getattr(file, "name", None)
        if not isinstance(own, str):
            raise TypeError("name= is needed for a file object without a name")
        name = os.path.basename(own)
    chosen = check_name(name)
    if not isinstance(file.read(0), bytes):
        raise TypeError("the file object must give bytes: open it with 'rb'")
    start = file.tell()
    end = file.seek(0, io.SEEK_END)
    file.seek(start)
    return UploadFile(chosen, "", end - start, handle=file, start=start)


def _checked(upload: UploadFile) -> UploadFile:
    if upload.size == 0:
        raise ValueError(f"{upload.name!r} is empty: Altegio takes nonempty files only")
    if upload.size >= MAX_BYTES:
        raise ValueError(
            f"{upload.name!r} is {upload.size} bytes: Altegio takes files smaller than "
            f"12 MiB ({MAX_BYTES} bytes)"
        )
    mime_type = MIME_TYPES[upload.name.rpartition(".")[2].lower()]
    return attrs.evolve(upload, mime_type=mime_type)


class FileChangedError(errors.AttachkitError):
    """The file changed size while it was being uploaded (the upload was abandoned)."""


def _changed(upload: UploadFile, how: str) -> FileChangedError:
    return FileChangedError(
        f"altegio: {upload.name!r} {how} while it was being uploaded; the upload was "
        "abandoned before the body was complete, so the file was not stored"
    )


class UploadBody:
    """The multipart/form-data body of one upload, with a random boundary and the exact
    length up front. `sent` turns True once any of it has been handed to the connection."""

    def __init__(self, upload: UploadFile, *, field: str, filename: str, mime_type: str) -> None:
        self.upload = upload
        self.boundary = secrets.token_hex(16)
        # `check_name` let no quote, line break or control character into the name.
        self._head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {mime_type}\r\n\r\n"
        ).encode()
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.sent = False

    @property
    def headers(self) -> dict[str, str]:
        length = len(self._head) + self.upload.size + len(self._tail)
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(length),
        }

    def __iter__(self) -> Iterator[bytes]:
        """The body for a sync client, read from the start each time it is iterated."""
        self.sent = True
        yield self._head
        upload = self.upload
        if upload.data is not None:
            yield from _slices(upload.data)
        elif upload.path is not None:
            with open(upload.path, "rb") as handle:
                yield from _exactly(upload, handle.read)
        else:
            assert upload.handle is not None
            upload.handle.seek(upload.start)
            yield from _exactly(upload, upload.handle.read)
        yield self._tail

    def async_iterable(self) -> _AsyncBody:
        """The body for an async client: file reads run in a worker thread."""
        return _AsyncBody(self)


class _AsyncBody:
    def __init__(self, body: UploadBody) -> None:
        self._body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        body = self._body
        body.sent = True
        yield body._head
        upload = body.upload
        if upload.data is not None:
            for chunk in _slices(upload.data):
                yield chunk
        elif upload.path is not None:
            handle = await anyio.to_thread.run_sync(open, upload.path, "rb")
            try:
                async for chunk in _exactly_async(upload, handle.read):
                    yield chunk
            finally:
                await anyio.to_thread.run_sync(handle.close)
        else:
            assert upload.handle is not None
            await anyio.to_thread.run_sync(upload.handle.seek, upload.start)
            async for chunk in _exactly_async(upload, upload.handle.read):
                yield chunk
        yield body._tail


def _slices(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK_SIZE):
        yield data[start : start + CHUNK_SIZE]


def _exactly(upload: UploadFile, read: Callable[[int], bytes]) -> Iterator[bytes]:
    """`upload.size` bytes, then a check that the file has no more (a file that grew or
    shrank since its size was checked must not go out under the wrong length)."""
    left = upload.size
    while left:
        chunk = read(min(CHUNK_SIZE, left))
        if not chunk:
            raise _changed(upload, "shrank")
        left -= len(chunk)
        yield chunk
    if read(1):
        raise _changed(upload, "grew")


async def _exactly_async(upload: UploadFile, read: Callable[[int], bytes]) -> AsyncIterator[bytes]:
    left = upload.size
    while left:
        chunk = await anyio.to_thread.run_sync(read, min(CHUNK_SIZE, left))
        if not chunk:
            raise _changed(upload, "shrank")
        left -= len(chunk)
        yield chunk
    if await anyio.to_thread.run_sync(read, 1):
        raise _changed(upload, "grew")


def upload_failure(error: errors.APIError, sent: bool) -> errors.APIError:
    """The same connection or server error, saying whether the file may have been stored:
    uploads are never retried, so the caller decides whether to upload again."""
    if sent:
        return with_note(
            error,
            "the file may have been stored (uploads are never retried): check list_files "
            "before uploading it again",
        )
    return with_note(error, "nothing of the file was sent, so it was not stored")


def with_note(error: errors.APIError, note: str) -> errors.APIError:
    """A copy of `error` (same class and fields) whose message ends with `note`."""
    message = f"{error.message}; {note}"
    common: dict[str, Any] = {"vendor": error.vendor, "method": error.method, "url": error.url}
    if isinstance(error, errors.APIStatusError):
        return type(error)(
            message,
            status_code=error.status_code,
            vendor_message=error.vendor_message,
            body=error.body,
            retry_after=error.retry_after,
            **common,
        )
    if isinstance(error, errors.UnexpectedResponseError):
        return type(error)(message, status_code=error.status_code, **common)
    return type(error)(message, **common)
