"""Every vendor the tests know, from every place a vendor shows up: the registry (built-in
vendors), the specs (`specs/NAME.yaml`, and a test vendor's `tests/HOME/specs/NAME.yaml`),
the sandbox's plug-ins and the tests' own kits (`tests/vendors/NAME/`, a test vendor's
`tests/HOME/kit/`). Shared test support takes its vendors from here, never from a list of
names; `tests/test_vendor_parts.py` fails by name for a vendor one of these places lacks.

A test vendor lives in a home of its own under tests/ (its spec, generated client, package,
sandbox plug-in and kit): `tests.HOME.NAME` holds its `DESCRIPTOR` (registered only while
its own tests run), `tests.HOME.sandbox` its `PLUGIN`, `tests.HOME.kit` its `KIT`.
"""

from __future__ import annotations

import importlib
import time
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import httpx2

from attachkit import registry
from attachkit.descriptor import Settings, VendorDescriptor
from attachkit.options import AsyncClientOptions
from attachkit_sandbox import VendorPlugin, plugins
from tests.support.kit import VendorKit

__all__ = [
    "ALL",
    "BUILT_IN",
    "NAMES",
    "SANDBOX_PLUGINS",
    "TEST_VENDORS",
    "VendorKit",
    "VendorUnderTest",
    "command_environment",
    "descriptors",
    "kits",
    "models_package",
    "sandbox_client",
    "sandbox_plugins",
    "specs",
]

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


@attrs.frozen(kw_only=True)
class VendorUnderTest:
    """A vendor every source knows."""

    name: str
    descriptor: VendorDescriptor[Any]
    spec: Path
    models: str
    """The import name of its generated package."""
    plugin: VendorPlugin
    kit: VendorKit
    builtin: bool


def _homes() -> dict[str, Path]:
    """Each test vendor's name -> its home (tests/HOME)."""
    return {spec.stem: spec.parents[1] for spec in sorted(TESTS.glob("*/specs/*.yaml"))}


@cache
def specs() -> dict[str, Path]:
    """Every spec by vendor name: the built-in vendors' and the test vendors'."""
    found = {spec.stem: spec for spec in sorted((ROOT / "specs").glob("*.yaml"))}
    found.update({name: home / "specs" / f"{name}.yaml" for name, home in _homes().items()})
    return found


def models_package(name: str) -> str:
    """The import name of vendor `name`'s generated package."""
    home = _homes().get(name)
    package = f"attachkit_{name}_client"
    return package if home is None else f"tests.{home.name}.generated.{package}"


def _part(module: str, attribute: str) -> Any:
    """`module.attribute`, or None when the module or the attribute is not there."""
    try:
        return getattr(importlib.import_module(module), attribute, None)
    except ModuleNotFoundError as missing:
        if missing.name is not None and module.startswith(missing.name):
            return None
        raise


@cache
def descriptors() -> dict[str, VendorDescriptor[Any]]:
    """Built-in descriptors (as the registry has them), and each test vendor's."""
    found = {name: registry.get(name) for name in registry.builtin_names()}
    for name, home in _homes().items():
        descriptor = _part(f"tests.{home.name}.{name}", "DESCRIPTOR")
        if isinstance(descriptor, VendorDescriptor):
            found[name] = descriptor
    return found


@cache
def sandbox_plugins() -> dict[str, VendorPlugin]:
    """The sandbox's built-in plug-ins, and each test vendor's."""
    found = {plugin.name: plugin for plugin in plugins()}
    for home in set(_homes().values()):
        plugin = _part(f"tests.{home.name}.sandbox", "PLUGIN")
        if isinstance(plugin, VendorPlugin):
            found[plugin.name] = plugin
    return found


@cache
def kits() -> dict[str, VendorKit]:
    """The tests' kit of each vendor: tests/vendors/NAME, or a test vendor's home's kit."""
    found = {}
    for folder in sorted((TESTS / "vendors").iterdir()):
        kit = _part(f"tests.vendors.{folder.name}", "KIT") if folder.is_dir() else None
        if isinstance(kit, VendorKit):
            found[folder.name] = kit
    for name, home in _homes().items():
        kit = _part(f"tests.{home.name}.kit", "KIT")
        if isinstance(kit, VendorKit):
            found[name] = kit
    return found


NAMES: tuple[str, ...] = tuple(
    sorted({*registry.builtin_names(), *specs(), *sandbox_plugins(), *kits(), *_homes()})
)
"""Every vendor name any source knows (so that one known to a single source is checked
against all the others)."""


def _complete() -> list[VendorUnderTest]:
    found = []
    builtins = set(registry.builtin_names())
    for name in NAMES:
        descriptor, kit = descriptors().get(name), kits().get(name)
        plugin, spec = sandbox_plugins().get(name), specs().get(name)
        if descriptor is None or kit is None or plugin is None or spec is None:
            continue
        found.append(
            VendorUnderTest(
                name=name,
                descriptor=descriptor,
                spec=spec,
                models=models_package(name),
                plugin=plugin,
                kit=kit,
                builtin=name in builtins,
            )
        )
    return found


ALL: tuple[VendorUnderTest, ...] = tuple(_complete())
"""The vendors every source knows, built-in and test vendors."""
BUILT_IN = tuple(vendor for vendor in ALL if vendor.builtin)
TEST_VENDORS = tuple(vendor for vendor in ALL if not vendor.builtin)
SANDBOX_PLUGINS: tuple[VendorPlugin, ...] = tuple(sandbox_plugins().values())
"""What the tests' sandbox serves: every built-in vendor and every test vendor."""


def vendor(name: str) -> VendorUnderTest:
    return next(found for found in ALL if found.name == name)


def sandbox_client(
    name: str, base_url: str, transport: httpx2.AsyncBaseTransport, **options: Any
) -> Any:
    """An async client of vendor `name` for a sandbox at `base_url`, made the way the
    command makes one: from the settings the sandbox's quick start prints."""
    chosen = vendor(name)
    variables = chosen.plugin.quick_start(base_url, time.time()).variables
    settings = Settings(name, chosen.descriptor.settings, {}, variables)
    client_options: AsyncClientOptions = {"transport": transport, **options}  # type: ignore[typeddict-item]
    return chosen.descriptor.connect(settings, True, client_options)


def command_environment(base_url: str, now: float) -> dict[str, str]:
    """The variables that point the command at a sandbox at `base_url`, every vendor's."""
    environment: dict[str, str] = {}
    for found in ALL:
        own = found.kit.environment
        variables = (
            found.plugin.quick_start(base_url, now).variables if own is None else own(base_url, now)
        )
        environment.update(variables)
    return environment
