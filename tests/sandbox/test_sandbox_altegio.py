"""Altegio: user-token login, client files, deletion, web download and the IP rate limit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import httpx
import pytest

from attachkit.sandbox import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_PHONE,
    ALTEGIO_USER_TOKEN,
    altegio_bulk_client_ids,
)
from attachkit.sandbox.altegio import human_size
from attachkit.sandbox.data import ALTEGIO_USERNAME_CLIENT_ID, altegio_locations
from attachkit.sandbox.testing import ALTEGIO_AUTH_HEADERS, FakeClock

PARTNER = {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}"}
FILES = f"/altegio/v1/company/456/clients/files/{ALTEGIO_CLIENT_ID}"


@pytest.fixture
def client(make_client: Callable[..., httpx.Client]) -> httpx.Client:
    # Most tests here make more requests than the default limit allows per second.
    return make_client(altegio_rate=None)


@pytest.mark.parametrize("login", [ALTEGIO_LOGIN, ALTEGIO_PHONE, "+" + ALTEGIO_PHONE])
def test_login_returns_the_user_token(client: httpx.Client, login: str) -> None:
    response = client.post(
        "/altegio/v1/auth", headers=PARTNER, json={"login": login, "password": ALTEGIO_PASSWORD}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["meta"] == []
    assert body["data"]["user_token"] == ALTEGIO_USER_TOKEN
    assert set(body["data"]) == {
        "id",
        "user_token",
        "name",
        "phone",
        "login",
        "email",
        "avatar",
        "is_approved",
    }


def test_login_errors(client: httpx.Client) -> None:
    good = {"login": ALTEGIO_LOGIN, "password": ALTEGIO_PASSWORD}
    wrong_partner = client.post(
        "/altegio/v1/auth", headers={"Authorization": "Bearer nope"}, json=good
    )
    assert wrong_partner.status_code == 401
    assert wrong_partner.json() == {
        "success": False,
        "data": None,
        "meta": {"message": "Partner authentication failed."},
    }
    wrong_password = client.post(
        "/altegio/v1/auth", headers=PARTNER, json={**good, "password": "x"}
    )
    assert wrong_password.status_code == 401
    assert wrong_password.json()["meta"]["message"] == "Incorrect login or password"
    missing = client.post("/altegio/v1/auth", headers=PARTNER, json={"login": ALTEGIO_LOGIN})
    assert missing.status_code == 422
    assert set(missing.json()["meta"]["errors"]) == {"password"}


def test_list_matches_the_vendor_example(client: httpx.Client) -> None:
    response = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["meta"] == {"count": len(body["data"])}
    assert body["data"][:2] == [
        {
            "id": 123,
            "client_id": 123456,
            "name": "test.txt",
            "description": "",
            "date_create": "2026-01-01T12:00:00-0500",
            "extension": "txt",
            "mime": "text/plain",
            "link": "/client_files/download/456/123/",
            "user_name": "Victor Sitnikov",
            "user_avatar": "/images/no-master.png",
            "size": "9 B",
            "can_edit": False,
        },
        {
            "id": 789,
            "client_id": 123456,
            "name": "photo.jpg",
            "description": "",
            "date_create": "2026-01-30T12:30:00-0500",
            "extension": "jpg",
            "mime": "image/jpeg",
            "link": "/client_files/download/456/789/",
            "user_name": "Victor Sitnikov",
            "user_avatar": "/images/no-master.png",
            "size": "96.65 KB",
            "can_edit": True,
        },
    ]


def test_some_records_say_username(client: httpx.Client) -> None:
    url = f"/altegio/v1/company/456/clients/files/{ALTEGIO_USERNAME_CLIENT_ID}"
    records = client.get(url, headers=ALTEGIO_AUTH_HEADERS).json()["data"]
    assert records
    assert all("username" in r and "user_name" not in r for r in records)


@pytest.mark.parametrize(
    ("size", "text"),
    [(9, "9 B"), (1023, "1023 B"), (1024, "1 KB"), (98970, "96.65 KB"), (1258291, "1.2 MB")],
)
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        f"Bearer {ALTEGIO_PARTNER_TOKEN}",
        f"Bearer {ALTEGIO_PARTNER_TOKEN}, User wrong",
        f"Bearer wrong, User {ALTEGIO_USER_TOKEN}",
    ],
)
def test_data_calls_need_both_tokens(client: httpx.Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(FILES, headers=headers)
    assert response.status_code == 401
    assert response.json()["meta"] == {"message": "Authentication needed."}


def test_location_and_client_errors(client: httpx.Client) -> None:
    unknown_client = client.get(
        "/altegio/v1/company/456/clients/files/1", headers=ALTEGIO_AUTH_HEADERS
    )
    assert unknown_client.status_code == 404
    assert unknown_client.json() == {"success": False, "data": None, "meta": []}
    expired = client.get(
        "/altegio/v1/company/789/clients/files/555001", headers=ALTEGIO_AUTH_HEADERS
    )
    assert expired.status_code == 402
    assert expired.json()["meta"]["message"] == "The license for this location has expired."
    foreign = client.get("/altegio/v1/company/1/clients/files/1", headers=ALTEGIO_AUTH_HEADERS)
    assert foreign.status_code == 403
    assert foreign.json()["meta"]["message"] == "Access denied."


def test_delete_then_gone(client: httpx.Client) -> None:
    response = client.delete(f"{FILES}/789", headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 202
    assert response.json() == {"success": True, "data": None, "meta": {"message": "Accepted"}}
    ids = [f["id"] for f in client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"]]
    assert 789 not in ids
    download = client.get(
        "/altegio-web/client_files/download/456/789/", headers=ALTEGIO_AUTH_HEADERS
    )
    assert download.status_code == 404
    again = client.delete(f"{FILES}/789", headers=ALTEGIO_AUTH_HEADERS)
    assert again.status_code == 404
    assert again.json()["meta"] == []


def test_delete_without_edit_right_is_403(client: httpx.Client) -> None:
    response = client.delete(f"{FILES}/123", headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 403
    assert response.json()["success"] is False


def test_web_download(client: httpx.Client) -> None:
    file = altegio_locations()[456].clients[ALTEGIO_CLIENT_ID][1]
    response = client.get(f"/altegio-web{file.link}", headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    assert hashlib.sha256(response.content).hexdigest() == file.sha256
    assert "photo.jpg" in response.headers["content-disposition"]
    assert client.get(f"/altegio-web{file.link}").status_code == 401


def test_bulk_clients(client: httpx.Client) -> None:
    ids = altegio_bulk_client_ids()
    assert len(ids) == 300
    counts = [
        client.get(
            f"/altegio/v1/company/456/clients/files/{cid}", headers=ALTEGIO_AUTH_HEADERS
        ).json()["meta"]["count"]
        for cid in ids[:3]
    ]
    assert counts == [1, 2, 3]


def test_sixth_request_within_a_second_is_429(
    make_client: Callable[..., httpx.Client], clock: FakeClock
) -> None:
    client = make_client()
    for _ in range(5):
        assert client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 200
    limited = client.get(
        "/altegio-web/client_files/download/456/123/", headers=ALTEGIO_AUTH_HEADERS
    )
    assert limited.status_code == 429
    assert limited.json() == {
        "success": False,
        "data": None,
        "meta": {"message": "Too many requests."},
    }
    assert "Retry-After" not in limited.headers
    clock.advance(1)
    assert client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 200


def test_per_minute_limit_and_optional_retry_after(
    make_client: Callable[..., httpx.Client], clock: FakeClock
) -> None:
    client = make_client(altegio_rate=(5, 10), altegio_retry_after=True)
    for _ in range(10):
        assert client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 200
        clock.advance(0.5)
    limited = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS)
    assert limited.status_code == 429
    # The first hit, at t=0, leaves the 60 s window at t=60; now is t=5.
    assert limited.headers["Retry-After"] == "55"
