"""The same requests in the same order give byte-identical responses."""

from __future__ import annotations

from collections.abc import Callable

import httpx2

from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.altegio import ALTEGIO_AUTH_HEADERS
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_BIG_ENTITY_ID, ENVI_PO_ID, envi_password_grant


def session(client: httpx2.Client, clock: FakeClock) -> list[bytes]:
    """A short script touching every vendor; returns each response's headers and body."""
    token = envi_password_grant(client).json()["access_token"]
    envi = {"Authorization": f"Bearer {token}"}
    amili = {"Authorization": f"Bearer {mint_amili_token([AMILI_CLIENT_NO], now=clock())}"}
    responses = [
        client.get(f"/envi/odata/FileAttachments({ENVI_PO_ID})", headers=envi),
        client.get(f"/envi/odata/FileAttachments({ENVI_BIG_ENTITY_ID})?$top=3", headers=envi),
        client.get(f"/amili/clients/{AMILI_CLIENT_NO}/files", headers=amili),
        client.delete(
            "/altegio/v1/company/456/clients/files/123456/789", headers=ALTEGIO_AUTH_HEADERS
        ),
        client.get("/altegio/v1/company/456/clients/files/123456", headers=ALTEGIO_AUTH_HEADERS),
    ]
    return [repr(sorted(r.headers.multi_items())).encode() + r.content for r in responses]


def test_fresh_sandboxes_answer_identically(
    make_client: Callable[..., httpx2.Client], clock: FakeClock
) -> None:
    first = session(make_client(), clock)
    assert session(make_client(), clock) == first


def test_reset_replays_identically(client: httpx2.Client, clock: FakeClock) -> None:
    first = session(client, clock)
    assert client.post("/_sandbox/reset").json() == {"status": "reset"}
    assert session(client, clock) == first
