"""The specs are valid OpenAPI and their vendor examples parse through the generated models."""

from __future__ import annotations

import importlib
import json
import re
from datetime import datetime
from importlib import resources
from typing import Any, Protocol

import pytest
from openapi_spec_validator import validate

from tests.specs.spec_examples import ResponseExample, all_response_examples, load_spec
from tests.support.vendors import models_package, specs

EXAMPLES = all_response_examples()
VENDORS = tuple(specs())


class _Model(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _model_class(example: ResponseExample) -> Any:
    models = importlib.import_module(f"{models_package(example.vendor)}.models")
    return getattr(models, str(example.schema_name))


def _normalise(value: Any) -> Any:
    """Date-times compare as instants: the models re-serialise `Z` as `+00:00`."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


@pytest.mark.parametrize("vendor", VENDORS)
def test_spec_is_valid_openapi(vendor: str) -> None:
    validate(load_spec(vendor))


def test_every_vendor_has_examples() -> None:
    vendors_with_examples = {example.vendor for example in EXAMPLES}
    assert vendors_with_examples == set(VENDORS)


JSON_EXAMPLES = [
    example
    for example in EXAMPLES
    if example.schema_name is not None and not example.is_type_template
]


@pytest.mark.parametrize("example", JSON_EXAMPLES, ids=lambda example: example.id)
def test_example_round_trips_through_generated_model(example: ResponseExample) -> None:
    model: _Model = _model_class(example).from_dict(example.value)
    assert _normalise(model.to_dict()) == _normalise(example.value)


TEMPLATES = [example for example in EXAMPLES if example.is_type_template]
# What the vendors' type templates write instead of values.
TYPE_NAMES = {"string", "link", "00000000-0000-0000-0000-000000000000"}
OTHER_TYPE_NAMES = {
    "integer",
    "number",
    "boolean",
    "integer (int32)",
    "integer (int64)",
    "number (double)",
    "string (date-time)",
}
# A value the vendor shows as a sample instead of naming a type: PurchaseOrders' poUdfLabels,
# JSON text in a string.
SAMPLE_VALUES = {'[{"Name":"string1","Value":"string2"}]'}


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_envi_type_templates_are_marked() -> None:
    assert {example.vendor for example in TEMPLATES} == {"envi"}


@pytest.mark.parametrize("example", TEMPLATES, ids=lambda example: example.id)
def test_type_template_names_types_not_values(example: ResponseExample) -> None:
    if isinstance(example.value, str):
        assert re.search(r"<\w+>", example.value), "a text template has <placeholders>"
    else:
        assert set(_leaves(example.value)) <= TYPE_NAMES | OTHER_TYPE_NAMES | SAMPLE_VALUES


# Templates that name a type other than a string cannot stand for a real body.
TYPED_TEMPLATES = [
    example
    for example in TEMPLATES
    if example.schema_name is not None and OTHER_TYPE_NAMES & set(_leaves(example.value))
]
DATE_TEMPLATES = [
    example for example in TYPED_TEMPLATES if "string (date-time)" in _leaves(example.value)
]


@pytest.mark.parametrize("example", DATE_TEMPLATES, ids=lambda example: example.id)
def test_type_template_example_is_not_a_parseable_body(example: ResponseExample) -> None:
    # The vendor's list and metadata examples name types instead of values.
    with pytest.raises(ValueError, match="isoformat"):
        _model_class(example).from_dict(example.value)


def test_altegio_meta_may_be_an_empty_array() -> None:
    from attachkit_altegio_client.models import ErrorEnvelope, ErrorMeta

    empty = ErrorEnvelope.from_dict({"success": False, "data": None, "meta": []})
    assert empty.meta == []
    with_message = ErrorEnvelope.from_dict(
        {"success": False, "data": None, "meta": {"message": "Access denied."}}
    )
    assert isinstance(with_message.meta, ErrorMeta)
    assert with_message.meta.message == "Access denied."


def test_altegio_accepts_both_uploader_field_names() -> None:
    from attachkit_altegio_client.models import ClientFile

    documented = ClientFile.from_dict({"id": 1, "client_id": 2, "name": "a.txt", "username": "A"})
    example = ClientFile.from_dict({"id": 1, "client_id": 2, "name": "a.txt", "user_name": "B"})
    assert (documented.username, example.user_name) == ("A", "B")


def test_unknown_status_and_type_strings_still_parse() -> None:
    from attachkit_envi_client.models import FileAttachment

    record = FileAttachment.from_dict(
        {
            "fileId": "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
            "entityId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "fileName": "a.pdf",
            "fileStatus": "Quarantined",
            "entityTypeValue": "Consignment Note",
            "fileType": "heic",
            "futureField": 1,
        }
    )
    assert record.file_status == "Quarantined"
    assert record.entity_type_value == "Consignment Note"
    assert record.additional_properties == {"futureField": 1}


def _schema_validator(example: ResponseExample) -> Any:
    from openapi_schema_validator import OAS31Validator

    spec = load_spec(example.vendor)
    schema = {
        "$ref": f"#/components/schemas/{example.schema_name}",
        "components": spec["components"],
    }
    return OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("example", JSON_EXAMPLES, ids=lambda example: example.id)
def test_example_is_valid_under_its_schema(example: ResponseExample) -> None:
    errors = [error.message for error in _schema_validator(example).iter_errors(example.value)]
    assert errors == []


@pytest.mark.parametrize("example", TYPED_TEMPLATES, ids=lambda example: example.id)
def test_type_template_example_is_invalid_under_its_schema(example: ResponseExample) -> None:
    errors = list(_schema_validator(example).iter_errors(example.value))
    assert errors, "the vendor's type template unexpectedly validates"


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_spec_ships_inside_its_generated_package(vendor: str) -> None:
    bundled = resources.files(models_package(vendor)).joinpath("openapi.json")
    # Dates are compared as the spec wrote them: the bundle keeps them as text.
    expected = json.loads(json.dumps(load_spec(vendor), default=lambda when: when.isoformat()))
    assert json.loads(bundled.read_text(encoding="utf-8")) == expected
