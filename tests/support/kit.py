"""A vendor's kit: the tests' own facts about one vendor (see tests/support/vendors.py,
which finds every vendor's kit)."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["VendorKit"]


@attrs.frozen(kw_only=True)
class VendorKit:
    """What the shared tests need to know of a vendor that its descriptor does not say.

    `client(is_async, transport, **options)` makes a client with made-up credentials (for
    checks that never reach a vendor); `list_one(client, **options)` lists one entity with
    the client's own signature; `entity` holds that entity's arguments by keyword, and
    `bad_entities` changes to them that the client refuses, with the error. `sample(client)`
    lists an entity of the sandbox's data set that has files (an async client made by
    `sandbox_client`). `hostile` is the vendor's part of the hostile suite (tests/hostile;
    a built-in vendor has one, a test vendor may)."""

    client: Callable[..., Any]
    list_one: Callable[..., Any]
    entity: Mapping[str, object]
    bad_entities: Sequence[tuple[Mapping[str, object], type[Exception]]]
    sample: Callable[[Any], AsyncIterable[Any]]
    hostile: Any = None
    environment: Callable[[str, float], Mapping[str, str]] | None = None
    """The variables that point the command at a sandbox at a base URL, at a time (None:
    those its plug-in's quick start prints)."""
