"""The vendor contract: what the tools (command line, export, drift check) need to know of
a vendor, in one object per vendor.

Each vendor package exports its `VendorDescriptor` as `DESCRIPTOR`, and `attachkit.registry`
finds descriptors by name. The tools ask a descriptor and never name a vendor, so a new
vendor is a spec, a package and one descriptor. The descriptor itself holds what the
library can do with a vendor (connect, list for an export, discover); the vendor's parts
for a tool (`CommandLine`, `Conformance`) live in modules of its own that only that tool
loads (`command_line()`, `conformance()`), so importing a vendor loads no tool. The types
of those parts are defined here, without importing argparse.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import AsyncIterable, Awaitable, Callable, Mapping, Sequence
from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import attrs

from .attachment import Attachment
from .errors import APIStatusError
from .options import AsyncClientOptions
from .pagination import AsyncPaginator

__all__ = [
    "CommandLine",
    "Conformance",
    "Discovery",
    "DiscoveryCommand",
    "DiscoveryQuery",
    "Exercise",
    "Exercised",
    "ExportListing",
    "Setting",
    "SettingError",
    "Settings",
    "VendorDescriptor",
    "endpoint_missing",
    "refuse_options",
]

C = TypeVar("C")
O = TypeVar("O")  # noqa: E741

AddArguments = Callable[[Any], None]
"""Adds a vendor's arguments to an argparse parser (or argument group) it is given."""
Arguments = Any
"""Parsed command-line arguments (an argparse namespace), read by attribute."""


class SettingError(ValueError):
    """A connection setting is missing or malformed."""


@attrs.frozen(kw_only=True)
class Setting:
    """A connection setting: a command-line flag and the environment variable behind it.

    `name` is the argparse destination; the flag is `--` + name with dashes. A `secret` is
    never printed: the command masks its value wherever it would appear. `parameter` is the
    client's keyword the setting feeds (`base_url`...): the command names the flag or
    variable wherever a message names that keyword. A `prompt` setting (a password) is
    asked for without echo on a terminal when it is missing, or read from stdin with
    `--NAME-stdin`."""

    name: str
    variable: str
    help: str
    secret: bool = False
    parameter: str | None = None
    prompt: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def stdin_flag(self) -> str:
        return f"{self.flag}-stdin"


Ask = Callable[[Setting], str | None]
"""Asks the user for a `prompt` setting that was not given; None when nobody can answer."""


def _never_ask(setting: Setting) -> str | None:
    return None


class Settings:
    """A vendor's setting values: a flag given on the command line wins over its variable,
    and a missing `prompt` setting is asked for (`ask`)."""

    def __init__(
        self,
        vendor: str,
        settings: Sequence[Setting],
        flags: Mapping[str, object],
        environ: Mapping[str, str],
        ask: Ask = _never_ask,
    ) -> None:
        self._vendor = vendor
        self._settings = {setting.name: setting for setting in settings}
        self._flags = flags
        self._environ = environ
        self._ask = ask
        self._asked: dict[str, str | None] = {}

    def get(self, name: str) -> str | None:
        setting = self._settings[name]
        value = self._flags.get(name)
        if value:
            return str(value)
        value = self._environ.get(setting.variable)
        if value:
            return value
        if setting.prompt:
            if name not in self._asked:
                self._asked[name] = self._ask(setting) or None
            return self._asked[name]
        return None

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            setting = self._settings[name]
            also = f", pass {setting.stdin_flag}" if setting.prompt else ""
            raise SettingError(
                f"{self._vendor}: set {setting.variable}{also} or pass {setting.flag}"
            )
        return value

    def label(self, name: str) -> str:
        """How the user gave the setting: its flag, its variable, or both when neither."""
        setting = self._settings[name]
        if self._flags.get(name):
            return setting.flag
        if self._environ.get(setting.variable):
            return setting.variable
        return f"{setting.flag} / {setting.variable}"

    def in_own_words(self, text: str) -> str:
        """`text` with each client keyword a setting feeds replaced by how the user gives
        that setting (`base_url` -> `--url`)."""
        for setting in sorted(self._settings.values(), key=lambda s: -len(s.parameter or "")):
            if setting.parameter:
                pattern = rf"(?<![\w-]){re.escape(setting.parameter)}(?![\w-])"
                text = re.sub(pattern, self.label(setting.name), text)
        return text


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
    for options that do not make one); `noun` names the entities found."""

    noun: str
    query: Callable[[C, Mapping[str, object]], DiscoveryQuery]
    dated: bool
    """Whether some query can keep only the records changed since a date."""


@attrs.frozen(kw_only=True)
class DiscoveryCommand:
    """Discovery on the command line: `action` prints the ids (with the vendor's
    `add_arguments`, whose values `CommandLine.export_options` reads as for an export), and
    `flag` asks an export for every entity."""

    action: str
    help: str
    flag: str
    add_arguments: AddArguments


def _no_hint(error: Exception, args: Arguments) -> Sequence[str]:
    return ()


@attrs.frozen(kw_only=True)
class CommandLine(Generic[C]):
    """The vendor's part of `attachkit <vendor> <action>` (its `command` module's
    `COMMAND_LINE`).

    The `add_*` functions add the vendor's own arguments to each action (the command adds
    the shared ones); `add_list_arguments` adds what names one entity (ENTITY), which
    `list`, `download` and `delete` share. `listing` lists what `list` shows: what
    `download ENTITY [FILE_ID...]` and `delete ENTITY FILE_ID...` choose from, by the ids
    `list -q` prints. `find_file`, where a vendor has it, finds one of those ids on its own
    (None: there is no such file), for a vendor that can fetch a file's record or that cuts
    listings short. `export_options` turns arguments into `export_files` keyword options.

    `hint` says what the user should check when a command fails with `error`: flags as
    given (`--filter`) or setting names (`url`, shown as the flag or variable the user
    set); nothing when the failure is not the user's to fix.

    A vendor that takes uploads gives `upload`: the command then has an `upload` action with
    the vendor's arguments (`add_upload_arguments`), then `FILE...` and `--name`; `upload`
    stores one file (a path) under a name (None: its own) and returns it as now listed. A
    vendor that deletes gives `delete`, which deletes one listed file. A vendor with a
    `Discovery` gives `discovery`: its action and flag."""

    help: str
    examples: str
    add_list_arguments: AddArguments
    add_export_arguments: AddArguments
    listing: Callable[[C, Arguments], AsyncPaginator[Attachment]]
    export_options: Callable[[Arguments], Mapping[str, object]]
    find_file: Callable[[C, Arguments, str], Awaitable[Attachment | None]] | None = None
    narrow_hint: str | None = None
    """What to tell a user whose listing the vendor cut short."""
    hint: Callable[[Exception, Arguments], Sequence[str]] = _no_hint
    add_upload_arguments: AddArguments | None = None
    upload: Callable[[C, Arguments, str, str | None], Awaitable[Attachment]] | None = None
    delete: Callable[[C, Arguments, Attachment], Awaitable[None]] | None = None
    discovery: DiscoveryCommand | None = None


@attrs.frozen
class Exercised:
    """What an exercise showed: whether the assumption held, and how (one line)."""

    holds: bool
    shows: str


@attrs.frozen(kw_only=True)
class Exercise(Generic[C, O]):
    """A read-only request `check` makes on purpose, to put one assumption of the spec to
    the test: the one on operation `operation` (its operationId), or on its parameter
    `parameter`. `run` gets the client, the check's options (the vendor's `O`), an entity
    and files listed for it; it returns what it showed, or None when there was nothing to
    try it with. Its answers count for that assumption only."""

    action: str
    operation: str
    parameter: str | None = None
    run: Callable[[C, O, str, Sequence[Attachment]], Awaitable[Exercised | None]]


@attrs.frozen(kw_only=True)
class Conformance(Generic[C, O]):
    """What `attachkit <vendor> check` needs (its `conformance` module's `CONFORMANCE`): the
    generated package that bundles the spec (`openapi.json`); `options`, which reads the
    check's keyword options (those of `export_files`) into the vendor's own typed scope `O`
    (TypeError for an option that does not apply, as the export says); a listing of one
    entity in small pages (so paging is exercised); where the vendor has it, how to read one
    file's record on its own; the exercises that test assumptions no listing touches; and
    the fields of the vendor's answers that name a person in a live tenant (a recording
    leaves them out)."""

    spec_package: str
    options: Callable[[Mapping[str, object]], O]
    listing: Callable[[C, O, str], AsyncPaginator[Attachment]]
    get_file: Callable[[C, Attachment], Awaitable[Attachment]] | None = None
    exercises: tuple[Exercise[C, O], ...] = ()
    personal_fields: frozenset[str] = frozenset()


_Part = TypeVar("_Part")


def _part(vendor: str, module: str, name: str, kind: type[_Part]) -> _Part:
    """`module.name`, a `kind`; TypeError naming the vendor and module for anything else."""
    value = getattr(importlib.import_module(module), name, None)
    if not isinstance(value, kind):
        raise TypeError(f"{vendor}: {module}.{name} should be a {kind.__name__}")
    return value


@attrs.frozen(kw_only=True)
class VendorDescriptor(Generic[C]):
    """One vendor, as the tools see it.

    `connect` makes the async client from settings (`needs_downloads` is False for a
    command that only lists) and client options; `parse_entity_id` checks one entity id
    as a user types it and returns its canonical text; `export_listing` gives the export's
    view of a client, with vendor options such as a location (TypeError for an option that
    does not apply to this vendor). `command_module` names the module whose `COMMAND_LINE`
    is the vendor's command-line part, `conformance_module` the one whose `CONFORMANCE` is
    its drift-check part (None: the vendor has no bundled spec and no `check`)."""

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
    command_module: str
    conformance_module: str | None = None
    discovery: Discovery[C] | None = None
    """None for a vendor whose entities cannot be listed: exports need their ids."""

    @property
    def secret_settings(self) -> tuple[Setting, ...]:
        return tuple(setting for setting in self.settings if setting.secret)

    def command_line(self) -> CommandLine[C]:
        """The vendor's command-line part (its module is imported on first use)."""
        return _part(self.name, self.command_module, "COMMAND_LINE", CommandLine)

    def conformance(self) -> Conformance[C, Any] | None:
        """The vendor's drift-check part, or None for a vendor without a bundled spec."""
        if self.conformance_module is None:
            return None
        return _part(self.name, self.conformance_module, "CONFORMANCE", Conformance)


def refuse_options(vendor: str, options: Mapping[str, object], known: Sequence[str]) -> None:
    """TypeError for export options (other than None) that do not apply to `vendor`."""
    unknown = sorted(
        name for name, value in options.items() if value is not None and name not in known
    )
    if unknown:
        raise TypeError(f"{', '.join(unknown)} does not apply to {vendor} exports")


def endpoint_missing(error: Exception, path: str) -> bool:
    """Whether `error` is a 404 from the endpoint whose URL path ends with `path`: on a token
    or login endpoint, a sign that the configured base URL is wrong."""
    if not isinstance(error, APIStatusError) or error.status_code != 404:
        return False
    return urlsplit(error.url).path.endswith(path)
