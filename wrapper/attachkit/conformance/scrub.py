"""Scrubbing recorded exchanges: placeholder hosts and no secrets or personal data, by structure.

Request and response bodies are parsed (form or JSON) and the fields that hold secrets are
replaced by name, so a token never reaches a cassette whatever it looks like. Headers that
carry credentials are replaced whole. The cassette scan test then checks the result.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..formdata import parse_form

REDACTED = "<REDACTED>"
SECRET_FIELDS = frozenset(
    {"access_token", "refresh_token", "user_token", "token", "password", "client_secret"}
)
# Who logged in, and how to reach them: personal data wherever a vendor puts it.
PERSONAL_FIELDS = frozenset({"username", "login", "email", "phone"})
# In responses `username` is also Altegio's uploader field; the sandbox's names are
# invented, a live vendor's are people, so live recordings redact every name field.
RESPONSE_PERSONAL_FIELDS = frozenset({"login", "email", "phone"})
LIVE_RESPONSE_PERSONAL_FIELDS = RESPONSE_PERSONAL_FIELDS | {
    "name",
    "username",
    "user_name",
    "createdByName",
    "lastUpdatedByName",
    "user_avatar",
    "avatar",
}
_DROPPED_RESPONSE_HEADERS = frozenset({"set-cookie", "date", "server"})
_DROPPED_REQUEST_HEADERS = frozenset({"cookie"})


def _redact_json(value: Any, fields: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {
            key: REDACTED if key in fields and isinstance(item, str) else _redact_json(item, fields)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact_json(item, fields) for item in value]
    return value


def _redact_authorization(value: str) -> str:
    # "Bearer <partner>, User <user>" keeps its shape, loses its secrets.
    parts = []
    for part in value.split(","):
        scheme, _, _credential = part.strip().partition(" ")
        parts.append(f"{scheme} {REDACTED}")
    return ", ".join(parts)


def redact_body(
    body: bytes | str | None, content_type: str, fields: frozenset[str]
) -> bytes | str | None:
    if body is None or body == b"" or body == "":
        return body
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    if "json" in content_type:
        try:
            data = json.loads(text)
        except ValueError:
            return body
        cleaned = json.dumps(_redact_json(data, fields), ensure_ascii=False, separators=(",", ":"))
        return cleaned.encode("utf-8") if isinstance(body, bytes) else cleaned
    if "x-www-form-urlencoded" in content_type:
        pairs = [
            (key, REDACTED if key in fields else value)
            for key, value in parse_qsl(text, keep_blank_values=True)
        ]
        cleaned = urlencode(pairs)
        return cleaned.encode("utf-8") if isinstance(body, bytes) else cleaned
    return body


MULTIPART_TYPE = "multipart/form-data; boundary=<BOUNDARY>"


def summarize_multipart(body: bytes | str | None, content_type: str) -> bytes:
    """An uploaded body as what each part was: its field, file name, type, size and
    SHA-256. The file itself stays out of the cassette (it may be personal, and large), and
    so does the random boundary (a recording must not change from run to run)."""
    raw = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body or b""
    parts = parse_form(content_type, raw)
    summary: dict[str, Any] = {"size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    if parts is not None:
        summary = {
            "parts": [
                {
                    "name": part.name,
                    "filename": part.filename,
                    "content_type": part.content_type,
                    "size": len(part.data),
                    "sha256": hashlib.sha256(part.data).hexdigest(),
                }
                for part in parts
            ]
        }
    return json.dumps({"multipart_form_data": summary}, ensure_ascii=False).encode("utf-8")


def _header(headers: Mapping[str, Any], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return ""


def request_scrubber(origins: Mapping[str, str]) -> Callable[[Any], Any]:
    """vcrpy `before_record_request`: placeholder host, no credentials."""

    def scrub(request: Any) -> Any:
        for real, placeholder in origins.items():
            if request.uri.startswith(real):
                request.uri = placeholder + request.uri[len(real) :]
                break
        for name in list(request.headers):
            lowered = name.lower()
            if lowered in _DROPPED_REQUEST_HEADERS:
                del request.headers[name]
            elif lowered == "authorization":
                request.headers[name] = _redact_authorization(request.headers[name])
            elif lowered == "host":
                del request.headers[name]
        content_type = _header(request.headers, "content-type")
        if content_type.startswith("multipart/form-data"):
            request.body = summarize_multipart(request.body, content_type)
            for name in list(request.headers):
                if name.lower() == "content-type":
                    request.headers[name] = MULTIPART_TYPE
            return request
        request.body = redact_body(request.body, content_type, SECRET_FIELDS | PERSONAL_FIELDS)
        return request

    return scrub


def response_scrubber(
    origins: Mapping[str, str], personal_fields: frozenset[str] = RESPONSE_PERSONAL_FIELDS
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """vcrpy `before_record_response`: no cookies or volatile headers, placeholder URLs in
    bodies (Envi's absolute next links), secrets and personal data redacted."""

    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        headers = response["headers"]
        for name in list(headers):
            if name.lower() in _DROPPED_RESPONSE_HEADERS:
                del headers[name]
        content_type = _header(headers, "content-type")
        body = response["body"]["string"]
        if "json" in content_type or content_type.startswith("text/"):
            text = body.decode("utf-8") if isinstance(body, bytes) else body
            for real, placeholder in origins.items():
                text = text.replace(real, placeholder)
            cleaned = redact_body(text, content_type, SECRET_FIELDS | personal_fields)
            assert isinstance(cleaned, str)
            encoded = cleaned.encode("utf-8")
            response["body"]["string"] = encoded
            for name in list(headers):
                if name.lower() == "content-length":
                    headers[name] = [str(len(encoded))]
        return response

    return scrub
