"""`attachkit <vendor> delete ENTITY FILE_ID...`, for a vendor that deletes files: the files
are found first, then, on a terminal, the user is asked; without a terminal only `--yes`
deletes. One file that fails is reported and the others still go."""

from __future__ import annotations

import argparse
from typing import Any

from ..attachment import Attachment
from ..descriptor import VendorDescriptor
from ..errors import AttachkitError, AuthenticationError
from ..export import ExportClient
from .choose import Missing, chosen
from .console import Console
from .exits import ConfigError, ExitCode

__all__ = ["delete"]


def _json(vendor: str, file_id: str, name: str | None, reason: str | None) -> dict[str, object]:
    status = "deleted" if reason is None else "failed"
    return {"vendor": vendor, "id": file_id, "name": name, "status": status, "reason": reason}


def _agreed(args: argparse.Namespace, console: Console, found: list[Attachment]) -> bool:
    if args.yes or not found:
        return True
    if not console.stdin_is_terminal:
        raise ConfigError("delete asks before deleting: pass --yes to delete without a terminal")
    names = ", ".join(attachment.name for attachment in found)
    entity = found[0].entity
    return console.confirm(f"delete {len(found)} file(s) of {entity.type} {entity.id}: {names}?")


async def delete(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    remove = descriptor.command_line().delete
    if remove is None:  # the parser offers the action only to vendors that have it
        raise ConfigError(f"{descriptor.name} deletes no files")
    files = await chosen(descriptor, client, args, console)
    failed = 0
    for missing in (item for item in files if isinstance(item, Missing)):
        failed += 1
        if args.json:
            console.json(_json(descriptor.name, missing.file_id, None, missing.reason))
        console.error(f"not deleted: {missing.file_id}: {missing.reason}")
    found = [item for item in files if isinstance(item, Attachment)]
    if not _agreed(args, console, found):
        console.note("nothing deleted")
        return ExitCode.FAILED if failed else ExitCode.OK
    for attachment in found:
        try:
            await remove(client, args, attachment)
        except AttachkitError as exc:
            # A 403 here is about this file (one the user may not edit), not the run's.
            if isinstance(exc, AuthenticationError) or descriptor.command_line().hint(exc, args):
                raise
            failed += 1
            reason = console.explain(exc)
            if args.json:
                console.json(_json(descriptor.name, attachment.id, attachment.name, reason))
            console.error(f"not deleted: {attachment.id} {attachment.name}: {reason}")
            continue
        if args.json:
            console.json(_json(descriptor.name, attachment.id, attachment.name, None))
        elif not args.quiet:
            console.out(f"deleted  {attachment.id}  {attachment.name}")
    return ExitCode.FAILED if failed else ExitCode.OK
