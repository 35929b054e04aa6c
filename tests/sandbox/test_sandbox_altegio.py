"""Altegio: user-token login, client files, upload, deletion, web download, full links and
the IP rate limit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import httpx2
import pytest

from attachkit.conformance.formdata import FormPart, parse_form
from attachkit_sandbox import SandboxConfig, create_app, sandbox_state
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL, FakeClock
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_AUTH_HEADERS,
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_PHONE,
    ALTEGIO_USER_TOKEN,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
    ALTEGIO_VIEWER_TOKEN,
    AltegioSettings,
    altegio_bulk_client_ids,
)
from attachkit_sandbox.vendors.altegio.api import UPLOAD_LIMIT, human_size
from attachkit_sandbox.vendors.altegio.data import ALTEGIO_USERNAME_CLIENT_ID, altegio_locations
from tests.support.records import documented_records

PARTNER = {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}"}
VIEWER = {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_VIEWER_TOKEN}"}
FILES = f"/altegio/v1/company/456/clients/files/{ALTEGIO_CLIENT_ID}"
REFUSED = "The given data was invalid."


@pytest.fixture
def client(make_client: Callable[..., httpx2.Client]) -> httpx2.Client:
    # Most tests here make more requests than the default limit allows per second.
    return make_client(rate_limits=False)


@pytest.mark.parametrize("login", [ALTEGIO_LOGIN, ALTEGIO_PHONE, "+" + ALTEGIO_PHONE])
def test_login_returns_the_user_token(client: httpx2.Client, login: str) -> None:
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
        "is_email_confirmed",
    }


def test_the_viewer_logs_in_with_a_token_of_its_own(client: httpx2.Client) -> None:
    response = client.post(
        "/altegio/v1/auth",
        headers=PARTNER,
        json={"login": ALTEGIO_VIEWER_LOGIN, "password": ALTEGIO_VIEWER_PASSWORD},
    )
    assert response.status_code == 201
    assert response.json()["data"]["user_token"] == ALTEGIO_VIEWER_TOKEN
    assert ALTEGIO_VIEWER_TOKEN != ALTEGIO_USER_TOKEN
    wrong = client.post(
        "/altegio/v1/auth",
        headers=PARTNER,
        json={"login": ALTEGIO_VIEWER_LOGIN, "password": ALTEGIO_PASSWORD},
    )
    assert wrong.status_code == 401
    assert client.get(FILES, headers=VIEWER).status_code == 200


def test_login_errors(client: httpx2.Client) -> None:
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


def test_list_matches_the_vendor_example(client: httpx2.Client) -> None:
    response = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["meta"] == {"count": len(body["data"])}
    # The two rows of the vendor's own example, as the spec keeps them.
    assert body["data"][:2] == documented_records("altegio", "ClientFile")[:2]


def test_rows_outside_the_vendor_example_carry_a_full_link_on_the_web_host(
    client: httpx2.Client,
) -> None:
    rows = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"]
    assert [("full_link" in row) for row in rows] == [False, False, True, True]
    for row in rows[2:]:
        # On the host the request came to, where the web app is mounted.
        assert row["full_link"] == f"http://sandbox.test/altegio-web{row['link']}"
        assert list(row).index("full_link") == list(row).index("link") + 1
        download = client.get(row["full_link"], headers=ALTEGIO_AUTH_HEADERS)
        assert download.status_code == 200
        assert download.content


def test_some_records_say_username(client: httpx2.Client) -> None:
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
def test_data_calls_need_both_tokens(client: httpx2.Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.get(FILES, headers=headers)
    assert response.status_code == 401
    assert response.json()["meta"] == {"message": "Authentication needed."}


def test_location_and_client_errors(client: httpx2.Client) -> None:
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
    # The other form, as the YCLIENTS blueprint answers: 403 in Russian.
    lapsed = client.get(
        "/altegio/v1/company/790/clients/files/555002", headers=ALTEGIO_AUTH_HEADERS
    )
    assert lapsed.status_code == 403
    message = "Необходимо продлить лицензию в филиале с id: 790"  # noqa: RUF001
    assert lapsed.json() == {"success": False, "data": None, "meta": {"message": message}}
    foreign = client.get("/altegio/v1/company/1/clients/files/1", headers=ALTEGIO_AUTH_HEADERS)
    assert foreign.status_code == 403
    assert foreign.json()["meta"]["message"] == "Access denied."


def test_delete_then_gone(client: httpx2.Client) -> None:
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


def test_delete_without_edit_right_is_403(client: httpx2.Client) -> None:
    response = client.delete(f"{FILES}/123", headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 403
    assert response.json()["success"] is False


def test_web_download(client: httpx2.Client) -> None:
    file = altegio_locations()[456].clients[ALTEGIO_CLIENT_ID][1]
    response = client.get(f"/altegio-web{file.link}", headers=ALTEGIO_AUTH_HEADERS)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    assert hashlib.sha256(response.content).hexdigest() == file.sha256
    assert "photo.jpg" in response.headers["content-disposition"]
    assert client.get(f"/altegio-web{file.link}").status_code == 401


def test_bulk_clients(client: httpx2.Client) -> None:
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
    make_client: Callable[..., httpx2.Client], clock: FakeClock
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
    make_client: Callable[..., httpx2.Client], clock: FakeClock
) -> None:
    client = make_client(vendor_settings=(AltegioSettings(rate=(5, 10), retry_after=True),))
    for _ in range(10):
        assert client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).status_code == 200
        clock.advance(0.5)
    limited = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS)
    assert limited.status_code == 429
    # The first hit, at t=0, leaves the 60 s window at t=60; now is t=5.
    assert limited.headers["Retry-After"] == "55"


# --- upload ---------------------------------------------------------------------------------


def _form(name: str, data: bytes, boundary: str = "sandbox-boundary") -> tuple[bytes, str]:
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _upload(
    client: httpx2.Client,
    name: str,
    data: bytes,
    headers: dict[str, str] = ALTEGIO_AUTH_HEADERS,
    url: str = FILES,
) -> httpx2.Response:
    body, content_type = _form(name, data)
    return client.post(url, content=body, headers={**headers, "Content-Type": content_type})


def test_an_upload_answers_the_whole_list_and_can_be_downloaded(client: httpx2.Client) -> None:
    # Bytes that look like multipart framing must come back unchanged.
    data = b"line one\r\n--sandbox-boundar\r\n\r\n\x00\xff binary"
    response = _upload(client, "Referral \u2013 ÆØÅ.pdf", data)
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    rows = body["data"]
    assert body["meta"] == {"count": len(rows)} == {"count": 5}
    new = rows[-1]
    assert new == {
        "id": 500001,
        "client_id": ALTEGIO_CLIENT_ID,
        "name": "Referral \u2013 ÆØÅ.pdf",
        "description": "",
        "date_create": "2026-03-02T09:00:00-0500",
        "extension": "pdf",
        "mime": "application/pdf",
        "link": "/client_files/download/456/500001/",
        "full_link": "http://sandbox.test/altegio-web/client_files/download/456/500001/",
        "user_name": "Sandbox Owner",
        "user_avatar": "/images/no-master.png",
        "size": human_size(len(data)),
        "can_edit": True,
    }
    assert client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"] == rows
    assert client.get(new["full_link"], headers=ALTEGIO_AUTH_HEADERS).content == data
    second = _upload(client, "Referral \u2013 ÆØÅ.pdf", b"again").json()["data"]
    assert [row["id"] for row in second[-2:]] == [500001, 500002]
    assert second[-1]["date_create"] == "2026-03-02T09:01:00-0500"


def test_a_user_without_the_upload_right_is_refused(client: httpx2.Client) -> None:
    response = _upload(client, "a.pdf", b"%PDF", headers=VIEWER)
    assert response.status_code == 403
    assert response.json() == {
        "success": False,
        "data": None,
        "meta": {"message": "Access denied."},
    }
    assert len(client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"]) == 4


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "big.txt", b"x" * UPLOAD_LIMIT, "The file must be smaller than 12 MiB.", id="12MiB"
        ),
        pytest.param(
            "big.txt",
            b"x" * (UPLOAD_LIMIT + 70 * 1024),
            "The file must be smaller than 12 MiB.",
            id="beyond-the-body-cap",
        ),
        pytest.param("empty.txt", b"", "The file must not be empty.", id="empty"),
        pytest.param(
            "setup.exe",
            b"MZ",
            "The file must be a file of type: jpeg, jpg, png, gif, doc, docx, pdf, xls, xlsx, txt.",
            id="extension",
        ),
    ],
)
def test_refused_files(client: httpx2.Client, name: str, data: bytes, message: str) -> None:
    response = _upload(client, name, data)
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "data": None,
        "meta": {"message": REFUSED, "errors": {"file": [message]}},
    }
    assert len(client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"]) == 4


def test_just_under_the_cap_is_stored(client: httpx2.Client) -> None:
    response = _upload(client, "big.txt", b"x" * (UPLOAD_LIMIT - 1))
    assert response.status_code == 200
    assert response.json()["data"][-1]["size"] == "12 MB"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param(b'{"file": "a.pdf"}', "application/json", id="json"),
        pytest.param(b"--b\r\nno end", "multipart/form-data; boundary=b", id="unterminated"),
        pytest.param(
            b'--b\r\nContent-Disposition: form-data; name="other"; filename="a.pdf"\r\n\r\nx'
            b"\r\n--b--\r\n",
            "multipart/form-data; boundary=b",
            id="other-field",
        ),
        pytest.param(
            b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
            id="no-filename",
        ),
    ],
)
def test_a_body_without_a_file_part_is_refused(
    client: httpx2.Client, content: bytes, content_type: str
) -> None:
    headers = {**ALTEGIO_AUTH_HEADERS, "Content-Type": content_type}
    response = client.post(FILES, content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["meta"]["errors"] == {"file": ["The file field is required."]}


def test_upload_errors_before_the_body(client: httpx2.Client) -> None:
    assert _upload(client, "a.pdf", b"x", headers={}).status_code == 401
    unknown = _upload(client, "a.pdf", b"x", url="/altegio/v1/company/456/clients/files/1")
    assert (unknown.status_code, unknown.json()["meta"]) == (404, [])
    expired = _upload(client, "a.pdf", b"x", url="/altegio/v1/company/789/clients/files/555001")
    assert expired.status_code == 402
    foreign = _upload(client, "a.pdf", b"x", url="/altegio/v1/company/1/clients/files/1")
    assert foreign.status_code == 403


def test_uploads_are_forgotten_on_reset() -> None:
    app = create_app(SandboxConfig(rate_limits=False))
    with httpx2.Client(transport=SandboxTransport(app), base_url=IN_PROCESS_BASE_URL) as client:
        assert _upload(client, "a.txt", b"x").status_code == 200
        sandbox_state(app).reset()
        rows = client.get(FILES, headers=ALTEGIO_AUTH_HEADERS).json()["data"]
        assert [row["id"] for row in rows] == [123, 789, 1001, 1002]
        assert _upload(client, "a.txt", b"x").json()["data"][-1]["id"] == 500001


# --- the multipart reader behind the upload route ----------------------------------------------


def test_the_form_reader_keeps_contents_byte_for_byte() -> None:
    content = b"\r\n--not-the-boundary\r\n\r\n\x00\xff"
    body = (
        b"a preamble\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a; b=c.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + content + b"\r\n--XyZ\r\n"
        b'Content-Disposition: form-data; name="note"\r\n\r\nhello'
        b"\r\n--XyZ--\r\nan epilogue"
    )
    parts = parse_form('multipart/form-data; boundary="XyZ"', body)
    assert parts == [
        FormPart(name="file", filename="a; b=c.txt", content_type="text/plain", data=content),
        FormPart(name="note", filename=None, content_type=None, data=b"hello"),
    ]


FORM_B = "multipart/form-data; boundary=b"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param("application/json", b"{}", id="not-multipart"),
        pytest.param("multipart/form-data", b"--b\r\n\r\nx\r\n--b--", id="no-boundary"),
        pytest.param("multipart/form-data; boundary=b", b"--b\r\n\r\nx", id="unterminated"),
        pytest.param(
            "multipart/form-data; boundary=b", b"--b\r\nno blank line\r\n--b--", id="no-head-end"
        ),
        pytest.param(
            "multipart/form-data; boundary=b", b"--bX\r\n\r\nx\r\n--b--", id="bad-delimiter"
        ),
    ],
)
def test_the_form_reader_refuses_what_is_not_a_form(content_type: str, body: bytes) -> None:
    assert parse_form(content_type, body) is None
