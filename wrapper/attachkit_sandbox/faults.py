"""Fault injection: an ASGI middleware that delays, replaces or breaks responses on request.

Per request, the `X-Sandbox-Fault` header holds `;`-separated directives:
  latency=MS      wait before answering
  status=CODE     answer CODE with the error shape of the vendor that owns the path instead
                  of the real response
  retry-after=S   add `Retry-After: S`
  drop            send headers (real Content-Length) and half the body, then cut the connection
  truncate        send half the body with a Content-Length that matches it
  html            answer an HTML error page (status 200, or CODE with `status`)
  times=N;key=K   fault only the first N requests carrying key K (default: the header text)
Drift, for trying `attachkit <vendor> check` (the real answer, changed):
  add-field=NAME  add "NAME" to every JSON object in the body
  retype=FIELD    give every JSON field FIELD a value of another type
  drop-header=H   leave header H out
Per run, SandboxConfig.latency_ms delays every request and SandboxConfig.fault_rules script
faults by path.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import Canned, canned_json, status_phrase

__all__ = [
    "FAULT_HEADER",
    "HTML_PAGE",
    "FaultCounters",
    "FaultInjector",
    "FaultPlan",
    "parse_fault",
]

if TYPE_CHECKING:
    from attachkit_sandbox.state import SandboxState

FAULT_HEADER = "x-sandbox-fault"
HTML_PAGE = b"<html><body>Service Unavailable</body></html>"

_FLAGS = ("drop", "truncate", "html")


@dataclass(frozen=True)
class FaultPlan:
    latency_ms: int = 0
    status: int | None = None
    retry_after: int | None = None
    drop: bool = False
    truncate: bool = False
    html: bool = False
    times: int | None = None
    key: str | None = None
    add_field: str | None = None
    retype: str | None = None
    drop_header: str | None = None


def parse_fault(text: str) -> FaultPlan:
    """Parse the header syntax; ValueError on anything unknown."""
    values: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, has_value, value = (s.strip() for s in part.partition("="))
        if name in _FLAGS and not has_value:
            values[name] = True
        elif name in ("key", "add-field", "retype", "drop-header") and value:
            values[name.replace("-", "_")] = value
        elif name in ("latency", "status", "retry-after", "times") and value.isdigit():
            field = {"latency": "latency_ms", "retry-after": "retry_after"}.get(name, name)
            values[field] = int(value)
        else:
            raise ValueError(f"unknown or malformed directive '{part}'")
    status = values.get("status")
    if isinstance(status, int) and not 100 <= status <= 599:
        raise ValueError(f"status {status} is not an HTTP status code")
    return FaultPlan(**values)  # type: ignore[arg-type]


class FaultCounters:
    """How many requests each `times` key has faulted; cleared by reset."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def reset(self) -> None:
        self._counts.clear()

    def take(self, key: str, times: int) -> bool:
        """True while the key still has faults left."""
        count = self._counts.get(key, 0)
        if count >= times:
            return False
        self._counts[key] = count + 1
        return True


class FaultInjector:
    """The outermost middleware, so every route (admin ones included) can be faulted."""

    def __init__(self, app: ASGIApp, config: SandboxConfig, state: SandboxState) -> None:
        self.app = app
        self.config = config
        self.state = state
        self.counters = state.fault_counters

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.config.latency_ms > 0:
            await asyncio.sleep(self.config.latency_ms / 1000)
        try:
            plan = self._plan(scope)
        except ValueError as error:
            message = f"Invalid X-Sandbox-Fault header: {error}".encode()
            canned = Canned(400, [(b"content-type", b"text/plain; charset=utf-8")], message)
            await _send_canned(send, canned)
            return
        if plan is None:
            await self.app(scope, receive, send)
            return
        if plan.latency_ms > 0:
            await asyncio.sleep(plan.latency_ms / 1000)
        await self._serve(plan, scope, receive, send)

    def _error(self, path: str, status: int) -> Canned:
        """An error shaped like the vendor that owns `path`; a generic one elsewhere."""
        owner = self.state.owner(path)
        if owner is None:
            return canned_json(status, {"error": status_phrase(status)})
        below, server = owner
        return server.error(below, status)

    def _plan(self, scope: Scope) -> FaultPlan | None:
        header = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == FAULT_HEADER.encode()), None
        )
        if header is not None:
            plan, default_key = parse_fault(header), header
        else:
            rule = next(
                (
                    (index, r)
                    for index, r in enumerate(self.config.fault_rules)
                    if scope["path"].startswith(r.path_prefix)
                    and (r.method is None or r.method.upper() == scope["method"])
                ),
                None,
            )
            if rule is None:
                return None
            plan, default_key = parse_fault(rule[1].directives), f"rule:{rule[0]}"
        if plan.times is not None and not self.counters.take(plan.key or default_key, plan.times):
            return None
        return plan

    async def _serve(self, plan: FaultPlan, scope: Scope, receive: Receive, send: Send) -> None:
        if plan.html:
            canned = Canned(plan.status or 200, [(b"content-type", b"text/html")], HTML_PAGE)
        elif plan.status is not None:
            canned = self._error(scope["path"], plan.status)
        else:
            canned = _drift(plan, await _capture(self.app, scope, receive))
        dropped = {b"content-length", b"retry-after"}
        if plan.drop_header is not None:
            dropped.add(plan.drop_header.lower().encode("latin-1"))
        headers = [(k, v) for k, v in canned.headers if k not in dropped]
        if plan.retry_after is not None:
            headers.append((b"retry-after", str(plan.retry_after).encode()))
        body = canned.body
        if plan.drop:
            # Announce the whole body, send half of it, then return without finishing: the
            # server closes the connection mid-body.
            headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": canned.status, "headers": headers})
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            return
        if plan.truncate:
            body = body[: len(body) // 2]
        await _send_canned(send, Canned(canned.status, headers, body))


def _retyped(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return 12345
    return 0


def _changed(node: object, plan: FaultPlan) -> object:
    if isinstance(node, list):
        return [_changed(item, plan) for item in node]
    if not isinstance(node, dict):
        return node
    changed = {
        key: _retyped(value) if key == plan.retype else _changed(value, plan)
        for key, value in node.items()
    }
    if plan.add_field is not None:
        changed[plan.add_field] = "sandbox drift"
    return changed


def _drift(plan: FaultPlan, canned: Canned) -> Canned:
    """The real answer with the plan's changes to its JSON body, if it has one."""
    if plan.add_field is None and plan.retype is None:
        return canned
    content_type = dict(canned.headers).get(b"content-type", b"")
    if b"json" not in content_type:
        return canned
    body = json.dumps(_changed(json.loads(canned.body), plan), separators=(",", ":"))
    return Canned(canned.status, canned.headers, body.encode())


async def _capture(app: ASGIApp, scope: Scope, receive: Receive) -> Canned:
    """Run the real app and keep its whole response."""
    start: Message = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    if not start:
        return Canned(500, [(b"content-type", b"text/plain")], b"The app sent no response.")
    return Canned(start["status"], list(start.get("headers", [])), b"".join(chunks))


async def _send_canned(send: Send, canned: Canned) -> None:
    headers = [(k, v) for k, v in canned.headers if k != b"content-length"]
    headers.append((b"content-length", str(len(canned.body)).encode()))
    await send({"type": "http.response.start", "status": canned.status, "headers": headers})
    await send({"type": "http.response.body", "body": canned.body})
