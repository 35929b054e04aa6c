"""Every `x-attachkit-assumption` marker in specs/ is one line (or a list of lines) on a node
where markers may stand, every spec has some, and the README's coverage tables say the
same as the specs. The convention itself is in tests/specs/assumptions.py and the README.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.specs.assumptions import (
    KINDS,
    METHODS,
    README,
    assumptions_block,
    json_pointer,
    line_problems,
    load,
    main,
    marker_lines,
    markers,
    not_covered,
    readme_block,
    rewrite,
    vendors,
)

# Specs whose markers are being written on other branches. After they are merged this is
# `frozenset()`, and then every spec in specs/ must hold at least one marker.
MARKERS_PENDING: frozenset[str] = frozenset()

VENDORS = vendors()


# The checker itself, on small hand-made specs.

M = "x-attachkit-assumption"


def _every_kind_spec() -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", M: "info"},
        "paths": {
            "/things/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, M: "path param"}],
                "get": {
                    M: ["operation", "operation, second line"],
                    "parameters": [
                        {"name": "q", "in": "query", "schema": {"type": "integer", M: "q schema"}},
                        {"$ref": "#/components/parameters/Page"},
                    ],
                    "responses": {
                        "200": {
                            M: "inline response",
                            "description": "ok",
                            "headers": {"Retry-After": {"schema": text, M: "header"}},
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"allOf": [{"type": "object", M: "allOf member"}]},
                                        M: "inline schema",
                                    }
                                }
                            },
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                },
            }
        },
        "components": {
            "parameters": {"Page": {"name": "page", "in": "query", M: "component param"}},
            "responses": {"NotFound": {"description": "gone", M: "component response"}},
            "headers": {"Limit": {"schema": text, M: "component header"}},
            "schemas": {
                "Thing": {
                    "type": "object",
                    M: "component schema",
                    "properties": {
                        "size": {"type": "integer", M: "property"},
                        "owner": {
                            "type": "object",
                            "properties": {"name": {"type": "string", M: "nested property"}},
                        },
                    },
                }
            },
        },
    }


def test_markers_may_stand_on_every_allowed_kind_of_node() -> None:
    found = markers("handmade", _every_kind_spec())
    assert [m.pointer for m in found if m.place is None] == []
    assert {m.place.kind for m in found if m.place} == set(KINDS)
    kinds = {m.pointer: m.place.kind for m in found if m.place}
    assert kinds["/paths/~1things~1{id}/parameters/0"] == "parameter"
    assert kinds["/paths/~1things~1{id}/get/responses/200/headers/Retry-After"] == "parameter"
    assert kinds["/components/schemas/Thing/properties/owner/properties/name"] == "property"
    assert kinds["/paths/~1things~1{id}/get/responses/200/content/application~1json/schema"] == (
        "schema"
    )
    labels = {m.pointer: m.place.label for m in found if m.place}
    assert labels["/paths/~1things~1{id}/get/parameters/0/schema"] == (
        "schema of parameter `q` of `GET /things/{id}`"
    )
    assert labels["/components/schemas/Thing/properties/owner/properties/name"] == (
        "property `Thing.owner.name`"
    )


def _spec_with_marker_at(*path: str | int) -> dict[str, Any]:
    spec = _every_kind_spec()
    node: Any = spec
    for step in path:
        node = node[step]
    node[M] = "misplaced"
    return spec


GET = ("paths", "/things/{id}", "get")


@pytest.mark.parametrize(
    "path",
    [
        pytest.param((), id="document-root"),
        pytest.param(("paths",), id="paths"),
        pytest.param(("paths", "/things/{id}"), id="path-item"),
        pytest.param((*GET, "responses"), id="responses-map"),
        pytest.param((*GET, "responses", "404"), id="response-reference"),
        pytest.param((*GET, "parameters", 1), id="parameter-reference"),
        pytest.param((*GET, "responses", "200", "content"), id="content-map"),
        pytest.param((*GET, "responses", "200", "content", "application/json"), id="media-type"),
        pytest.param(("components",), id="components"),
        pytest.param(("components", "schemas"), id="schemas-map"),
        pytest.param(("components", "schemas", "Thing", "properties"), id="properties-map"),
    ],
)
def test_markers_elsewhere_are_misplaced(path: tuple[str | int, ...]) -> None:
    found = markers("handmade", _spec_with_marker_at(*path))
    misplaced = [m for m in found if m.place is None]
    assert [m.value for m in misplaced] == ["misplaced"]


def test_a_marker_inside_an_example_or_a_security_scheme_is_misplaced() -> None:
    spec = _every_kind_spec()
    spec["components"]["securitySchemes"] = {"jwt": {"type": "http", "scheme": "bearer", M: "x"}}
    spec["components"]["examples"] = {"One": {"value": {M: "in a body"}}}
    misplaced = {m.pointer for m in markers("handmade", spec) if m.place is None}
    assert misplaced == {
        "/components/securitySchemes/jwt",
        "/components/examples/One/value",
    }


@pytest.mark.parametrize(
    "value", ["One line.", ["One line.", "Another line."], "Has `code` and | a pipe."]
)
def test_one_line_or_a_list_of_lines_is_a_valid_value(value: object) -> None:
    assert line_problems(value) == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("first\nsecond", "more than one line"),
        ("ends with a newline\n", "more than one line"),
        ("carriage\rreturn", "more than one line"),
        ("unicode\u2028line separator", "more than one line"),
        (" padded", "leading or trailing whitespace"),
        (3, "a int, not a line of text"),
        (None, "a NoneType, not a line of text"),
        (True, "a bool, not a line of text"),
        ({"text": "x"}, "a dict, not a line of text"),
        ([], "an empty list"),
        (["fine", 1], "item 1: a int, not a line of text"),
        (["fine", ""], "item 1: empty"),
        (["a\nb"], "item 0: more than one line"),
        ([["nested"]], "item 0: a list, not a line of text"),
        (["twice", "twice"], "the same line twice"),
    ],
)
def test_other_values_are_refused(value: object, problem: str) -> None:
    assert problem in line_problems(value)


def test_json_pointers_escape_slashes_and_tildes() -> None:
    assert json_pointer(("paths", "/a/{b}", "get")) == "/paths/~1a~1{b}/get"
    assert json_pointer(("x~y",)) == "/x~0y"


# The specs in specs/.


def test_every_vendor_spec_is_walked() -> None:
    assert {"envi", "amili", "altegio"} <= set(VENDORS)


@pytest.mark.parametrize("vendor", VENDORS)
def test_markers_stand_where_markers_may(vendor: str) -> None:
    assert [m.pointer for m in markers(vendor) if m.place is None] == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_marker_values_are_single_lines(vendor: str) -> None:
    assert {m.pointer: m.problems for m in markers(vendor) if m.problems} == {}


@pytest.mark.parametrize("vendor", [v for v in VENDORS if v not in MARKERS_PENDING])
def test_the_spec_marks_what_it_assumes(vendor: str) -> None:
    assert markers(vendor), f"specs/{vendor}.yaml has no {M} marker"


def test_vendors_pending_markers_are_real_and_still_unmarked() -> None:
    # Once a pending spec has markers, take it off MARKERS_PENDING so the test above
    # covers it.
    assert set(MARKERS_PENDING) <= set(VENDORS)
    assert {v: len(markers(v)) for v in MARKERS_PENDING if markers(v)} == {}


@pytest.mark.parametrize("vendor", VENDORS)
def test_not_covered_lists_are_lines_on_info(vendor: str) -> None:
    for pointer, value in not_covered(load(vendor)):
        assert pointer == "/info"
        assert line_problems(value) == []
        for line in marker_lines(value):
            endpoint, _, why = line.partition(": ")
            assert endpoint.strip(), line
            assert why.strip(), f"no '<endpoint>: <why>' in {line!r}"


def test_the_listing_prints_every_marker_line(capsys: pytest.CaptureFixture[str]) -> None:
    main([])
    printed = capsys.readouterr().out.splitlines()
    expected = sum(len(marker_lines(m.value)) for v in VENDORS for m in markers(v))
    assert len(printed) == expected
    assert all(line.split("\t")[0] in VENDORS for line in printed)


# The README's "Vendor coverage" section.


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


@pytest.mark.parametrize("vendor", VENDORS)
def test_readme_assumption_table_is_the_specs(readme: str, vendor: str) -> None:
    # Regenerate with: .venv/bin/python -m tests.specs.assumptions --write
    assert readme_block(readme, vendor) == assumptions_block(vendor)


def test_regenerating_the_readme_changes_nothing(readme: str) -> None:
    assert rewrite(readme) == readme


def test_regenerating_needs_each_vendors_block(readme: str) -> None:
    without = readme.replace("<!-- BEGIN assumptions amili", "<!-- gone")
    with pytest.raises(SystemExit, match="no block for amili"):
        rewrite(without)


def _endpoint_rows(readme: str, vendor: str) -> list[list[str]]:
    """The vendor's endpoint table: the table rows between its `###` heading and its block."""
    block = readme_block(readme, vendor)
    assert block is not None
    section = readme[: readme.index(block)]
    section = section[section.rindex("\n### ") :]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    assert rows[0][:3] == ["endpoint", "method and path", "in the spec"], rows[0]
    return rows[2:]


def _operations(vendor: str) -> dict[str, str]:
    """operationId -> "METHOD path" of every operation in the spec."""
    return {
        operation["operationId"]: f"{method.upper()} {path}"
        for path, item in load(vendor)["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


@pytest.mark.parametrize("vendor", VENDORS)
def test_readme_lists_every_operation_of_the_spec(readme: str, vendor: str) -> None:
    rows = _endpoint_rows(readme, vendor)
    listed = {row[2] for row in rows if row[2].startswith("yes")}
    for operation_id, route in _operations(vendor).items():
        assert f"yes: `{operation_id}`" in listed, operation_id
        assert any(row[1] == f"`{route}`" and operation_id in row[2] for row in rows), route


@pytest.mark.parametrize("vendor", VENDORS)
def test_readme_names_only_operations_the_spec_has(readme: str, vendor: str) -> None:
    named = {
        name for row in _endpoint_rows(readme, vendor) for name in re.findall(r"`(\w+)`", row[2])
    }
    assert named <= set(_operations(vendor))


@pytest.mark.parametrize("vendor", VENDORS)
def test_readme_lists_what_the_spec_leaves_out(readme: str, vendor: str) -> None:
    left_out = {row[0] for row in _endpoint_rows(readme, vendor) if row[2] == "no"}
    for _, value in not_covered(load(vendor)):
        for line in marker_lines(value):
            assert line.partition(": ")[0] in left_out, line


# Amili: what its docs leave open is marked where it applies.

AMILI_LIST = ("paths", "/clients/{clientno}/files", "get")
# The statuses the vendor's list page lists ("GET one or more OS files", docs.amili.dev).
AMILI_LIST_PAGE_STATUSES = {"200", "400", "403", "404"}


def _resolved(spec: dict[str, Any], node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The node's pointer-ish name and the node, following one `$ref`."""
    ref = node.get("$ref")
    if ref is None:
        return "", node
    target: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return ref, target


def test_amili_statuses_its_list_page_omits_are_marked() -> None:
    spec = load("amili")
    responses = spec["paths"]["/clients/{clientno}/files"]["get"]["responses"]
    extra = set(responses) - AMILI_LIST_PAGE_STATUSES
    assert extra == {"401"}, "the upload page lists 401; the list page does not"
    for status in extra:
        ref, response = _resolved(spec, responses[status])
        assert response.get(M), f"{status} ({ref}) is assumed but not marked"


def test_amili_parameter_types_are_all_marked() -> None:
    # The docs name the eight filters and the path parameter but give no types.
    operation = load("amili")["paths"]["/clients/{clientno}/files"]["get"]
    unmarked = [p["name"] for p in operation["parameters"] if not p.get(M)]
    assert unmarked == []
    assert len(operation["parameters"]) == 9


@pytest.mark.parametrize(
    "pointer",
    [
        "/info",  # host, token issuance, rate limits
        json_pointer(AMILI_LIST),  # filters, the choice of 10
        "/components/schemas/FilesSummary/properties/totalCount",  # the 10-file cap
        "/components/schemas/ProblemDetails",  # RFC 7807 errors
        "/components/responses/Unauthorized",  # 401 on the list
        "/components/schemas/OsFile/properties/content",  # empty content
    ],
)
def test_amili_marks(pointer: str) -> None:
    assert pointer in {m.pointer for m in markers("amili")}


def test_amili_leaves_out_upload_and_get_one_and_says_so() -> None:
    spec = load("amili")
    assert list(_operations("amili")) == ["getFiles"]
    assert set(spec["paths"]["/clients/{clientno}/files"]) == {"get"}
    (pointer_value,) = not_covered(spec)
    endpoints = [line.partition(": ")[0] for line in marker_lines(pointer_value[1])]
    assert endpoints == ["POST (upload) one or more OS files", "GET one OS file"]
