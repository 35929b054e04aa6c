"""Acme's part of `attachkit acme check`: the bundled spec and a listing in pages of two.
Loaded by the check only."""

from __future__ import annotations

from collections.abc import Mapping

from attachkit import Attachment
from attachkit.descriptor import Conformance, refuse_options
from attachkit.pagination import AsyncPaginator

from .client import AsyncAcmeClient

__all__ = ["CONFORMANCE"]


def _scope(options: Mapping[str, object]) -> None:
    refuse_options("acme", options, ())


def _listing(client: AsyncAcmeClient, scope: None, entity: str) -> AsyncPaginator[Attachment]:
    return client.list_files(entity)  # the vendor pages by two


CONFORMANCE: Conformance[AsyncAcmeClient, None] = Conformance(
    spec_package="tests.fourth_vendor.generated.attachkit_acme_client",
    options=_scope,
    listing=_listing,
)
