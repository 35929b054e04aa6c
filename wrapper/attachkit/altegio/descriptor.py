"""Altegio as the command line and the export see it."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterable, Mapping, Sequence
from datetime import date

from .. import arguments
from ..attachment import Attachment
from ..descriptor import (
    CommandLine,
    Conformance,
    Discovery,
    DiscoveryQuery,
    ExportListing,
    Setting,
    SettingError,
    Settings,
    VendorDescriptor,
    endpoint_missing,
    refuse_options,
)
from ..options import AsyncClientOptions
from ..pagination import AsyncPaginator
from .auth import LOGIN_PATH
from .client import DEFAULT_BASE_URL, AltegioClient, AsyncAltegioClient

__all__ = ["DESCRIPTOR"]

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


def _client_id(text: str) -> int:
    try:
        return int(parse_entity_id(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_location(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--location",
        type=int,
        required=True,
        metavar="ID",
        help="the location (company) the clients belong to",
    )


def _add_list_arguments(parser: argparse.ArgumentParser) -> None:
    _add_location(parser)
    parser.add_argument("client_id", type=_client_id, metavar="CLIENT_ID", help="the client")


def _hint(error: Exception, args: argparse.Namespace) -> Sequence[str]:
    return ("url",) if endpoint_missing(error, LOGIN_PATH) else ()


def _listing(client: AsyncAltegioClient, args: argparse.Namespace) -> AsyncPaginator[Attachment]:
    return client.list_files(args.location, args.client_id)


def _check_listing(
    client: AsyncAltegioClient, args: argparse.Namespace, entity: str
) -> AsyncPaginator[Attachment]:
    return client.list_files(args.location, int(entity))  # one page: the vendor does not page


async def _upload(
    client: AsyncAltegioClient, args: argparse.Namespace, path: str, name: str | None
) -> Attachment:
    return await client.upload_file(args.location, args.client_id, path, name=name)


async def _delete(
    client: AsyncAltegioClient, args: argparse.Namespace, attachment: Attachment
) -> None:
    await client.delete_file(args.location, args.client_id, int(attachment.id))


def _export_options(args: argparse.Namespace) -> Mapping[str, object]:
    return {"location_id": args.location}


def _location_option(options: Mapping[str, object], what: str) -> int:
    refuse_options("altegio", options, ("location_id",))
    if options.get("location_id") is None:
        raise TypeError(f"Altegio {what} need location_id= (--location)")
    return arguments.integer(options["location_id"], "location_id", minimum=0)


def _discovery_query(client: AsyncAltegioClient, options: Mapping[str, object]) -> DiscoveryQuery:
    location = _location_option(options, "client lists")

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
    location = _location_option(options, "exports")

    def listing(key: str) -> AsyncPaginator[Attachment]:
        return client.list_files(location, int(key.rpartition("/")[2]))

    return ExportListing(
        # Client ids are only known to be unique within a location.
        key=lambda value: f"{location}/{parse_entity_id(value)}",
        folder=lambda key: tuple(key.split("/")),
        list_files=listing,
    )


EXAMPLES = """\
examples:
  attachkit altegio list --location 456 123456
  attachkit altegio download --location 456 123456 1001 1002 -o out/
  attachkit altegio export --location 456 123456 123457 -o export/
  attachkit altegio export --location 456 --ids-file clients.txt -o export/
  attachkit altegio export --location 456 --all-clients -o export/
  attachkit altegio export --location 456 --since-last-run -o export/
  attachkit altegio clients --location 456 > clients.txt
  attachkit altegio upload --location 456 123456 consent.pdf scan.jpg
  attachkit altegio upload --location 456 123456 scan-0042.pdf --name "Referral.pdf"
  attachkit altegio delete --location 456 123456 1001 --yes

Requests are paced to Altegio's 5 per second and 200 per minute. Altegio cannot tell which
clients or files changed: --since-last-run lists every client again and downloads only the
files not saved before. Uploads take jpeg, jpg,
png, gif, doc, docx, pdf, xls, xlsx and txt files smaller than 12 MiB, and are never
retried: a failed one says whether the file may have been stored.
"""

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
    cli=CommandLine(
        help="Altegio (YCLIENTS) client files",
        examples=EXAMPLES,
        add_list_arguments=_add_list_arguments,
        add_export_arguments=_add_location,
        listing=_listing,
        export_options=_export_options,
        hint=_hint,
        add_upload_arguments=_add_list_arguments,
        upload=_upload,
        delete=_delete,
    ),
    conformance=Conformance(spec_package="attachkit_altegio_client", listing=_check_listing),
    discovery=Discovery(
        noun="clients",
        query=_discovery_query,
        action="clients",
        help="print the ids of a location's clients, one per line",
        flag="--all-clients",
        add_arguments=_add_location,
        dated=False,
    ),
)
