"""Altegio's part of the `attachkit` command: its arguments, listings, uploads and deletes.
Loaded by the command only (through `DESCRIPTOR.command_line()`)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence

from ..attachment import Attachment
from ..descriptor import CommandLine, DiscoveryCommand, endpoint_missing
from ..pagination import AsyncPaginator
from .auth import LOGIN_PATH
from .client import AsyncAltegioClient
from .descriptor import parse_entity_id

__all__ = ["COMMAND_LINE"]


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

COMMAND_LINE: CommandLine[AsyncAltegioClient] = CommandLine(
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
    discovery=DiscoveryCommand(
        action="clients",
        help="print the ids of a location's clients, one per line",
        flag="--all-clients",
        add_arguments=_add_location,
    ),
)
