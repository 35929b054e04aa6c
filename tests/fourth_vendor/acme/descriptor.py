"""Acme as the tools see it: its settings, how to connect, and how an export lists an
entity. Its command-line part is `command`, its drift-check part `conformance`."""

from __future__ import annotations

from collections.abc import Mapping

from attachkit.descriptor import (
    ExportListing,
    Setting,
    Settings,
    VendorDescriptor,
    refuse_options,
)
from attachkit.options import AsyncClientOptions
from attachkit.vendorkit import arguments

from .client import AcmeClient, AsyncAcmeClient

__all__ = ["DESCRIPTOR", "parse_entity_id"]

SETTINGS = (
    Setting(name="url", variable="ATTACHKIT_ACME_URL", help="base URL", parameter="base_url"),
    Setting(name="token", variable="ATTACHKIT_ACME_TOKEN", help="API token", secret=True),
)


def _connect(
    settings: Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncAcmeClient:
    return AsyncAcmeClient(settings.require("url"), token=settings.require("token"), **options)


def parse_entity_id(value: object) -> str:
    """An entity as text: letters and digits."""
    text = arguments.text(value, "an Acme entity").strip()
    if not text.isalnum():
        raise ValueError(f"an Acme entity is letters and digits, not {text!r}")
    return text


def _export_listing(client: AsyncAcmeClient, options: Mapping[str, object]) -> ExportListing:
    refuse_options("acme", options, ())
    return ExportListing(
        key=parse_entity_id, folder=lambda key: (key,), list_files=client.list_files
    )


DESCRIPTOR: VendorDescriptor[AsyncAcmeClient] = VendorDescriptor(
    name="acme",
    title="Acme",
    entity="entity",
    sync_client=AcmeClient,
    async_client=AsyncAcmeClient,
    settings=SETTINGS,
    connect=_connect,
    parse_entity_id=parse_entity_id,
    export_listing=_export_listing,
    command_module="tests.fourth_vendor.acme.command",
    conformance_module="tests.fourth_vendor.acme.conformance",
)
