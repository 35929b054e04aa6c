"""The URL of each Envi request is the one httpx2 builds from the generated module's
arguments (the client builds it as one string; the vendor must see the same request)."""

from __future__ import annotations

import uuid

import httpx2
from hypothesis import given
from hypothesis import strategies as st

from attachkit.envi import EnviClient, EnviEntityType
from attachkit_envi_client.api.file_attachments import list_file_attachments
from attachkit_envi_client.types import UNSET

_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20)
_BASES = st.sampled_from(
    [
        "https://api.envi.example",
        "https://api.envi.example/",
        "https://tenant.example/envi",
        "http://127.0.0.1:8080/a%20b/envi/",
    ]
)


@given(
    base=_BASES,
    entity=st.uuids(),
    entity_type=st.none() | st.sampled_from(list(EnviEntityType)),
    search=st.none() | _TEXT,
    filter_=st.none() | _TEXT,
    order_by=st.none() | _TEXT,
    page_size=st.integers(min_value=1, max_value=5000),
)
def test_a_listing_is_sent_to_the_url_httpx2_builds(
    base: str,
    entity: uuid.UUID,
    entity_type: EnviEntityType | None,
    search: str | None,
    filter_: str | None,
    order_by: str | None,
    page_size: int,
) -> None:
    sent: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(200, json={"value": []})

    with EnviClient(base, token="t", transport=httpx2.MockTransport(answer), max_retries=0) as envi:
        listing = envi.list_files(
            entity,
            entity_type=entity_type,
            search=search,
            filter=filter_,
            order_by=order_by,
            page_size=page_size,
        )
        assert list(listing) == []
    kwargs = list_file_attachments._get_kwargs(
        entity,
        entity_type_pk=UNSET if entity_type is None else int(entity_type),
        search=UNSET if search is None else search,
        filter_=UNSET if filter_ is None else filter_,
        orderby=UNSET if order_by is None else order_by,
        top=page_size,
    )
    with httpx2.Client(base_url=base) as plain:
        built = plain.build_request("GET", kwargs["url"], params=kwargs["params"])
    (request,) = sent
    assert request.url == built.url
    assert request.url.raw_path == built.url.raw_path
