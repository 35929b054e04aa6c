"""The vendors attachkit knows, by name: one `VendorDescriptor` each.

The built-in vendors are the packages of attachkit that hold a `descriptor.py`, found by
their files and imported on first use (so a new one is found without an edit here);
`register` adds another (a vendor package of your own, or a test's).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from .descriptor import VendorDescriptor

__all__ = [
    "UnknownVendorError",
    "builtin_modules",
    "builtin_names",
    "descriptors",
    "for_client",
    "get",
    "names",
    "register",
    "unregister",
]


def builtin_modules() -> tuple[str, ...]:
    """The built-in vendor packages, by name: attachkit's public sub-packages that hold a
    descriptor. Found by their files, without importing anything."""
    here = Path(__file__).parent
    return tuple(
        f"{__package__}.{folder.name}"
        for folder in sorted(here.iterdir())
        if not folder.name.startswith("_")
        and (folder / "__init__.py").is_file()
        and (folder / "descriptor.py").is_file()
    )


_descriptors: dict[str, VendorDescriptor[Any]] = {}
_builtins_loaded = False


class UnknownVendorError(LookupError):
    """No vendor of that name is registered."""


def _load_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    for module in builtin_modules():
        descriptor = importlib.import_module(module).DESCRIPTOR
        _descriptors.setdefault(descriptor.name, descriptor)


def register(descriptor: VendorDescriptor[Any]) -> None:
    """Makes a vendor known to the command line and the export; a name may be used once."""
    if not isinstance(descriptor, VendorDescriptor):
        raise TypeError(f"expected a VendorDescriptor, not {type(descriptor).__name__}")
    _load_builtins()
    known = _descriptors.get(descriptor.name)
    if known is not None and known is not descriptor:
        raise ValueError(f"a vendor named {descriptor.name!r} is registered already")
    _descriptors[descriptor.name] = descriptor


def unregister(name: str) -> None:
    """Forgets a registered vendor (a built-in one comes back only in a new process)."""
    _load_builtins()
    _descriptors.pop(name, None)


def descriptors() -> tuple[VendorDescriptor[Any], ...]:
    """Every known vendor: built-in ones first, by name, then the others in the order they
    were registered."""
    _load_builtins()
    return tuple(_descriptors.values())


def builtin_names() -> tuple[str, ...]:
    """The names of the built-in vendors, in the order of their packages."""
    return tuple(importlib.import_module(module).DESCRIPTOR.name for module in builtin_modules())


def names() -> tuple[str, ...]:
    return tuple(descriptor.name for descriptor in descriptors())


def get(name: str) -> VendorDescriptor[Any]:
    _load_builtins()
    try:
        return _descriptors[name]
    except (KeyError, TypeError):
        known = ", ".join(_descriptors) or "none"
        raise UnknownVendorError(f"unknown vendor {name!r} (known: {known})") from None


def for_client(client: object) -> VendorDescriptor[Any]:
    """The descriptor of an async client; TypeError for anything else (a sync client too)."""
    for descriptor in descriptors():
        if isinstance(client, descriptor.async_client):
            return descriptor
        if isinstance(client, descriptor.sync_client):
            raise TypeError(
                f"this needs an async client ({descriptor.async_client.__name__}), "
                f"not {type(client).__name__}"
            )
    known = ", ".join(d.async_client.__name__ for d in descriptors())
    raise TypeError(f"expected an async vendor client ({known}), not {type(client).__name__}")
