"""The files `download` and `delete` act on: those ENTITY lists, or the FILE_IDs given
(as `list -q` prints them) among them; an id that is not found is reported as missing."""

from __future__ import annotations

import argparse
from typing import Any

import attrs

from ..attachment import Attachment
from ..descriptor import VendorDescriptor
from ..errors import AttachkitError, AuthenticationError, PermissionDeniedError
from ..export import ExportClient
from ..pagination import AsyncPaginator
from .console import Console

__all__ = ["Missing", "chosen", "stops_the_run", "truncation_note"]


@attrs.frozen
class Missing:
    """A FILE_ID given that names no file, and why."""

    file_id: str
    reason: str


def stops_the_run(
    descriptor: VendorDescriptor[Any], error: Exception, args: argparse.Namespace
) -> bool:
    """Whether `error` fails every file alike: credentials or access refused, or a setting
    the user must fix (the vendor's `hint` names one)."""
    refused = isinstance(error, AuthenticationError | PermissionDeniedError)
    return refused or bool(descriptor.command_line().hint(error, args))


def truncation_note(
    descriptor: VendorDescriptor[Any],
    console: Console,
    paginator: AsyncPaginator[Attachment],
    shown: int,
) -> None:
    if paginator.truncated:
        hint = descriptor.command_line().narrow_hint or "narrow the query"
        console.note(
            f"note: {paginator.total_count} files matched but the vendor returned {shown}; {hint}"
        )


async def _found(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
    file_id: str,
) -> Attachment | Missing:
    find_file = descriptor.command_line().find_file
    assert find_file is not None
    try:
        found = await find_file(client, args, file_id)
    except (AttachkitError, ValueError) as exc:
        if stops_the_run(descriptor, exc, args):
            raise
        return Missing(file_id, console.explain(exc))
    return Missing(file_id, "no such file") if found is None else found


async def chosen(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> list[Attachment | Missing]:
    wanted = list(dict.fromkeys(args.file_ids))
    if wanted and descriptor.command_line().find_file is not None:
        return [await _found(descriptor, client, args, console, file_id) for file_id in wanted]
    paginator = descriptor.command_line().listing(client, args)
    listed = [attachment async for attachment in paginator]
    truncation_note(descriptor, console, paginator, len(listed))
    if not wanted:
        return list(listed)
    by_id = {attachment.id: attachment for attachment in listed}
    missing = f"no such file among the {len(listed)} listed"
    return [by_id.get(file_id) or Missing(file_id, missing) for file_id in wanted]
