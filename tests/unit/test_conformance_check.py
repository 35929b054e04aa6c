"""Which assumptions an exchange exercises, and what it says of them."""

from __future__ import annotations

from typing import Any

import attrs
import httpx2

from attachkit import registry
from attachkit.conformance.exchanges import Exchange
from attachkit.conformance.report import AssumptionOutcome, Step
from attachkit.conformance.run import _outcomes, _Tried
from attachkit.conformance.spec import BundledSpec
from attachkit.conformance.validate import validate
from attachkit.descriptor import Exercised

SPEC: dict[str, Any] = {
    "info": {"x-attachkit-assumption": "no host is documented"},
    "paths": {
        "/files/{id}": {
            "get": {
                "operationId": "getFile",
                "x-attachkit-assumption": ["ids are integers"],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string"},
                        "x-attachkit-assumption": "q searches names",
                    },
                    {"$ref": "#/components/parameters/Version"},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/File"}}
                        },
                    },
                    "400": {"description": "refused"},
                    "404": {
                        "description": "missing",
                        "x-attachkit-assumption": "404 has an empty body",
                        "headers": {
                            "X-Why": {
                                "schema": {"type": "integer"},
                                "x-attachkit-assumption": "X-Why is a number",
                            }
                        },
                    },
                },
            }
        }
    },
    "components": {
        "parameters": {
            "Version": {
                "name": "api-version",
                "in": "header",
                "schema": {"type": "string"},
                "x-attachkit-assumption": "the version goes in a header",
            }
        },
        "schemas": {
            "File": {
                "type": "object",
                "x-attachkit-assumption": "size is in bytes",
                "properties": {
                    "size": {"type": "integer"},
                    "name": {"type": "string", "x-attachkit-assumption": "names are plain"},
                },
            }
        },
    },
}


def _exchange(
    status: int,
    body: bytes,
    path: str = "/api/files/7",
    headers: dict[str, str] | None = None,
    request_headers: dict[str, str] | None = None,
) -> Exchange:
    request = httpx2.Request("GET", f"https://vendor.example{path}", headers=request_headers)
    answer = httpx2.Headers({"content-type": "application/json", **(headers or {})})
    return Exchange(request, status, answer, bytearray(body), complete=True)


def _outcomes_of(*exchanges: Exchange, spec: dict[str, Any] = SPEC) -> dict[str, AssumptionOutcome]:
    bundled = BundledSpec(spec)
    checked = [validate(bundled, exchange, n) for n, exchange in enumerate(exchanges, start=1)]
    return {o.assumption.text: o for o in _outcomes(bundled, checked)}


def _outcome_by_text(*exchanges: Exchange) -> dict[str, str]:
    return {text: o.outcome for text, o in _outcomes_of(*exchanges).items()}


def test_markers_are_found_with_where_they_stand() -> None:
    found = {(a.pointer, a.text) for a in BundledSpec(SPEC).assumptions}
    assert found == {
        ("/info", "no host is documented"),
        ("/paths/~1files~1{id}/get", "ids are integers"),
        ("/paths/~1files~1{id}/get/parameters/1", "q searches names"),
        ("/paths/~1files~1{id}/get/responses/404", "404 has an empty body"),
        ("/paths/~1files~1{id}/get/responses/404/headers/X-Why", "X-Why is a number"),
        ("/components/parameters/Version", "the version goes in a header"),
        ("/components/schemas/File", "size is in bytes"),
        ("/components/schemas/File/properties/name", "names are plain"),
    }


def test_an_answer_exercises_its_status_schemas_and_fields_only() -> None:
    outcomes = _outcome_by_text(_exchange(200, b'{"size": 3}'))
    assert outcomes == {
        "no host is documented": "not exercised",
        "ids are integers": "not exercised",  # an operation's: only an exercise tests it
        "q searches names": "not exercised",  # not sent
        "the version goes in a header": "not exercised",
        "404 has an empty body": "not exercised",
        "X-Why is a number": "not exercised",
        "size is in bytes": "holds",
        "names are plain": "not exercised",  # the answer had no name
    }


def test_every_holds_names_the_exchange_that_exercised_it() -> None:
    outcomes = _outcomes_of(
        _exchange(404, b"", headers={"X-Why": "7"}),
        _exchange(200, b'{"size": 3, "name": "a"}', path="/api/files/7?q=a"),
    )
    holding = {text: o for text, o in outcomes.items() if o.outcome == "holds"}
    assert set(holding) == {
        "q searches names", "404 has an empty body", "X-Why is a number", "size is in bytes",
        "names are plain",
    }  # fmt: skip
    assert holding["q searches names"].exchanges == (2,)
    assert holding["q searches names"].evidence == "sent in exchange 2 (GET /files/{id} 200)"
    assert holding["404 has an empty body"].evidence == "seen in exchange 1 (GET /files/{id} 404)"
    assert holding["names are plain"].exchanges == (2,)


def test_a_parameter_refused_with_400_differs_and_one_not_taken_is_not_exercised() -> None:
    refused = _outcomes_of(_exchange(400, b"", path="/api/files/7?q=a"))["q searches names"]
    assert (refused.outcome, refused.exchanges) == ("differs", (1,))
    missing = _outcomes_of(_exchange(404, b"", path="/api/files/7?q=a"))["q searches names"]
    assert missing.outcome == "not exercised"
    assert missing.evidence == "sent in exchange 1 (GET /files/{id} 404), not taken"
    version = _outcomes_of(_exchange(200, b"{}", request_headers={"api-version": "1.0"}))
    assert version["the version goes in a header"].outcome == "holds"


def test_drift_in_the_answers_an_assumption_applies_to_makes_it_differ() -> None:
    outcomes = _outcome_by_text(
        _exchange(200, b'{"size": "3 B"}'), _exchange(404, b"", headers={"X-Why": "soon"})
    )
    assert outcomes["size is in bytes"] == "differs"
    assert outcomes["X-Why is a number"] == "differs"
    assert outcomes["404 has an empty body"] == "differs"  # its answer has the header's drift


def test_an_unknown_path_exercises_nothing() -> None:
    outcomes = _outcome_by_text(_exchange(200, b"{}", path="/elsewhere"))
    assert set(outcomes.values()) == {"not exercised"}


def test_a_difference_in_one_field_says_nothing_of_an_assumption_on_another() -> None:
    outcomes = _outcomes_of(_exchange(200, b'{"size": "3 B", "name": "a"}'))
    assert outcomes["size is in bytes"].outcome == "differs"
    assert outcomes["names are plain"].outcome == "holds"
    assert outcomes["size is in bytes"].evidence == (
        "exchange 1 (GET /files/{id} 200) /size wrong-type: string, the spec says integer"
    )


def test_a_field_the_spec_does_not_name_is_an_addition_not_drift() -> None:
    bundled = BundledSpec(SPEC)
    validated = validate(
        bundled, _exchange(200, b'{"size": 3, "debugInfo": "x"}', headers={"X-Trace": "1"}), 1
    )
    groups = {(f.kind, f.where): f.group for f in validated.findings}
    assert groups == {
        ("unknown-field", "/debugInfo"): "addition",
        ("unknown-header", "x-trace"): "addition",
    }
    assert (
        _outcome_by_text(_exchange(200, b'{"size": 3, "debugInfo": "x"}'))["size is in bytes"]
        == "holds"
    )


def test_an_exercise_decides_its_assumption_and_its_answers_count_for_nothing_else() -> None:
    bundled = BundledSpec(SPEC)
    checked = [
        validate(bundled, _exchange(200, b'{"size": 3}'), 1),
        validate(bundled, _exchange(404, b"", path="/api/files/8"), 2),
    ]
    tried = _Tried(
        frozenset({"/paths/~1files~1{id}/get"}),
        Step("try an id", "an integer id was taken", exchanges=(2,)),
        Exercised(True, "an integer id was taken"),
    )
    outcomes = {o.assumption.text: o for o in _outcomes(bundled, checked, [tried])}
    assert outcomes["ids are integers"].outcome == "holds"
    assert (
        outcomes["ids are integers"].evidence == "try an id: an integer id was taken (exchanges 2)"
    )
    assert outcomes["404 has an empty body"].outcome == "not exercised"
    refuted = attrs.evolve(tried, shown=Exercised(False, "a letter id was taken too"))
    outcomes = {o.assumption.text: o for o in _outcomes(bundled, checked, [refuted])}
    assert outcomes["ids are integers"].outcome == "differs"


def test_every_exercise_tests_a_marker_of_its_vendors_spec() -> None:
    exercised = 0
    for descriptor in registry.descriptors():
        conformance = descriptor.conformance()
        if conformance is None:
            continue
        spec = BundledSpec.of_package(conformance.spec_package)
        markers = {assumption.pointer for assumption in spec.assumptions}
        for exercise in conformance.exercises:
            if exercise.parameter is None:
                pointers = {spec.by_id(exercise.operation).pointer}
            else:
                pointers = set(spec.parameter_pointers(exercise.operation, exercise.parameter))
            assert pointers & markers, exercise.action
            exercised += 1
    assert exercised >= 3
