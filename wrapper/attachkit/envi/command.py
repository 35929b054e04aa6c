"""Envi's part of the `attachkit` command: its arguments, listings and hints. Loaded by the
command only (through `DESCRIPTOR.command_line()`)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from uuid import UUID

from ..attachment import Attachment
from ..descriptor import CommandLine, DiscoveryCommand, endpoint_missing
from ..errors import BadRequestError
from ..pagination import AsyncPaginator
from .auth import TOKEN_PATH
from .client import AsyncEnviClient, EnviEntityType
from .descriptor import ENTITY_TYPES, LISTED_TYPES

__all__ = ["COMMAND_LINE"]


def _entity_type(text: str) -> int:
    if text.isdigit():
        return int(text)
    name = text.strip().upper().replace("-", "_").replace(" ", "_")
    try:
        return EnviEntityType[name].value
    except KeyError:
        raise argparse.ArgumentTypeError(f"expected a number or one of: {ENTITY_TYPES}") from None


def _uuid(text: str) -> str:
    try:
        return str(UUID(text))
    except ValueError:
        raise argparse.ArgumentTypeError("expected a UUID") from None


def _add_entity_type(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--entity-type", type=_entity_type, metavar="TYPE", help=ENTITY_TYPES)


def _add_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "entity_id", type=_uuid, metavar="ENTITY_ID", help="the record whose files to list"
    )
    _add_entity_type(parser)
    parser.add_argument("--search", help="text to look for in any field")
    parser.add_argument("--filter", help="OData filter, e.g. \"fileType eq 'pdf'\"")


def _listing(client: AsyncEnviClient, args: argparse.Namespace) -> AsyncPaginator[Attachment]:
    return client.list_files(
        args.entity_id, entity_type=args.entity_type, filter=args.filter, search=args.search
    )


async def _find_file(
    client: AsyncEnviClient, args: argparse.Namespace, file_id: str
) -> Attachment | None:
    return await client.get_file(file_id)  # a file Envi does not have is its 404


# The query flags a user writes, and what Envi answers when one is wrong (a 400).
_QUERY_FLAGS = (("filter", "--filter"), ("search", "--search"))


def _hint(error: Exception, args: argparse.Namespace) -> Sequence[str]:
    if endpoint_missing(error, TOKEN_PATH):
        return ("url",)
    if not isinstance(error, BadRequestError):
        return ()
    if "UnsupportedApiVersion" in (error.vendor_message or ""):
        return ("api_version",)
    return tuple(flag for name, flag in _QUERY_FLAGS if getattr(args, name, None))


def _export_options(args: argparse.Namespace) -> Mapping[str, object]:
    return {"entity_type": args.entity_type}


EXAMPLES = """\
examples:
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c --entity-type purchase-order
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c --json | jq .name
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c --filter "fileSize gt 10485760"
  attachkit envi download 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c -o out/
  attachkit envi download 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c \\
      9b2e6d4a-1c3f-4e5a-8b7c-0d9e1f2a3b4c -o out/
  attachkit envi export 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c \\
      0c8d2e4f-6a1b-4c3d-9e5f-7a8b9c0d1e2f -o export/
  cut -d, -f1 pos.csv | attachkit envi export - -o export/ --concurrency 4
  attachkit envi export --entity-type purchase-order --updated-since 2026-01-01 -o export/
  attachkit envi export --entity-type purchase-order --since-last-run -o export/
  attachkit envi entities --entity-type requisition --updated-since 2026-01-01

Every record of a type: purchase-order (with the files of the invoices linked to each),
inventory, requisition, proof-of-delivery (requisition fills) and adjustment (the only one
Envi cannot filter by date: --since-last-run lists them all again).
"""

COMMAND_LINE: CommandLine[AsyncEnviClient] = CommandLine(
    help="Envi supply-chain records (POs, invoices, requisitions...)",
    examples=EXAMPLES,
    add_list_arguments=_add_list_arguments,
    add_export_arguments=_add_entity_type,
    listing=_listing,
    find_file=_find_file,
    hint=_hint,
    export_options=_export_options,
    discovery=DiscoveryCommand(
        action="entities",
        help=f"print the ids of every record of a type ({LISTED_TYPES}), one per line",
        flag="--all-entities",
        add_arguments=_add_entity_type,
    ),
)
