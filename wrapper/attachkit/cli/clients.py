"""Building the vendor client from flags and environment variables.

A flag wins over its environment variable. Secrets are best kept in the environment:
flags are visible to other users of the machine in the process list.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any, Unpack

from ..descriptor import Settings, VendorDescriptor
from ..export import ExportClient
from ..options import AsyncClientOptions
from .exits import ConfigError

__all__ = ["make_client"]


def make_client(
    descriptor: VendorDescriptor[Any],
    args: argparse.Namespace,
    environ: Mapping[str, str],
    *,
    needs_downloads: bool,
    **options: Unpack[AsyncClientOptions],
) -> ExportClient:
    flags = {setting.name: getattr(args, setting.name, None) for setting in descriptor.settings}
    settings = Settings(descriptor.name, descriptor.settings, flags, environ)
    try:
        client: ExportClient = descriptor.connect(settings, needs_downloads, options)
    except ValueError as exc:  # a missing setting, a malformed URL
        raise ConfigError(str(exc)) from None
    return client
