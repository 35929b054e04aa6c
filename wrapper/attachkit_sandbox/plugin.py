"""What the sandbox needs of each vendor it stands in for: one `VendorPlugin` per vendor
package under `attachkit_sandbox.vendors`, found by `plugins()`. The shared modules (the
app, its state, faults, echoes, the quick start, the command) ask the plug-ins and never
name a vendor; a vendor of a test suite's own is a plug-in handed to `create_app`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from starlette.routing import BaseRoute

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import Canned

__all__ = ["Credential", "QuickStart", "VendorPlugin", "VendorServer", "plugins"]


@dataclass(frozen=True)
class Credential:
    """A demo credential the sandbox accepts (or issued at a moment); `secret` ones (tokens,
    passwords) are masked wherever they would be shown or recorded."""

    value: str
    secret: bool = False


@dataclass(frozen=True)
class QuickStart:
    """What `python -m attachkit_sandbox` prints for one vendor: the `ATTACHKIT_*`
    variables that point the command at it, notes (shell comments, without `# `), and
    sample commands, where `{run}` stands for the `attachkit` command."""

    variables: Mapping[str, str]
    notes: Sequence[str] = ()
    commands: Sequence[str] = ()


class VendorServer:
    """One vendor inside one sandbox app: its routes (mounted under its prefixes, plus any
    of its own under /_sandbox/), what a reset forgets, the shape of its error answers (for
    `status=` faults), and what it adds to links in an answer when asked to echo secrets."""

    def routes(self) -> Sequence[BaseRoute]:
        raise NotImplementedError

    def reset(self) -> None:
        """Forgets what requests changed (tokens, uploads, counters); nothing by default."""

    def error(self, path: str, status: int) -> Canned:
        """An error answer with `status` for `path` (below the vendor's prefix)."""
        raise NotImplementedError

    def echo_links(self, node: dict[str, object], credentials: Sequence[str]) -> None:
        """Changes the links of one JSON object of an answer so that following them sends
        the request's `credentials` on (the echoing tenant); nothing by default."""


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _no_settings(args: argparse.Namespace) -> object | None:
    return None


@dataclass(frozen=True)
class VendorPlugin:
    """A vendor, as the sandbox serves it.

    `prefixes` are where its base URLs live (name -> path prefix: a vendor with a second
    host, such as a web application, has two); `unspecified` names those no spec describes.
    `start` makes its server for one app. `credentials(now)` are the demo credentials a
    client needs (by the name a cassette target or a test uses), tokens minted at `now`;
    `secrets` every secret the vendor accepts or issues, for scans that must not find them.
    `quick_start(root, now)` is what the command prints for it. `settings` is the class of
    its `SandboxConfig.vendor_settings` entry (None: it has none); `add_arguments` adds its
    flags to `python -m attachkit_sandbox` and `settings_from` reads them back."""

    name: str
    prefixes: Mapping[str, str]
    start: Callable[[SandboxConfig], VendorServer]
    credentials: Callable[[float], Mapping[str, Credential]]
    quick_start: Callable[[str, float], QuickStart]
    secrets: Callable[[], Sequence[str]]
    unspecified: frozenset[str] = field(default_factory=frozenset)
    settings: type | None = None
    add_arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    settings_from: Callable[[argparse.Namespace], object | None] = _no_settings


def plugins() -> tuple[VendorPlugin, ...]:
    """The built-in vendors: every package under `attachkit_sandbox.vendors`, by name."""
    folder = Path(__file__).with_name("vendors")
    found = []
    for module in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not module.ispkg:
            continue
        name = f"attachkit_sandbox.vendors.{module.name}"
        plugin = getattr(importlib.import_module(name), "PLUGIN", None)
        if not isinstance(plugin, VendorPlugin):
            raise TypeError(f"{name}.PLUGIN should be a VendorPlugin")
        found.append(plugin)
    return tuple(found)
