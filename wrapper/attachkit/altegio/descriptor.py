"""Altegio as the tools see it: its settings, how to connect, and how an export lists and
discovers a location's clients. Its command-line part is `command`, its drift-check part
`conformance`."""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping
from datetime import date

from ..attachment import Attachment
from ..descriptor import (
    Discovery,
    DiscoveryQuery,
    ExportListing,
    Setting,
    SettingError,
    Settings,
    VendorDescriptor,
    refuse_options,
)
from ..options import AsyncClientOptions
from ..pagination import AsyncPaginator
from ..vendorkit import arguments
from .client import DEFAULT_BASE_URL, AltegioClient, AsyncAltegioClient

__all__ = ["DESCRIPTOR", "location_option", "parse_entity_id"]

SETTINGS = (
    Setting(
        name="url",
        variable="ATTACHKIT_ALTEGIO_URL",
        help=f"API base URL (default {DEFAULT_BASE_URL})",
        parameter="base_url",
    ),
    Setting(
        name="web_url",
        variable="ATTACHKIT_ALTEGIO_WEB_URL",
        help="host of download links: needed for files without a full_link, and the only "
        "host downloads then go to",
        parameter="web_base_url",
    ),
    Setting(
        name="partner_token",
        variable="ATTACHKIT_ALTEGIO_PARTNER_TOKEN",
        help="partner token",
        secret=True,
        parameter="partner_token",
    ),
    Setting(
        name="user_token",
        variable="ATTACHKIT_ALTEGIO_USER_TOKEN",
        help="user token",
        secret=True,
        parameter="user_token",
    ),
    Setting(name="login", variable="ATTACHKIT_ALTEGIO_LOGIN", help="phone or e-mail"),
    Setting(
        name="password",
        variable="ATTACHKIT_ALTEGIO_PASSWORD",
        help="password, with --login (asked for on a terminal when not set)",
        secret=True,
        prompt=True,
    ),
)


def _connect(
    settings: Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncAltegioClient:
    # Downloads need no web URL up front: files with a full_link go to Altegio's own hosts,
    # and a file without one fails on its own, naming the setting.
    url = settings.get("url") or DEFAULT_BASE_URL
    web_url = settings.get("web_url")
    partner_token = settings.require("partner_token")
    user_token = settings.get("user_token")
    if user_token is not None:
        return AsyncAltegioClient(
            partner_token=partner_token,
            user_token=user_token,
            base_url=url,
            web_base_url=web_url,
            **options,
        )
    login = settings.get("login")
    password = None if login is None else settings.get("password")  # asked for only now
    if login is None or password is None:
        raise SettingError(
            "altegio: set ATTACHKIT_ALTEGIO_USER_TOKEN (or --user-token), or "
            "ATTACHKIT_ALTEGIO_LOGIN and ATTACHKIT_ALTEGIO_PASSWORD (or --login, with "
            "--password or --password-stdin)"
        )
    return AsyncAltegioClient.from_login(
        partner_token, login, password, base_url=url, web_base_url=web_url, **options
    )


def parse_entity_id(value: object) -> str:
    """A client id as text: digits only."""
    return arguments.numeric_id(value, "an Altegio client id")


def location_option(options: Mapping[str, object], what: str) -> int:
    """The one option Altegio takes, and needs, `location_id`; TypeError without it or for
    any other (`what` says what needs it)."""
    refuse_options("altegio", options, ("location_id",))
    if options.get("location_id") is None:
        raise TypeError(f"Altegio {what} need location_id= (--location)")
    return arguments.integer(options["location_id"], "location_id", minimum=0)


def _discovery_query(client: AsyncAltegioClient, options: Mapping[str, object]) -> DiscoveryQuery:
    location = location_option(options, "client lists")

    def ids(since: date | None) -> AsyncIterable[object]:
        if since is not None:  # the search has no filter on when a client changed
            raise ValueError("Altegio cannot tell which clients changed since a date")
        return client.list_clients(location)

    return DiscoveryQuery(
        key=f"clients of location {location}",
        label=f"the clients of location {location}",
        dated=False,
        ids=ids,
        listing_options={"location_id": location},
    )


def _export_listing(client: AsyncAltegioClient, options: Mapping[str, object]) -> ExportListing:
    location = location_option(options, "exports")

    def listing(key: str) -> AsyncPaginator[Attachment]:
        return client.list_files(location, int(key.rpartition("/")[2]))

    return ExportListing(
        # Client ids are only known to be unique within a location.
        key=lambda value: f"{location}/{parse_entity_id(value)}",
        folder=lambda key: tuple(key.split("/")),
        list_files=listing,
    )


DESCRIPTOR: VendorDescriptor[AsyncAltegioClient] = VendorDescriptor(
    name="altegio",
    title="Altegio",
    entity="client id",
    sync_client=AltegioClient,
    async_client=AsyncAltegioClient,
    settings=SETTINGS,
    connect=_connect,
    parse_entity_id=parse_entity_id,
    export_listing=_export_listing,
    command_module="attachkit.altegio.command",
    conformance_module="attachkit.altegio.conformance",
    discovery=Discovery(noun="clients", query=_discovery_query, dated=False),
)
