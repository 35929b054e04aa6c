"""Building the vendor client from flags, environment variables and, for a password that
is neither, the user: asked without echo on a terminal, or read with `--password-stdin`.

A flag wins over its environment variable. Secrets are best kept in the environment:
flags are visible to other users of the machine in the process list.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Mapping
from typing import Any, Unpack

from ..descriptor import Ask, Setting, Settings, VendorDescriptor
from ..export import ExportClient
from ..options import AsyncClientOptions
from .console import Console
from .exits import ConfigError

__all__ = ["make_client", "read_from_stdin", "vendor_settings"]


def read_from_stdin(descriptor: VendorDescriptor[Any], args: argparse.Namespace) -> str | None:
    """The flag of the setting that stdin gives (`--password-stdin`), if any."""
    for setting in descriptor.settings:
        if setting.prompt and getattr(args, f"{setting.name}_stdin", False):
            return setting.stdin_flag
    return None


def _asker(descriptor: VendorDescriptor[Any], args: argparse.Namespace, console: Console) -> Ask:
    def read(setting: Setting) -> str | None:
        if getattr(args, f"{setting.name}_stdin", False):
            return console.stdin.readline().rstrip("\r\n") or None
        if not console.stdin_is_terminal:
            return None
        prompt = f"{descriptor.title} {setting.flag.removeprefix('--')}: "
        return getpass.getpass(prompt, stream=console.stderr) or None

    def ask(setting: Setting) -> str | None:
        value = read(setting)
        if value is not None:
            # Masked from now on, as a password given by flag or variable is from the start
            # (the client knows it too, but only once it is made, and while it lives).
            console.learn_secret(value)
        return value

    return ask


def vendor_settings(
    descriptor: VendorDescriptor[Any],
    args: argparse.Namespace,
    environ: Mapping[str, str],
    console: Console,
) -> Settings:
    flags = {setting.name: getattr(args, setting.name, None) for setting in descriptor.settings}
    ask = _asker(descriptor, args, console)
    return Settings(descriptor.name, descriptor.settings, flags, environ, ask)


def make_client(
    descriptor: VendorDescriptor[Any],
    settings: Settings,
    *,
    needs_downloads: bool,
    **options: Unpack[AsyncClientOptions],
) -> ExportClient:
    try:
        client: ExportClient = descriptor.connect(settings, needs_downloads, options)
    except (TypeError, ValueError) as exc:  # a missing setting, a malformed URL or token
        raise ConfigError(settings.in_own_words(str(exc))) from None
    return client
