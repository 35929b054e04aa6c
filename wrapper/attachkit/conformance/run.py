"""`attachkit <vendor> check`: a read-only run against a tenant, every answer compared with
the bundled spec, and what that says about each of the spec's assumptions.

It logs in (with the first request), lists each entity in small pages (two pages at
most), reads one file's record where the vendor has that, reads the first bytes of one
file per entity before closing the stream, and runs the vendor's exercises (requests made
on purpose to test an assumption, such as a search or a forced token refresh). Nothing is
written, at the vendor or on disk.

An assumption holds only when an exchange of this run exercised it, and the report names
that exchange: a parameter's when a request carried it and was taken, a field's when an
answer had it, a schema's when an answer's body was checked against it, a response's when
an answer had that status, a header's when an answer of a response that declares it came;
one on an operation or on the whole API only when an exercise tested it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from typing import Any, cast

import attrs

from .. import registry
from ..attachment import Attachment
from ..descriptor import Conformance, Exercise, Exercised
from ..errors import AttachkitError, ContentUnavailableError
from ..logs import vendor_logger
from ..pagination import Page
from .exchanges import RecordingTransport
from .report import AssumptionOutcome, Report, Step
from .spec import Assumption, BundledSpec
from .validate import Finding, Validated, validate

__all__ = ["run_check"]

PAGES = 2
FIRST_BYTES = 1024
_OPERATION = re.compile(r"/paths/[^/]+(/(get|put|post|delete|patch|head|options|trace))?")
_PARAMETER = re.compile(r".*/parameters/[^/]+(/schema(/.*)?)?")


class _Steps:
    """Steps as they are taken, each with the exchanges made meanwhile."""

    def __init__(self, recorder: RecordingTransport) -> None:
        self._recorder = recorder
        self._start = len(recorder.exchanges)
        self.taken: list[Step] = []

    def add(self, action: str, result: str, error: str | None = None) -> Step:
        end = len(self._recorder.exchanges)
        step = Step(action, result, error, tuple(range(self._start + 1, end + 1)))
        self._start = end
        self.taken.append(step)
        return step


async def _entity_steps(
    conformance: Conformance[Any, Any],
    client: Any,
    scope: object,
    entity: str,
    steps: _Steps,
) -> list[Attachment]:
    """Lists, reads a record and a file's first bytes; returns the files listed."""
    found: list[Attachment] = []
    pages = 0
    action = f"list {entity}"
    try:
        pages_of = conformance.listing(client, scope, entity).pages()
        async with aclosing(cast("AsyncGenerator[Page[Attachment], None]", pages_of)) as listing:
            async for page in listing:
                pages += 1
                found.extend(page.items)
                if pages >= PAGES:
                    break
    except AttachkitError as exc:
        steps.add(action, f"{pages} pages, {len(found)} files", str(exc))
        return found
    steps.add(action, f"{pages} pages, {len(found)} files")
    if conformance.get_file is not None and found:
        try:
            await conformance.get_file(client, found[0])
            steps.add(f"read the record of {found[0].id}", "ok")
        except AttachkitError as exc:
            steps.add(f"read the record of {found[0].id}", "failed", str(exc))
    for attachment in found:
        action = f"read the first bytes of {attachment.id}"
        try:
            async with client.open(attachment, chunk_size=FIRST_BYTES) as chunks:
                first = await anext(aiter(chunks), b"")
        except ContentUnavailableError:
            continue  # no content to read: try the next file
        except AttachkitError as exc:
            steps.add(action, "failed", str(exc))
            break
        steps.add(action, f"{len(first)} bytes, then closed")
        break
    return found


@attrs.frozen
class _Tried:
    """An exercise as run: where its assumption stands, the step, and what it showed."""

    pointers: frozenset[str]
    step: Step
    shown: Exercised | None


async def _exercise(
    exercise: Exercise[Any, Any],
    spec: BundledSpec,
    client: Any,
    scope: object,
    entity: str,
    found: Sequence[Attachment],
    steps: _Steps,
) -> _Tried:
    if exercise.parameter is None:
        pointers = frozenset({spec.by_id(exercise.operation).pointer})
    else:
        pointers = spec.parameter_pointers(exercise.operation, exercise.parameter)
    try:
        shown = await exercise.run(client, scope, entity, found)
    except AttachkitError as exc:
        return _Tried(pointers, steps.add(exercise.action, "failed", str(exc)), None)
    result = "nothing to try it with" if shown is None else shown.shows
    return _Tried(pointers, steps.add(exercise.action, result), shown)


def _grouped(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The same finding on every item of a list, or on every page, once with a count."""
    groups: dict[tuple[str, str, str], Finding] = {}
    for finding in findings:
        where = re.sub(r"/\d+(?=/|$)", "/*", finding.where)
        key = (finding.kind, finding.request, where)
        seen = groups.get(key)
        count = finding.count if seen is None else seen.count + finding.count
        groups[key] = attrs.evolve(seen or finding, where=where, count=count)
    return tuple(groups.values())


def _numbers(checked: Sequence[Validated]) -> str:
    numbers = ", ".join(str(v.number) for v in checked[:5])
    more = f" and {len(checked) - 5} more" if len(checked) > 5 else ""
    noun = "exchange" if len(checked) == 1 else "exchanges"
    return f"{noun} {numbers}{more} ({checked[0].label})"


def _concerns(finding: Finding, pointer: str, response: bool) -> bool:
    """Whether a drift finding says something of an assumption at `pointer`: on a response,
    anything in its answers does; on a schema, field or header, what differs there."""
    return finding.is_drift and (response or pointer in finding.schemas)


def _generic(assumption: Assumption, checked: Sequence[Validated]) -> AssumptionOutcome:
    at = assumption.pointer
    if at == "/info" or at.startswith("/info/") or _OPERATION.fullmatch(at):
        return AssumptionOutcome(assumption, "not exercised")
    if _PARAMETER.fullmatch(at):
        carrying = [v for v in checked if at in v.sent or _below(at, v.sent)]
        refused = [v for v in carrying if v.exchange.status == 400]
        taken = [v for v in carrying if 200 <= v.exchange.status < 300]
        if refused:
            evidence = f"sent in {_numbers(refused)}, which refused it"
            return AssumptionOutcome(assumption, "differs", evidence, _tuple(refused))
        if taken:
            return AssumptionOutcome(
                assumption, "holds", f"sent in {_numbers(taken)}", _tuple(taken)
            )
        evidence = f"sent in {_numbers(carrying)}, not taken" if carrying else ""
        return AssumptionOutcome(assumption, "not exercised", evidence, _tuple(carrying))
    showing = [v for v in checked if at in v.seen]
    if not showing:
        return AssumptionOutcome(assumption, "not exercised")
    response = at.split("/")[-2:-1] == ["responses"]
    for validated in showing:
        drift = next((f for f in validated.findings if _concerns(f, at, response)), None)
        if drift is not None:
            where = f" {drift.where}" if drift.where else ""
            evidence = f"exchange {validated.number} ({drift.request}){where} {drift.kind}: "
            evidence += drift.detail
            return AssumptionOutcome(assumption, "differs", evidence, (validated.number,))
    return AssumptionOutcome(assumption, "holds", f"seen in {_numbers(showing)}", _tuple(showing))


def _below(at: str, locations: frozenset[str]) -> bool:
    return any(at.startswith(location + "/") for location in locations)


def _tuple(checked: Sequence[Validated]) -> tuple[int, ...]:
    return tuple(v.number for v in checked)


def _outcomes(
    spec: BundledSpec, checked: Sequence[Validated], tried: Sequence[_Tried] = ()
) -> tuple[AssumptionOutcome, ...]:
    purposeful = {number for t in tried for number in t.step.exchanges}
    outcomes = []
    for assumption in spec.assumptions:
        mine = [t for t in tried if assumption.pointer in t.pointers]
        own = {number for t in mine for number in t.step.exchanges}
        # An exercise's answers count for its own assumption only.
        relevant = [v for v in checked if v.number not in purposeful or v.number in own]
        outcome = _generic(assumption, relevant)
        for t in mine:
            if outcome.outcome == "differs" or t.shown is None:
                continue
            evidence = f"{t.step.action}: {t.shown.shows} (exchanges {_span(t.step.exchanges)})"
            verdict = "holds" if t.shown.holds else "differs"
            outcome = AssumptionOutcome(assumption, verdict, evidence, t.step.exchanges)
            if verdict == "differs":
                break
        outcomes.append(outcome)
    return tuple(outcomes)


def _span(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers) or "none"


def _exchange_text(validated: Validated) -> str:
    url = validated.exchange.request.url
    query = f"?{url.query.decode('ascii', 'replace')}" if url.query else ""
    return f"{validated.exchange.request.method} {url.path}{query} -> {validated.exchange.status}"


async def run_check(
    client: object,
    entities: Sequence[object],
    *,
    recorder: RecordingTransport,
    strict: bool = False,
    **options: object,
) -> Report:
    """Checks a vendor's tenant against its bundled spec through `client` (any vendor's
    async client, whose transport is `recorder`), on `entities` (ids as the export takes
    them). `options` are the vendor's, as for `export_files` (`location_id=`...): one that
    does not apply, or a malformed id, is an error before any request."""
    descriptor = registry.for_client(client)
    conformance = descriptor.conformance()
    if conformance is None:
        raise ValueError(f"{descriptor.name} has no bundled spec to check against")
    keys = list(dict.fromkeys(descriptor.parse_entity_id(entity) for entity in entities))
    scope = conformance.options(options)
    spec = BundledSpec.of_package(conformance.spec_package)
    steps = _Steps(recorder)
    listed: dict[str, list[Attachment]] = {}
    for key in keys:
        listed[key] = await _entity_steps(conformance, client, scope, key, steps)
    tried: list[_Tried] = []
    if conformance.exercises and keys:
        entity = next((e for e, files in listed.items() if files), keys[0])
        for exercise in conformance.exercises:
            tried.append(
                await _exercise(exercise, spec, client, scope, entity, listed[entity], steps)
            )
    checked = [
        validate(spec, exchange, number)
        for number, exchange in enumerate(recorder.exchanges, start=1)
    ]
    findings = _grouped([finding for v in checked for finding in v.findings])
    log = vendor_logger(descriptor.name)
    for finding in findings:
        if finding.is_drift:
            log.warning(
                "drift from the spec: %s %s %s: %s",
                finding.request,
                finding.where,
                finding.kind,
                finding.detail,
            )
    return Report(
        vendor=descriptor.name,
        steps=tuple(steps.taken),
        exchanges=tuple(_exchange_text(v) for v in checked),
        findings=findings,
        assumptions=_outcomes(spec, checked, tried),
        strict=strict,
    )
