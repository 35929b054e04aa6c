"""Amili's part of `attachkit amili check`: the bundled spec and one listing per client (the
vendor does not page). Loaded by the check only (through `DESCRIPTOR.conformance()`)."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..attachment import Attachment
from ..descriptor import Conformance
from ..pagination import AsyncPaginator
from .client import AsyncAmiliClient
from .descriptor import file_type_option

__all__ = ["CONFORMANCE", "AmiliScope"]


@attrs.frozen
class AmiliScope:
    """What a check of Amili lists: files of every type, or of one."""

    file_type: str | None = None


def _scope(options: Mapping[str, object]) -> AmiliScope:
    return AmiliScope(file_type=file_type_option(options))


def _listing(
    client: AsyncAmiliClient, scope: AmiliScope, entity: str
) -> AsyncPaginator[Attachment]:
    return client.list_files(int(entity), type=scope.file_type)  # one page: no paging


CONFORMANCE: Conformance[AsyncAmiliClient, AmiliScope] = Conformance(
    spec_package="attachkit_amili_client", options=_scope, listing=_listing
)
