"""Every operation of the generated Altegio client, its success and each documented (or, for
the upload, assumed) error."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest

from attachkit.sandbox import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
)
from attachkit.sandbox.data import ALTEGIO_EMPTY_CLIENT_ID, ALTEGIO_USERNAME_CLIENT_ID
from attachkit_altegio_client import Client
from attachkit_altegio_client.api.auth import authorize_user
from attachkit_altegio_client.api.client_files import (
    delete_client_file,
    list_client_files,
    upload_client_file,
)
from attachkit_altegio_client.models import (
    AuthRequest,
    AuthResponse,
    ClientFilesMeta,
    ClientFilesResponse,
    ClientFileUpload,
    DeleteResponse,
    ErrorEnvelope,
    ErrorMeta,
    ErrorMetaErrors,
)
from attachkit_altegio_client.types import UNSET, File
from tests.operations.helpers import (
    FAULT_429,
    DetailedResponse,
    altegio_credentials,
    altegio_message,
    altegio_partner,
    altegio_user,
    altegio_viewer_login,
    parsed_as,
)
from tests.support.targets import Target

UNKNOWN_LOCATION_ID = 999
UNKNOWN_CLIENT_ID = 999999
EXPIRED_LOCATION_CLIENT_ID = 555001
EXPIRED_LOCATION_FILE_ID = 9001
READ_ONLY_FILE_ID = 123  # the vendor's example `test.txt`, `can_edit: false`
EDITABLE_FILE_ID = 789  # the vendor's example `photo.jpg`, `can_edit: true`


# --- auth.authorize_user ------------------------------------------------------------------


def _authorize(
    target: Target,
    body: AuthRequest,
    *,
    partner_token: str | None = None,
    headers: dict[str, str] | None = None,
) -> DetailedResponse:
    with altegio_partner(target, partner_token).with_headers(headers or {}) as client:
        return authorize_user.sync_detailed(client=client, body=body)


@pytest.mark.vcr
def test_authorize_user_issues_a_user_token(altegio_target: Target) -> None:
    response = _authorize(altegio_target, altegio_credentials(altegio_target))
    result = parsed_as(response, 201, AuthResponse)
    assert result.success is True
    assert result.meta == []
    user = result.data
    assert user.user_token
    assert (user.id, user.name, user.is_approved) == (1000001, "Sandbox Owner", True)
    assert user.is_email_confirmed is True
    assert user.avatar == "/images/no-master.png"


@pytest.mark.vcr
@pytest.mark.anyio
async def test_authorize_user_async(altegio_target: Target) -> None:
    async with altegio_partner(altegio_target) as client:
        response = await authorize_user.asyncio_detailed(
            client=client, body=altegio_credentials(altegio_target)
        )
    assert parsed_as(response, 201, AuthResponse).data.user_token


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("password", "partner_token", "status", "message"),
    [
        pytest.param(
            "not-the-password", None, 401, "Incorrect login or password", id="401-wrong-password"
        ),
        pytest.param(
            None, "not-the-partner-token", 401, "Partner authentication failed.", id="401-partner"
        ),
    ],
)
def test_authorize_user_refused(
    altegio_target: Target,
    password: str | None,
    partner_token: str | None,
    status: int,
    message: str,
) -> None:
    body = altegio_credentials(altegio_target)
    if password is not None:
        body.password = password
    response = _authorize(altegio_target, body, partner_token=partner_token)
    assert altegio_message(parsed_as(response, status, ErrorEnvelope)) == message


@pytest.mark.vcr
def test_authorize_user_validation_failed(altegio_target: Target) -> None:
    response = _authorize(altegio_target, AuthRequest(login="", password=""))
    meta = parsed_as(response, 422, ErrorEnvelope).meta
    assert isinstance(meta, ErrorMeta)
    assert meta.message == "The given data was invalid."
    assert isinstance(meta.errors, ErrorMetaErrors)
    assert meta.errors.to_dict() == {
        "login": ["The login field is required."],
        "password": ["The password field is required."],
    }


@pytest.mark.vcr
def test_authorize_user_rate_limited(altegio_target: Target) -> None:
    response = _authorize(altegio_target, altegio_credentials(altegio_target), headers=FAULT_429)
    assert altegio_message(parsed_as(response, 429, ErrorEnvelope)) == "Too Many Requests"


# --- client_files.list_client_files -------------------------------------------------------


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("client_id", "names", "uploader"),
    [
        pytest.param(
            ALTEGIO_CLIENT_ID,
            ["test.txt", "photo.jpg", "consent form.pdf", "allergies \u2013 ÆØÅ.txt"],
            "user_name",
            id="vendor-example",
        ),
        pytest.param(
            ALTEGIO_USERNAME_CLIENT_ID,
            ["before.png", "after.png", "notes.txt"],
            "username",
            id="username-spelling",
        ),
        pytest.param(ALTEGIO_EMPTY_CLIENT_ID, [], "user_name", id="no-files"),
    ],
)
def test_list_client_files(
    altegio_api: Client, client_id: int, names: list[str], uploader: str
) -> None:
    response = list_client_files.sync_detailed(ALTEGIO_LOCATION_ID, client_id, client=altegio_api)
    result = parsed_as(response, 200, ClientFilesResponse)
    assert result.success is True
    assert [file.name for file in result.data] == names
    assert isinstance(result.meta, ClientFilesMeta)
    assert result.meta.count == len(names)
    other = {"user_name": "username", "username": "user_name"}[uploader]
    for file in result.data:
        assert file.client_id == client_id
        assert isinstance(getattr(file, uploader), str)
        assert getattr(file, other) is UNSET


@pytest.mark.vcr
def test_list_shows_the_vendor_example(altegio_api: Client) -> None:
    response = list_client_files.sync_detailed(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=altegio_api
    )
    first, second = parsed_as(response, 200, ClientFilesResponse).data[:2]
    assert first.to_dict() == {
        "id": 123,
        "client_id": ALTEGIO_CLIENT_ID,
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
    }
    assert (second.id, second.size, second.can_edit) == (EDITABLE_FILE_ID, "96.65 KB", True)


@pytest.mark.vcr
@pytest.mark.anyio
async def test_list_client_files_async(altegio_target: Target, altegio_user_token: str) -> None:
    async with altegio_user(altegio_target, altegio_user_token) as client:
        result = await list_client_files.asyncio(
            ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=client
        )
    assert isinstance(result, ClientFilesResponse)
    assert len(result.data) == 4


# --- client_files.delete_client_file ------------------------------------------------------


@pytest.mark.vcr
def test_delete_client_file(altegio_api: Client) -> None:
    def delete() -> DetailedResponse:
        return delete_client_file.sync_detailed(
            ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, EDITABLE_FILE_ID, client=altegio_api
        )

    accepted = parsed_as(delete(), 202, DeleteResponse)
    assert (accepted.success, accepted.data) == (True, None)
    assert isinstance(accepted.meta, ErrorMeta)
    assert accepted.meta.message == "Accepted"
    listing = list_client_files.sync_detailed(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=altegio_api
    )
    remaining = parsed_as(listing, 200, ClientFilesResponse).data
    assert EDITABLE_FILE_ID not in [file.id for file in remaining]
    # Gone: a second delete finds nothing (and says so with `meta: []`).
    assert altegio_message(parsed_as(delete(), 404, ErrorEnvelope)) is None


# --- client_files.upload_client_file ------------------------------------------------------

REFERRAL = b"%PDF-1.4\n% a referral letter\n"


def _upload_body(data: bytes, name: str = "referral.pdf") -> ClientFileUpload:
    part = File(payload=io.BytesIO(data), file_name=name, mime_type="application/pdf")
    return ClientFileUpload(file=part)


@pytest.mark.vcr
def test_upload_client_file_answers_the_whole_list(altegio_api: Client) -> None:
    response = upload_client_file.sync_detailed(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=altegio_api, body=_upload_body(REFERRAL)
    )
    result = parsed_as(response, 200, ClientFilesResponse)
    assert result.success is True
    assert isinstance(result.meta, ClientFilesMeta)
    assert result.meta.count == len(result.data) == 5
    new = result.data[-1]
    assert (new.id, new.name, new.size, new.mime) == (
        500001,
        "referral.pdf",
        f"{len(REFERRAL)} B",
        "application/pdf",
    )
    assert new.link == "/client_files/download/456/500001/"
    assert isinstance(new.full_link, str)
    assert new.full_link.endswith("/client_files/download/456/500001/")
    listing = list_client_files.sync_detailed(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=altegio_api
    )
    assert parsed_as(listing, 200, ClientFilesResponse).data[-1].to_dict() == new.to_dict()


@pytest.mark.vcr
@pytest.mark.anyio
async def test_upload_client_file_async(altegio_target: Target, altegio_user_token: str) -> None:
    async with altegio_user(altegio_target, altegio_user_token) as client:
        result = await upload_client_file.asyncio(
            ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=client, body=_upload_body(b"%PDF")
        )
    assert isinstance(result, ClientFilesResponse)
    assert result.data[-1].name == "referral.pdf"


@pytest.mark.vcr
def test_upload_needs_the_upload_right(altegio_target: Target) -> None:
    with altegio_user(altegio_target, altegio_viewer_login(altegio_target)) as viewer:
        response = upload_client_file.sync_detailed(
            ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=viewer, body=_upload_body(REFERRAL)
        )
    assert altegio_message(parsed_as(response, 403, ErrorEnvelope)) == "Access denied."


@pytest.mark.vcr
def test_upload_of_12_mib_is_refused(altegio_api: Client) -> None:
    # Exactly 12 MiB: the cap is "strictly below". (The cassette keeps only a summary.)
    body = _upload_body(bytes(12 * 1024 * 1024), name="scan.pdf")
    response = upload_client_file.sync_detailed(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, client=altegio_api, body=body
    )
    meta = parsed_as(response, 422, ErrorEnvelope).meta
    assert isinstance(meta, ErrorMeta)
    assert meta.message == "The given data was invalid."
    assert isinstance(meta.errors, ErrorMetaErrors)
    assert meta.errors.to_dict() == {"file": ["The file must be smaller than 12 MiB."]}


# --- errors both client_files operations share --------------------------------------------


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str | None  # None: `meta` is the vendor's empty array
    location_id: int = ALTEGIO_LOCATION_ID
    client_id: int = ALTEGIO_CLIENT_ID
    file_id: int = EDITABLE_FILE_ID
    user_token: str | None = None  # None: the one the login gave
    headers: dict[str, str] = field(default_factory=dict)


REFUSALS = {
    "401-wrong-user-token": Refusal(401, "Authentication needed.", user_token="not-the-token"),
    "402-licence-expired": Refusal(
        402,
        "The license for this location has expired.",
        location_id=ALTEGIO_EXPIRED_LOCATION_ID,
        client_id=EXPIRED_LOCATION_CLIENT_ID,
        file_id=EXPIRED_LOCATION_FILE_ID,
    ),
    "403-unknown-location": Refusal(403, "Access denied.", location_id=UNKNOWN_LOCATION_ID),
    "404-unknown-client": Refusal(404, None, client_id=UNKNOWN_CLIENT_ID),
    "429-rate-limited": Refusal(429, "Too Many Requests", headers=FAULT_429),
}
DELETE_ONLY = {
    "403-read-only-file": Refusal(403, "Access denied.", file_id=READ_ONLY_FILE_ID),
    "404-unknown-file": Refusal(404, None, file_id=1),
}


def _refused_client(target: Target, user_token: str, refusal: Refusal) -> Client:
    token = user_token if refusal.user_token is None else refusal.user_token
    return altegio_user(target, token).with_headers(refusal.headers)


@pytest.mark.vcr
@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
def test_list_refused(altegio_target: Target, altegio_user_token: str, refusal: Refusal) -> None:
    with _refused_client(altegio_target, altegio_user_token, refusal) as client:
        response = list_client_files.sync_detailed(
            refusal.location_id, refusal.client_id, client=client
        )
    assert altegio_message(parsed_as(response, refusal.status, ErrorEnvelope)) == refusal.message


@pytest.mark.vcr
@pytest.mark.parametrize(
    "refusal", [*REFUSALS.values(), *DELETE_ONLY.values()], ids=[*REFUSALS, *DELETE_ONLY]
)
def test_delete_refused(altegio_target: Target, altegio_user_token: str, refusal: Refusal) -> None:
    with _refused_client(altegio_target, altegio_user_token, refusal) as client:
        response = delete_client_file.sync_detailed(
            refusal.location_id, refusal.client_id, refusal.file_id, client=client
        )
    assert altegio_message(parsed_as(response, refusal.status, ErrorEnvelope)) == refusal.message


@pytest.mark.vcr
@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
def test_upload_refused(altegio_target: Target, altegio_user_token: str, refusal: Refusal) -> None:
    with _refused_client(altegio_target, altegio_user_token, refusal) as client:
        response = upload_client_file.sync_detailed(
            refusal.location_id, refusal.client_id, client=client, body=_upload_body(REFERRAL)
        )
    assert altegio_message(parsed_as(response, refusal.status, ErrorEnvelope)) == refusal.message
