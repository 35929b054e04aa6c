"""Envi as the tools see it: its settings, how to connect, and how an export lists and
discovers its records. Its command-line part is `command`, its drift-check part
`conformance`."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping
from datetime import date

from ..descriptor import (
    Discovery,
    DiscoveryQuery,
    ExportListing,
    Setting,
    Settings,
    VendorDescriptor,
    refuse_options,
)
from ..options import AsyncClientOptions
from ..vendorkit import arguments
from .client import DEFAULT_API_VERSION, AsyncEnviClient, EnviClient, EnviEntityType
from .entities import ENTITY_SETS, entity_set

__all__ = ["DESCRIPTOR", "ENTITY_TYPES", "LISTED_TYPES", "entity_type_option", "parse_entity_id"]


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


def entity_type_option(options: Mapping[str, object]) -> int | None:
    """The one export option Envi takes, `entity_type`; TypeError for any other."""
    refuse_options("envi", options, ("entity_type",))
    return arguments.optional_integer(options.get("entity_type"), "entity_type")


def _export_listing(client: AsyncEnviClient, options: Mapping[str, object]) -> ExportListing:
    entity_type = entity_type_option(options)
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
    command_module="attachkit.envi.command",
    conformance_module="attachkit.envi.conformance",
    discovery=Discovery(noun="records", query=_discovery_query, dated=True),
)
