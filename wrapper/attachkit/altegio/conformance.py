"""Altegio's part of `attachkit altegio check`: the bundled spec and one listing per client
(the vendor does not page). Loaded by the check only (through `DESCRIPTOR.conformance()`)."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..attachment import Attachment
from ..descriptor import Conformance
from ..pagination import AsyncPaginator
from .client import AsyncAltegioClient
from .descriptor import location_option

__all__ = ["CONFORMANCE", "AltegioScope"]


@attrs.frozen
class AltegioScope:
    """What a check of Altegio lists: the clients of one location."""

    location_id: int


def _scope(options: Mapping[str, object]) -> AltegioScope:
    return AltegioScope(location_id=location_option(options, "checks"))


def _listing(
    client: AsyncAltegioClient, scope: AltegioScope, entity: str
) -> AsyncPaginator[Attachment]:
    return client.list_files(scope.location_id, int(entity))  # one page: no paging


CONFORMANCE: Conformance[AsyncAltegioClient, AltegioScope] = Conformance(
    spec_package="attachkit_altegio_client",
    options=_scope,
    listing=_listing,
    # Pictures of people: an uploader's and a logged-in user's avatar.
    personal_fields=frozenset({"user_avatar", "avatar"}),
)
