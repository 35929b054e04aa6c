"""The actions, for any vendor: list, download, export, and upload where a vendor takes it
(delete is in delete.py)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..attachment import Attachment
from ..descriptor import VendorDescriptor
from ..errors import AttachkitError
from ..export import Entities, ExportClient, ExportSummary, FileStatus, export_files
from .choose import Missing, chosen, stops_the_run, truncation_note
from .console import Console, human_size
from .discover import export_request, start_note
from .download import Outcome, download_one, report
from .exits import ConfigError, ExitCode, exit_code_for
from .ids import entity_ids
from .progress import ProgressBar, waits_shown

__all__ = ["download", "export", "list_files", "upload"]


def attachment_json(attachment: Attachment) -> dict[str, object]:
    entity = attachment.entity
    return {
        "vendor": attachment.vendor,
        "id": attachment.id,
        "entity": {"type": entity.type, "id": entity.id, "number": entity.number},
        "name": attachment.name,
        "extension": attachment.extension,
        "mime_type": attachment.mime_type,
        "size": attachment.size,
        "created_at": None if attachment.created_at is None else attachment.created_at.isoformat(),
        "updated_at": None if attachment.updated_at is None else attachment.updated_at.isoformat(),
        "created_by": attachment.created_by,
        "status": attachment.status,
        "description": attachment.description,
    }


def _row(attachment: Attachment) -> str:
    created = "" if attachment.created_at is None else f"{attachment.created_at:%Y-%m-%d %H:%M}"
    status = attachment.status
    flag = f"  [{status}]" if status and status.lower() != "active" else ""
    size = human_size(attachment.size)
    return f"{attachment.id:<36}  {size:>9}  {created:<16}  {attachment.name}{flag}"


async def list_files(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    paginator = descriptor.command_line().listing(client, args)
    count = 0
    async for attachment in paginator:
        count += 1
        if args.json:
            console.json(attachment_json(attachment))
        elif args.quiet:
            console.out(attachment.id)  # for pipes: `... list -q | xargs ... download ENTITY`
        else:
            console.out(_row(attachment))
    truncation_note(descriptor, console, paginator, count)  # even when quiet: data is missing
    if count == 0 and not (args.json or args.quiet):
        console.note("no files")
    return ExitCode.OK


async def download(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    failed = 0
    show = _ignore if args.quiet or args.json else _note_waits(console)
    with waits_shown(show):
        for item in await chosen(descriptor, client, args, console):
            if isinstance(item, Missing):
                outcome = Outcome(None, FileStatus.FAILED, reason=item.reason, file_id=item.file_id)
            else:
                outcome = await download_one(client, item, args, console)
                if outcome.error is not None and stops_the_run(descriptor, outcome.error, args):
                    raise outcome.error
            failed += outcome.status is FileStatus.FAILED
            report(outcome, console, args, descriptor.name)
    return ExitCode.FAILED if failed else ExitCode.OK


def _ignore(seconds: float, reason: str) -> None:
    pass


def _note_waits(console: Console) -> Callable[[float, str], None]:
    def note(seconds: float, reason: str) -> None:
        if seconds >= 1:
            console.note(f"waiting {seconds:.0f} s ({reason})")

    return note


async def upload(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    """Uploads each FILE in turn; one that fails is reported and the rest still go."""
    send = descriptor.command_line().upload
    if send is None:  # the parser offers the action only to vendors that have it
        raise ConfigError(f"{descriptor.name} takes no uploads")
    if args.name is not None and len(args.files) > 1:
        raise ConfigError("--name names one file: give a single FILE with it")
    failed = 0
    for path in args.files:
        try:
            attachment = await send(client, args, path, args.name)
        except (AttachkitError, OSError, TypeError, ValueError) as exc:
            if stops_the_run(descriptor, exc, args):
                raise
            failed += 1
            reason = console.explain(exc)
            if args.json:
                console.json(_upload_json(path, None, reason))
            console.error(f"not uploaded: {path}: {reason}")
            continue
        if args.json:
            console.json(_upload_json(path, attachment, None))
        elif args.quiet:
            console.out(attachment.id)  # the new file's id, e.g. to delete it again
        else:
            console.out(_row(attachment))
    return ExitCode.FAILED if failed else ExitCode.OK


def _upload_json(path: str, attachment: Attachment | None, reason: str | None) -> dict[str, object]:
    return {
        "path": path,
        "status": "failed" if attachment is None else "uploaded",
        "attachment": None if attachment is None else attachment_json(attachment),
        "reason": reason,
    }


async def export(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    options: dict[str, Any] = dict(descriptor.command_line().export_options(args))
    discover = export_request(descriptor, args)
    if discover is None:
        entities: Entities = entity_ids(descriptor, args, console.stdin, _every_hint(descriptor))
    else:
        entities = discover
        start_note(client, args, options, discover, console)
    bar = ProgressBar(console.stderr) if console.interactive and not args.quiet else None
    console.status_line = bar
    try:
        with waits_shown(bar.waiting if bar is not None else _ignore):
            summary = await export_files(
                client,
                entities,
                args.output,
                concurrency=args.concurrency,
                progress=bar,
                verify=args.verify,
                **options,
            )
    finally:
        console.status_line = None
        if bar is not None:
            bar.finish()
    code: int = ExitCode.OK if summary.ok else ExitCode.FAILED
    stopped = None
    if summary.aborted is not None:
        stopped = f"stopped early: {console.wording(summary.aborted)}"
        if summary.abort_error is not None:
            code = exit_code_for(summary.abort_error)
    if args.json:
        console.final(summary.to_dict(), code, error=stopped)
    else:
        _report(summary, console, args.quiet)
    if stopped is not None:
        console.error(
            f"{stopped}; {len(summary.not_attempted)} entities not attempted, re-run to continue"
        )
    return code


def _every_hint(descriptor: VendorDescriptor[Any]) -> str | None:
    discovery, command = descriptor.discovery, descriptor.command_line().discovery
    if discovery is None or command is None:
        return None
    return f"{command.flag} for every {discovery.noun[:-1]}"


def _report(summary: ExportSummary, console: Console, quiet: bool) -> None:
    for result in summary.failed:
        console.note(f"failed   {result.entity}/{result.name}: {result.reason}")
    for failure in summary.entity_failures:
        console.note(f"failed   {failure.entity}: {failure.reason}")
    for entity in summary.incomplete:
        console.note(f"missing  {entity.entity}: {entity.reason}")
    unavailable = [r for r in summary.skipped if r not in summary.already_saved]
    if not quiet:
        for result in unavailable:
            console.note(f"skipped  {result.entity}/{result.name}: {result.reason}")
    for note in summary.notes:
        console.note(f"note: {note}")
    console.out(
        f"{len(summary.saved)} saved ({human_size(summary.bytes_saved)}), "
        f"{len(summary.already_saved)} already saved, {len(unavailable)} without content, "
        f"{len(summary.failed)} failed, {len(summary.entity_failures)} entities failed"
        + (
            f", {sum(entity.missing for entity in summary.incomplete)} known to exist but "
            f"not returned by the vendor ({len(summary.incomplete)} entities incomplete)"
            if summary.incomplete
            else ""
        )
    )
    discovery = summary.discovery
    if discovery is not None and not quiet:
        moved = "not moved" if discovery.bookmark is None else discovery.bookmark.isoformat()
        console.note(f"discovered {discovery.found} ({discovery.query}); bookmark: {moved}")
    console.out(f"manifest: {summary.manifest}")
