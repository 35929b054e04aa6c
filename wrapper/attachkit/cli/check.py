"""`attachkit <vendor> check ENTITY...`: the tenant against the bundled spec, as a table or
JSON, drift and additions apart; exit 0 when nothing breaks the spec, `ExitCode.DRIFT` when
something does (or, with `--strict`, when the tenant adds to it)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from ..conformance.cassette import RECORD_EXTRA, write_cassette
from ..conformance.exchanges import RecordingTransport
from ..conformance.report import Report
from ..conformance.run import run_check
from ..conformance.validate import Finding
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


def _findings(title: str, findings: tuple[Finding, ...], console: Console) -> None:
    console.out("")
    console.out(f"{title}: {len(findings) or 'none'}")
    for finding in findings:
        where = f"  {finding.where}" if finding.where else ""
        times = f" (x{finding.count})" if finding.count > 1 else ""
        seen = f" [exchange {finding.exchange}]" if finding.exchange else ""
        console.out(f"  {finding.request}{where}  {finding.kind}: {finding.detail}{times}{seen}")


def _table(report: Report, console: Console) -> None:
    console.out(
        f"{report.vendor}: {len(report.exchanges)} requests checked against the bundled spec"
    )
    for number, exchange in enumerate(report.exchanges, start=1):
        console.out(f"  {number:>3}  {exchange}")
    console.out("")
    for step in report.steps:
        numbers = ", ".join(str(n) for n in step.exchanges)
        line = f"  {step.action}: {step.result}" + (f" [exchanges {numbers}]" if numbers else "")
        console.out(line if step.error is None else f"{line} ({step.error})")
    _findings("drift (breaks the spec)", report.drift, console)
    _findings("additions (the spec does not name them)", report.additions, console)
    if report.notes:
        _findings("notes", report.notes, console)
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
    _result(report, console)


def _result(report: Report, console: Console) -> None:
    """The last line of the table, and the one line `check -q` prints."""
    console.out(f"result: {_verdict(report)}")


def _verdict(report: Report) -> str:
    if not report.matches:
        wrong = f", assumptions shown wrong: {len(report.differing)}" if report.differing else ""
        return f"the tenant differs from the spec{wrong} (exit {ExitCode.DRIFT})"
    if not report.additions:
        return "the tenant matches the spec"
    if report.strict:
        return f"the tenant adds to the spec (exit {ExitCode.DRIFT} with --strict)"
    return "the tenant matches the spec, with additions (--strict would exit 5)"


async def check(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
    *,
    recorder: RecordingTransport,
) -> int:
    entities = _entities(descriptor, args.entities)
    conformance = descriptor.conformance()
    if conformance is None:
        raise ConfigError(f"{descriptor.name} has no bundled spec to check against")
    if args.record is not None and importlib.util.find_spec("yaml") is None:
        raise ConfigError(f"--record writes YAML with PyYAML: {RECORD_EXTRA}")
    options = descriptor.command_line().export_options(args)
    report = await run_check(client, entities, recorder=recorder, strict=args.strict, **options)
    if args.record is not None:
        path = Path(args.record) / f"{descriptor.name}-check.yaml"
        write_cassette(
            path,
            descriptor.name,
            recorder.exchanges,
            console.known_secrets(),
            conformance.personal_fields,
        )
        console.note(f"recorded {len(recorder.exchanges)} exchanges in {path}")
    code = ExitCode.OK if report.passes else ExitCode.DRIFT
    if args.json:
        console.final(report.to_dict(), code)
    elif args.quiet:
        _result(report, console)
    else:
        _table(report, console)
    return code
