"""One exchange against the spec: is its status documented, its content type, the headers
the spec promises, its body's shape? And which parts of the spec did it exercise?"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from .exchanges import Exchange
from .schema import SchemaWalker
from .spec import BundledSpec, Operation

__all__ = ["Finding", "Validated", "validate"]

NOTE_KINDS = frozenset({"not-in-spec", "body-not-checked"})
BODY_KINDS = frozenset(
    {"not-json", "unknown-field", "missing-field", "wrong-type", "wrong-format", "wrong-value"}
    | {"too-many"}
)


@attrs.frozen
class Finding:
    """A difference between an answer and the spec. `kind` names it (undocumented-status,
    content-type, missing-header (one the spec marks required), not-json, and the schema
    kinds: unknown-field,
    missing-field, wrong-type, wrong-format, wrong-value, too-many); notes (not-in-spec,
    body-not-checked) are not drift."""

    kind: str
    request: str
    where: str
    detail: str
    count: int = 1
    """How many times it was seen (list items are told apart by `*` in `where`)."""

    @property
    def is_drift(self) -> bool:
        return self.kind not in NOTE_KINDS

    def concerns(self, assumption_pointer: str) -> bool:
        """Whether this finding says something about an assumption at that place: one on a
        schema property is about that field, one on a schema about bodies, one on a header
        about headers, one on a parameter about whether the request was taken; one on an
        operation or a response about anything in the answer."""
        parts = assumption_pointer.split("/")
        if assumption_pointer.startswith("/components/schemas/"):
            if self.kind not in BODY_KINDS:
                return False
            if len(parts) >= 2 and parts[-2] == "properties":
                field = parts[-1].replace("~1", "/").replace("~0", "~")
                return self.where.rsplit("/", 1)[-1] == field
            return True
        if assumption_pointer.startswith("/components/headers/"):
            return self.kind == "missing-header"
        if "parameters" in parts or "requestBody" in parts:
            return self.kind not in BODY_KINDS and self.kind != "missing-header"
        return True


@attrs.frozen
class Validated:
    """One exchange's findings, and the spec locations (JSON pointers) it exercised."""

    exchange: Exchange
    operation: Operation | None
    findings: tuple[Finding, ...]
    touched: frozenset[str]

    @property
    def drifted(self) -> bool:
        return any(finding.is_drift for finding in self.findings)


def _relative_path(spec: BundledSpec, method: str, path: str) -> Operation | None:
    """The operation, trying the path without its leading segments in turn: a base URL's
    own path (`.../envi`, `.../api`) is not part of the spec's paths."""
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


def validate(spec: BundledSpec, exchange: Exchange) -> Validated:
    request = exchange.request
    operation = _relative_path(spec, request.method, request.url.path)
    label = f"{request.method} {request.url.path}"
    if operation is None:
        finding = Finding("not-in-spec", label, "", "no operation of the spec has this path")
        return Validated(exchange, None, (finding,), frozenset())
    label = f"{operation.method} {operation.template} {exchange.status}"
    touched = {
        operation.pointer,
        f"{operation.pointer}/parameters",
        f"{operation.pointer}/requestBody",
    }
    findings: list[Finding] = []
    responses: Mapping[str, Any] = operation.node.get("responses", {})
    key = _response_key(responses, exchange.status)
    if key is None:
        listed = ", ".join(responses)
        findings.append(Finding("undocumented-status", label, "", f"the spec lists {listed}"))
        return Validated(exchange, operation, tuple(findings), frozenset(touched))
    touched.add(f"{operation.pointer}/responses/{key}")
    walker = SchemaWalker(spec.document)
    response = walker.resolve(responses[key])
    for name, header in response.get("headers", {}).items():
        required = walker.resolve(header).get("required") is True
        if required and name.lower() != "content-type" and name.lower() not in exchange.headers:
            findings.append(
                Finding("missing-header", label, name, "the spec says the answer has it")
            )
    content: Mapping[str, Any] = response.get("content", {})
    media = _media_type(exchange.headers)
    if content and exchange.body:
        declared = _matching_content(content, media)
        if declared is None:
            findings.append(
                Finding(
                    "content-type",
                    label,
                    "",
                    f"{media or 'none'}, the spec says {', '.join(content)}",
                )
            )
        elif "json" in media and "schema" in content[declared]:
            findings.extend(_body_findings(walker, exchange, content[declared]["schema"], label))
    touched |= walker.visited
    return Validated(exchange, operation, tuple(findings), frozenset(touched))


def _body_findings(
    walker: SchemaWalker, exchange: Exchange, schema: Mapping[str, Any], label: str
) -> list[Finding]:
    if not exchange.complete:
        return [Finding("body-not-checked", label, "", "the body was not read to its end")]
    try:
        body = json.loads(bytes(exchange.body))
    except (ValueError, RecursionError):
        return [Finding("not-json", label, "", "the body does not parse as JSON")]
    return [
        Finding(difference.kind, label, difference.where, difference.detail)
        for difference in walker.differences(body, schema)
    ]
