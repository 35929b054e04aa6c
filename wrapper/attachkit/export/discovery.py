"""Exporting every entity the vendor finds, and only what changed since the last run.

`Discover` stands in for entity ids: the run asks the vendor's discovery (its descriptor)
for the entities of the scope its export options name, and streams them into the workers.
The manifest keeps, per discovery query, a bookmark: the moment the last run of that query
that completed without failures started. `since_last_run` discovers only the records
changed since then, where the vendor can tell; where it cannot, it lists every entity again
and, as any re-run does, downloads only what is not saved yet.

A run records its start as the new bookmark only when it covered everything since the old
one: no failure, discovery finished, and it asked for all records, or for those changed
since a moment no later than the old bookmark. A date asked for counts from the end of
that day, since the vendor compares dates in a time zone it does not name.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import attrs

from .. import registry
from ..descriptor import DiscoveryQuery
from .manifest import Manifest, ManifestRecord, bookmark_record, read_bookmark
from .results import DiscoveryReport

__all__ = ["Discover", "DiscoveryPlan", "plan_discovery", "recorded_bookmark"]


def _checked_since(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("updated_since must be timezone-aware (or a date)")
        if value > datetime.now(UTC):
            raise ValueError(f"updated_since {value.isoformat()} lies in the future")
        return value
    if isinstance(value, date):
        if value > date.today():
            raise ValueError(f"updated_since {value.isoformat()} lies in the future")
        return value
    raise TypeError(f"updated_since must be a date or a datetime, not {type(value).__name__}")


@attrs.frozen(kw_only=True)
class Discover:
    """In place of entity ids: every entity the vendor finds for the export options (a
    location's clients, a module's records: the vendor's descriptor says which options).

    `since_last_run`: only the records changed since the last complete run of the same
    query into the same manifest started (all of them when there was none, or when the
    vendor cannot tell what changed). `updated_since`: only those changed since this date,
    or this timezone-aware moment. Not both; neither in the future."""

    since_last_run: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    updated_since: date | None = attrs.field(default=None, converter=_checked_since)

    def __attrs_post_init__(self) -> None:
        if self.since_last_run and self.updated_since is not None:
            raise ValueError("give since_last_run or updated_since, not both")


def _start_of(since: date) -> datetime:
    """The latest moment the records kept by `since` may have changed from."""
    if isinstance(since, datetime):
        return since
    return datetime.combine(since + timedelta(days=1), time(), UTC)


class DiscoveryPlan:
    """One discovery of one run: what it asks the vendor for, and what it records."""

    def __init__(self, vendor: str, noun: str, query: DiscoveryQuery, ask: Discover) -> None:
        self.vendor = vendor
        self.noun = noun
        self.query = query
        self.ask = ask
        self.since: date | None = None
        self.last_run: datetime | None = None
        self.previous: datetime | None = None
        self.notes: list[str] = []

    @property
    def listing_options(self) -> Mapping[str, object]:
        return self.query.listing_options

    def begin(self, manifest: Manifest) -> AsyncIterable[object]:
        """The ids to export, as the manifest's bookmark and the request say."""
        self.previous = manifest.bookmark(self.vendor, self.query.key)
        if self.ask.since_last_run:
            self.last_run = self.previous
            if self.last_run is None:
                self.notes.append(
                    f"no complete earlier run of {self.query.label} is recorded in "
                    f"{manifest.path.name}: every one is discovered"
                )
            elif not self.query.dated:
                self.notes.append(
                    f"{self.vendor} cannot tell which {self.noun} changed since the last "
                    f"complete run ({self.last_run.isoformat()}): every one is listed again, "
                    "and only files not saved before are downloaded"
                )
            else:
                self.since = self.last_run
        else:
            self.since = self.ask.updated_since
        return self.query.ids(self.since)

    def _covers(self) -> bool:
        if self.since is None:
            return True
        return self.previous is not None and _start_of(self.since) <= self.previous

    def finish(
        self, started: datetime, found: int, error: str | None, ok: bool
    ) -> tuple[DiscoveryReport, ManifestRecord | None]:
        """The report, and the new bookmark's record when the run may move it."""
        record = None
        if ok and error is None and self._covers():
            record = bookmark_record(self.vendor, self.query.key, self.query.label, started)
        report = DiscoveryReport(
            query=self.query.label,
            since=self.since,
            last_run=self.last_run,
            found=found,
            bookmark=started if record is not None else None,
            error=error,
            notes=tuple(self.notes),
        )
        return report, record


def plan_discovery(client: object, ask: Discover, options: Mapping[str, object]) -> DiscoveryPlan:
    """The discovery of `client`'s vendor for these export options (TypeError for a vendor
    that cannot list its entities or options that do not apply, ValueError for values that
    make no query, or a date the vendor cannot filter by)."""
    if not isinstance(ask, Discover):
        raise TypeError(f"expected a Discover, not {type(ask).__name__}")
    descriptor = registry.for_client(client)
    discovery = descriptor.discovery
    if discovery is None:
        raise TypeError(
            f"{descriptor.title} publishes no list of its {descriptor.entity}s: "
            "an export needs their ids"
        )
    query = discovery.query(client, options)
    if ask.updated_since is not None and not query.dated:
        raise ValueError(
            f"{descriptor.title} cannot tell which of {query.label} changed since a date; "
            "since_last_run lists every one again and downloads only files not saved yet"
        )
    return DiscoveryPlan(descriptor.name, discovery.noun, query, ask)


def recorded_bookmark(manifest: Path, plan: DiscoveryPlan) -> datetime | None:
    """The bookmark of the plan's query in the manifest at `manifest`, read only."""
    return read_bookmark(manifest, plan.vendor, plan.query.key)
