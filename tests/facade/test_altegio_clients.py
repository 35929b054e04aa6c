"""Altegio's `list_clients`: every client id of a location through the client search, page
by page, paced and retried like every call, with the vendor's errors and bad answers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from attachkit import errors
from attachkit._core.pacing import Pacer
from attachkit.altegio import MAX_CLIENTS_PAGE, AltegioClient, AsyncAltegioClient
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LAPSED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
)
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from tests.support.targets import Target
from tests.unit.scripted import Script, Sleeps, json_response

API = "https://api.altegio.example/api"
SEARCH = "/api/v1/company/456/clients/search"
CLIENT_IDS = sorted(altegio_locations()[ALTEGIO_LOCATION_ID].clients)


def _skip_wait(seconds: float) -> None:
    """The recording sandbox runs without its rate limit, so replays need no pacing."""


@pytest.fixture
def altegio(altegio_target: Target) -> Iterator[AltegioClient]:
    credentials = altegio_target.credentials
    with AltegioClient.from_login(
        credentials["partner_token"],
        credentials["login"],
        credentials["password"],
        base_url=altegio_target.base_url,
        sleep=_skip_wait,
    ) as client:
        yield client


# --- against the sandbox ------------------------------------------------------------------


@pytest.mark.vcr
def test_every_client_of_the_location_in_pages_of_200(altegio: AltegioClient) -> None:
    clients = altegio.list_clients(ALTEGIO_LOCATION_ID)
    assert list(clients) == CLIENT_IDS
    assert clients.total_count == 303
    pages = [len(page.items) for page in clients.pages()]
    assert pages == [200, 103]


@pytest.mark.vcr
@pytest.mark.anyio
async def test_the_async_client_lists_the_same(altegio_target: Target) -> None:
    credentials = altegio_target.credentials

    async def skip_wait(seconds: float) -> None:
        pass

    async with AsyncAltegioClient.from_login(
        credentials["partner_token"],
        credentials["login"],
        credentials["password"],
        base_url=altegio_target.base_url,
        sleep=skip_wait,
    ) as altegio:
        clients = altegio.list_clients(ALTEGIO_LOCATION_ID, page_size=120)
        assert [client async for client in clients] == CLIENT_IDS
        assert [len(page.items) async for page in clients.pages()] == [120, 120, 63]


@pytest.mark.vcr
def test_an_expired_licence_is_payment_required(altegio: AltegioClient) -> None:
    with pytest.raises(errors.PaymentRequiredError, match="has expired"):
        list(altegio.list_clients(ALTEGIO_EXPIRED_LOCATION_ID))


@pytest.mark.vcr
def test_a_licence_refused_with_403_is_payment_required_too(altegio: AltegioClient) -> None:
    # As the YCLIENTS blueprint answers the client search's neighbours: 403, in Russian.
    with pytest.raises(errors.PaymentRequiredError) as caught:
        list(altegio.list_clients(ALTEGIO_LAPSED_LOCATION_ID))
    message = f"Необходимо продлить лицензию в филиале с id: {ALTEGIO_LAPSED_LOCATION_ID}"  # noqa: RUF001
    assert (caught.value.status_code, caught.value.vendor_message) == (403, message)
    assert str(caught.value).endswith(f"/clients/search: {message}")


# --- what a cassette cannot hold ----------------------------------------------------------


def _page(ids: list[int], total: object = None, **extra: Any) -> httpx2.Response:
    meta: object = {"total_count": len(ids) if total is None else total}
    body = {"success": True, "data": [{"id": i, **extra} for i in ids], "meta": meta}
    return json_response(200, body)


PARTNER = "partner-token-of-the-test"
USER = "user-token-of-the-test"


def _client(transport: httpx2.BaseTransport, **options: Any) -> AltegioClient:
    settings: dict[str, Any] = {"rate_limits": None, "sleep": Sleeps(), **options}
    return AltegioClient(
        partner_token=PARTNER, user_token=USER, base_url=API, transport=transport, **settings
    )


def _bodies(transport: Script) -> list[dict[str, Any]]:
    return [json.loads(request.content) for request in transport.requests]


def test_the_search_asks_for_ids_only_page_after_page() -> None:
    transport = Script(_page([1, 2], total=5), _page([3, 4], total=5), _page([5], total=5))
    with _client(transport) as altegio:
        assert list(altegio.list_clients(456, page_size=2)) == [1, 2, 3, 4, 5]
    assert {(r.method, r.url.path) for r in transport.requests} == {("POST", SEARCH)}
    assert _bodies(transport) == [
        {"page": page, "page_size": 2, "fields": ["id"], "order_by": "id"} for page in (1, 2, 3)
    ]
    for request in transport.requests:
        assert request.headers["authorization"] == f"Bearer {PARTNER}, User {USER}"
        assert request.headers["content-type"] == "application/json"


def test_extra_fields_of_a_client_are_ignored() -> None:
    with _client(Script(_page([7], name="Anna", phone="+4790000000"))) as altegio:
        assert list(altegio.list_clients(456)) == [7]


@pytest.mark.parametrize(
    ("pages", "expected", "requests"),
    [
        # The count says more remain although a page came back short: ask on.
        pytest.param([[1, 2], [3], [4]], [1, 2, 3, 4], 3, id="short-page-before-the-end"),
        # An empty page ends the walk even if the count promised more.
        pytest.param([[1, 2], []], [1, 2], 2, id="empty-page"),
    ],
)
def test_the_count_and_the_pages_decide_where_the_walk_ends(
    pages: list[list[int]], expected: list[int], requests: int
) -> None:
    transport = Script(*(_page(ids, total=4) for ids in pages))
    with _client(transport) as altegio:
        assert list(altegio.list_clients(456, page_size=2)) == expected
    assert len(transport.requests) == requests


def test_without_a_count_a_full_page_asks_for_the_next() -> None:
    answers = [
        json_response(200, {"success": True, "data": [{"id": 1}, {"id": 2}], "meta": []}),
        json_response(200, {"success": True, "data": [{"id": 3}]}),
    ]
    transport = Script(*answers)
    with _client(transport) as altegio:
        clients = altegio.list_clients(456, page_size=2)
        assert list(clients) == [1, 2, 3]
        assert clients.total_count is None


def test_a_vendor_that_ignores_the_page_number_is_stopped() -> None:
    transport = Script(_page([1, 2], total=4))  # the same page, for ever
    with (
        _client(transport) as altegio,
        pytest.raises(errors.UnexpectedResponseError, match="page 2 repeats the page before"),
    ):
        list(altegio.list_clients(456, page_size=2))
    assert len(transport.requests) == 2


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"success": True, "data": None}, id="data-null"),
        pytest.param({"success": True, "data": [{"name": "no id"}]}, id="no-id"),
        pytest.param({"success": True, "data": [{"id": "7"}]}, id="id-text"),
        pytest.param({"success": True, "data": [{"id": True}]}, id="id-bool"),
        pytest.param({"success": True, "data": [7]}, id="row-not-object"),
        pytest.param({"success": True, "data": [], "meta": "none"}, id="meta-text"),
        pytest.param({"success": True, "data": [], "meta": {"total_count": "3"}}, id="count-text"),
        pytest.param({"data": []}, id="no-success"),
        pytest.param([1, 2], id="not-an-object"),
    ],
)
def test_answers_off_the_spec_are_unexpected_responses(body: object) -> None:
    with (
        _client(Script(json_response(200, body))) as altegio,
        pytest.raises(errors.UnexpectedResponseError),
    ):
        list(altegio.list_clients(456))


def test_a_200_with_success_false_is_an_error() -> None:
    body = {"success": False, "data": None, "meta": {"message": "Нет доступа"}}
    with (
        _client(Script(json_response(200, body))) as altegio,
        pytest.raises(errors.APIStatusError, match="Нет доступа"),
    ):
        list(altegio.list_clients(456))


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.PaymentRequiredError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (422, errors.UnprocessableEntityError),
    ],
)
def test_error_statuses(status: int, error: type[errors.APIStatusError]) -> None:
    body = {"success": False, "data": None, "meta": {"message": "refused"}}
    transport = Script(json_response(status, body))
    with _client(transport) as altegio, pytest.raises(error, match="refused"):
        list(altegio.list_clients(456))
    assert len(transport.requests) == 1


def test_the_search_is_retried_like_a_read_though_it_is_a_post(
    caplog: pytest.LogCaptureFixture,
) -> None:
    busy = json_response(503, {"success": False, "data": None, "meta": {"message": "busy"}})
    transport = Script(busy, busy, _page([1]))
    sleeps = Sleeps()
    caplog.set_level(logging.INFO, logger="attachkit")
    with _client(transport, sleep=sleeps) as altegio:
        assert list(altegio.list_clients(456)) == [1]
    assert len(transport.requests) == 3
    assert len(sleeps.waits) == 2
    assert "retrying POST" in caplog.text
    assert "/clients/search" in caplog.text


def test_the_search_is_paced_with_the_other_calls() -> None:
    sleeps = Sleeps()
    transport = Script(_page([1, 2], total=6), _page([3, 4], total=6), _page([5, 6], total=6))
    clock = iter(float(n) / 100 for n in range(1000))
    pacer = Pacer([(2, 1.0)], clock=lambda: next(clock))
    with AltegioClient(
        partner_token=PARTNER,
        user_token=USER,
        base_url=API,
        transport=transport,
        rate_limits=pacer,
        sleep=sleeps,
    ) as altegio:
        assert list(altegio.list_clients(456, page_size=2)) == [1, 2, 3, 4, 5, 6]
    assert len(sleeps.waits) >= 1  # the third search waited for the window


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"location_id": "456"}, TypeError),
        ({"location_id": 456.0}, TypeError),
        ({"location_id": True}, TypeError),
        ({"location_id": 456, "page_size": 0}, ValueError),
        ({"location_id": 456, "page_size": "200"}, TypeError),
        ({"location_id": 456, "max_retries": -1}, ValueError),
    ],
)
def test_bad_arguments_are_refused_before_a_request(
    arguments: dict[str, Any], error: type[Exception]
) -> None:
    transport = Script(_page([1]))
    with _client(transport) as altegio, pytest.raises(error):
        altegio.list_clients(**arguments)
    assert transport.requests == []


def test_the_page_size_is_capped_at_the_vendors_200() -> None:
    transport = Script(_page([1]))
    with _client(transport) as altegio:
        list(altegio.list_clients(456, page_size=5000))
    assert _bodies(transport)[0]["page_size"] == MAX_CLIENTS_PAGE == 200


@pytest.mark.anyio
async def test_the_async_paginator_walks_the_same_pages() -> None:
    transport = Script(_page([1, 2], total=3), _page([3], total=3))
    async with AsyncAltegioClient(
        partner_token=PARTNER, user_token=USER, base_url=API, transport=transport, rate_limits=None
    ) as altegio:
        clients = altegio.list_clients(456, page_size=2)
        assert [client async for client in clients] == [1, 2, 3]
        assert clients.total_count == 3
