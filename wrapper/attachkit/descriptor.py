"""What the command line and the export need to know of a vendor, in one object.

Each vendor package exports its `VendorDescriptor` as `DESCRIPTOR`, and `attachkit.registry`
finds descriptors by name. The shared code (`cli/`, `export/`) asks a descriptor and never
names a vendor, so a new vendor is a spec, a package and one descriptor.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

import attrs

from .attachment import Attachment
from .options import AsyncClientOptions
from .pagination import AsyncPaginator

__all__ = [
    "CommandLine",
    "Conformance",
    "Discovery",
    "DiscoveryQuery",
    "Exercise",
    "Exercised",
    "ExportListing",
    "Setting",
    "SettingError",
    "Settings",
    "VendorDescriptor",
    "refuse_options",
]

C = TypeVar("C")
AddArguments = Callable[[argparse.ArgumentParser], None]


class SettingError(ValueError):
    """A connection setting is missing or malformed."""


@attrs.frozen(kw_only=True)
class Setting:
    """A connection setting: a command-line flag and the environment variable behind it.

    `name` is the argparse destination; the flag is `--` + name with dashes. A `secret` is
    never printed: the command masks its value wherever it would appear."""

    name: str
    variable: str
    help: str
    secret: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


class Settings:
    """A vendor's setting values: a flag given on the command line wins over its variable."""

    def __init__(
        self,
        vendor: str,
        settings: Sequence[Setting],
        flags: Mapping[str, object],
        environ: Mapping[str, str],
    ) -> None:
        self._vendor = vendor
        self._settings = {setting.name: setting for setting in settings}
        self._flags = flags
        self._environ = environ

    def get(self, name: str) -> str | None:
        setting = self._settings[name]
        value = self._flags.get(name)
        if value:
            return str(value)
        return self._environ.get(setting.variable) or None

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            setting = self._settings[name]
            raise SettingError(f"{self._vendor}: set {setting.variable} or pass {setting.flag}")
        return value


@attrs.frozen(kw_only=True)
class ExportListing:
    """How an export enumerates one vendor's entities.

    `key` turns a caller's entity id into the canonical text the manifest records (TypeError
    or ValueError for a malformed id); `folder` gives the entity's directory parts under
    `<directory>/<vendor>/`; `list_files` lists an entity by its key. (What a listed size
    means is the vendor profile's to say: `status.Vendor.listed_size`.)"""

    key: Callable[[object], str]
    folder: Callable[[str], tuple[str, ...]]
    list_files: Callable[[str], AsyncPaginator[Attachment]]
    owner_of: Callable[[Attachment], str | None] | None = None
    """For a vendor that lists one file (one attachment id) under several entities: the
    key of the entity a listed file belongs to (None if unknown). A run then saves such a
    file once and records every entity that listed it."""


@attrs.frozen(kw_only=True)
class DiscoveryQuery:
    """One query for every entity of a scope (a location's clients, a module's records).

    `key` names it in the manifest, where its bookmark is kept; `label` says what it finds;
    `dated` says whether the vendor can keep only the records changed since a date;
    `ids(since)` lists the entity ids (`since` None for all, else a date or an aware
    datetime, only when `dated`); `listing_options` are the export options its entities'
    files are listed with."""

    key: str
    label: str
    dated: bool
    ids: Callable[[date | None], AsyncIterable[object]]
    listing_options: Mapping[str, object]


@attrs.frozen(kw_only=True)
class Discovery(Generic[C]):
    """How a vendor finds the entities of a scope, for an export of all of them.

    `query(client, options)` builds the query from export options (TypeError or ValueError
    for options that do not make one). On the command line, `action` prints the ids (with
    the vendor's `add_arguments`, whose values `CommandLine.export_options` reads as for an
    export), and `flag` asks an export for every entity; `noun` names the entities found."""

    noun: str
    query: Callable[[C, Mapping[str, object]], DiscoveryQuery]
    action: str
    help: str
    flag: str
    add_arguments: AddArguments
    dated: bool
    """Whether some query can keep only the records changed since a date."""


@attrs.frozen(kw_only=True)
class CommandLine(Generic[C]):
    """The vendor's part of `attachkit <vendor> <action>`.

    The `add_*` functions add the vendor's own arguments to each action (the command adds
    the shared ones). `listing` lists what `list` shows and, unless `get_file` is given,
    what `download` saves (filtered by `args.file_ids` when the action has them);
    with `get_file`, `download` fetches each of `args.file_ids` on its own.
    `export_options` turns arguments into `export_files` keyword options.

    A vendor that takes uploads gives `upload`: the command then has an `upload` action with
    the vendor's arguments (`add_upload_arguments`), then `FILE...` and `--name`; `upload`
    stores one file (a path) under a name (None: its own) and returns it as now listed."""

    help: str
    examples: str
    add_list_arguments: AddArguments
    add_download_arguments: AddArguments
    add_export_arguments: AddArguments
    listing: Callable[[C, argparse.Namespace], AsyncPaginator[Attachment]]
    export_options: Callable[[argparse.Namespace], Mapping[str, object]]
    get_file: Callable[[C, str], Awaitable[Attachment]] | None = None
    narrow_hint: str | None = None
    """What to tell a user whose listing the vendor cut short."""
    add_upload_arguments: AddArguments | None = None
    upload: Callable[[C, argparse.Namespace, str, str | None], Awaitable[Attachment]] | None = None


@attrs.frozen
class Exercised:
    """What an exercise showed: whether the assumption held, and how (one line)."""

    holds: bool
    shows: str


@attrs.frozen(kw_only=True)
class Exercise(Generic[C]):
    """A read-only request `check` makes on purpose, to put one assumption of the spec to
    the test: the one on operation `operation` (its operationId), or on its parameter
    `parameter`. `run` gets the client, the arguments, an entity and files listed for it;
    it returns what it showed, or None when there was nothing to try it with. Its answers
    count for that assumption only."""

    action: str
    operation: str
    parameter: str | None = None
    run: Callable[[C, argparse.Namespace, str, Sequence[Attachment]], Awaitable[Exercised | None]]


@attrs.frozen(kw_only=True)
class Conformance(Generic[C]):
    """What `attachkit <vendor> check` needs: the generated package that bundles the spec
    (`openapi.json`), a listing of one entity in small pages (so paging is exercised),
    where the vendor has it, how to read one file's record on its own, and the exercises
    that test assumptions no listing touches."""

    spec_package: str
    listing: Callable[[C, argparse.Namespace, str], AsyncPaginator[Attachment]]
    get_file: Callable[[C, Attachment], Awaitable[Attachment]] | None = None
    exercises: tuple[Exercise[C], ...] = ()


@attrs.frozen(kw_only=True)
class VendorDescriptor(Generic[C]):
    """One vendor, as the command line and the export see it.

    `connect` makes the async client from settings (`needs_downloads` is False for a
    command that only lists) and client options; `parse_entity_id` checks one entity id
    as a user types it and returns its canonical text; `export_listing` gives the export's
    view of a client, with vendor options such as a location (TypeError for an option that
    does not apply to this vendor)."""

    name: str
    title: str
    entity: str
    """What an entity is called: "entity id", "client number"..."""
    sync_client: type[Any]
    async_client: type[C]
    settings: tuple[Setting, ...]
    connect: Callable[[Settings, bool, AsyncClientOptions], C]
    parse_entity_id: Callable[[object], str]
    export_listing: Callable[[C, Mapping[str, object]], ExportListing]
    cli: CommandLine[C]
    conformance: Conformance[C] | None = None
    """None for a vendor without a bundled spec: it has no `check`."""
    discovery: Discovery[C] | None = None
    """None for a vendor whose entities cannot be listed: exports need their ids."""

    @property
    def secret_settings(self) -> tuple[Setting, ...]:
        return tuple(setting for setting in self.settings if setting.secret)


def refuse_options(vendor: str, options: Mapping[str, object], known: Sequence[str]) -> None:
    """TypeError for export options (other than None) that do not apply to `vendor`."""
    unknown = sorted(
        name for name, value in options.items() if value is not None and name not in known
    )
    if unknown:
        raise TypeError(f"{', '.join(unknown)} does not apply to {vendor} exports")
