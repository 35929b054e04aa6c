"""Scrubbing recorded exchanges: placeholder hosts, and no secret or personal data, by name
and by value.

By name: the body fields, query parameters and headers that hold secrets or say who logged
in are replaced whatever their value (names compared lower case without `_` and `-`, so
`userName`, `user_name` and `e-mail` are caught). By value: every secret the recording knew
(those it was given, and those it saw pass by name: credentials sent, tokens issued) and
every login it sent is masked wherever it appears again, in bodies, headers and URIs, in the
forms `attachkit.masking` knows (raw, URL-, JSON-, base64-encoded, or a piece of one). Text
bodies are read in their declared charset (undecodable bytes replaced) and written back in
it; a body nothing was masked in is kept byte for byte.

The same code scrubs the project's test cassettes (as vcrpy hooks) and what
`attachkit <vendor> check --record` writes. The cassette scan test then checks the result.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from .._core.decoding import declared_codec
from .._core.masking import CREDENTIAL_PARAMETERS, Masker, masker_for, normal_name
from .._core.redaction import credentials_in
from .formdata import parse_form

__all__ = [
    "LIVE_RESPONSE_PERSONAL_FIELDS",
    "MULTIPART_TYPE",
    "PERSONAL_FIELDS",
    "REDACTED",
    "RESPONSE_PERSONAL_FIELDS",
    "SECRET_FIELDS",
    "Scrubber",
    "summarize_multipart",
]

REDACTED = "<REDACTED>"
_URL_REDACTED = quote(REDACTED)


def _names(*names: str) -> frozenset[str]:
    return frozenset(normal_name(name) for name in names)


SECRET_FIELDS = _names(
    "access_token",
    "refresh_token",
    "user_token",
    "partner_token",
    "token",
    "password",
    "client_secret",
)
# Who logged in, and how to reach them: personal data wherever a vendor puts it.
PERSONAL_FIELDS = _names("username", "login", "email", "phone")
# In responses a user name may also be someone else's (an uploader's); the sandbox's names
# are invented, a live vendor's are people, so live recordings also redact names, and the
# fields each vendor says name a person (its `Conformance.personal_fields`).
RESPONSE_PERSONAL_FIELDS = _names("login", "email", "phone")
LIVE_RESPONSE_PERSONAL_FIELDS = RESPONSE_PERSONAL_FIELDS | _names("name", "username")
_DROPPED_RESPONSE_HEADERS = frozenset({"set-cookie", "date", "server"})
_DROPPED_REQUEST_HEADERS = frozenset({"cookie", "host"})
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})
# Bytes of a body that is neither JSON nor text are searched only for secrets this long:
# a short one would turn up by chance in a PDF or an image.
_BINARY_SECRET = 8
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")
MULTIPART_TYPE = "multipart/form-data; boundary=<BOUNDARY>"


def _header(headers: Mapping[str, Any], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return ""


def _is_text(content_type: str) -> bool:
    media = content_type.partition(";")[0].strip().lower()
    return media.startswith("text/") or any(
        kind in media for kind in ("json", "xml", "javascript", "x-www-form-urlencoded")
    )


def _redact_authorization(value: str) -> str:
    # "Bearer <partner>, User <user>" keeps its shape, loses its secrets.
    parts = []
    for part in value.split(","):
        scheme, _, _credential = part.strip().partition(" ")
        parts.append(f"{scheme} {REDACTED}")
    return ", ".join(parts)


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


def _json_text(value: object, codec: str) -> str:
    """JSON as compact as the vendors write it; a lone surrogate (from a `\\ud800` escape)
    is written as that escape again, so the text always encodes."""
    if codec != "utf-8":
        return json.dumps(value, separators=(",", ":"))
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class Scrubber:
    """Scrubs the exchanges of one recording, in order; `request` and `response` are
    vcrpy's `before_record_request` and `before_record_response` hooks.

    `origins` maps each real origin to its placeholder; `personal_fields` are the response
    fields that say who someone is (see above); `secrets` are known before anything passes.
    """

    def __init__(
        self,
        origins: Mapping[str, str],
        personal_fields: Iterable[str] = RESPONSE_PERSONAL_FIELDS,
        secrets: Iterable[str] = (),
    ) -> None:
        # Longest first: an origin that starts with another is replaced whole.
        self._origins = sorted(origins.items(), key=lambda item: -len(item[0]))
        self._personal_fields = _names(*personal_fields)
        self._known: set[str] = {secret for secret in secrets if secret}

    # --- what is learnt by name -------------------------------------------------------

    def learn_request(self, uri: str, headers: Mapping[str, Any], body: bytes | str | None) -> None:
        """Notes the credentials and logins a request sends (without changing it)."""
        self._known.update(credentials_in({str(k): str(v) for k, v in headers.items()}))
        for name, value in parse_qsl(urlsplit(uri).query, keep_blank_values=True):
            if normal_name(name) in CREDENTIAL_PARAMETERS | SECRET_FIELDS:
                self._known.add(value)
        content_type = _header(headers, "content-type")
        if body and not content_type.startswith("multipart/form-data"):
            self._learn_fields(_text(body, content_type), SECRET_FIELDS | PERSONAL_FIELDS)

    def learn_response(self, headers: Mapping[str, Any], body: bytes | str | None) -> None:
        """Notes the secrets an answer issues (token fields). The personal fields of answers
        are replaced by name only: a name such as "Invoice" must not vanish everywhere."""
        content_type = _header(headers, "content-type")
        if body and _is_text(content_type):
            self._learn_fields(_text(body, content_type), SECRET_FIELDS)

    def _learn_fields(self, text: str, fields: frozenset[str]) -> None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = dict(parse_qsl(text, keep_blank_values=True))
        stack: list[object] = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if isinstance(value, str) and normal_name(str(key)) in fields:
                        self._known.add(value)
                    else:
                        stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)

    @property
    def masker(self) -> Masker:
        return masker_for(self._known, REDACTED)

    # --- vcrpy hooks --------------------------------------------------------------------

    def request(self, request: Any) -> Any:
        """Placeholder host, no credentials or logins (by name and by value)."""
        self.learn_request(request.uri, request.headers, request.body)
        masker = self.masker
        request.uri = self._uri(request.uri, masker)
        for name in list(request.headers):
            lowered = name.lower()
            if lowered in _DROPPED_REQUEST_HEADERS:
                del request.headers[name]
            elif lowered in _CREDENTIAL_HEADERS:
                request.headers[name] = _redact_authorization(request.headers[name])
            else:
                request.headers[name] = self._text(request.headers[name], masker)
        content_type = _header(request.headers, "content-type")
        if content_type.startswith("multipart/form-data"):
            request.body = summarize_multipart(request.body, content_type)
            for name in list(request.headers):
                if name.lower() == "content-type":
                    request.headers[name] = MULTIPART_TYPE
            return request
        request.body = self._body(
            request.body, content_type, SECRET_FIELDS | PERSONAL_FIELDS, masker
        )
        return request

    def response(self, response: dict[str, Any], *, cut: bool = False) -> dict[str, Any]:
        """No cookies or volatile headers, placeholder URLs, no secrets or personal data.
        `cut` says the body was cut short (a secret's start at its end is masked too)."""
        headers = response["headers"]
        body = response["body"]["string"]
        self.learn_response(headers, body)
        masker = self.masker
        for name in list(headers):
            if name.lower() in _DROPPED_RESPONSE_HEADERS:
                del headers[name]
            else:
                values = headers[name] if isinstance(headers[name], list) else [headers[name]]
                headers[name] = [self._text(str(value), masker) for value in values]
        content_type = _header(headers, "content-type")
        fields = SECRET_FIELDS | self._personal_fields
        cleaned = self._body(body, content_type, fields, masker, cut=cut)
        if cleaned is not body:
            response["body"]["string"] = cleaned
            size = len(cleaned) if isinstance(cleaned, bytes) else len(str(cleaned).encode())
            for name in list(headers):
                if name.lower() == "content-length":
                    headers[name] = [str(size)]
        return response

    # --- the parts ----------------------------------------------------------------------

    def _text(self, text: str, masker: Masker, *, cut: bool = False) -> str:
        for real, placeholder in self._origins:
            text = text.replace(real, placeholder)
        masked = masker.mask(text, cut=cut)
        if masked != text and _URL.fullmatch(text):
            # A link stays a valid URL (a next link is checked as one on replay).
            masked = masked.replace(REDACTED, _URL_REDACTED)
        return masked

    def _uri(self, uri: str, masker: Masker) -> str:
        for real, placeholder in self._origins:
            if uri.startswith(real):
                uri = placeholder + uri[len(real) :]
                break
        return masker.mask(uri).replace(masker.placeholder, _URL_REDACTED)

    def _body(
        self,
        body: bytes | str | None,
        content_type: str,
        fields: frozenset[str],
        masker: Masker,
        *,
        cut: bool = False,
    ) -> bytes | str | None:
        """The body scrubbed, of the same type; `body` itself when nothing changed."""
        if body is None or len(body) == 0:
            return body
        if not _is_text(content_type):
            return body if isinstance(body, str) else self._binary(body, masker)
        codec = declared_codec(content_type)
        text = body if isinstance(body, str) else body.decode(codec, "replace")
        media = content_type.partition(";")[0].strip().lower()
        if "json" in media:
            cleaned = self._json(text, fields, masker, codec, cut)
        elif "x-www-form-urlencoded" in media:
            cleaned = urlencode(
                [
                    (key, REDACTED if normal_name(key) in fields else self._text(value, masker))
                    for key, value in parse_qsl(text, keep_blank_values=True)
                ]
            )
        else:
            cleaned = self._text(text, masker, cut=cut)
        if cleaned == text:
            return body
        return cleaned if isinstance(body, str) else cleaned.encode(codec, "replace")

    def _json(
        self, text: str, fields: frozenset[str], masker: Masker, codec: str, cut: bool
    ) -> str:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or cut short: as text
            return self._text(text, masker, cut=cut)

        def clean(value: Any) -> Any:
            if isinstance(value, dict):
                return {
                    self._text(str(key), masker): REDACTED
                    if normal_name(str(key)) in fields and isinstance(item, str)
                    else clean(item)
                    for key, item in value.items()
                }
            if isinstance(value, list):
                return [clean(item) for item in value]
            if isinstance(value, str):
                return self._text(value, masker)
            return value

        cleaned = clean(data)
        return text if cleaned == data else _json_text(cleaned, codec)

    def _binary(self, body: bytes, masker: Masker) -> bytes:
        for form in masker.forms:
            if len(form) >= _BINARY_SECRET:
                encoded = form.encode("utf-8")
                if encoded in body:
                    body = body.replace(encoded, REDACTED.encode("ascii"))
        return body


def _text(body: bytes | str, content_type: str) -> str:
    return body if isinstance(body, str) else body.decode(declared_codec(content_type), "replace")


def scrubber_hooks(scrubber: Scrubber) -> dict[str, Callable[..., Any]]:
    """vcrpy's settings for a scrubber's hooks."""
    return {"before_record_request": scrubber.request, "before_record_response": scrubber.response}
