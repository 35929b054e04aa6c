"""Running one `attachkit` command: parse, build the client, act, map errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import Any, TextIO, Unpack

import anyio

from .. import logs, registry
from ..conformance.exchanges import RecordingTransport
from ..descriptor import VendorDescriptor
from ..errors import AttachkitError, TruncatedResultWarning
from ..export import ExportClient
from ..options import AsyncClientOptions
from . import commands
from .check import check
from .clients import make_client
from .console import Console
from .discover import discovered
from .exits import ConfigError, ExitCode, exit_code_for
from .parser import build_parser
from .redact import command_redactor, secrets_in

__all__ = ["main", "run"]

Action = Callable[
    [VendorDescriptor[Any], ExportClient, argparse.Namespace, Console], Awaitable[int]
]
ACTIONS: Mapping[str, Action] = {
    "list": commands.list_files,
    "download": commands.download,
    "export": commands.export,
    "upload": commands.upload,
}


def run(
    argv: Sequence[str],
    *,
    environ: Mapping[str, str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    **client_options: Unpack[AsyncClientOptions],
) -> int:
    """One command, with its streams and environment given; `client_options` reach the
    vendor client (tests pass a transport)."""
    vendors = registry.descriptors()
    console = Console(stdout, stderr, stdin, command_redactor(secrets_in(argv, environ, vendors)))
    try:
        args = build_parser(console, vendors).parse_args(list(argv))
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else ExitCode.USAGE
    if args.verbose:
        level = logging.INFO if args.verbose == 1 else logging.DEBUG
        logs.enable(level, stream=console.log_stream(), include_httpx=args.verbose > 1)
    try:
        descriptor = registry.get(args.vendor)
        action = ACTIONS.get(args.action)
        if descriptor.discovery is not None and args.action == descriptor.discovery.action:
            action = discovered
        elif action is None:  # check: every exchange goes through a recorder to be compared
            recorder = RecordingTransport(client_options.get("transport"))
            client_options["transport"] = recorder
            action = partial(check, recorder=recorder)
        client = make_client(
            descriptor,
            args,
            environ,
            needs_downloads=args.action in ("download", "export"),
            **client_options,
        )
        return anyio.run(_act, action, descriptor, client, args, console)
    except KeyboardInterrupt:
        console.error("interrupted")
        return ExitCode.INTERRUPTED
    except (AttachkitError, ConfigError, OSError) as exc:
        console.error(str(exc))
        return exit_code_for(exc)
    finally:
        if args.verbose:
            logs.disable()
        stdout.flush()


async def _act(
    action: Action,
    descriptor: VendorDescriptor[Any],
    client: ExportClient,
    args: argparse.Namespace,
    console: Console,
) -> int:
    async with client:
        with warnings.catch_warnings():
            # The commands say so themselves, with a hint on how to narrow the query.
            warnings.simplefilter("ignore", TruncatedResultWarning)
            return await action(descriptor, client, args, console)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `attachkit` command."""
    return run(
        sys.argv[1:] if argv is None else argv,
        environ=os.environ,
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
