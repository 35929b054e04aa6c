"""Running one `attachkit` command: parse, check what can be checked before any request,
build the client, act, and turn a failure into a message, a hint and an exit code."""

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

from .. import registry
from .._core import logs
from ..conformance.exchanges import RecordingTransport
from ..descriptor import Settings, VendorDescriptor
from ..errors import AttachkitError, TruncatedResultWarning
from ..export import ExportClient
from ..options import AsyncClientOptions
from . import commands
from .check import check
from .clients import make_client, read_from_stdin, vendor_settings
from .completion import complete
from .console import Console, OutputClosed
from .delete import delete
from .discover import discovered
from .exits import ConfigError, ExitCode, exit_code_for
from .output import usable_directory
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
    "delete": delete,
}
# Where an action writes files, by the flag that names the directory.
_OUTPUT_FLAGS = {"output": "-o", "record": "--record"}


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
    parser = build_parser(console, vendors)
    complete(parser, environ)
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else ExitCode.USAGE
        if code and "--json" in argv:
            _close(console, True, console.usage_error or "bad arguments", code)
        return code
    if args.verbose:
        level = logging.INFO if args.verbose == 1 else logging.DEBUG
        logs.enable(level, stream=console.log_stream(), include_httpx=args.verbose > 1)
    try:
        code = _run(args, environ, console, client_options)
        console.flush()
    except OutputClosed:
        return ExitCode.OK  # the reader took what it wanted (`| head -1`)
    finally:
        if args.verbose:
            logs.disable()
    return code


def _close(console: Console, json: bool, message: str, code: int, hint: str | None = None) -> None:
    """The closing JSON document (`--json`) of a run that stopped as a whole."""
    if json and not console.finished:
        console.final({"ok": False, "hint": hint}, code, error=message)


def _hint(
    descriptor: VendorDescriptor[Any], settings: Settings, args: argparse.Namespace
) -> Callable[[BaseException], str | None]:
    """What the user should check after `error`, in the flags and variables they used."""

    def hint(error: BaseException) -> str | None:
        if not isinstance(error, Exception):
            return None
        names = descriptor.command_line().hint(error, args)
        shown = [name if name.startswith("-") else settings.label(name) for name in names]
        return f"check {', '.join(shown)}" if shown else None

    return hint


def _preflight(descriptor: VendorDescriptor[Any], args: argparse.Namespace) -> None:
    """What can be found wrong before any request."""
    for name, flag in _OUTPUT_FLAGS.items():
        directory = getattr(args, name, None)
        if directory is not None:
            usable_directory(directory, flag)
    stdin_flag = read_from_stdin(descriptor, args)
    ids = getattr(args, "ids", None) or []
    if stdin_flag is not None and ("-" in ids or getattr(args, "ids_file", None) == "-"):
        raise ConfigError(f"stdin cannot give both ids and {stdin_flag}: pass the ids another way")


def _run(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    console: Console,
    client_options: AsyncClientOptions,
) -> int:
    descriptor = registry.get(args.vendor)
    settings = vendor_settings(descriptor, args, environ, console)
    console.wording = settings.in_own_words
    console.advise = _hint(descriptor, settings, args)
    try:
        _preflight(descriptor, args)
        action = ACTIONS.get(args.action)
        command = descriptor.command_line().discovery
        if command is not None and args.action == command.action:
            action = discovered
        elif action is None:  # check: every exchange goes through a recorder to be compared
            recorder = RecordingTransport(client_options.get("transport"))
            client_options["transport"] = recorder
            action = partial(check, recorder=recorder)
        client = make_client(
            descriptor,
            settings,
            needs_downloads=args.action in ("download", "export"),
            **client_options,
        )
        return anyio.run(_act, action, descriptor, client, args, console)
    except KeyboardInterrupt:
        console.error("interrupted")
        _close(console, args.json, "interrupted", ExitCode.INTERRUPTED)
        return ExitCode.INTERRUPTED
    except (AttachkitError, ConfigError, OSError, ValueError) as exc:
        message, hint = console.explain(exc), console.advise(exc)
        code = ExitCode.USAGE if hint is not None else exit_code_for(exc)
        console.error(message)
        if hint is not None:
            console.error(hint)
        _close(console, args.json, message, code, hint)
        return code


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
    code = run(
        sys.argv[1:] if argv is None else argv,
        environ=os.environ,
        stdin=sys.stdin,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # What the reader did not take would fail again at exit, with a message: drop it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code
