"""The argument parser: `attachkit <vendor> <list|download|export> ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn
from uuid import UUID

from ..envi import EnviEntityType
from .console import Console

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["build_parser"]

AddParser = Callable[[str, str], argparse.ArgumentParser]

EXIT_CODES = """\
exit codes:
  0  done (files the vendor has no content for are skipped, not failed)
  1  the command ran but some files or entities failed (they are listed)
  2  bad arguments or configuration (missing URL or credentials, export dir in use)
  3  credentials or access refused by the vendor
  4  the vendor or the network failed
  130 interrupted (completed files are kept; re-run the export to finish)"""

MAIN_EPILOG = f"""\
examples:
  export ATTACHKIT_ENVI_URL=https://api-demo.envi.net
  export ATTACHKIT_ENVI_USERNAME=me@example.com ATTACHKIT_ENVI_PASSWORD=...
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c
  attachkit envi download 9b2e6d4a-1c3f-4e5a-8b7c-0d9e1f2a3b4c -o out/
  attachkit envi export --ids-file po-ids.txt -o export/ --json > summary.json

  attachkit amili list 2218 --type Invoice
  attachkit altegio export --location 456 123456 123457 -o export/

credentials (a flag wins over its variable; prefer variables, flags show in `ps`):
  envi     ATTACHKIT_ENVI_URL, ATTACHKIT_ENVI_USERNAME, ATTACHKIT_ENVI_PASSWORD
           (optional ATTACHKIT_ENVI_ORGANIZATION)
  amili    ATTACHKIT_AMILI_URL, ATTACHKIT_AMILI_TOKEN
  altegio  ATTACHKIT_ALTEGIO_PARTNER_TOKEN and ATTACHKIT_ALTEGIO_USER_TOKEN, or
           ATTACHKIT_ALTEGIO_LOGIN and ATTACHKIT_ALTEGIO_PASSWORD;
           ATTACHKIT_ALTEGIO_WEB_URL (host of download links; needed to download),
           optional ATTACHKIT_ALTEGIO_URL (default https://api.alteg.io/api)

{EXIT_CODES}
"""

VENDOR_EPILOGS = {
    "envi": """\
examples:
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c --entity-type purchase-order
  attachkit envi list 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c --json | jq .name
  attachkit envi download 9b2e6d4a-1c3f-4e5a-8b7c-0d9e1f2a3b4c -o out/
  attachkit envi export 3f1c0a9e-5b7d-4c1e-9a2b-7d4e8f6a1b2c \\
      0c8d2e4f-6a1b-4c3d-9e5f-7a8b9c0d1e2f -o export/
  cut -d, -f1 pos.csv | attachkit envi export - -o export/ --concurrency 4
""",
    "amili": """\
examples:
  attachkit amili list 2218
  attachkit amili list 2218 --type Invoice --json
  attachkit amili download 2218 --reference-no 350023 -o out/
  attachkit amili export 2218 3000 --type Invoice -o export/

Amili returns at most 10 files per query and does not page: narrow with --type,
--name, --reference-no or --document-no when told more matched.
""",
    "altegio": """\
examples:
  attachkit altegio list --location 456 123456
  attachkit altegio download --location 456 123456 1001 1002 -o out/
  attachkit altegio export --location 456 123456 123457 -o export/
  attachkit altegio export --location 456 --ids-file clients.txt -o export/

Requests are paced to Altegio's 5 per second and 200 per minute.
""",
}

VENDOR_HELP = {
    "envi": "Envi supply-chain records (POs, invoices, requisitions...)",
    "amili": "Amili ARMrest clients' OS files",
    "altegio": "Altegio (YCLIENTS) client files",
}

ENTITY_TYPES = ", ".join(t.name.lower().replace("_", "-") for t in EnviEntityType)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the console (so output can be captured and is
    redacted) and never repeats an argument it did not recognize: it may be a secret."""

    def __init__(self, *args: Any, console: Console, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.console = console

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if not message:
            return
        stream = self.console.stderr if file is sys.stderr else self.console.stdout
        stream.write(self.console.redact(message))

    def error(self, message: str) -> NoReturn:
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            # A mistyped `--pasword s3cret` would otherwise be echoed back.
            names = [arg.partition("=")[0] for arg in message[len(prefix) :].split()]
            message = prefix + " ".join(name for name in names if name.startswith("-"))
            message = message.rstrip() + " (values not shown)"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


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


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a positive integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer")
    return value


def _output_options(console: Console) -> argparse.ArgumentParser:
    parent = Parser(add_help=False, console=console)
    parent.add_argument("--json", action="store_true", help="machine-readable output")
    parent.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar or per-file lines"
    )
    return parent


def _connection_options(vendor: str, console: Console) -> argparse.ArgumentParser:
    parent = Parser(add_help=False, console=console)
    group = parent.add_argument_group("connection (default: environment variables)")
    group.add_argument("--url", help=f"base URL (ATTACHKIT_{vendor.upper()}_URL)")
    if vendor == "envi":
        group.add_argument("--username", help="(ATTACHKIT_ENVI_USERNAME)")
        group.add_argument("--password", help="(ATTACHKIT_ENVI_PASSWORD)")
        group.add_argument("--organization", help="organization number to log into")
    elif vendor == "amili":
        group.add_argument("--token", help="JWT bearer token (ATTACHKIT_AMILI_TOKEN)")
    else:
        group.add_argument("--web-url", help="host of download links (ATTACHKIT_ALTEGIO_WEB_URL)")
        group.add_argument("--partner-token", help="(ATTACHKIT_ALTEGIO_PARTNER_TOKEN)")
        group.add_argument("--user-token", help="(ATTACHKIT_ALTEGIO_USER_TOKEN)")
        group.add_argument("--login", help="phone or e-mail (ATTACHKIT_ALTEGIO_LOGIN)")
        group.add_argument("--password", help="(ATTACHKIT_ALTEGIO_PASSWORD)")
    return parent


def _add_entity_ids(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "ids", nargs="*", metavar=what.upper().replace(" ", "_"), help=f"{what}s; - reads stdin"
    )
    parser.add_argument(
        "--ids-file", metavar="FILE", help=f"read {what}s from FILE, one per line (- is stdin)"
    )


def _add_export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="export directory")
    parser.add_argument(
        "--concurrency", type=_positive, default=8, metavar="N", help="requests at once (8)"
    )
    parser.add_argument(
        "--verify",
        choices=("sha256", "size"),
        default="sha256",
        help="how a re-run checks files saved before (default: sha256)",
    )


def _add_download_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default=".", metavar="DIR", help="directory (.)")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace existing files instead of numbering"
    )


def _add_amili_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", help="file type, e.g. Invoice, Reminder, DocAttachment")
    parser.add_argument("--name", help="exact file name")
    parser.add_argument("--reference-no", type=int, metavar="N")
    parser.add_argument("--document-no", metavar="NO")
    parser.add_argument("--log-item-id", type=int, metavar="ID")


def _envi(add: AddParser) -> None:
    listing = add("list", "list an entity's files")
    listing.add_argument("entity_id", type=_uuid, metavar="ENTITY_ID")
    listing.add_argument("--entity-type", type=_entity_type, metavar="TYPE", help=ENTITY_TYPES)
    listing.add_argument("--search", help="text to look for in any field")
    listing.add_argument("--filter", help="OData filter, e.g. \"fileType eq 'pdf'\"")
    download = add("download", "download files by id")
    download.add_argument("file_ids", nargs="+", type=_uuid, metavar="FILE_ID")
    _add_download_options(download)
    export = add("export", "save all files of many entities")
    _add_entity_ids(export, "entity id")
    export.add_argument("--entity-type", type=_entity_type, metavar="TYPE", help=ENTITY_TYPES)
    _add_export_options(export)


def _amili(add: AddParser) -> None:
    listing = add("list", "list a client's files")
    listing.add_argument("client_no", type=int, metavar="CLIENT_NO")
    _add_amili_filters(listing)
    download = add("download", "download a client's matching files")
    download.add_argument("client_no", type=int, metavar="CLIENT_NO")
    _add_amili_filters(download)
    _add_download_options(download)
    export = add("export", "save all files of many clients")
    _add_entity_ids(export, "client number")
    export.add_argument("--type", help="only files of this type")
    _add_export_options(export)


def _altegio(add: AddParser) -> None:
    def location(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--location", type=int, required=True, metavar="ID")

    listing = add("list", "list a client's files")
    location(listing)
    listing.add_argument("client_id", type=int, metavar="CLIENT_ID")
    download = add("download", "download a client's files")
    location(download)
    download.add_argument("client_id", type=int, metavar="CLIENT_ID")
    download.add_argument(
        "file_ids", nargs="*", metavar="FILE_ID", help="files to download (default: all)"
    )
    _add_download_options(download)
    export = add("export", "save all files of many clients")
    location(export)
    _add_entity_ids(export, "client id")
    _add_export_options(export)


def _adder(
    actions: Any, parents: list[argparse.ArgumentParser], console: Console, epilog: str
) -> AddParser:
    def add(name: str, help: str) -> argparse.ArgumentParser:
        leaf: Parser = actions.add_parser(
            name, help=help, parents=parents, console=console, epilog=epilog
        )
        return leaf

    return add


def build_parser(console: Console) -> Parser:
    parser = Parser(
        prog="attachkit",
        description="List, download and export the files attached to Envi, Amili and "
        "Altegio records.",
        epilog=MAIN_EPILOG,
        console=console,
    )
    vendors = parser.add_subparsers(dest="vendor", metavar="VENDOR", required=True)
    output = _output_options(console)
    for vendor, build in (("envi", _envi), ("amili", _amili), ("altegio", _altegio)):
        sub = vendors.add_parser(
            vendor, help=VENDOR_HELP[vendor], epilog=VENDOR_EPILOGS[vendor], console=console
        )
        actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
        parents = [output, _connection_options(vendor, console)]
        add = _adder(actions, parents, console, f"{VENDOR_EPILOGS[vendor]}\n{EXIT_CODES}")
        build(add)
    return parser
