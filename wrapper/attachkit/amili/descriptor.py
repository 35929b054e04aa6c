"""Amili as the tools see it: its settings, how to connect, and how an export lists a
client's files. Its command-line part is `command`, its drift-check part `conformance`."""

from __future__ import annotations

from collections.abc import Mapping

from ..descriptor import ExportListing, Setting, Settings, VendorDescriptor, refuse_options
from ..options import AsyncClientOptions
from ..vendorkit import arguments
from .client import AmiliClient, AsyncAmiliClient

__all__ = ["DESCRIPTOR", "file_type_option", "parse_entity_id"]

SETTINGS = (
    Setting(name="url", variable="ATTACHKIT_AMILI_URL", help="base URL", parameter="base_url"),
    Setting(name="token", variable="ATTACHKIT_AMILI_TOKEN", help="JWT bearer token", secret=True),
)


def _connect(
    settings: Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncAmiliClient:
    return AsyncAmiliClient(settings.require("url"), token=settings.require("token"), **options)


def parse_entity_id(value: object) -> str:
    """A client number as text: digits only, within the spec's int64."""
    return arguments.numeric_id(value, "an Amili client number", maximum=arguments.INT64_MAX)


def file_type_option(options: Mapping[str, object]) -> str | None:
    """The one export option Amili takes, `file_type`; TypeError for any other."""
    refuse_options("amili", options, ("file_type",))
    return arguments.optional_text(options.get("file_type"), "file_type")


def _export_listing(client: AsyncAmiliClient, options: Mapping[str, object]) -> ExportListing:
    file_type = file_type_option(options)
    return ExportListing(
        key=parse_entity_id,
        folder=lambda key: (key,),
        list_files=lambda key: client.list_files(int(key), type=file_type),
    )


DESCRIPTOR: VendorDescriptor[AsyncAmiliClient] = VendorDescriptor(
    name="amili",
    title="Amili",
    entity="client number",
    sync_client=AmiliClient,
    async_client=AsyncAmiliClient,
    settings=SETTINGS,
    connect=_connect,
    parse_entity_id=parse_entity_id,
    export_listing=_export_listing,
    command_module="attachkit.amili.command",
    conformance_module="attachkit.amili.conformance",
)
