"""Hostile vendor answers found by attacking the clients, one plain test each: error bodies
in odd charsets, links no URL can hold (Envi's next links, Altegio's download links), sizes
and lifetimes beyond a float, tokens that cannot go in a header, secrets in errors, and
listings that never end."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit._core.runner import Flow
from attachkit.altegio import AltegioClient, parse_size
from attachkit.amili import AmiliClient
from attachkit.envi import EnviClient, EnviPasswordAuth
from attachkit.pagination import Page, Paginator
from tests.hostile import world
from tests.hostile.paths import no_wait
from tests.hostile.world import PASSWORD, Answer, Echo, Vendor, leaked, shown
from tests.vendors.altegio import hostile as altegio_part
from tests.vendors.amili import hostile as amili_part
from tests.vendors.envi import hostile as envi_part

BAD_CHARSETS = ["utf-16", "rot13", "base64", "hex", "zlib", "punycode"]


def text_answer(status: int, text: bytes, charset: str) -> Answer:
    return Answer(status, text, (("content-type", f"text/plain; charset={charset}".encode()),))


def json_answer(status: int, body: object, charset: str) -> Answer:
    """`body` as UTF-8 JSON, declared to be in `charset`."""
    content_type = f"application/json; charset={charset}".encode()
    data = json.dumps(body, ensure_ascii=False).encode()
    return Answer(status, data, (("content-type", content_type),))


def envi(plan: dict[str, list[Answer]], **options: Any) -> tuple[EnviClient, Vendor]:
    vendor = Vendor(envi_part.envi_kind, envi_part.ENVI_DOCUMENTED, plan)
    client = EnviClient.from_password(
        envi_part.ENVI_URL, username=world.USERNAME, password=PASSWORD,
        transport=vendor.transport(), sleep=no_wait, **options,
    )  # fmt: skip
    return client, vendor


def altegio(plan: dict[str, list[Answer]], **options: Any) -> tuple[AltegioClient, Vendor]:
    vendor = Vendor(altegio_part.altegio_kind, altegio_part.ALTEGIO_DOCUMENTED, plan)
    client = AltegioClient.from_login(
        altegio_part.PARTNER_TOKEN, world.USERNAME, PASSWORD, base_url=altegio_part.ALTEGIO_URL,
        web_base_url=altegio_part.ALTEGIO_WEB_URL, rate_limits=None, transport=vendor.transport(),
        sleep=no_wait, **options,
    )  # fmt: skip
    return client, vendor


def utf16_or_garbage(charset: str) -> bytes:
    """A body that only decodes in `charset` if it is a real text encoding."""
    return "Bad gateway".encode("utf-16-le") if charset == "utf-16" else b"Bad gateway \xff"


# --- 1. error bodies in charsets that are not text encodings ----------------------------------


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_an_error_body_in_any_declared_charset_is_a_status_error(charset: str) -> None:
    answer = text_answer(502, utf16_or_garbage(charset), charset)
    client, _ = envi({"metadata": [answer]}, max_retries=0)
    with client, pytest.raises(errors.ServerError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert caught.value.status_code == 502
    assert caught.value.vendor_message is not None
    assert "Bad gateway" in caught.value.vendor_message


@pytest.mark.parametrize(
    "content_type",
    [
        b"text/plain; charset*=a; charset*0*=rot13''a; charset*1=b",  # httpx2: TypeError
        b"text/plain; charset=utf-8\x00",  # codecs: embedded null character
        b"text/plain; charset*=utf-8''a%00b",
    ],
)
def test_an_error_body_whose_content_type_cannot_be_parsed_is_a_status_error(
    content_type: bytes,
) -> None:
    answer = Answer(503, b"Down for maintenance", (("content-type", content_type),))
    client, _ = envi({"metadata": [answer]}, max_retries=0)
    with client, pytest.raises(errors.ServerError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert caught.value.vendor_message == "Down for maintenance"


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_the_async_client_reads_them_too(charset: str) -> None:
    vendor = Vendor(
        amili_part.amili_kind,
        amili_part.AMILI_DOCUMENTED,
        {"list": [text_answer(500, utf16_or_garbage(charset), charset)]},
    )

    async def main() -> None:
        async with amili_part.amili_client(vendor.transport(), True) as amili:
            with pytest.raises(errors.ServerError) as caught:
                [item async for item in amili.list_files(amili_part.AMILI_CLIENT_NO)]
            assert caught.value.vendor_message is not None
            assert "Bad gateway" in caught.value.vendor_message

    anyio.run(main)


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_a_refused_grant_in_any_charset_is_an_authentication_error(charset: str) -> None:
    refusal = {"error": "invalid_grant", "error_description": "Feil passord \u2013 pr\u00f8v igjen"}
    client, _ = envi({"token": [json_answer(400, refusal, charset)]})
    with client, pytest.raises(errors.AuthenticationError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert caught.value.vendor_message == "Feil passord \u2013 pr\u00f8v igjen"


@pytest.mark.parametrize("charset", BAD_CHARSETS)
def test_a_success_false_in_any_charset_is_a_status_error(charset: str) -> None:
    envelope = {
        "success": False,
        "data": None,
        "meta": {"message": "\u041d\u0435\u0442 \u0434\u043e\u0441\u0442\u0443\u043f\u0430"},
    }
    client, _ = altegio({"list": [json_answer(200, envelope, charset)]})
    with client, pytest.raises(errors.APIStatusError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert (
        caught.value.vendor_message
        == "\u041d\u0435\u0442 \u0434\u043e\u0441\u0442\u0443\u043f\u0430"
    )


# --- 2. Envi next links that no URL can hold ---------------------------------------------------

PAGE_TWO = f"{envi_part.ENVI_URL}/odata/FileAttachments({envi_part.ENTITY_ID})?%24top=1&%24skip=1"
UNFOLLOWABLE_NEXT_LINKS = {
    "del": PAGE_TWO + "\x7f",
    "nul-in-path": PAGE_TWO.replace("FileAttachments", "File\x00Attachments"),
    "line-break": PAGE_TWO + "\r\nHost: evil.example",
    "escape": PAGE_TWO.replace("%24top", "\x1b[2J%24top"),
    "c1-control": PAGE_TWO + "\x85",
    "relative-with-nul": f"FileAttachments({envi_part.ENTITY_ID})?%24skip=1\x00",
    "70000-characters": PAGE_TWO + "&x=" + "a" * 70_000,
    "70000-characters-relative": "/odata/" + "a" * 70_000,
    "lone-surrogate": PAGE_TWO.replace("skip=1", "skip=\ud8001"),
    "lone-surrogate-in-host": "https://envi\udfff.example/odata/FileAttachments",
}


def _next_link_vendor(link: str) -> Vendor:
    """Page one links to `link`; any page after it is the last."""
    first = envi_part.envi_list(next_skip=1)
    first["@odata.nextLink"] = link
    plan = {"list": [Answer.json(first), Answer.json(envi_part.envi_list())]}
    return Vendor(envi_part.envi_kind, envi_part.ENVI_DOCUMENTED, plan)


def _check_next_link_refused(error: errors.AttachkitError, vendor: Vendor) -> None:
    assert isinstance(error, errors.UnexpectedResponseError)
    assert "next link refused" in str(error)
    assert world.unprintable(str(error)) == []
    assert [kind for kind, _ in vendor.requests] == ["token", "list"]  # not followed
    assert vendor.strays == []


@pytest.mark.parametrize(
    "link", UNFOLLOWABLE_NEXT_LINKS.values(), ids=UNFOLLOWABLE_NEXT_LINKS.keys()
)
def test_a_next_link_no_url_can_hold_is_an_unexpected_response(link: str) -> None:
    vendor = _next_link_vendor(link)
    with (
        envi_part.envi_client(vendor.transport(), False) as client,
        pytest.raises(errors.AttachkitError) as caught,
    ):
        list(client.list_files(envi_part.ENTITY_ID))
    _check_next_link_refused(caught.value, vendor)


@pytest.mark.parametrize(
    "link", UNFOLLOWABLE_NEXT_LINKS.values(), ids=UNFOLLOWABLE_NEXT_LINKS.keys()
)
def test_the_async_client_refuses_such_a_next_link_too(link: str) -> None:
    vendor = _next_link_vendor(link)

    async def main() -> errors.AttachkitError:
        async with envi_part.envi_client(vendor.transport(), True) as client:
            with pytest.raises(errors.AttachkitError) as caught:
                [item async for item in client.list_files(envi_part.ENTITY_ID)]
            return caught.value

    _check_next_link_refused(anyio.run(main), vendor)


# --- 3. Altegio download links that no URL can hold ---------------------------------------------

UNSENDABLE_PATHS = {
    "del": "/\x7f",
    "nul": "/\x00",
    "70000-characters": "/" + "a" * 70_000,
    "lone-surrogate": "/\ud800",
}
# Full links whose host part Python's URL splitter refuses (ValueError): found by the fuzzer.
UNSPLITTABLE_FULL_LINKS = {
    "unclosed-ipv6": "https://[::1/client_files/download/456/123/",
    "unopened-ipv6": "https://app.alteg.io]/client_files/download/456/123/",
    "no-ip-in-brackets": "https://[abc]/client_files/download/456/123/",
    "scheme-relative": "//[::1/",
}
ClientMaker = Callable[[Any, bool], Any]
# (the client, where it may send requests, the row's fields)
DownloadCase = tuple[ClientMaker, world.Hosts, dict[str, str]]


def _download_cases() -> dict[str, DownloadCase]:
    on_web_base = world.on(altegio_part.ALTEGIO_URL, altegio_part.ALTEGIO_WEB_URL)
    on_altegio = world.on_or_domains(altegio_part.ALTEGIO_DOMAINS, altegio_part.ALTEGIO_URL)
    cases: dict[str, DownloadCase] = {}
    for name, path in UNSENDABLE_PATHS.items():
        cases[f"link-{name}"] = (altegio_part.altegio_client, on_web_base, {"link": path})
        for prefix, where in (("", "relative"), (altegio_part.ALTEGIO_WEB_URL, "absolute")):
            fields = {"full_link": prefix + path}
            cases[f"full-link-{where}-{name}"] = (altegio_part.altegio_client, on_web_base, fields)
        for prefix, where in (("", "relative"), ("https://app.alteg.io", "absolute")):
            fields = {"full_link": prefix + path}
            cases[f"default-hosts-full-link-{where}-{name}"] = (
                altegio_part.altegio_default_hosts_client, on_altegio, fields,
            )  # fmt: skip
    for name, link in UNSPLITTABLE_FULL_LINKS.items():
        cases[f"full-link-{name}"] = (altegio_part.altegio_client, on_web_base, {"full_link": link})
        cases[f"default-hosts-full-link-{name}"] = (
            altegio_part.altegio_default_hosts_client, on_altegio, {"full_link": link},
        )  # fmt: skip
    return cases


DOWNLOAD_CASES = _download_cases()
OPERATIONS = ["download", "open", "save"]


def _listed_with(fields: dict[str, str], hosts: world.Hosts) -> Vendor:
    answer = Answer.json(altegio_part.altegio_list(altegio_part.altegio_file(**fields)))
    return Vendor(
        altegio_part.altegio_kind, altegio_part.ALTEGIO_DOCUMENTED, {"list": [answer]}, hosts=hosts
    )


def _check_link_refused(error: errors.AttachkitError, vendor: Vendor, saved_to: Path) -> None:
    assert isinstance(error, errors.UnexpectedResponseError)
    assert "no usable link" in str(error)
    assert world.unprintable(str(error)) == []
    assert [kind for kind, _ in vendor.requests] == ["token", "list"]  # no download sent
    assert vendor.strays == []
    assert not saved_to.exists() or list(saved_to.iterdir()) == []


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(("make", "hosts", "fields"), DOWNLOAD_CASES.values(), ids=DOWNLOAD_CASES)
def test_a_download_link_no_url_can_hold_is_an_unexpected_response(
    make: ClientMaker, hosts: world.Hosts, fields: dict[str, str], operation: str, tmp_path: Path
) -> None:
    vendor = _listed_with(fields, hosts)
    with (
        make(vendor.transport(), False) as client,
        pytest.raises(errors.AttachkitError) as caught,
    ):
        altegio_part.ALTEGIO_SYNC[operation](client, tmp_path / "saved")
    _check_link_refused(caught.value, vendor, tmp_path / "saved")


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(("make", "hosts", "fields"), DOWNLOAD_CASES.values(), ids=DOWNLOAD_CASES)
def test_the_async_client_refuses_such_a_download_link_too(
    make: ClientMaker, hosts: world.Hosts, fields: dict[str, str], operation: str, tmp_path: Path
) -> None:
    vendor = _listed_with(fields, hosts)

    async def main() -> errors.AttachkitError:
        async with make(vendor.transport(), True) as client:
            with pytest.raises(errors.AttachkitError) as caught:
                await altegio_part.ALTEGIO_ASYNC[operation](client, tmp_path / "saved")
            return caught.value

    _check_link_refused(anyio.run(main), vendor, tmp_path / "saved")


# --- 4. an Altegio size beyond a float --------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1" + "0" * 309 + " B", "1" + "0" * 400 + " TB", f"{2**53 + 1} B", "9" * 20 + " TB"]
)
def test_a_size_beyond_any_file_is_unreadable(text: str) -> None:
    assert parse_size(text) is None


def test_a_listing_keeps_a_row_whose_size_is_absurd() -> None:
    rows = [
        altegio_part.altegio_file(size="1" + "0" * 309 + " B"),
        altegio_part.altegio_file(id=124),
    ]
    client, _ = altegio({"list": [Answer.json(altegio_part.altegio_list(*rows))]})
    with client:
        listed = list(
            client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID)
        )
    assert [(item.id, item.size) for item in listed] == [("123", None), ("124", 9)]


# --- 5. token lifetimes beyond a float, or not positive ---------------------------------------


def test_a_lifetime_beyond_a_float_is_taken_as_a_long_one() -> None:
    token = Answer.json(envi_part.envi_token(expires_in=10**309))
    client, vendor = envi({"token": [token]})
    with client:
        client.get_file(envi_part.FILE_ID)
        client.get_file(envi_part.FILE_ID)
    assert [kind for kind, _ in vendor.requests] == ["token", "metadata", "metadata"]


@pytest.mark.parametrize("expires_in", [-(10**320), -1, 0])
def test_a_lifetime_that_is_not_positive_is_refused(expires_in: int) -> None:
    client, vendor = envi({"token": [Answer.json(envi_part.envi_token(expires_in=expires_in))]})
    with client, pytest.raises(errors.UnexpectedResponseError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert "expires_in is not a positive number of seconds" in str(caught.value)
    assert [kind for kind, _ in vendor.requests] == ["token"]
    assert leaked(caught.value) == []


# --- 6. tokens that cannot go in a header -----------------------------------------------------

UNSENDABLE_TOKENS = {
    "lone-surrogate": "tok-\ud800-en",
    "non-ascii": "t\u00f6k\u00e9n-abc",
    "space": "tok en",
    "line-break": "tok\r\nX-Injected: 1",
    "too-long": "t" * 10_000,
}


@pytest.mark.parametrize("token", UNSENDABLE_TOKENS.values(), ids=UNSENDABLE_TOKENS.keys())
def test_an_issued_access_token_that_cannot_go_in_a_header_is_refused(token: str) -> None:
    client, vendor = envi({"token": [Answer.json(envi_part.envi_token(access_token=token))]})
    with client, pytest.raises(errors.UnexpectedResponseError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert "access_token" in str(caught.value)
    assert token not in shown(caught.value)
    assert [kind for kind, _ in vendor.requests] == ["token"]


def test_an_issued_refresh_token_that_cannot_be_sent_is_refused() -> None:
    answer = Answer.json(envi_part.envi_token(refresh_token="r\ud800"))
    client, _ = envi({"token": [answer]})
    with client, pytest.raises(errors.UnexpectedResponseError, match="refresh_token"):
        client.get_file(envi_part.FILE_ID)


@pytest.mark.parametrize("token", UNSENDABLE_TOKENS.values(), ids=UNSENDABLE_TOKENS.keys())
def test_an_issued_user_token_that_cannot_go_in_a_header_is_refused(token: str) -> None:
    login = altegio_part.altegio_login()
    login["data"] = {"id": 1, "user_token": token}
    client, vendor = altegio({"token": [Answer.json(login, 201)]})
    with client, pytest.raises(errors.UnexpectedResponseError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert "user_token" in str(caught.value)
    assert token not in shown(caught.value)
    assert altegio_part.PARTNER_TOKEN not in shown(caught.value)
    assert [kind for kind, _ in vendor.requests] == ["token"]


def _refused(make: Any, token: str) -> str:
    with pytest.raises(ValueError, match="cannot be sent in a header") as caught:
        make(token)
    assert token not in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("token", UNSENDABLE_TOKENS.values(), ids=UNSENDABLE_TOKENS.keys())
def test_caller_tokens_that_cannot_go_in_a_header_are_refused_unseen(token: str) -> None:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(500))
    _refused(lambda t: EnviClient(envi_part.ENVI_URL, token=t, transport=transport), token)
    _refused(lambda t: AmiliClient(amili_part.AMILI_URL, token=t, transport=transport), token)
    _refused(lambda t: AltegioClient(partner_token=t, user_token=altegio_part.USER_TOKEN), token)
    _refused(lambda t: AltegioClient(partner_token=altegio_part.PARTNER_TOKEN, user_token=t), token)
    _refused(lambda t: AltegioClient.from_login(t, world.USERNAME, PASSWORD), token)


@pytest.mark.parametrize("token", UNSENDABLE_TOKENS.values(), ids=UNSENDABLE_TOKENS.keys())
def test_a_token_provider_returning_what_cannot_be_sent_is_refused_unseen(token: str) -> None:
    sent: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(500)

    transport = httpx2.MockTransport(answer)
    with EnviClient(envi_part.ENVI_URL, token=lambda: token, transport=transport) as envi:
        _refused(lambda t: envi.get_file(envi_part.FILE_ID), token)
    with AmiliClient(amili_part.AMILI_URL, token=lambda: token, transport=transport) as amili:
        _refused(lambda t: list(amili.list_files(amili_part.AMILI_CLIENT_NO)), token)
    assert sent == []


def test_logins_and_passwords_that_cannot_be_encoded_are_refused_unseen() -> None:
    for make in (
        lambda: EnviPasswordAuth(envi_part.ENVI_URL, username="buyer", password="pw\ud800"),
        lambda: AltegioClient.from_login(altegio_part.PARTNER_TOKEN, "owner", "pw\ud800"),
    ):
        with pytest.raises(ValueError, match="cannot be encoded") as caught:
            make()
        assert "pw\ud800" not in str(caught.value)


# --- secrets in errors ------------------------------------------------------------------------


def _token_json_cut_short() -> bytes:
    return json.dumps(envi_part.envi_token()).encode()[:-2]


@pytest.mark.parametrize("status", [201, 302, 500])
def test_a_token_answer_with_an_odd_status_and_no_json_shows_no_token(status: int) -> None:
    answer = Answer(status, _token_json_cut_short(), (("content-type", b"text/plain"),))
    client, _ = envi({"token": [answer]}, max_retries=0)
    with client, pytest.raises(errors.APIStatusError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert caught.value.status_code == status
    assert caught.value.body == ""
    assert leaked(caught.value) == []


@pytest.mark.parametrize("status", [403, 500])
def test_a_login_answer_with_an_odd_status_and_no_json_shows_no_token(status: int) -> None:
    cut_short = json.dumps(altegio_part.altegio_login()).encode()[:-2]
    client, _ = altegio({"token": [Answer(status, cut_short)]}, max_retries=0)
    with client, pytest.raises(errors.AttachkitError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert leaked(caught.value) == []


ECHOES = {
    "plain": Echo(),
    "token-error": Echo('{"error": "invalid_grant", "error_description": "{echo}"}', True),
}


@pytest.mark.parametrize("echo", ECHOES.values(), ids=ECHOES.keys())
def test_a_token_endpoint_that_echoes_the_form_shows_no_password(echo: Echo) -> None:
    client, _ = envi({"token": [Answer(400, echo)]})
    with client, pytest.raises(errors.APIStatusError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert leaked(caught.value) == []
    assert caught.value.body == ""


def test_a_login_endpoint_that_echoes_the_request_shows_no_password_or_token() -> None:
    echo = Echo('{"success": false, "data": null, "meta": {"message": "{echo}"}}', True)
    client, _ = altegio({"token": [Answer(401, echo)]})
    with client, pytest.raises(errors.AuthenticationError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert caught.value.vendor_message is not None
    assert "***" in caught.value.vendor_message
    assert leaked(caught.value) == []


def test_an_error_body_never_keeps_a_token_answer() -> None:
    client, _ = envi({"token": [Answer.json(envi_part.envi_token(), 401)]})
    with client, pytest.raises(errors.AuthenticationError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert caught.value.body == ""
    assert leaked(caught.value) == []


def test_an_error_body_never_keeps_a_login_answer() -> None:
    client, _ = altegio({"token": [Answer.json(altegio_part.altegio_login(), 403)]})
    with client, pytest.raises(errors.AuthenticationError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert caught.value.body == ""
    assert leaked(caught.value) == []


def test_echoed_tokens_are_redacted_from_data_errors_but_the_words_stay() -> None:
    echo = Echo('{"error": {"code": "Forbidden", "message": "{echo}"}}', True)
    client, _ = envi({"metadata": [Answer(403, echo)]})
    with client, pytest.raises(errors.PermissionDeniedError) as caught:
        client.get_file(envi_part.FILE_ID)
    error = caught.value
    assert error.vendor_message == "Forbidden: Authorization: ***; body:"
    assert str(error).endswith(error.vendor_message)
    assert envi_part.ACCESS_TOKENS[0] not in error.body
    assert "***" in error.body
    assert leaked(error) == []


def test_a_token_issued_by_a_refresh_is_redacted_too() -> None:
    plan = {
        "token": [Answer.json(envi_part.envi_token(0)), Answer.json(envi_part.envi_token(1))],
        "metadata": [
            Answer.json({"error": {"code": "Unauthorized", "message": "Expired"}}, 401),
            Answer(500, Echo()),
        ],
    }
    client, vendor = envi(plan, max_retries=0)
    with client, pytest.raises(errors.ServerError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert f"Bearer {envi_part.ACCESS_TOKENS[1]}" in vendor.authorizations
    assert (
        leaked(
            caught.value,
            [envi_part.ACCESS_TOKENS[1], envi_part.REFRESH_TOKENS[0], envi_part.ACCESS_TOKENS[0]],
        )
        == []
    )


def test_both_altegio_tokens_are_redacted_from_errors() -> None:
    client, _ = altegio({"list": [Answer(500, Echo())]}, max_retries=0)
    with client, pytest.raises(errors.ServerError) as caught:
        list(client.list_files(altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID))
    assert leaked(caught.value, [altegio_part.PARTNER_TOKEN, altegio_part.USER_TOKENS[0]]) == []
    assert str(caught.value).endswith("files/789: Authorization: ***; body:")


def test_a_secret_cut_by_the_body_limit_leaves_no_part_behind() -> None:
    body = b"x" * 1990 + envi_part.ACCESS_TOKENS[0].encode()
    client, _ = envi({"metadata": [Answer(403, body)]})
    with client, pytest.raises(errors.PermissionDeniedError) as caught:
        client.get_file(envi_part.FILE_ID)
    assert envi_part.ACCESS_TOKENS[0][:8] not in caught.value.body
    assert envi_part.ACCESS_TOKENS[0][:8] not in str(caught.value)


def test_a_download_that_breaks_off_shows_no_token() -> None:
    answer = Answer(200, world.CONTENT, break_at=10)
    vendor = Vendor(envi_part.envi_kind, envi_part.ENVI_DOCUMENTED, {"content": [answer]})
    with (
        envi_part.envi_client(vendor.transport(), False) as client,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        client.download(envi_part.envi_attachment())
    assert leaked(caught.value) == []


# --- listings that never end ------------------------------------------------------------------


def _listing(plan: list[Answer]) -> Vendor:
    return Vendor(envi_part.envi_kind, envi_part.ENVI_DOCUMENTED, {"list": plan}, max_requests=40)


def _endless_pages(count: int) -> Iterator[Answer]:
    """Pages of one file each that all say there are `count` files, each with a link to
    a page not seen before."""
    for skip in range(1, 1000):
        yield Answer.json({**envi_part.envi_list(next_skip=skip), "@odata.count": count})


def test_a_listing_that_repeats_its_next_link_stops() -> None:
    vendor = _listing([Answer.json(envi_part.envi_list(next_skip=1))])
    with (
        envi_part.envi_client(vendor.transport(), False) as client,
        pytest.raises(errors.UnexpectedResponseError) as caught,
    ):
        list(client.list_files(envi_part.ENTITY_ID))
    assert "does not end" in str(caught.value)
    assert caught.value.vendor == "envi"
    assert caught.value.url.endswith("%24skip=1")
    assert [kind for kind, _ in vendor.requests] == ["token", "list", "list"]


def test_a_listing_with_more_pages_than_its_count_stops() -> None:
    vendor = _listing(list(_endless_pages(count=2)))
    with (
        envi_part.envi_client(vendor.transport(), False) as client,
        pytest.raises(errors.UnexpectedResponseError, match="does not end"),
    ):
        list(client.list_files(envi_part.ENTITY_ID))
    # Two files take three pages at most (the last one maybe empty); a fourth page that
    # still links on is not followed.
    assert [kind for kind, _ in vendor.requests] == ["token", "list", "list", "list", "list"]


def test_an_async_listing_that_repeats_its_next_link_stops() -> None:
    vendor = _listing([Answer.json(envi_part.envi_list(next_skip=1))])

    async def main() -> None:
        async with envi_part.envi_client(vendor.transport(), True) as client:
            with pytest.raises(errors.UnexpectedResponseError, match="does not end"):
                [item async for item in client.list_files(envi_part.ENTITY_ID)]

    anyio.run(main)
    assert len(vendor.requests) == 3


def test_a_listing_without_a_count_stops_at_the_page_limit() -> None:
    def fetch(cursor: int) -> Flow[Page[int, int]]:
        if False:
            yield
        return Page(items=[cursor], next_cursor=cursor + 1)

    def run(flow: Flow[Page[int, int]]) -> Page[int, int]:
        try:
            next(flow)
        except StopIteration as done:
            page: Page[int, int] = done.value
            return page
        raise AssertionError("the flow asked for a request")

    fetched: list[int] = []
    paginator = Paginator(fetch, run, 0, max_pages=50)
    with pytest.raises(errors.UnexpectedResponseError, match="beyond 50 pages"):
        fetched.extend(paginator)
    assert fetched == list(range(49))


LISTINGS = {
    "envi": (
        envi_part.envi_client,
        envi_part.envi_kind,
        envi_part.ENVI_DOCUMENTED,
        (envi_part.ENTITY_ID,),
    ),
    "amili": (
        amili_part.amili_client,
        amili_part.amili_kind,
        amili_part.AMILI_DOCUMENTED,
        (amili_part.AMILI_CLIENT_NO,),
    ),
    "altegio": (
        altegio_part.altegio_client,
        altegio_part.altegio_kind,
        altegio_part.ALTEGIO_DOCUMENTED,
        (altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID),
    ),
    "altegio-user-token": (
        altegio_part.altegio_user_client,
        altegio_part.altegio_kind,
        altegio_part.ALTEGIO_DOCUMENTED,
        (altegio_part.ALTEGIO_LOCATION_ID, altegio_part.ALTEGIO_CLIENT_ID),
    ),
}


@pytest.mark.parametrize(("make", "kind_of", "documented", "ids"), LISTINGS.values(), ids=LISTINGS)
def test_the_fake_vendors_answer_as_documented(
    make: Any, kind_of: Any, documented: Any, ids: tuple[object, ...]
) -> None:
    """What the attacks start from works: a listing and a download, without an error."""
    vendor = Vendor(kind_of, documented, {})
    with make(vendor.transport(), False) as client:
        (attachment,) = client.list_files(*ids)
        assert client.download(attachment) in (world.CONTENT, b"test file")
