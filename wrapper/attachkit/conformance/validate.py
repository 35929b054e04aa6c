"""One exchange against the spec: is its status documented, its content type, the headers
the spec promises (and their values), its body's shape? Which parts of the spec did it show,
and which parameters did its request carry?

What an answer has that the spec does not name (a field, a header) is an addition: harmless
to a tolerant reader, reported apart from drift (what breaks the spec: a missing required
field or header, a changed type or format, an undocumented status...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from .exchanges import Exchange
from .schema import SchemaWalker, escape
from .spec import BundledSpec, Operation

__all__ = ["ADDITION_KINDS", "NOTE_KINDS", "Finding", "Validated", "validate"]

NOTE_KINDS = frozenset({"not-in-spec", "body-not-checked"})
ADDITION_KINDS = frozenset({"unknown-field", "unknown-header"})
# Headers HTTP itself defines (RFC 9110-9112, cookies, transport security): no API spec
# names them, so an answer that has them adds nothing to its vendor's API.
STANDARD_HEADERS = frozenset(
    {
        "accept-ranges",
        "age",
        "allow",
        "alt-svc",
        "cache-control",
        "connection",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-length",
        "content-location",
        "content-range",
        "content-type",
        "date",
        "etag",
        "expires",
        "keep-alive",
        "last-modified",
        "location",
        "pragma",
        "proxy-authenticate",
        "retry-after",
        "server",
        "set-cookie",
        "strict-transport-security",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "vary",
        "via",
        "www-authenticate",
    }
)


@attrs.frozen
class Finding:
    """A difference between an answer and the spec. `kind` names it: drift (undocumented-
    status, content-type, missing-header (one the spec marks required), not-json, and the
    schema kinds missing-field, wrong-type, wrong-format, wrong-value, too-many, too-few),
    additions (unknown-field, unknown-header) and notes (not-in-spec, body-not-checked)."""

    kind: str
    request: str
    where: str
    detail: str
    count: int = 1
    """How many times it was seen (list items are told apart by `*` in `where`)."""
    exchange: int = attrs.field(default=0, eq=False)
    """The first exchange (numbered from 1) it was seen in."""
    schemas: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    """For a body finding, the schema locations down to where it differs."""

    @property
    def group(self) -> str:
        """ "drift", "addition" or "note"."""
        if self.kind in NOTE_KINDS:
            return "note"
        return "addition" if self.kind in ADDITION_KINDS else "drift"

    @property
    def is_drift(self) -> bool:
        return self.group == "drift"


@attrs.frozen
class Validated:
    """One exchange's findings, the spec locations (JSON pointers) its answer showed (its
    response, the headers that response declares, the schemas its body was checked against
    and the fields it had), and the parameters its request carried."""

    exchange: Exchange
    number: int
    operation: Operation | None
    findings: tuple[Finding, ...]
    seen: frozenset[str] = frozenset()
    sent: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        request = self.exchange.request
        template = request.url.path if self.operation is None else self.operation.template
        return f"{request.method} {template} {self.exchange.status}"


def _relative_path(spec: BundledSpec, method: str, path: str) -> Operation | None:
    """The operation, trying the path without its leading segments in turn: a base URL's
    own path (`.../vendor`, `.../api`) is not part of the spec's paths."""
    segments = path.split("/")
    for start in range(1, len(segments)):
        operation = spec.operation(method, "/" + "/".join(segments[start:]))
        if operation is not None:
            return operation
    return None


def _response_key(responses: Mapping[str, Any], status: int) -> str | None:
    for key in (str(status), f"{status // 100}XX", f"{status // 100}xx", "default"):
        if key in responses:
            return key
    return None


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").partition(";")[0].strip().lower()


def _matching_content(content: Mapping[str, Any], media: str) -> str | None:
    for declared in content:
        kind, _, sub = declared.lower().partition("/")
        if (
            declared.lower() == media
            or declared == "*/*"
            or (sub == "*" and media.startswith(kind + "/"))
        ):
            return declared
    return None


def _sent(
    spec: BundledSpec, walker: SchemaWalker, operation: Operation, exchange: Exchange
) -> set[str]:
    """The locations of the operation's parameters the request carried."""
    request = exchange.request
    sent: set[str] = set()
    for at, node in spec.parameters(operation):
        parameter, target = walker.resolve_at(node, at)
        name, place = str(parameter.get("name", "")), parameter.get("in")
        carried = (
            place == "path"
            or (place == "query" and name in request.url.params)
            or (place == "header" and name.lower() in request.headers)
            or (place == "cookie" and f"{name}=" in request.headers.get("cookie", ""))
        )
        if carried:
            sent |= {at, target}
    return sent


def _header_value(text: str, schema: Mapping[str, Any]) -> object:
    """A header's text as the value its schema describes (a number for an integer...)."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    stripped = text.strip()
    if "integer" in kinds and stripped.lstrip("-").isdigit() and stripped.isascii():
        return int(stripped)
    if "number" in kinds:
        try:
            return float(stripped)
        except ValueError:
            return text
    if "boolean" in kinds and stripped in ("true", "false"):
        return stripped == "true"
    return text


def _headers(
    walker: SchemaWalker,
    response: Mapping[str, Any],
    at: str,
    exchange: Exchange,
    label: str,
    number: int,
    seen: set[str],
) -> list[Finding]:
    findings: list[Finding] = []
    declared: set[str] = set()
    for name, header in response.get("headers", {}).items():
        site = f"{at}/headers/{escape(name)}"
        node, target = walker.resolve_at(header, site)
        seen |= {site, target}
        lowered = name.lower()
        declared.add(lowered)
        if lowered == "content-type":
            continue
        if lowered not in exchange.headers:
            if node.get("required") is True:
                findings.append(
                    Finding(
                        "missing-header",
                        label,
                        name,
                        "the spec says the answer has it",
                        exchange=number,
                    )
                )
            continue
        if isinstance(node.get("schema"), Mapping):
            value = _header_value(exchange.headers[lowered], walker.resolve(node["schema"]))
            for difference in walker.differences(value, node["schema"], name, f"{target}/schema"):
                findings.append(
                    Finding(
                        difference.kind,
                        label,
                        name,
                        difference.detail,
                        exchange=number,
                        schemas=(target,),
                    )
                )
    for name in exchange.headers:
        if name not in declared and name not in STANDARD_HEADERS:
            findings.append(
                Finding(
                    "unknown-header",
                    label,
                    name,
                    "a header the spec does not name",
                    exchange=number,
                )
            )
    return findings


def validate(spec: BundledSpec, exchange: Exchange, number: int = 0) -> Validated:
    """`exchange`, the `number`th of the run (from 1), against the spec."""
    request = exchange.request
    operation = _relative_path(spec, request.method, request.url.path)
    if operation is None:
        label = f"{request.method} {request.url.path}"
        finding = Finding(
            "not-in-spec", label, "", "no operation of the spec has this path", exchange=number
        )
        return Validated(exchange, number, None, (finding,))
    label = f"{operation.method} {operation.template} {exchange.status}"
    walker = SchemaWalker(spec.document)
    sent = _sent(spec, walker, operation, exchange)
    findings: list[Finding] = []
    responses: Mapping[str, Any] = operation.node.get("responses", {})
    key = _response_key(responses, exchange.status)
    if key is None:
        listed = ", ".join(responses)
        findings.append(
            Finding("undocumented-status", label, "", f"the spec lists {listed}", exchange=number)
        )
        return Validated(exchange, number, operation, tuple(findings), frozenset(), frozenset(sent))
    site = f"{operation.pointer}/responses/{escape(key)}"
    response, at = walker.resolve_at(responses[key], site)
    seen = {site, at}
    findings += _headers(walker, response, at, exchange, label, number, seen)
    content: Mapping[str, Any] = response.get("content", {})
    media = _media_type(exchange.headers)
    if content and exchange.body:
        declared = _matching_content(content, media)
        if declared is None:
            detail = f"{media or 'none'}, the spec says {', '.join(content)}"
            findings.append(Finding("content-type", label, "", detail, exchange=number))
        elif "json" in media and "schema" in content[declared]:
            schema_at = f"{at}/content/{escape(declared)}/schema"
            findings += _body_findings(
                walker, exchange, content[declared]["schema"], schema_at, label, number
            )
    seen |= walker.visited
    return Validated(exchange, number, operation, tuple(findings), frozenset(seen), frozenset(sent))


def _body_findings(
    walker: SchemaWalker,
    exchange: Exchange,
    schema: Mapping[str, Any],
    at: str,
    label: str,
    number: int,
) -> list[Finding]:
    if not exchange.complete:
        return [
            Finding(
                "body-not-checked", label, "", "the body was not read to its end", exchange=number
            )
        ]
    try:
        body = json.loads(bytes(exchange.body))
    except (ValueError, RecursionError):
        return [Finding("not-json", label, "", "the body does not parse as JSON", exchange=number)]
    return [
        Finding(d.kind, label, d.where, d.detail, exchange=number, schemas=d.schemas)
        for d in walker.differences(body, schema, "", at)
    ]
