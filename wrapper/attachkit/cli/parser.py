"""The argument parser: `attachkit <vendor> <list|download|export|upload> ...`."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from .. import __version__
from ..descriptor import VendorDescriptor
from .completion import SHELLS, CompletionAction
from .console import Console
from .discover import add_discovery_action, add_discovery_options
from .exits import exit_codes_help

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["build_parser"]

AddParser = Callable[[str, str], argparse.ArgumentParser]


def _main_epilog(vendors: Sequence[VendorDescriptor[Any]]) -> str:
    """Examples and credentials of every vendor, from their descriptors."""
    lines = ["examples:"]
    for vendor in vendors:
        examples = vendor.command_line().examples.split("\n")
        lines.extend(line for line in examples[1:3] if line.strip())
    lines += [
        "",
        "credentials (a flag wins over its variable; prefer variables, flags show in `ps`):",
    ]
    for vendor in vendors:
        variables = ", ".join(setting.variable for setting in vendor.settings)
        lines.extend(textwrap.wrap(variables, 80, initial_indent=f"  {vendor.name:<9}",
                                   subsequent_indent=" " * 11))  # fmt: skip
    lines += [
        "  a password in neither is asked for on a terminal, or read with --password-stdin",
        "",
        "logging: ATTACHKIT_LOG=info (or debug) logs to stderr, as -v (-vv) does",
    ]
    return "\n".join(lines) + "\n\n" + exit_codes_help()


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
        self.console.usage_error = message
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a positive integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a positive integer")
    return value


def _add_output_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """`--json` and `-q`, accepted before the vendor, before the action and after it. Only
    the top level sets their defaults: a sub-command's default would overwrite what an
    earlier level parsed."""
    default: Any = False if defaults else argparse.SUPPRESS
    parser.add_argument(
        "--json", action="store_true", default=default, help="machine-readable output"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="list: ids only; otherwise no progress bar, per-file lines or notes (warnings stay)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0 if defaults else argparse.SUPPRESS,
        help="log to stderr: -v retries, waits and logins; -vv every request (and httpx2's log)",
    )


def _output_options(console: Console) -> Parser:
    parent = Parser(add_help=False, console=console)
    _add_output_options(parent, defaults=False)
    return parent


def _connection_options(vendor: VendorDescriptor[Any], console: Console) -> argparse.ArgumentParser:
    parent = Parser(add_help=False, console=console)
    group = parent.add_argument_group("connection (default: environment variables)")
    for setting in vendor.settings:
        group.add_argument(
            setting.flag, dest=setting.name, help=f"{setting.help} ({setting.variable})"
        )
        if setting.prompt:
            group.add_argument(
                setting.stdin_flag,
                dest=f"{setting.name}_stdin",
                action="store_true",
                help=f"read the {setting.flag.removeprefix('--')} from the first line of stdin",
            )
    return parent


def _add_entity_ids(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "ids", nargs="*", metavar=what.upper().replace(" ", "_"), help=f"{what}s; - reads stdin"
    )
    parser.add_argument(
        "--ids-file", metavar="FILE", help=f"read {what}s from FILE, one per line (- is stdin)"
    )


def _add_file_ids(parser: argparse.ArgumentParser, *, required: bool, what: str) -> None:
    parser.add_argument(
        "file_ids",
        nargs="+" if required else "*",
        metavar="FILE_ID",
        help=f"files as `list -q` prints them{what}",
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
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="skip a file already in DIR with the same size and sha256 as the vendor's",
    )


def _add_upload_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to upload")
    parser.add_argument(
        "--name", metavar="NAME", help="name to store the file under (one FILE only)"
    )


def _add_delete_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-y", "--yes", action="store_true", help="delete without asking (needed without a terminal)"
    )


def _action_examples(examples: str, vendor: str, action: str) -> str:
    """The vendor's examples of one action: each example is a line indented by two spaces
    and the more deeply indented lines that continue it; the prose after them is left out."""
    groups: list[list[str]] = []
    for line in examples.splitlines()[1:]:
        if not line.strip():
            break
        if line.startswith("   ") and groups:
            groups[-1].append(line)
        else:
            groups.append([line])
    mine = [group for group in groups if f"attachkit {vendor} {action} " in " ".join(group) + " "]
    if not mine:
        return ""
    return "examples:\n" + "\n".join(line for group in mine for line in group) + "\n\n"


def _adder(
    vendor: VendorDescriptor[Any],
    actions: Any,
    parents: list[argparse.ArgumentParser],
    console: Console,
) -> AddParser:
    def add(name: str, help: str) -> argparse.ArgumentParser:
        epilog = (
            _action_examples(vendor.command_line().examples, vendor.name, name) + exit_codes_help()
        )
        leaf: Parser = actions.add_parser(
            name, help=help, parents=parents, console=console, epilog=epilog
        )
        return leaf

    return add


def _add_actions(vendor: VendorDescriptor[Any], add: AddParser) -> None:
    """The actions: the vendor's own arguments, then the shared ones. `upload` and `delete`
    only for a vendor that has them."""
    cli = vendor.command_line()
    cli.add_list_arguments(add("list", "list files"))
    download = add("download", "download files")
    cli.add_list_arguments(download)
    _add_file_ids(download, required=False, what=" (default: every file listed)")
    _add_download_options(download)
    export = add("export", f"save all files of many {vendor.entity}s")
    _add_entity_ids(export, vendor.entity)
    cli.add_export_arguments(export)
    _add_export_options(export)
    if vendor.discovery is not None and cli.discovery is not None:
        add_discovery_options(export, vendor.discovery, cli.discovery)
        action = add(cli.discovery.action, cli.discovery.help)
        add_discovery_action(action, vendor.discovery, cli.discovery)
    if cli.upload is not None:
        upload = add("upload", f"upload files to a {vendor.entity.removesuffix(' id')}")
        if cli.add_upload_arguments is not None:
            cli.add_upload_arguments(upload)
        _add_upload_options(upload)
    if cli.delete is not None:
        delete = add("delete", "delete files (asks first on a terminal)")
        cli.add_list_arguments(delete)
        _add_file_ids(delete, required=True, what="")
        _add_delete_options(delete)
    if vendor.conformance_module is not None:
        check = add("check", "compare the tenant's answers with the bundled spec (read-only)")
        check.add_argument(
            "entities", nargs="+", metavar=vendor.entity.upper().replace(" ", "_"),
            help=f"{vendor.entity}s to list and read from",
        )  # fmt: skip
        cli.add_export_arguments(check)
        check.add_argument(
            "--record", metavar="DIR", help=f"write the exchanges to DIR/{vendor.name}-check.yaml"
        )
        check.add_argument(
            "--strict",
            action="store_true",
            help="fields and headers the spec does not name fail the check too (exit 5)",
        )


def build_parser(console: Console, vendors: Sequence[VendorDescriptor[Any]]) -> Parser:
    parser = Parser(
        prog="attachkit",
        description="List, download and export the files attached to records in "
        + ", ".join(vendor.title for vendor in vendors)
        + ".",
        epilog=_main_epilog(vendors),
        console=console,
    )
    parser.add_argument("--version", action="version", version=f"attachkit {__version__}")
    parser.add_argument(
        "--completion",
        action=CompletionAction,
        choices=SHELLS,
        metavar="SHELL",
        help=f"print the tab completion script for SHELL ({', '.join(SHELLS)}) and exit",
    )
    _add_output_options(parser, defaults=True)
    subparsers = parser.add_subparsers(dest="vendor", metavar="VENDOR", required=True)
    output = _output_options(console)
    for vendor in vendors:
        cli = vendor.command_line()
        sub = subparsers.add_parser(
            vendor.name,
            help=cli.help,
            epilog=cli.examples,
            console=console,
            parents=[output],
        )
        actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
        parents = [output, _connection_options(vendor, console)]
        _add_actions(vendor, _adder(vendor, actions, parents, console))
    return parser
