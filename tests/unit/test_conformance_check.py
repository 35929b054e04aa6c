"""Which assumptions an exchange exercises, and what it says of them."""

from __future__ import annotations

from typing import Any

import httpx

from attachkit.conformance.check import _outcomes
from attachkit.conformance.exchanges import Exchange
from attachkit.conformance.spec import BundledSpec
from attachkit.conformance.validate import validate

SPEC: dict[str, Any] = {
    "info": {"x-attachkit-assumption": "no host is documented"},
    "paths": {
        "/files/{id}": {
            "get": {
                "x-attachkit-assumption": ["ids are integers"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/File"}}
                        },
                    },
                    "404": {
                        "description": "missing",
                        "x-attachkit-assumption": "404 has an empty body",
                    },
                },
            }
        }
    },
    "components": {
        "schemas": {
            "File": {
                "type": "object",
                "x-attachkit-assumption": "size is in bytes",
                "properties": {"size": {"type": "integer"}},
            }
        }
    },
}


def _exchange(status: int, body: bytes, path: str = "/api/files/7") -> Exchange:
    request = httpx.Request("GET", f"https://vendor.example{path}")
    headers = httpx.Headers({"content-type": "application/json"})
    return Exchange(request, status, headers, bytearray(body), complete=True)


def _outcome_by_text(*exchanges: Exchange) -> dict[str, str]:
    spec = BundledSpec(SPEC)
    checked = [validate(spec, exchange) for exchange in exchanges]
    return {o.assumption.text: o.outcome for o in _outcomes(spec, checked)}


def test_markers_are_found_with_where_they_stand() -> None:
    found = {(a.pointer, a.text) for a in BundledSpec(SPEC).assumptions}
    assert found == {
        ("/info", "no host is documented"),
        ("/paths/~1files~1{id}/get", "ids are integers"),
        ("/paths/~1files~1{id}/get/responses/404", "404 has an empty body"),
        ("/components/schemas/File", "size is in bytes"),
    }


def test_an_answer_exercises_its_operation_status_and_schemas_only() -> None:
    outcomes = _outcome_by_text(_exchange(200, b'{"size": 3}'))
    assert outcomes == {
        "no host is documented": "not exercised",
        "ids are integers": "holds",
        "404 has an empty body": "not exercised",
        "size is in bytes": "holds",
    }


def test_drift_in_the_answers_an_assumption_applies_to_makes_it_differ() -> None:
    outcomes = _outcome_by_text(_exchange(200, b'{"size": "3 B"}'), _exchange(404, b""))
    assert outcomes["size is in bytes"] == "differs"
    assert outcomes["404 has an empty body"] == "holds"


def test_an_unknown_path_exercises_nothing() -> None:
    outcomes = _outcome_by_text(_exchange(200, b"{}", path="/elsewhere"))
    assert set(outcomes.values()) == {"not exercised"}


def test_a_difference_in_one_field_says_nothing_of_an_assumption_on_another() -> None:
    spec = {
        **SPEC,
        "components": {
            "schemas": {
                "File": {
                    "type": "object",
                    "properties": {
                        "size": {"type": "integer", "x-attachkit-assumption": "size in bytes"},
                        "name": {"type": "string", "x-attachkit-assumption": "names are plain"},
                    },
                }
            }
        },
    }
    bundled = BundledSpec(spec)
    checked = [validate(bundled, _exchange(200, b'{"size": "3 B", "name": "a"}'))]
    outcomes = {o.assumption.text: o.outcome for o in _outcomes(bundled, checked)}
    assert outcomes["size in bytes"] == "differs"
    assert outcomes["names are plain"] == "holds"
    assert outcomes["ids are integers"] == "differs"  # on the operation: any difference counts
