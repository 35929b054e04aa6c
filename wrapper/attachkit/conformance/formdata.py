"""Reading a multipart/form-data body (RFC 7578) exactly: for the sandbox's upload route,
and for keeping recorded uploads out of cassettes.

Small on purpose: the body arrives whole (its size is capped before this runs), parts are
split on the boundary the Content-Type names, and part contents are kept byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

__all__ = ["FormPart", "parse_form"]


@dataclass(frozen=True)
class FormPart:
    name: str | None
    filename: str | None
    content_type: str | None
    data: bytes


def _header_params(text: str) -> Message:
    message = Message()
    for line in text.split("\r\n"):
        key, colon, value = line.partition(":")
        if colon:
            message[key.strip()] = value.strip()
    return message


def parse_form(content_type: str, body: bytes) -> list[FormPart] | None:
    """The parts of a multipart/form-data body, or None if it is not one."""
    header = Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    if header.get_content_type() != "multipart/form-data" or not isinstance(boundary, str):
        return None
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    pieces = (b"\r\n" + body).split(delimiter)
    # [preamble, part, ..., "--" closing + epilogue]
    if len(pieces) < 2 or not pieces[-1].startswith(b"--"):
        return None
    parts = []
    for piece in pieces[1:-1]:
        if not piece.startswith(b"\r\n"):
            return None
        head, separator, data = piece[2:].partition(b"\r\n\r\n")
        if not separator:
            return None
        headers = _header_params(head.decode("utf-8", "surrogateescape"))
        name = headers.get_param("name", header="content-disposition")
        filename = headers.get_param("filename", header="content-disposition")
        parts.append(
            FormPart(
                name=name if isinstance(name, str) else None,
                filename=filename if isinstance(filename, str) else None,
                content_type=headers.get("content-type"),
                data=data,
            )
        )
    return parts
