"""Writing a check's exchanges as a cassette a test can replay (vcrpy's format), scrubbed by
the same code as the project's own cassettes (`scrub.Scrubber`): placeholder hosts; no
secret the run knew, by name or by value; no login, e-mail, phone or person's name.

The file is written by PyYAML's safe dumper, the library vcrpy reads cassettes with, in
plain ASCII (anything else escaped, so it reads back the same whatever the reader's locale):
what is written is what vcrpy reads back, for any text. A body that is valid UTF-8 is
written as text, any other as `!!binary`. PyYAML is the `record` extra.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from pathlib import Path
from typing import Any

from .exchanges import Exchange
from .scrub import LIVE_RESPONSE_PERSONAL_FIELDS, Scrubber

__all__ = ["RECORD_EXTRA", "placeholder_origins", "write_cassette"]

RECORD_EXTRA = "pip install 'attachkit[record]'"
"""How to get what writing a cassette needs (PyYAML)."""


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


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _stored(body: bytes | str | None) -> bytes | str | None:
    """Text when the bytes are UTF-8 (vcrpy encodes text bodies as UTF-8), else bytes."""
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return body
    return body


def _interaction(exchange: Exchange, scrubber: Scrubber) -> dict[str, Any]:
    request = exchange.request
    recorded = scrubber.request(
        _Request(str(request.url), dict(request.headers.items()), request.content or None)
    )
    response: dict[str, Any] = scrubber.response(
        {
            "status": {"code": exchange.status, "message": _phrase(exchange.status)},
            "headers": {name: exchange.headers.get_list(name) for name in exchange.headers},
            "body": {"string": bytes(exchange.body)},
        },
        cut=not exchange.complete,
    )
    response["body"]["string"] = _stored(response["body"]["string"])
    return {
        "request": {
            "body": _stored(recorded.body),
            "headers": {name: [value] for name, value in recorded.headers.items()},
            "method": request.method,
            "uri": recorded.uri,
        },
        "response": response,
    }


def _learn(scrubber: Scrubber, exchanges: Sequence[Exchange]) -> None:
    """Every secret of the recording, before any exchange is written: one echoed in an
    answer before the one that issued it is masked too."""
    for exchange in exchanges:
        request = exchange.request
        scrubber.learn_request(str(request.url), dict(request.headers.items()), request.content)
        headers: Mapping[str, Any] = {
            name: exchange.headers.get_list(name) for name in exchange.headers
        }
        scrubber.learn_response(headers, bytes(exchange.body))


def write_cassette(
    path: Path,
    vendor: str,
    exchanges: Sequence[Exchange],
    secrets: Iterable[str] = (),
    personal_fields: Iterable[str] = (),
) -> Path:
    """Writes the cassette atomically (a temporary file renamed over `path`). `secrets` are
    those the run knew besides what passed by name (the configured credentials, the tokens
    the client holds); `personal_fields` are the vendor's own answer fields that name a
    person. ImportError without PyYAML (see `RECORD_EXTRA`)."""
    import yaml  # the `record` extra: only writing a cassette needs it

    personal = LIVE_RESPONSE_PERSONAL_FIELDS | frozenset(personal_fields)
    scrubber = Scrubber(placeholder_origins(vendor, exchanges), personal, secrets)
    _learn(scrubber, exchanges)
    document = {
        "interactions": [_interaction(exchange, scrubber) for exchange in exchanges],
        "version": 1,
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, allow_unicode=False, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
