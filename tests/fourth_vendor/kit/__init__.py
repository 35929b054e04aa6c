"""The test vendor's kit for the shared tests (it has no part in the hostile suite: a test
vendor may go without)."""

from __future__ import annotations

from typing import Any

from tests.fourth_vendor.acme import AcmeClient, AsyncAcmeClient
from tests.support.kit import VendorKit


def _client(is_async: bool, transport: Any, **options: Any) -> Any:
    url = options.pop("base_url", "https://api.acme.example/api")
    kind = AsyncAcmeClient if is_async else AcmeClient
    return kind(url, token="t", transport=transport, **options)


KIT = VendorKit(
    client=_client,
    list_one=lambda client, **options: client.list_files("e1", **options),
    entity={"entity": "e1"},
    bad_entities=[({"entity": True}, TypeError), ({"entity": "e-1"}, ValueError)],
    sample=lambda client: client.list_files("e1"),
)
