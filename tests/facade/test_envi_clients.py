"""The two Envi clients: the same methods, context managers, no shared state, real async."""

from __future__ import annotations

import inspect

import anyio
import httpx2
import pytest

from attachkit.envi import AsyncEnviClient, EnviClient
from attachkit.pagination import AsyncPaginator
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID
from tests.facade.test_envi_support import (
    InProcess,
    bearer,
    data_requests,
    grant_types,
    is_token_request,
    listing_names,
    po_file_id,
)

METHODS = ["from_password", "list_files", "list_entities", "get_file", "download", "open", "save"]


def public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_both_clients_have_the_same_methods() -> None:
    assert public(EnviClient) - {"close"} == public(AsyncEnviClient) - {"aclose"}
    for name in METHODS:
        sync, async_ = getattr(EnviClient, name), getattr(AsyncEnviClient, name)
        assert (
            inspect.signature(sync).parameters.keys() == inspect.signature(async_).parameters.keys()
        )
    for name in ["get_file", "download", "save"]:
        assert inspect.iscoroutinefunction(getattr(AsyncEnviClient, name))
        assert not inspect.iscoroutinefunction(getattr(EnviClient, name))


def test_sync_client_closes_its_connections_on_exit() -> None:
    client, recorder = InProcess().client()
    with client as entered:
        assert entered is client
        client.get_file(po_file_id())
    assert recorder.closed


@pytest.mark.anyio
async def test_async_client_closes_its_connections_on_exit() -> None:
    client, recorder = InProcess().async_client()
    async with client as entered:
        assert entered is client
        await client.get_file(po_file_id())
        assert isinstance(client.list_files(ENVI_PO_ID), AsyncPaginator)
    assert recorder.closed


def test_clients_share_no_tokens_or_connections() -> None:
    sandbox = InProcess()
    first, first_wire = sandbox.client()
    other_org, other_wire = sandbox.client(auth=sandbox.auth(organization_no="2000"))
    with other_org:
        with first:
            assert len(list(first.list_files(ENVI_PO_ID))) == 17
            assert list(other_org.list_files(ENVI_PO_ID)) == []
            assert len(list(first.list_files(ENVI_PO_ID))) == 17
        assert first_wire.closed
        assert not other_wire.closed
        assert list(other_org.list_files(ENVI_PO_ID)) == []
    assert grant_types(first_wire.requests) == grant_types(other_wire.requests) == ["password"]
    first_tokens = {bearer(request) for request in data_requests(first_wire.requests)}
    other_tokens = {bearer(request) for request in data_requests(other_wire.requests)}
    assert len(first_tokens) == len(other_tokens) == 1
    assert first_tokens != other_tokens


@pytest.mark.anyio
async def test_async_iterations_run_side_by_side() -> None:
    """Each listing's first page is held until the other listing has asked for its own: only
    iteration that yields to the event loop while it waits can finish."""
    first_pages = 0
    both_asked = anyio.Event()

    async def hold_first_pages(request: httpx2.Request) -> None:
        nonlocal first_pages
        if is_token_request(request) or "$skip" in request.url.params:
            return
        first_pages += 1
        if first_pages == 2:
            both_asked.set()
        await both_asked.wait()

    client, recorder = InProcess().async_client(intercept=hold_first_pages)
    names: dict[str, list[str]] = {}

    async def collect(entity_id: object) -> None:
        files = client.list_files(str(entity_id), page_size=4)
        names[str(entity_id)] = [att.name async for att in files]

    with anyio.fail_after(30):  # a guard against a hang; never reached when iteration is async
        async with client, anyio.create_task_group() as tasks:
            tasks.start_soon(collect, ENVI_PO_ID)
            tasks.start_soon(collect, ENVI_RECEIVED_INVOICE_ID)
    assert names[str(ENVI_PO_ID)] == listing_names(ENVI_PO_ID)
    assert names[str(ENVI_RECEIVED_INVOICE_ID)] == listing_names(ENVI_RECEIVED_INVOICE_ID)
    assert first_pages == 2
    assert len(data_requests(recorder.requests)) == 10  # 5 pages each
