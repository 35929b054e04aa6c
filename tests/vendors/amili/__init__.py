"""Amili's kit for the shared tests."""

from __future__ import annotations

from typing import Any

from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from tests.export.helpers import BASE, Recorder, no_sleep
from tests.support.kit import VendorKit
from tests.vendors.amili.hostile import HOSTILE


def _client(is_async: bool, transport: Any, **options: Any) -> Any:
    url = options.pop("base_url", "https://amili.example")
    kind = AsyncAmiliClient if is_async else AmiliClient
    return kind(url, token="t", transport=transport, **options)


KIT = VendorKit(
    client=_client,
    list_one=lambda client, **options: client.list_files(2218, **options),
    entity={"client_no": 2218},
    bad_entities=[({"client_no": True}, TypeError), ({"client_no": "2218"}, TypeError)],
    sample=lambda client: client.list_files(AMILI_CLIENT_NO),
    hostile=HOSTILE,
    # A token for one client only, an hour long (the command's tests need no more).
    environment=lambda base, now: {
        "ATTACHKIT_AMILI_URL": f"{base}/amili",
        "ATTACHKIT_AMILI_TOKEN": mint_amili_token([AMILI_CLIENT_NO], 3600, now=now),
    },
)


# --- the in-process sandbox for Amili's export tests -------------------------------------------


def sandbox_amili_client(recorder: Recorder, token: str) -> AsyncAmiliClient:
    return AsyncAmiliClient(f"{BASE}/amili", token=token, transport=recorder, sleep=no_sleep)
