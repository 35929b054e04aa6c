"""Writing a check's exchanges as a cassette a test can replay (vcrpy's format), scrubbed by
the same code as the project's own cassettes: placeholder hosts, no tokens, passwords,
cookies or people's names.

The file is YAML written in its JSON-compatible form (so no YAML library is needed), with
binary bodies as `!!binary` base64.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from .exchanges import Exchange
from .scrub import LIVE_RESPONSE_PERSONAL_FIELDS, request_scrubber, response_scrubber

__all__ = ["placeholder_origins", "write_cassette"]


class _Request:
    """The attributes vcrpy's request hooks read and write."""

    def __init__(self, uri: str, headers: dict[str, str], body: bytes | None) -> None:
        self.uri = uri
        self.headers = headers
        self.body = body


def placeholder_origins(vendor: str, exchanges: Sequence[Exchange]) -> dict[str, str]:
    """Each origin the exchanges reached -> `http://<vendor>.attachkit.test` for the first,
    `http://<vendor>-2.attachkit.test` and so on for the others (a download host)."""
    origins: dict[str, str] = {}
    for exchange in exchanges:
        url = exchange.request.url
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if origin not in origins:
            suffix = "" if not origins else f"-{len(origins) + 1}"
            origins[origin] = f"http://{vendor}{suffix}.attachkit.test"
    return origins


def _interaction(exchange: Exchange, origins: Mapping[str, str]) -> dict[str, Any]:
    request = exchange.request
    headers = {name: value for name, value in request.headers.items()}
    recorded = request_scrubber(origins)(
        _Request(str(request.url), headers, request.content or None)
    )
    response: dict[str, Any] = {
        "status": {"code": exchange.status, "message": _phrase(exchange.status)},
        "headers": {name: exchange.headers.get_list(name) for name in exchange.headers},
        "body": {"string": bytes(exchange.body)},
    }
    response = response_scrubber(origins, LIVE_RESPONSE_PERSONAL_FIELDS)(response)
    return {
        "request": {
            "body": recorded.body,
            "headers": {name: [value] for name, value in recorded.headers.items()},
            "method": request.method,
            "uri": recorded.uri,
        },
        "response": response,
    }


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _dump(node: object) -> str:
    if isinstance(node, bytes):
        try:
            return json.dumps(node.decode("utf-8"))
        except UnicodeDecodeError:
            return f'!!binary "{base64.b64encode(node).decode("ascii")}"'
    if isinstance(node, Mapping):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_dump(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list | tuple):
        return "[" + ", ".join(_dump(item) for item in node) + "]"
    return json.dumps(node)


def write_cassette(path: Path, vendor: str, exchanges: Sequence[Exchange]) -> Path:
    """Writes the cassette atomically (a temporary file renamed over `path`)."""
    origins = placeholder_origins(vendor, exchanges)
    document = {
        "interactions": [_interaction(exchange, origins) for exchange in exchanges],
        "version": 1,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_dump(document) + "\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
