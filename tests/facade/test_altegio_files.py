"""Altegio through the public client, against recorded sandbox exchanges: login, the
client files list and its quirks, downloads through the web app, deletion and errors."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from attachkit import Attachment, EntityRef, errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit_altegio_client.models import ClientFile
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LAPSED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
)
from attachkit_sandbox.vendors.altegio.data import (
    ALTEGIO_EMPTY_CLIENT_ID,
    ALTEGIO_USERNAME_CLIENT_ID,
    altegio_locations,
)
from tests.support.targets import Target

LOCATION = altegio_locations()[ALTEGIO_LOCATION_ID]
DATA = {str(file.file_id): file for files in LOCATION.clients.values() for file in files}
MINUS_FIVE = timedelta(hours=-5)


def _skip_wait(seconds: float) -> None:
    """The recording sandbox runs without its rate limit, so replays need no pacing."""


@pytest.fixture
def altegio(altegio_target: Target, altegio_web_target: Target) -> Iterator[AltegioClient]:
    credentials = altegio_target.credentials
    with AltegioClient.from_login(
        credentials["partner_token"],
        credentials["login"],
        credentials["password"],
        base_url=altegio_target.base_url,
        web_base_url=altegio_web_target.base_url,
        sleep=_skip_wait,
    ) as client:
        yield client


@pytest.fixture
async def async_altegio(
    altegio_target: Target, altegio_web_target: Target
) -> AsyncIterator[AsyncAltegioClient]:
    credentials = altegio_target.credentials

    async def skip_wait(seconds: float) -> None:
        pass

    async with AsyncAltegioClient.from_login(
        credentials["partner_token"],
        credentials["login"],
        credentials["password"],
        base_url=altegio_target.base_url,
        web_base_url=altegio_web_target.base_url,
        sleep=skip_wait,
    ) as client:
        yield client


def _raw(attachment: Attachment) -> ClientFile:
    assert isinstance(attachment.raw, ClientFile)
    return attachment.raw


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.vcr
def test_lists_the_files_of_a_client(altegio: AltegioClient) -> None:
    files = altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)
    attachments = list(files)
    assert files.total_count == 4
    assert attachments[0] == Attachment(
        vendor="altegio",
        id="123",
        entity=EntityRef(type="client", id=str(ALTEGIO_CLIENT_ID)),
        name="test.txt",
        extension="txt",
        mime_type="text/plain",
        size=9,  # "9 B"
        created_at=datetime(2026, 1, 1, 17, 0, tzinfo=UTC),  # "2026-01-01T12:00:00-0500"
        updated_at=None,
        created_by="Victor Sitnikov",  # `user_name`
        status=None,
        description="",
        raw=None,
    )
    assert _raw(attachments[0]).size == "9 B"
    assert [att.name for att in attachments] == [
        "test.txt",
        "photo.jpg",
        "consent form.pdf",
        "allergies \u2013 ÆØÅ.txt",
    ]
    # "96.65 KB" is 98,969.6 bytes: the vendor rounds, so KB sizes are close, not exact.
    assert _raw(attachments[1]).size == "96.65 KB"
    assert [att.size for att in attachments] == [9, 98970, 610, 19]
    assert [att.mime_type for att in attachments] == [
        "text/plain",
        "image/jpeg",
        "application/pdf",
        "text/plain",
    ]
    for attachment in attachments:
        assert attachment.created_at is not None
        assert attachment.created_at.utcoffset() == MINUS_FIVE
        assert attachment.created_at == DATA[attachment.id].created


@pytest.mark.vcr
def test_the_username_spelling_of_the_uploader_field(altegio: AltegioClient) -> None:
    attachments = list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_USERNAME_CLIENT_ID))
    assert [att.created_by for att in attachments] == ["Olga Petrova"] * 3
    assert [_raw(att).size for att in attachments] == ["1.26 KB", "1.26 KB", "23 B"]
    assert [_raw(att).username for att in attachments] == ["Olga Petrova"] * 3
    for attachment in attachments:
        assert attachment.size is not None
        assert abs(attachment.size - DATA[attachment.id].size) <= 0.005 * 1024


@pytest.mark.vcr
def test_a_client_without_files(altegio: AltegioClient) -> None:
    files = altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_EMPTY_CLIENT_ID)
    assert list(files) == []
    assert files.total_count == 0
    assert [len(page.items) for page in files.pages()] == [0]


@pytest.mark.vcr
def test_download_open_and_save_go_through_the_web_link(
    altegio: AltegioClient, tmp_path: Path
) -> None:
    attachments = list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
    for attachment in attachments:
        assert _sha256(altegio.download(attachment)) == DATA[attachment.id].sha256
    photo = attachments[1]
    with altegio.open(photo, chunk_size=4096) as chunks:
        parts = list(chunks)
    assert len(parts) > 1
    assert _sha256(b"".join(parts)) == DATA["789"].sha256
    path = altegio.save(attachments[3], tmp_path)
    assert path == tmp_path / "allergies \u2013 ÆØÅ.txt"
    assert _sha256(path.read_bytes()) == DATA["1002"].sha256


@pytest.mark.vcr
def test_delete_removes_the_file(altegio: AltegioClient) -> None:
    before = list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
    photo = next(att for att in before if att.id == "789")
    altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 789)
    after = list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
    assert [att.id for att in after] == ["123", "1001", "1002"]
    with pytest.raises(errors.NotFoundError):
        altegio.download(photo)
    with pytest.raises(errors.NotFoundError):
        altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 789)


@pytest.mark.vcr
def test_a_file_the_user_may_not_edit_cannot_be_deleted(altegio: AltegioClient) -> None:
    with pytest.raises(errors.PermissionDeniedError) as caught:
        altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 123)
    assert (caught.value.status_code, caught.value.vendor_message) == (403, "Access denied.")
    assert [att.id for att in altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)] == [
        "123",
        "789",
        "1001",
        "1002",
    ]


@pytest.mark.vcr
def test_an_unknown_client_is_a_404_with_an_empty_meta(altegio: AltegioClient) -> None:
    with pytest.raises(errors.NotFoundError) as caught:
        list(altegio.list_files(ALTEGIO_LOCATION_ID, 999999))
    error = caught.value
    assert (error.vendor, error.status_code, error.vendor_message) == ("altegio", 404, None)
    assert '"meta":[]' in error.body
    assert str(error).startswith("altegio: HTTP 404 for GET ")
    assert str(error).endswith("/v1/company/456/clients/files/999999")  # no message to add


@pytest.mark.vcr
def test_an_expired_licence_is_payment_required(altegio: AltegioClient) -> None:
    with pytest.raises(errors.PaymentRequiredError) as caught:
        list(altegio.list_files(ALTEGIO_EXPIRED_LOCATION_ID, 555001))
    assert caught.value.status_code == 402
    assert caught.value.vendor_message == "The license for this location has expired."
    assert "The license for this location has expired." in str(caught.value)


@pytest.mark.vcr
def test_a_licence_refused_with_403_is_payment_required_too(altegio: AltegioClient) -> None:
    # The YCLIENTS blueprint answers an expired licence with 403 in four of five examples.
    with pytest.raises(errors.PaymentRequiredError) as caught:
        list(altegio.list_files(ALTEGIO_LAPSED_LOCATION_ID, 555002))
    message = f"Необходимо продлить лицензию в филиале с id: {ALTEGIO_LAPSED_LOCATION_ID}"  # noqa: RUF001
    assert (caught.value.status_code, caught.value.vendor_message) == (403, message)
    assert str(caught.value).endswith(f"/clients/files/555002: {message}")


@pytest.mark.vcr
@pytest.mark.anyio
@pytest.mark.parametrize(
    ("location", "client", "status"),
    [(ALTEGIO_EXPIRED_LOCATION_ID, 555001, 402), (ALTEGIO_LAPSED_LOCATION_ID, 555002, 403)],
    ids=["402", "403"],
)
async def test_async_licence_refusals_are_payment_required(
    async_altegio: AsyncAltegioClient, location: int, client: int, status: int
) -> None:
    with pytest.raises(errors.PaymentRequiredError) as caught:
        [att async for att in async_altegio.list_files(location, client)]
    assert caught.value.status_code == status
    assert caught.value.vendor_message


@pytest.mark.vcr
def test_a_location_the_user_cannot_see_is_forbidden(altegio: AltegioClient) -> None:
    with pytest.raises(errors.PermissionDeniedError) as caught:
        list(altegio.list_files(111, ALTEGIO_CLIENT_ID))
    assert caught.value.vendor_message == "Access denied."


@pytest.mark.vcr
def test_a_wrong_password_fails_the_login(altegio_target: Target) -> None:
    password = "wrong-password-that-must-not-leak"
    with (
        AltegioClient.from_login(
            altegio_target.credentials["partner_token"],
            altegio_target.credentials["login"],
            password,
            base_url=altegio_target.base_url,
            sleep=_skip_wait,
        ) as altegio,
        pytest.raises(errors.AuthenticationError) as caught,
    ):
        list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
    error = caught.value
    assert (error.status_code, error.vendor_message) == (401, "Incorrect login or password")
    assert "Incorrect login or password" in str(error)
    for text in (str(error), repr(error), error.body, error.url):
        assert password not in text
        assert altegio_target.credentials["partner_token"] not in text


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_client_lists_downloads_saves_and_deletes(
    async_altegio: AsyncAltegioClient, tmp_path: Path
) -> None:
    files = async_altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)
    attachments = [attachment async for attachment in files]
    assert [att.size for att in attachments] == [9, 98970, 610, 19]
    assert files.total_count == 4
    pages = [page async for page in files.pages()]
    assert [len(page.items) for page in pages] == [4]
    consent = attachments[2]
    assert _sha256(await async_altegio.download(consent)) == DATA["1001"].sha256
    async with async_altegio.open(attachments[1], chunk_size=4096) as chunks:
        assert _sha256(b"".join([chunk async for chunk in chunks])) == DATA["789"].sha256
    path = await async_altegio.save(consent, tmp_path)
    assert path == tmp_path / "consent form.pdf"
    assert _sha256(path.read_bytes()) == DATA["1001"].sha256
    await async_altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 1001)
    remaining = async_altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)
    assert [att.id async for att in remaining] == ["123", "789", "1002"]
    with pytest.raises(errors.PaymentRequiredError):
        [att async for att in async_altegio.list_files(ALTEGIO_EXPIRED_LOCATION_ID, 555001)]


# --- upload -----------------------------------------------------------------------------------

REFERRAL = b"%PDF-1.4\n% a referral letter\n"


@pytest.mark.vcr
def test_an_upload_comes_back_as_the_new_file(altegio: AltegioClient, tmp_path: Path) -> None:
    attachment = altegio.upload_file(
        ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, REFERRAL, name="referral.pdf"
    )
    assert (attachment.id, attachment.name, attachment.mime_type) == (
        "500001",
        "referral.pdf",
        "application/pdf",
    )
    assert attachment.size == len(REFERRAL)
    assert attachment.created_by == "Sandbox Owner"
    assert _raw(attachment).full_link is not None
    listed = [att.id for att in altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)]
    assert listed == ["123", "789", "1001", "1002", "500001"]
    # Through its full link, on the web host.
    assert altegio.download(attachment) == REFERRAL
    path = altegio.save(attachment, tmp_path)
    assert path.read_bytes() == REFERRAL


@pytest.mark.vcr
def test_an_upload_without_the_upload_right_is_refused(
    altegio_target: Target, altegio_web_target: Target
) -> None:
    credentials = altegio_target.credentials
    with (
        AltegioClient.from_login(
            credentials["partner_token"],
            credentials["viewer_login"],
            credentials["viewer_password"],
            base_url=altegio_target.base_url,
            web_base_url=altegio_web_target.base_url,
            sleep=_skip_wait,
        ) as viewer,
        pytest.raises(errors.PermissionDeniedError) as caught,
    ):
        viewer.upload_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, REFERRAL, name="referral.pdf")
    assert (caught.value.status_code, caught.value.vendor_message) == (403, "Access denied.")
    assert "stored" not in str(caught.value)


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_upload_from_a_path(async_altegio: AsyncAltegioClient, tmp_path: Path) -> None:
    source = tmp_path / "allergy card.txt"
    source.write_bytes(b"Allergic to latex.\n" * 50)
    attachment = await async_altegio.upload_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, source)
    assert (attachment.id, attachment.name, attachment.size) == ("500001", "allergy card.txt", 950)
    assert await async_altegio.download(attachment) == source.read_bytes()
