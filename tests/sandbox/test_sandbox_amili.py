"""Amili's `GET /clients/{clientno}/files` with JWT bearer auth."""

from __future__ import annotations

import base64

import httpx2
import pytest

from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.amili.data import amili_files

FILES = f"/amili/clients/{AMILI_CLIENT_NO}/files"
FILE_FIELDS = [
    "clientNo",
    "name",
    "extension",
    "logItemId",
    "arAccountNo",
    "referenceNo",
    "type",
    "serialize",
    "description",
    "externalMemo",
    "content",
]


def auth(
    clock: FakeClock, clients: list[int] | None = None, lifetime: int = 3600
) -> dict[str, str]:
    token = mint_amili_token(clients or [AMILI_CLIENT_NO], lifetime, now=clock())
    return {"Authorization": f"Bearer {token}"}


def test_unfiltered_list_is_capped_at_ten(client: httpx2.Client, clock: FakeClock) -> None:
    response = client.get(FILES, headers=auth(clock))
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == {"totalCount": 14, "maximumCount": 10}
    assert len(body["files"]) == 10
    assert all(list(file) == FILE_FIELDS for file in body["files"])


def test_content_is_base64_of_the_data_set(client: httpx2.Client, clock: FakeClock) -> None:
    expected = {f.name: f.content() for f in amili_files()[AMILI_CLIENT_NO]}
    for file in client.get(FILES, headers=auth(clock)).json()["files"]:
        assert base64.b64decode(file["content"]) == expected[file["name"]]
    empty = client.get(FILES, headers=auth(clock), params={"name": "Attachment2.png"}).json()
    assert empty["files"][0]["content"] == ""


@pytest.mark.parametrize(
    ("params", "total"),
    [
        ({"logitemid": "9100004"}, 1),
        ({"type": "Invoice"}, 4),
        ({"name": "Faktura 350023.pdf"}, 1),
        ({"referenceno": "350023"}, 5),
        ({"jobqueueid": "44001"}, 2),
        ({"documentno": "350024"}, 3),
        ({"serialize": "batch-01"}, 2),
        ({"referenceno": "350023", "type": "Reminder"}, 1),
        ({"regenerate": "true"}, 14),
        ({"regenerate": "false", "type": "Reminder"}, 3),
        ({"type": "Nothing"}, 0),
        # The vendor's example request sends every parameter empty: that filters nothing.
        ({"logitemid": "", "type": "", "referenceno": ""}, 14),
    ],
)
def test_filters(
    client: httpx2.Client, clock: FakeClock, params: dict[str, str], total: int
) -> None:
    body = client.get(FILES, headers=auth(clock), params=params).json()
    assert body["summary"]["totalCount"] == total
    assert len(body["files"]) == min(total, 10)


@pytest.mark.parametrize(
    "params",
    [
        {"logitemid": "abc"},
        {"referenceno": "1.5"},
        {"jobqueueid": "99999999999999999999"},
        {"regenerate": "yes"},
    ],
)
def test_bad_parameters_are_400(
    client: httpx2.Client, clock: FakeClock, params: dict[str, str]
) -> None:
    response = client.get(FILES, headers=auth(clock), params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["title"], body["status"]) == ("about:blank", "Bad Request", 400)


def test_client_number_must_be_an_integer(client: httpx2.Client, clock: FakeClock) -> None:
    assert client.get("/amili/clients/abc/files", headers=auth(clock)).status_code == 400


def test_client_outside_the_token_is_403(client: httpx2.Client, clock: FakeClock) -> None:
    url = f"/amili/clients/{AMILI_OTHER_CLIENT_NO}/files"
    assert client.get(url, headers=auth(clock)).status_code == 403
    allowed = auth(clock, [AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO])
    assert client.get(url, headers=allowed).json()["summary"]["totalCount"] == 2


def test_unknown_client_is_404(client: httpx2.Client, clock: FakeClock) -> None:
    response = client.get("/amili/clients/9999/files", headers=auth(clock, [9999]))
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_expired_token_is_401(client: httpx2.Client, clock: FakeClock) -> None:
    headers = auth(clock, lifetime=60)
    assert client.get(FILES, headers=headers).status_code == 200
    clock.advance(60)
    response = client.get(FILES, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer a.b.c", "Basic xyz"],
)
def test_missing_or_bad_token_is_401(
    client: httpx2.Client, clock: FakeClock, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    assert client.get(FILES, headers=headers).status_code == 401


def test_tampered_token_is_401(client: httpx2.Client, clock: FakeClock) -> None:
    header, _, signature = mint_amili_token([AMILI_CLIENT_NO], now=clock()).split(".")
    other_payload = mint_amili_token([AMILI_OTHER_CLIENT_NO], now=clock()).split(".")[1]
    forged = {"Authorization": f"Bearer {header}.{other_payload}.{signature}"}
    url = f"/amili/clients/{AMILI_OTHER_CLIENT_NO}/files"
    assert client.get(url, headers=forged).status_code == 401


def test_admin_route_mints_tokens(client: httpx2.Client) -> None:
    response = client.post("/_sandbox/amili-token", json={"clients": [2218], "lifetime": 3600})
    token = response.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(FILES, headers=headers).status_code == 200
    bad = client.post("/_sandbox/amili-token", json={"clients": ["2218"]})
    assert bad.status_code == 400
