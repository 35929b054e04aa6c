"""specs/altegio.yaml's client search against the YCLIENTS API Blueprint: what it labels as
the vendor's is (the file endpoints' examples come from pages not kept here)."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.specs.spec_examples import load_spec
from tests.specs.vendor_sources import SOURCES_DIR, Source, check_claims, sources

SOURCES = sources("altegio")
SPEC = load_spec("altegio")
SEARCH = "/v1/company/{location_id}/clients/search"


def _sourced_part(spec: dict[str, Any]) -> dict[str, Any]:
    """The client search, and the licence answer the blueprint gives for it."""
    return {
        "paths": {SEARCH: spec["paths"][SEARCH]},
        "components": {
            "responses": {"PaymentRequired": spec["components"]["responses"]["PaymentRequired"]}
        },
    }


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_each_source_says_where_it_came_from(source: Source) -> None:
    assert source.repo == "mkosinov/yclientsapi"
    assert source.path == "docs/yclients_official/yclientsru.apib"
    assert re.fullmatch(r"[0-9a-f]{40}", source.commit)
    first, last = source.lines
    assert len(source.text.splitlines()) == last - first + 1


def test_every_source_file_is_listed() -> None:
    listed = {source.file.name for source in SOURCES.values()}
    on_disk = {path.name for path in (SOURCES_DIR / "altegio").glob("*.txt")}
    assert listed == on_disk


def test_the_search_holds_to_the_blueprint() -> None:
    claims = check_claims(_sourced_part(SPEC), SOURCES)
    assert claims.problems == []
    # The request, the answer, the filter error, the missing location and the licence.
    assert claims.vendor_examples == 5
    assert claims.quotes == 2


def test_the_blueprint_answer_is_not_json_until_its_trailing_commas_go() -> None:
    spec = copy.deepcopy(_sourced_part(SPEC))
    answer = spec["paths"][SEARCH]["post"]["responses"]["200"]["content"]["application/json"]
    del answer["examples"]["blueprint"]["x-vendor-edit"]
    (problem,) = check_claims(spec, SOURCES).problems
    assert "is not in docs/yclients_official/yclientsru.apib" in problem


def test_an_edit_must_be_known_and_said() -> None:
    spec = copy.deepcopy(_sourced_part(SPEC))
    answer = spec["paths"][SEARCH]["post"]["responses"]["200"]["content"]["application/json"]
    example = answer["examples"]["blueprint"]
    example["x-vendor-edit"] = "anything-goes"
    assert "not a known edit" in check_claims(spec, SOURCES).problems[0]
    example["x-vendor-edit"] = "trailing-commas"
    example["summary"] = "The vendor's answer from the YCLIENTS API Blueprint."
    assert "does not say" in check_claims(spec, SOURCES).problems[0]


def test_an_invented_client_is_caught() -> None:
    spec = copy.deepcopy(_sourced_part(SPEC))
    answer = spec["paths"][SEARCH]["post"]["responses"]["200"]["content"]["application/json"]
    answer["examples"]["blueprint"]["value"]["meta"]["total_count"] = 3
    assert len(check_claims(spec, SOURCES).problems) == 1
