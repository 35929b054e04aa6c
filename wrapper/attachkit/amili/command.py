"""Amili's part of the `attachkit` command: its filters and listings. Loaded by the command
only (through `DESCRIPTOR.command_line()`)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from ..attachment import Attachment
from ..descriptor import CommandLine
from ..pagination import AsyncPaginator
from ..vendorkit import arguments
from .client import AsyncAmiliClient
from .descriptor import parse_entity_id

__all__ = ["COMMAND_LINE"]


def _client_no(text: str) -> int:
    try:
        return int(parse_entity_id(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "client_no", type=_client_no, metavar="CLIENT_NO", help="the client whose files to list"
    )
    parser.add_argument("--type", help="file type, e.g. DocAttachment")
    parser.add_argument("--name", help="exact file name")
    parser.add_argument("--reference-no", type=int, metavar="N", help="reference number")
    parser.add_argument("--document-no", metavar="NO", help="document number")
    parser.add_argument("--log-item-id", type=int, metavar="ID", help="log item id")


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", help="only files of this type")


def _listing(client: AsyncAmiliClient, args: argparse.Namespace) -> AsyncPaginator[Attachment]:
    return client.list_files(
        args.client_no,
        type=args.type,
        name=args.name,
        reference_no=args.reference_no,
        document_no=args.document_no,
        log_item_id=args.log_item_id,
    )


async def _find_file(
    client: AsyncAmiliClient, args: argparse.Namespace, file_id: str
) -> Attachment | None:
    """A file by the id `list -q` prints (client number, log item id, name), asked for by
    exactly those: a listing of the whole client stops at 10 files."""
    client_no, _, rest = file_id.partition(":")
    log_item, colon, name = rest.partition(":")
    if not colon or not name or parse_entity_id(client_no) != str(args.client_no):
        raise ValueError(
            f"not a file id of client {args.client_no} as `amili list -q` prints it "
            "(CLIENT_NO:LOG_ITEM_ID:NAME)"
        )
    log_item_id = int(arguments.numeric_id(log_item, "a log item id")) if log_item else None
    listing = client.list_files(args.client_no, log_item_id=log_item_id, name=name)
    return await anext((found async for found in listing if found.id == file_id), None)


def _export_options(args: argparse.Namespace) -> Mapping[str, object]:
    return {"file_type": args.type}


EXAMPLES = """\
examples:
  attachkit amili list 2218
  attachkit amili list 2218 --type Invoice --json
  attachkit amili download 2218 --reference-no 350023 -o out/
  attachkit amili download 2218 "2218:0:Kontrakt 350023.pdf" -o out/
  attachkit amili export 2218 3000 --type Invoice -o export/

Amili returns at most 10 files per query and does not page: narrow with --type,
--name, --reference-no or --document-no when told more matched.
"""

COMMAND_LINE: CommandLine[AsyncAmiliClient] = CommandLine(
    help="Amili ARMrest clients' OS files",
    examples=EXAMPLES,
    add_list_arguments=_add_filters,
    add_export_arguments=_add_export_arguments,
    listing=_listing,
    find_file=_find_file,
    export_options=_export_options,
    narrow_hint="narrow the query (--type, --name, --reference-no, --document-no)",
)
