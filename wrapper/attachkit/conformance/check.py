"""`attachkit <vendor> check`: a read-only run against a tenant, every answer compared with
the bundled spec, and what that says about each of the spec's assumptions.

It logs in (with the first request), lists each entity in small pages (two pages at
most), reads one file's record where the vendor has that, and reads the first bytes of one
file per entity before closing the stream. Nothing is written, at the vendor or on disk.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from typing import Any, cast

import attrs

from ..attachment import Attachment
from ..descriptor import Conformance, VendorDescriptor
from ..errors import AttachkitError, ContentUnavailableError
from ..logs import vendor_logger
from ..pagination import Page
from .exchanges import RecordingTransport
from .spec import Assumption, BundledSpec
from .validate import Finding, Validated, validate

__all__ = ["AssumptionOutcome", "Report", "Step", "run_check"]

PAGES = 2
FIRST_BYTES = 1024


@attrs.frozen
class Step:
    """What the check did, and what came of it (`error` when the vendor refused)."""

    action: str
    result: str
    error: str | None = None


@attrs.frozen
class AssumptionOutcome:
    """`outcome` is "holds" (the answers it applies to match the spec), "differs" (they
    do not: `evidence` says how) or "not exercised" (no answer it applies to was seen)."""

    assumption: Assumption
    outcome: str
    evidence: str = ""


@attrs.frozen
class Report:
    vendor: str
    steps: tuple[Step, ...]
    exchanges: int
    findings: tuple[Finding, ...]
    assumptions: tuple[AssumptionOutcome, ...]

    @property
    def drift(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.is_drift)

    @property
    def matches(self) -> bool:
        return not self.drift

    def to_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "matches_spec": self.matches,
            "exchanges": self.exchanges,
            "steps": [attrs.asdict(step) for step in self.steps],
            "findings": [{**attrs.asdict(f), "drift": f.is_drift} for f in self.findings],
            "assumptions": [
                {
                    "where": outcome.assumption.pointer,
                    "assumes": outcome.assumption.text,
                    "outcome": outcome.outcome,
                    "evidence": outcome.evidence,
                }
                for outcome in self.assumptions
            ],
        }


async def _entity_steps(
    conformance: Conformance[Any], client: Any, args: argparse.Namespace, entity: str
) -> list[Step]:
    steps: list[Step] = []
    found: list[Attachment] = []
    pages = 0
    action = f"list {entity}"
    try:
        pages_of = conformance.listing(client, args, entity).pages()
        async with aclosing(cast("AsyncGenerator[Page[Attachment], None]", pages_of)) as listing:
            async for page in listing:
                pages += 1
                found.extend(page.items)
                if pages >= PAGES:
                    break
    except AttachkitError as exc:
        return [Step(action, f"{pages} pages, {len(found)} files", str(exc))]
    steps.append(Step(action, f"{pages} pages, {len(found)} files"))
    if conformance.get_file is not None and found:
        try:
            await conformance.get_file(client, found[0])
            steps.append(Step(f"read the record of {found[0].id}", "ok"))
        except AttachkitError as exc:
            steps.append(Step(f"read the record of {found[0].id}", "failed", str(exc)))
    for attachment in found:
        action = f"read the first bytes of {attachment.id}"
        try:
            async with client.open(attachment, chunk_size=FIRST_BYTES) as chunks:
                first = await anext(aiter(chunks), b"")
        except ContentUnavailableError:
            continue  # no content to read: try the next file
        except AttachkitError as exc:
            steps.append(Step(action, "failed", str(exc)))
            break
        steps.append(Step(action, f"{len(first)} bytes, then closed"))
        break
    return steps


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


def _exercised_by(assumption: Assumption, validated: Validated) -> bool:
    where = assumption.pointer
    operation = validated.operation
    for touched in validated.touched:
        if where == touched:
            return True
        if operation is not None and touched == operation.pointer:
            continue  # an operation's answers are told apart by status below it
        if where.startswith(touched + "/"):
            return True
    # A marker on the path item or operation applies to every answer of it.
    return operation is not None and operation.pointer.startswith(where + "/")


def _outcomes(spec: BundledSpec, checked: Sequence[Validated]) -> tuple[AssumptionOutcome, ...]:
    outcomes = []
    for assumption in spec.assumptions:
        touching = [v for v in checked if _exercised_by(assumption, v)]
        if not touching:
            outcomes.append(AssumptionOutcome(assumption, "not exercised"))
            continue
        drift = next(
            (
                finding
                for validated in touching
                for finding in validated.findings
                if finding.is_drift and finding.concerns(assumption.pointer)
            ),
            None,
        )
        if drift is None:
            outcomes.append(AssumptionOutcome(assumption, "holds", f"{len(touching)} answers"))
        else:
            evidence = f"{drift.request} {drift.where} {drift.kind}: {drift.detail}"
            outcomes.append(AssumptionOutcome(assumption, "differs", evidence.strip()))
    return tuple(outcomes)


async def run_check(
    descriptor: VendorDescriptor[Any],
    client: Any,
    args: argparse.Namespace,
    entities: Sequence[str],
    recorder: RecordingTransport,
) -> Report:
    """Runs the check through `client`, whose transport is `recorder`."""
    conformance = descriptor.conformance
    if conformance is None:
        raise ValueError(f"{descriptor.name} has no bundled spec to check against")
    spec = BundledSpec.of_package(conformance.spec_package)
    steps: list[Step] = []
    for entity in entities:
        steps.extend(await _entity_steps(conformance, client, args, entity))
    checked = [validate(spec, exchange) for exchange in recorder.exchanges]
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
        steps=tuple(steps),
        exchanges=len(checked),
        findings=findings,
        assumptions=_outcomes(spec, checked),
    )
