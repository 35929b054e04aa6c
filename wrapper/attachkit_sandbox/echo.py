"""A tenant that echoes every secret it was sent or issued, in every place a vendor has been
seen to (`SandboxConfig.echo_secrets`): for proving that recordings, output and logs keep
none of them.

Over the real answer, it adds:
- headers carrying the secrets raw (`X-Debug-Secrets`, `X-Debug-Authorization`) and
  base64-encoded, alone and as `Basic`-style `login:password` (`X-Debug-Secrets-B64`,
  `X-Debug-Basic`);
- to a JSON object answer, a `debugInfo` text quoting the login, the password and every
  token as sent, URL-encoded and base64-encoded, and the login as `userName`;
- to error messages (`message`, `detail`, `title`, `error_description`), the start of the
  request's credential cut short: `The token in 'Bearer c6b4…'`;
- to the links in an answer (a next page's, a download's), the request's credentials, so
  that following the link sends them on: each vendor says where (`VendorServer.echo_links`);
- to a text answer, a line quoting the password and the token, the whole re-encoded as
  ISO-8859-1 (and declared so).

What it remembers (the password of a login, tokens it issued) is echoed in every later
answer. It is a test stand-in, never the vendors' documented behaviour.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from attachkit_sandbox.faults import _capture, _send_canned
from attachkit_sandbox.httputil import Canned

if TYPE_CHECKING:
    from attachkit_sandbox.state import SandboxState

__all__ = ["EchoSecrets"]

_TOKEN_FIELDS = ("access_token", "refresh_token", "user_token")
_LOGIN_FIELDS = ("username", "login")
_MESSAGE_FIELDS = ("message", "detail", "title", "error_description")
_SHOWN = 6
"""Characters of a credential an error message quotes before cutting it short."""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


class _Request:
    """What the echo needs of a request: its credentials and the login it sends."""

    def __init__(self, scope: Scope, body: bytes) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self.authorization = headers.get("authorization", "")
        self.credentials = [
            part.strip().partition(" ")[2] for part in self.authorization.split(",") if part.strip()
        ]
        self.fields: dict[str, str] = {}
        content_type = headers.get("content-type", "")
        text = body.decode("utf-8", "replace")
        if "json" in content_type:
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            if isinstance(data, dict):
                self.fields = {k: v for k, v in data.items() if isinstance(v, str)}
        elif "x-www-form-urlencoded" in content_type:
            self.fields = dict(parse_qsl(text, keep_blank_values=True))


class EchoSecrets:
    """The outermost middleware: it sees every answer, faulted ones too."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state
        self.passwords: list[str] = []
        self.tokens: list[str] = []
        self.login = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = _Request(scope, body)
        self._learn_request(request)

        replayed = False

        async def replay() -> Message:
            # The body once, then whatever the server says next (a disconnect).
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        canned = await _capture(self.app, scope, replay)
        owner = self.state.owner(scope["path"])
        links = _no_links if owner is None else owner[1].echo_links
        await _send_canned(send, self._echoed(canned, request, links))

    def _learn_request(self, request: _Request) -> None:
        for name, value in request.fields.items():
            if name == "password" and value not in self.passwords:
                self.passwords.append(value)
            elif name in _LOGIN_FIELDS:
                self.login = value
            elif name in _TOKEN_FIELDS:
                self._remember(value)
        for credential in request.credentials:
            self._remember(credential)

    def _remember(self, token: str) -> None:
        if token and token not in self.tokens:
            self.tokens.append(token)

    def _learn_answer(self, data: object) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                if key in _TOKEN_FIELDS and isinstance(value, str):
                    self._remember(value)
                else:
                    self._learn_answer(value)
        elif isinstance(data, list):
            for item in data:
                self._learn_answer(item)

    def _echoed(self, canned: Canned, request: _Request, links: Links) -> Canned:
        headers = dict(canned.headers)
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        body = canned.body
        if "json" in content_type:
            try:
                data = json.loads(body)
            except ValueError:
                data = None
            self._learn_answer(data)
            if isinstance(data, dict):
                body = json.dumps(self._json(data, canned.status, request, links)).encode()
        elif content_type.startswith("text/"):
            line = (
                f"\nDebug (é): password {' '.join(self.passwords)} token {' '.join(self.tokens)}\n"
            )
            text = body.decode("utf-8", "replace") + line
            body = text.encode("iso-8859-1", "replace")
            headers[b"content-type"] = b"text/plain; charset=iso-8859-1"
        secrets = self.passwords + self.tokens
        headers[b"x-debug-secrets"] = " ".join(secrets).encode("latin-1")
        headers[b"x-debug-secrets-b64"] = " ".join(_b64(s) for s in secrets).encode("ascii")
        headers[b"x-debug-authorization"] = request.authorization.encode("latin-1")
        for password in self.passwords:
            headers[b"x-debug-basic"] = f"Basic {_b64(f'{self.login}:{password}')}".encode()
        return Canned(canned.status, list(headers.items()), body)

    def _json(
        self, data: dict[str, object], status: int, request: _Request, links: Links
    ) -> dict[str, object]:
        secrets = self.passwords + self.tokens
        data = dict(data)
        data["debugInfo"] = (
            f"user {self.login} with password {' and '.join(self.passwords)}, tokens "
            + " ".join(secrets)
            + "; url-encoded "
            + " ".join(quote(s, safe="") for s in secrets)
            + "; base64 "
            + " ".join(_b64(s) for s in secrets)
        )
        data["userName"] = self.login
        credential = next(iter(request.credentials), None) or request.fields.get(
            "refresh_token", request.fields.get("password", "")
        )
        cut = f" (the token in 'Bearer {credential[:_SHOWN]}\u2026' may not read this)"
        return _walk(data, status >= 400 and bool(credential), cut, request, links)


Links = Callable[[dict[str, object], Sequence[str]], None]
"""Adds credentials to the links of one JSON object (the owning vendor's `echo_links`)."""


def _no_links(node: dict[str, object], credentials: Sequence[str]) -> None:
    pass


def _walk(
    node: object, error: bool, cut: str, request: _Request, links: Links
) -> dict[str, object]:
    def visit(value: object) -> object:
        if isinstance(value, dict):
            changed = {key: visit(item) for key, item in value.items()}
            for key, item in changed.items():
                if error and key in _MESSAGE_FIELDS and isinstance(item, str):
                    changed[key] = item + cut
            links(changed, request.credentials)
            return changed
        if isinstance(value, list):
            return [visit(item) for item in value]
        return value

    visited = visit(node)
    assert isinstance(visited, dict)
    return visited
