"""specs/altegio.yaml against Altegio's own material: its MCP server's tests and the YCLIENTS
API Blueprint. What the spec takes from them is there, and what is there is read right; the
client search, whose every example comes from the blueprint or says it is ours, is held to
it whole."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.specs.spec_examples import load_spec
from tests.specs.vendor_sources import SOURCES_DIR, Source, check_claims, json_values, sources

SOURCES = sources("altegio")
SPEC = load_spec("altegio")
REPOS = {"altegio/altegio-pro-mcp", "mkosinov/yclientsapi"}
BLUEPRINT_PATH = "docs/yclients_official/yclientsru.apib"
SEARCH = "/v1/company/{location_id}/clients/search"
RENEW_LICENCE = "Необходимо продлить лицензию в филиале с id: {company_id}"  # noqa: RUF001


def blueprint_refusal(source_id: str) -> tuple[int, str]:
    """The status and `meta.message` of a blueprint response example."""
    text = SOURCES[source_id].text
    status = re.match(r"\+ Response (\d{3}) ", text)
    assert status is not None
    bodies = [value for value in json_values(text) if isinstance(value, dict)]
    if bodies:
        return int(status.group(1)), bodies[0]["meta"]["message"]
    # One example is not valid JSON (its message lacks the opening quote): read it as text.
    message = re.search(r'"message": "?(.*?)"\n', text)
    assert message is not None
    return int(status.group(1)), message.group(1)


BLUEPRINT = [source_id for source_id in SOURCES if source_id.startswith("yclients-")]


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_each_source_says_where_it_came_from(source: Source) -> None:
    assert source.repo in REPOS
    if source.repo == "mkosinov/yclientsapi":
        assert source.path == BLUEPRINT_PATH
    assert re.fullmatch(r"[0-9a-f]{40}", source.commit)
    first, last = source.lines
    assert len(source.text.splitlines()) == last - first + 1


def test_every_source_file_is_listed() -> None:
    listed = {source.file.name for source in SOURCES.values()}
    on_disk = {path.name for path in (SOURCES_DIR / "altegio").glob("*.txt")}
    assert listed == on_disk


def test_the_spec_holds_to_the_vendors_texts() -> None:
    claims = check_claims(SPEC, SOURCES, sourced_only=True)
    assert claims.problems == []
    # Not vacuous: the 402 and a 403 are the blueprint's, as are the client search's
    # request, answer and two refusals; the MCP rows, upload answer and login refusal, and
    # the search's page and page size, are quoted.
    assert claims.vendor_examples >= 6
    assert claims.quotes >= 7


@pytest.mark.parametrize("source_id", BLUEPRINT)
def test_the_blueprint_answers_an_expired_licence_with_402_or_403(source_id: str) -> None:
    status, message = blueprint_refusal(source_id)
    assert status in (402, 403)
    assert message == RENEW_LICENCE


def test_four_of_the_five_licence_refusals_are_403s() -> None:
    statuses = sorted(blueprint_refusal(source_id)[0] for source_id in BLUEPRINT)
    assert statuses == [402, 403, 403, 403, 403]


# --- the client search, held to the blueprint whole -----------------------------------------


def _sourced_part(spec: dict[str, Any]) -> dict[str, Any]:
    """The client search, and the licence answer the blueprint gives for it."""
    return {
        "paths": {SEARCH: spec["paths"][SEARCH]},
        "components": {
            "responses": {"PaymentRequired": spec["components"]["responses"]["PaymentRequired"]}
        },
    }


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


# --- the check fails on what it must catch --------------------------------------------------


def _responses(spec: dict[str, Any], name: str) -> dict[str, Any]:
    examples: dict[str, Any] = spec["components"]["responses"][name]["content"]["application/json"][
        "examples"
    ]
    return examples


def _list_examples(spec: dict[str, Any]) -> dict[str, Any]:
    operation = spec["paths"]["/v1/company/{location_id}/clients/files/{client_id}"]["get"]
    examples: dict[str, Any] = operation["responses"]["200"]["content"]["application/json"][
        "examples"
    ]
    return examples


def _english_licence(spec: dict[str, Any]) -> None:
    example = _responses(spec, "Forbidden")["licenceExpired"]
    example["value"]["meta"]["message"] = "The license must be renewed."


def _another_source(spec: dict[str, Any]) -> None:
    _responses(spec, "PaymentRequired")["blueprint"]["x-vendor-source"] = "mcp-login-refused"


def _misquoted_row(spec: dict[str, Any]) -> None:
    quotes = _list_examples(spec)["mcpFixture"]["x-vendor-quotes"]
    quotes[0]["text"] = quotes[0]["text"].replace("size: '9 B'", "size: '9 KB'")


BREAKAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "value-not-in-source": _english_licence,
    "wrong-source": _another_source,
    "misquoted": _misquoted_row,
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_the_check_catches(breakage: Callable[[dict[str, Any]], None]) -> None:
    spec = copy.deepcopy(SPEC)
    breakage(spec)
    problems = check_claims(spec, SOURCES, sourced_only=True).problems
    assert len(problems) == 1, problems
