"""Envi as the command line and the export see it."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterable, Mapping, Sequence
from datetime import date
from uuid import UUID

from .. import arguments
from ..attachment import Attachment
from ..descriptor import (
    CommandLine,
    Conformance,
    Discovery,
    DiscoveryQuery,
    ExportListing,
    Setting,
    Settings,
    VendorDescriptor,
    endpoint_missing,
    refuse_options,
)
from ..errors import BadRequestError
from ..options import AsyncClientOptions
from ..pagination import AsyncPaginator
from .auth import TOKEN_PATH
from .client import DEFAULT_API_VERSION, AsyncEnviClient, EnviClient, EnviEntityType
from .entities import ENTITY_SETS, entity_set
from .exercises import EXERCISES

__all__ = ["DESCRIPTOR"]


def _flag_name(entity_type: EnviEntityType) -> str:
    return entity_type.name.lower().replace("_", "-")


ENTITY_TYPES = ", ".join(_flag_name(t) for t in EnviEntityType)
LISTED_TYPES = ", ".join(_flag_name(t) for t in EnviEntityType if t.value in ENTITY_SETS)

SETTINGS = (
    Setting(name="url", variable="ATTACHKIT_ENVI_URL", help="base URL", parameter="base_url"),
    Setting(name="username", variable="ATTACHKIT_ENVI_USERNAME", help="user name"),
    Setting(
        name="password",
        variable="ATTACHKIT_ENVI_PASSWORD",
        help="password (asked for on a terminal when not set)",
        secret=True,
        prompt=True,
    ),
    Setting(
        name="organization",
        variable="ATTACHKIT_ENVI_ORGANIZATION",
        help="organization number to log into (optional)",
        parameter="organization_no",
    ),
    Setting(
        name="api_version",
        variable="ATTACHKIT_ENVI_API_VERSION",
        help=f"api-version to send (default {DEFAULT_API_VERSION})",
        parameter="api_version",
    ),
)


def _connect(
    settings: Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncEnviClient:
    return AsyncEnviClient.from_password(
        settings.require("url"),
        username=settings.require("username"),
        password=settings.require("password"),
        organization_no=settings.get("organization"),
        api_version=settings.get("api_version") or DEFAULT_API_VERSION,
        **options,
    )


def parse_entity_id(value: object) -> str:
    """An entity id as text: a UUID, in canonical form."""
    if isinstance(value, str):
        value = value.strip()
    return str(arguments.uuid(value, "an Envi entity id"))


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


def _small_pages(
    client: AsyncEnviClient, args: argparse.Namespace, entity: str
) -> AsyncPaginator[Attachment]:
    # Two files a page, so that a check sees next links on any entity with three files.
    return client.list_files(entity, entity_type=args.entity_type, page_size=2)


async def _file_record(client: AsyncEnviClient, attachment: Attachment) -> Attachment:
    return await client.get_file(attachment.id)


def _export_options(args: argparse.Namespace) -> Mapping[str, object]:
    return {"entity_type": args.entity_type}


def _export_listing(client: AsyncEnviClient, options: Mapping[str, object]) -> ExportListing:
    refuse_options("envi", options, ("entity_type",))
    entity_type = arguments.optional_integer(options.get("entity_type"), "entity_type")
    return ExportListing(
        key=parse_entity_id,
        folder=lambda key: (key,),
        list_files=lambda key: client.list_files(key, entity_type=entity_type),
        # A PO, its received invoices and OCR invoices list each other's files; a row names
        # the entity the file belongs to.
        owner_of=lambda attachment: attachment.entity.id,
    )


def _discovery_query(client: AsyncEnviClient, options: Mapping[str, object]) -> DiscoveryQuery:
    refuse_options("envi", options, ("entity_type",))
    entity_type = options.get("entity_type")
    if entity_type is None:
        raise TypeError(
            f"an export of every Envi record needs entity_type= (--entity-type): {LISTED_TYPES}"
        )
    found = entity_set(entity_type)

    def ids(since: date | None) -> AsyncIterable[object]:
        return client.list_entities(found.type_pk, updated_since=since)

    return DiscoveryQuery(
        key=found.name,
        label=f"Envi's {found.label}",
        dated=found.dated,
        ids=ids,
        # Each record's files as Envi lists them under its key, with no type filter: a
        # purchase order's then include those of the invoices linked to it.
        listing_options={},
    )


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

DESCRIPTOR: VendorDescriptor[AsyncEnviClient] = VendorDescriptor(
    name="envi",
    title="Envi",
    entity="entity id",
    sync_client=EnviClient,
    async_client=AsyncEnviClient,
    settings=SETTINGS,
    connect=_connect,
    parse_entity_id=parse_entity_id,
    export_listing=_export_listing,
    cli=CommandLine(
        help="Envi supply-chain records (POs, invoices, requisitions...)",
        examples=EXAMPLES,
        add_list_arguments=_add_list_arguments,
        add_export_arguments=_add_entity_type,
        listing=_listing,
        find_file=_find_file,
        hint=_hint,
        export_options=_export_options,
    ),
    conformance=Conformance(
        spec_package="attachkit_envi_client",
        listing=_small_pages,
        get_file=_file_record,
        exercises=EXERCISES,
    ),
    discovery=Discovery(
        noun="records",
        query=_discovery_query,
        action="entities",
        help=f"print the ids of every record of a type ({LISTED_TYPES}), one per line",
        flag="--all-entities",
        add_arguments=_add_entity_type,
        dated=True,
    ),
)
