"""The echoing tenant (`SandboxConfig(echo_secrets=True)`): every place it echoes secrets in,
so that a test proving nothing leaks from there has something to prove."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, urlsplit

import httpx2

from attachkit_sandbox.__main__ import parse_args
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_AUTH_HEADERS,
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_USER_TOKEN,
)
from attachkit_sandbox.vendors.envi import (
    ENVI_PASSWORD,
    ENVI_PO_ID,
    ENVI_USERNAME,
    envi_password_grant,
)
from tests.sandbox.conftest import ClientFactory


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_a_token_answer_echoes_the_password_and_the_tokens(make_client: ClientFactory) -> None:
    client = make_client(echo_secrets=True)
    answer = envi_password_grant(client)
    body = answer.json()
    token = body["access_token"]
    assert ENVI_PASSWORD in body["debugInfo"]
    assert token in body["debugInfo"]
    assert body["userName"] == ENVI_USERNAME
    assert ENVI_PASSWORD in answer.headers["x-debug-secrets"].split()
    assert _b64(token) in answer.headers["x-debug-secrets-b64"].split()
    assert answer.headers["x-debug-basic"] == f"Basic {_b64(f'{ENVI_USERNAME}:{ENVI_PASSWORD}')}"


def test_next_links_and_errors_carry_the_token(make_client: ClientFactory) -> None:
    client = make_client(echo_secrets=True)
    token = envi_password_grant(client).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "api-version": "1.0"}
    page = client.get(f"/envi/odata/FileAttachments({ENVI_PO_ID})?$top=2", headers=headers)
    link = page.json()["@odata.nextLink"]
    assert dict(parse_qsl(urlsplit(link).query))["access_token"] == token
    assert page.headers["x-debug-authorization"] == f"Bearer {token}"
    refused = client.get(f"/envi/odata/FileAttachments/{ENVI_PO_ID}/metadata", headers=headers)
    assert refused.status_code == 404
    assert f"'Bearer {token[:6]}\u2026'" in refused.json()["error"]["message"]


def test_download_links_carry_both_tokens_and_text_answers_turn_latin1(
    make_client: ClientFactory,
) -> None:
    client = make_client(echo_secrets=True, rate_limits=False)
    files = client.get(
        f"/altegio/v1/company/{ALTEGIO_LOCATION_ID}/clients/files/{ALTEGIO_CLIENT_ID}",
        headers=ALTEGIO_AUTH_HEADERS,
    ).json()["data"]
    full = next(row["full_link"] for row in files if "full_link" in row)
    query = dict(parse_qsl(urlsplit(full).query))
    assert query == {"partner_token": ALTEGIO_PARTNER_TOKEN, "user_token": ALTEGIO_USER_TOKEN}
    text = client.get(
        f"/altegio-web/client_files/download/{ALTEGIO_LOCATION_ID}/123/",
        headers=ALTEGIO_AUTH_HEADERS,
    )
    assert text.headers["content-type"] == "text/plain; charset=iso-8859-1"
    assert "Debug (\u00e9)" in text.content.decode("latin-1")
    assert ALTEGIO_USER_TOKEN in text.content.decode("latin-1")
    assert b"\xe9" in text.content  # not valid UTF-8


def test_the_sandbox_as_shipped_echoes_nothing(client: httpx2.Client) -> None:
    answer = envi_password_grant(client)
    assert "debugInfo" not in answer.json()
    assert not any(name.startswith("x-debug") for name in answer.headers)


def test_the_command_line_turns_it_on() -> None:
    assert parse_args(["--echo-secrets"]).echo_secrets is True
    assert parse_args([]).echo_secrets is False
