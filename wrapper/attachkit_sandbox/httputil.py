"""HTTP helpers shared by the vendor apps: file responses, canned answers (for the fault and
echo middlewares) and the client's address."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import StreamingResponse

__all__ = [
    "Canned",
    "canned_json",
    "client_ip",
    "content_disposition",
    "file_response",
    "mime_for",
    "opaque_token",
    "status_phrase",
]

# A fixed table rather than `mimetypes`, whose answers depend on the host's configuration.
_MIME_TYPES: Mapping[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "tif": "image/tiff",
    "txt": "text/plain",
    "csv": "text/csv",
    "json": "application/json",
    "xml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

_SECRET = b"attachkit-sandbox-token-secret"


def mime_for(extension: str) -> str:
    return _MIME_TYPES.get(extension.lower(), "application/octet-stream")


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(
    chunks: Iterator[bytes], size: int, media_type: str, filename: str
) -> StreamingResponse:
    """Stream the body chunk by chunk, with the exact Content-Length known up front."""
    return StreamingResponse(
        chunks,
        media_type=media_type,
        headers={"Content-Length": str(size), "Content-Disposition": content_disposition(filename)},
    )


def opaque_token(kind: str, counter: int) -> str:
    """A token that looks random but is the same for the same issue order after a reset."""
    return hmac.new(_SECRET, f"{kind}:{counter}".encode(), hashlib.sha256).hexdigest()


def client_ip(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


@dataclass(frozen=True)
class Canned:
    """A whole answer, as the fault and echo middlewares send it."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def status_phrase(status: int) -> str:
    """The reason phrase of an HTTP status ("Error" for one without)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def canned_json(
    status: int,
    body: object,
    media_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> Canned:
    """A JSON answer, compact as the vendors send it."""
    encoded = json.dumps(body, separators=(",", ":")).encode()
    extra = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    return Canned(status, [(b"content-type", media_type.encode()), *extra], encoded)
