"""`attachkit <vendor> check ENTITY...`: the tenant against the bundled spec, as a table or
JSON; exit 0 when it matches, `ExitCode.DRIFT` when it does not."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..conformance.cassette import write_cassette
from ..conformance.check import Report, run_check
from ..conformance.exchanges import RecordingTransport
from ..descriptor import VendorDescriptor
from ..export import ExportClient
from .console import Console
from .exits import ConfigError, ExitCode

__all__ = ["check"]


def _entities(descriptor: VendorDescriptor[Any], values: list[str]) -> list[str]:
    try:
        return list(dict.fromkeys(descriptor.parse_entity_id(value) for value in values))
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc)) from None


def _table(report: Report, console: Console) -> None:
    console.out(f"{report.vendor}: {report.exchanges} requests checked against the bundled spec")
    for step in report.steps:
        line = f"  {step.action}: {step.result}"
        console.out(line if step.error is None else f"{line} ({step.error})")
    drift = report.drift
    notes = [finding for finding in report.findings if not finding.is_drift]
    for title, findings in (("drift", drift), ("notes", notes)):
        if findings:
            console.out("")
            console.out(f"{title} ({len(findings)}):")
        for finding in findings:
            where = f"  {finding.where}" if finding.where else ""
            times = f" (x{finding.count})" if finding.count > 1 else ""
            console.out(f"  {finding.request}{where}  {finding.kind}: {finding.detail}{times}")
    counts: dict[str, int] = {}
    for outcome in report.assumptions:
        counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
    summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
    console.out("")
    console.out(f"assumptions ({len(report.assumptions)}): {summary or 'none'}")
    for outcome in report.assumptions:
        evidence = f" [{outcome.evidence}]" if outcome.evidence else ""
        console.out(
            f"  {outcome.outcome:<13}  {outcome.assumption.pointer}: "
            f"{outcome.assumption.text}{evidence}"
        )
    console.out("")
    _verdict(report, console)


def _verdict(report: Report, console: Console) -> None:
    """The one line `check -q` prints."""
    verdict = (
        "matches the spec" if report.matches else f"differs from the spec (exit {ExitCode.DRIFT})"
    )
    console.out(f"result: the tenant {verdict}")


async def check(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
    *,
    recorder: RecordingTransport,
) -> int:
    entities = _entities(descriptor, args.entities)
    report = await run_check(descriptor, client, args, entities, recorder)
    if args.record is not None:
        path = Path(args.record) / f"{descriptor.name}-check.yaml"
        write_cassette(path, descriptor.name, recorder.exchanges)
        console.note(f"recorded {len(recorder.exchanges)} exchanges in {path}")
    code = ExitCode.OK if report.matches else ExitCode.DRIFT
    if args.json:
        console.final(report.to_dict(), code)
    elif args.quiet:
        _verdict(report, console)
    else:
        _table(report, console)
    return code
