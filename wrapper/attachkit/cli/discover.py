"""Finding every entity of a scope on the command line: the vendor's listing action (ids one
per line, for pipes), and what an export asks for instead of ids (`--all-...`,
`--since-last-run`, `--updated-since DATE`)."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..descriptor import Discovery, DiscoveryCommand, VendorDescriptor
from ..export import MANIFEST_NAME, Discover, ExportClient, discovery_query, last_run
from .console import Console
from .exits import ConfigError, ExitCode

__all__ = [
    "add_discovery_action",
    "add_discovery_options",
    "discovered",
    "export_request",
    "start_note",
]


def updated_since(text: str) -> date:
    """A `--updated-since` value: a date as YYYY-MM-DD, not after today."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not {text!r}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a date") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{text} lies in the future")
    return day


def _add_updated_since(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--updated-since",
        type=updated_since,
        metavar="DATE",
        help="only records changed on or after DATE (YYYY-MM-DD)",
    )


def add_discovery_options(
    parser: argparse.ArgumentParser, discovery: Discovery[Any], command: DiscoveryCommand
) -> None:
    """The export's options that ask for every entity instead of ids."""
    group = parser.add_argument_group(f"every {discovery.noun[:-1]} instead of ids")
    group.add_argument(
        command.flag,
        dest="discover_all",
        action="store_true",
        help=f"export every {discovery.noun[:-1]} the vendor lists",
    )
    group.add_argument(
        "--since-last-run",
        action="store_true",
        help=f"every {discovery.noun[:-1]} changed since the last complete run into DIR "
        "(all of them the first time, or where the vendor cannot tell)",
    )
    _add_updated_since(group)


def add_discovery_action(
    parser: argparse.ArgumentParser, discovery: Discovery[Any], command: DiscoveryCommand
) -> None:
    command.add_arguments(parser)
    if discovery.dated:
        _add_updated_since(parser)


def export_request(descriptor: VendorDescriptor[Any], args: argparse.Namespace) -> Discover | None:
    """What an export asks for instead of ids, or None when it takes ids; ConfigError for
    both, or for options that do not go together."""
    discovery = descriptor.discovery
    command = descriptor.command_line().discovery
    if discovery is None or command is None:
        return None
    since_last_run = bool(getattr(args, "since_last_run", False))
    since = getattr(args, "updated_since", None)
    asked = [
        flag
        for flag, given in (
            (command.flag, getattr(args, "discover_all", False)),
            ("--since-last-run", since_last_run),
            ("--updated-since", since is not None),
        )
        if given
    ]
    if not asked:
        return None
    if args.ids or args.ids_file is not None:
        raise ConfigError(
            f"{asked[0]} exports every {discovery.noun[:-1]}: give {descriptor.entity}s or "
            f"{asked[0]}, not both"
        )
    if since_last_run and since is not None:
        raise ConfigError("give --since-last-run or --updated-since, not both")
    return Discover(since_last_run=since_last_run, updated_since=since)


def start_note(
    client: ExportClient,
    args: argparse.Namespace,
    options: dict[str, Any],
    discover: Discover,
    console: Console,
) -> None:
    """Checks what a discovering export asks for (ConfigError when it makes no query) and,
    for `--since-last-run`, says on stderr where it starts from."""
    directory = Path(args.output)
    try:
        query = discovery_query(client, discover, **options)
        since = last_run(client, directory, **options) if discover.since_last_run else None
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc)) from None
    if not discover.since_last_run:
        return
    what = query.label
    if since is None:
        console.note(
            f"no complete earlier run is recorded in {directory / MANIFEST_NAME}: "
            f"discovering every one of {what}"
        )
    elif not query.dated:
        if not args.quiet:
            console.note(
                f"the vendor cannot tell what changed since the last run "
                f"({since.isoformat()}): listing every one of {what} again, downloading only "
                "the files not saved before"
            )
    elif not args.quiet:
        console.note(f"discovering {what} changed since {since.isoformat()} (the last run)")


async def discovered(
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    """`attachkit <vendor> <action>`: the ids of every entity found, one per line (with
    `--json`, one `{"id": ...}` object per line), for `export -` to read."""
    discovery = descriptor.discovery
    if discovery is None:  # the parser offers the action only to vendors that have it
        raise ConfigError(f"{descriptor.name} cannot list its {descriptor.entity}s")
    try:
        query = discovery.query(client, descriptor.command_line().export_options(args))
        since = getattr(args, "updated_since", None)
        if since is not None and not query.dated:
            raise ValueError(f"{descriptor.title} cannot tell which of {query.label} changed")
        ids = query.ids(since)
    except (TypeError, ValueError) as exc:
        raise ConfigError(str(exc)) from None
    count = 0
    async for entity in ids:
        count += 1
        if args.json:
            console.json({"id": entity if isinstance(entity, int) else str(entity)})
        else:
            console.out(str(entity))
    if count == 0 and not args.quiet:
        console.note(f"no {discovery.noun}")
    return ExitCode.OK
