"""Envi's token endpoint, bearer checks and call quota."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx2
import pytest

from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.envi import (
    ENVI_CLIENT_ID,
    ENVI_PO_ID,
    EnviSettings,
    envi_auth_headers,
    envi_password_grant,
)
from attachkit_sandbox.vendors.envi.auth import (
    ENVI_LOCKED_USERNAME,
    ENVI_NO_ACCESS_USERNAME,
    quota_message,
)
from tests.specs.vendor_sources import source_text as vendor_text

LIST = f"/envi/odata/FileAttachments({ENVI_PO_ID})"


def test_password_grant_returns_tokens(client: httpx2.Client) -> None:
    response = envi_password_grant(client)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token", "token_type", "expires_in", "refresh_token"]
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 59
    assert len(body["access_token"]) >= 40
    assert body["access_token"] != body["refresh_token"]


def test_token_lifetime_follows_config(make_client: Callable[..., httpx2.Client]) -> None:
    response = envi_password_grant(
        make_client(vendor_settings=(EnviSettings(token_lifetime=3600),))
    )
    assert response.json()["expires_in"] == 3600


def documented_explanation(label: str) -> str:
    """The explanation the vendor's token error table gives for a label."""
    text = vendor_text("envi", TOKEN_TABLE)
    rows: dict[str, str] = dict(re.findall(r"\|\*\*400 \((.+?)\)\*\* *\| (.+?) *\|", text))
    return rows[label]


TOKEN_TABLE = "authentication-responses"


@pytest.mark.parametrize(
    ("fields", "error", "label"),
    [
        ({"client_id": "nope"}, "invalid_client", "invalid_client_ID"),
        # A wrong login is not invalid_grant: the docs list it apart, as "invalid cred.".
        ({"password": "wrong"}, "invalid_credentials", "invalid cred."),
        ({"username": "ghost@sandbox.example"}, "invalid_credentials", "invalid cred."),
        ({"username": ENVI_LOCKED_USERNAME}, "locked", "locked"),
        ({"grant_type": ""}, "invalid_grant", "invalid_grant"),
        ({"grant_type": "client_credentials"}, "invalid_grant", "invalid_grant"),
    ],
)
def test_token_errors_use_the_documented_explanations(
    client: httpx2.Client, fields: dict[str, str], error: str, label: str
) -> None:
    response = envi_password_grant(client, **fields)
    assert response.status_code == 400
    assert response.json() == {
        "error": error,
        "error_description": documented_explanation(label),
    }


def test_an_organization_the_user_is_not_in_is_refused(client: httpx2.Client) -> None:
    response = envi_password_grant(client, organizationNo="3000")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_organization",
        "error_description": "The user has no access to the organization '3000'.",
    }


def test_second_organization_logs_in_but_sees_no_files(client: httpx2.Client) -> None:
    headers = envi_auth_headers(client, organizationNo="2000")
    body = client.get(LIST, headers=headers).json()
    assert body["@odata.count"] == 0
    assert body["value"] == []


def test_refresh_rotates_both_tokens(client: httpx2.Client) -> None:
    first = envi_password_grant(client).json()
    form = {
        "grant_type": "refresh_token",
        "client_id": ENVI_CLIENT_ID,
        "refresh_token": first["refresh_token"],
    }
    second = client.post("/envi/oauth2/token", data=form)
    assert second.status_code == 200
    assert second.json()["access_token"] != first["access_token"]
    assert second.json()["refresh_token"] != first["refresh_token"]
    headers = {"Authorization": f"Bearer {second.json()['access_token']}"}
    assert client.get(LIST, headers=headers).status_code == 200
    reused = client.post("/envi/oauth2/token", data=form)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_access_token_expires(client: httpx2.Client, clock: FakeClock) -> None:
    headers = envi_auth_headers(client)
    clock.advance(58)
    assert client.get(LIST, headers=headers).status_code == 200
    clock.advance(1)
    response = client.get(LIST, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "Unauthorized"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc"])
def test_missing_or_wrong_token_is_401(client: httpx2.Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(LIST, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert set(response.json()["error"]) == {"code", "message"}


def test_user_without_privileges_gets_403(client: httpx2.Client) -> None:
    headers = envi_auth_headers(client, username=ENVI_NO_ACCESS_USERNAME)
    response = client.get(LIST, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "Forbidden"


def test_quota_answers_429_with_retry_after(
    make_client: Callable[..., httpx2.Client], clock: FakeClock
) -> None:
    client = make_client(vendor_settings=(EnviSettings(quota=(3, 60.0), token_lifetime=3600),))
    headers = envi_auth_headers(client)
    for _ in range(3):
        assert client.get(LIST, headers=headers).status_code == 200
    clock.advance(20)
    response = client.get(LIST, headers=headers)
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "API calls quota exceeded! Maximum admitted 3 per Minute."
    assert response.headers["Retry-After"] == "40"
    clock.advance(40)
    assert client.get(LIST, headers=headers).status_code == 200


def test_the_quota_text_is_the_documented_one() -> None:
    rate_limiting = vendor_text("envi", "rate-limiting")
    # The docs' example, for 1000 requests per hour (shown after its status code, 429).
    assert f"429 {quota_message((1000, 3600.0))}\n" in rate_limiting
    # Without a quota (a fault asks for a 429), the sandbox says the same.
    assert quota_message(None) == quota_message((1000, 3600.0))
    template = re.escape("API calls quota exceeded! Maximum admitted &lt;Requests_Amount&gt; per")
    assert re.search(template, rate_limiting)
    for quota, text in [((5, 1.0), "5 per Second."), ((20, 604800.0), "20 per Week.")]:
        assert quota_message(quota) == f"API calls quota exceeded! Maximum admitted {text}"
    # A period the docs do not name is said in seconds.
    assert quota_message((3, 90.0)).endswith("Maximum admitted 3 per 90 Seconds.")
