"""The test vendor's clients against its recordings: listings page through, downloads and
saves give the listed bytes, and its refusals are attachkit's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from attachkit import errors
from tests.support.targets import Target

from .acme import AcmeClient, AsyncAcmeClient
from .generated.attachkit_acme_client.models import FileRecord
from .sandbox import FILES


def _client(target: Target) -> AcmeClient:
    return AcmeClient(target.base_url, token=target.credentials["token"])


@pytest.mark.vcr
def test_a_listing_pages_through_every_file(acme_target: Target) -> None:
    with _client(acme_target) as acme:
        listing = acme.list_files("e1")
        pages = [[item.name for item in page.items] for page in listing.pages()]
    assert pages == [["invoice.pdf", "scan.png"], ["notes.txt"]]
    assert listing.total_count == 3


@pytest.mark.vcr
def test_downloads_and_saves_give_the_listed_bytes(acme_target: Target, tmp_path: Path) -> None:
    with _client(acme_target) as acme:
        files = list(acme.list_files("e1"))
        assert [acme.download(file) for file in files] == [data for _, data in FILES["e1"]]
        saved = acme.save(files[0], tmp_path)
    assert saved.read_bytes() == FILES["e1"][0][1]
    assert [file.size for file in files] == [len(data) for _, data in FILES["e1"]]
    assert isinstance(files[0].raw, FileRecord)  # the generated model, built when read
    assert files[0].raw.name == "invoice.pdf"


@pytest.mark.vcr
@pytest.mark.anyio
async def test_the_async_client_lists_the_same(acme_target: Target) -> None:
    async with AsyncAcmeClient(
        acme_target.base_url, token=acme_target.credentials["token"]
    ) as acme:
        names = [file.name async for file in acme.list_files("e2")]
    assert names == ["contract.pdf"]


@pytest.mark.vcr
def test_a_wrong_token_is_an_authentication_error(acme_target: Target) -> None:
    acme = AcmeClient(acme_target.base_url, token="not-the-token")
    with acme, pytest.raises(errors.AuthenticationError) as caught:
        list(acme.list_files("e1"))
    assert caught.value.vendor_message == "bad token"
    assert "not-the-token" not in str(caught.value)


@pytest.mark.vcr
def test_an_unknown_entity_is_not_found(acme_target: Target) -> None:
    with _client(acme_target) as acme, pytest.raises(errors.NotFoundError) as caught:
        list(acme.list_files("e404"))
    assert caught.value.vendor_message == "no such entity"


def test_an_entity_is_letters_and_digits() -> None:
    with AcmeClient("https://api.acme.example/api", token="t") as acme:
        with pytest.raises(ValueError, match="letters and digits"):
            acme.list_files("e-1")
        with pytest.raises(TypeError):
            acme.list_files(1)  # type: ignore[arg-type]
