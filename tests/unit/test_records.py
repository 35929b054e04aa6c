"""Vendor records are checked on the decoded JSON as strictly as before, when the generated
model parsed them first and the converter checked its fields.

Every field of a valid record is replaced, in turn, by each value of a palette (or left
out): the record is accepted exactly when the field's rule below allows the value, and
then its lazily built `raw` equals `Model.from_dict(record)`, which never fails for a
record that was accepted. Refusals are TypeError or ValueError naming the field (the
listing turns them into UnexpectedResponseError).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

import pytest

from attachkit import Attachment
from attachkit.altegio.convert import attachment_from_altegio
from attachkit.amili.convert import attachment_from_amili
from attachkit.envi.convert import attachment_from_envi
from attachkit_altegio_client.models import ClientFile
from attachkit_amili_client.models import OsFile
from attachkit_envi_client.models import FileAttachment
from tests.support.models import assert_same_model
from tests.support.records import documented_record

MISSING = object()
"""Stands for a field left out of the record."""

ID = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
PALETTE: list[object] = [
    MISSING,
    None,
    True,
    0,
    7,
    2**70,
    1.5,
    "",
    "x",
    "\x00",
    ID,
    ID.upper(),
    "{" + ID + "}",
    "urn:uuid:" + ID,
    ID.replace("-", ""),
    ID[:-1],
    "2026-03-02T09:15:00Z",
    "2026-03-02T09:15:00",
    "2026-01-01T12:00:00-0500",
    "2026-13-45T99:00:00Z",
    "yesterday",
    [],
    {},
    [["a", "b"]],
    {"a": 1},
]


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError):
        return False
    return True


def _is_date_time(value: object) -> bool:
    try:
        datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


Rule = Callable[[object], bool]


def anything(value: object) -> bool:
    return True


def uuid_required(value: object) -> bool:
    return isinstance(value, str) and _is_uuid(value)


def uuid_optional(value: object) -> bool:
    return value is MISSING or uuid_required(value)


def text_required(value: object) -> bool:
    return type(value) is str


def text_optional(value: object) -> bool:
    return value is MISSING or value is None or type(value) is str


def integer_required(value: object) -> bool:
    return type(value) is int


def integer_optional(value: object) -> bool:
    return value is MISSING or value is None or type(value) is int


def integer_or_absent(value: object) -> bool:
    return value is MISSING or type(value) is int


def date_time_or_absent(value: object) -> bool:
    return value is MISSING or (isinstance(value, str) and _is_date_time(value))


def date_time_optional(value: object) -> bool:
    return value is None or date_time_or_absent(value)


ENVI_RECORD: dict[str, Any] = {
    "fileId": ID,
    "entityId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "entityNo": "PO-100234-01",
    "entityTypeValue": "Purchase Order",
    "fileName": "Packing slip.pdf",
    "fileStatus": "Active",
    "fileSize": 48213,
    "fileType": "pdf",
    "dateCreated": "2026-03-02T09:15:00Z",
    "createdBy": "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b",
    "createdByName": "Dana Buyer",
    "lastUpdated": "2026-03-02T09:20:11Z",
    "lastUpdatedBy": "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b",
    "lastUpdatedByName": "Dana Buyer",
    "somethingNew": {"kept": True},
}
ENVI_RULES: dict[str, Rule] = {
    "fileId": uuid_required,
    "entityId": uuid_required,
    "entityNo": text_optional,
    "entityTypeValue": text_optional,
    "fileName": text_required,
    "fileStatus": text_optional,
    "fileSize": integer_or_absent,
    # Read only for a name without an extension (see the record without one below).
    "fileType": anything,
    # The generated parser reads a present date, even null, as a date-time.
    "dateCreated": date_time_or_absent,
    "createdBy": uuid_optional,
    "createdByName": text_optional,
    "lastUpdated": date_time_or_absent,
    "lastUpdatedBy": uuid_optional,
    # Not mapped, and taken as it comes by the generated model.
    "lastUpdatedByName": anything,
    "somethingNew": anything,
}
# With no extension in the name, fileType stands in for one, so it is read and checked.
ENVI_BARE_NAME = {**ENVI_RECORD, "fileName": "README"}
ENVI_BARE_RULES = {**ENVI_RULES, "fileType": text_optional}

AMILI_RECORD: dict[str, Any] = {
    "clientNo": 2218,
    "name": "Attachment1.png",
    "extension": "png",
    "logItemId": 0,
    "arAccountNo": 500002,
    "referenceNo": 350023,
    "type": "DocAttachment",
    "serialize": "",
    "description": "Document attachment",
    "externalMemo": "",
    "content": "VGhpcyBpcyBhbiBleGFtcGxl",
}
AMILI_RULES: dict[str, Rule] = {
    "clientNo": integer_required,
    "name": text_required,
    "extension": text_optional,
    "logItemId": integer_optional,
    "arAccountNo": anything,
    "referenceNo": integer_optional,
    "type": anything,
    "serialize": anything,
    "description": text_optional,
    "externalMemo": anything,
    "content": text_required,
}

ALTEGIO_RECORD = documented_record(
    "altegio", "ClientFile", full_link="https://app.alteg.io/client_files/download/456/123/"
)
ALTEGIO_RULES: dict[str, Rule] = {
    "id": integer_required,
    # Left out, the client is the one the request path names.
    "client_id": integer_or_absent,
    "name": text_required,
    "description": text_optional,
    "date_create": date_time_optional,
    "extension": text_optional,
    "mime": text_optional,
    # Checked when a download uses them.
    "link": anything,
    "full_link": anything,
    "user_name": text_optional,
    # Read only when user_name is empty (see the record without one below).
    "username": anything,
    "user_avatar": anything,
    "size": text_optional,
    "can_edit": anything,
}
ALTEGIO_FIELD_TABLE_NAME = {
    **{key: value for key, value in ALTEGIO_RECORD.items() if key != "user_name"},
    "username": "Victor Sitnikov",
}
ALTEGIO_FIELD_TABLE_RULES = {**ALTEGIO_RULES, "user_name": text_optional, "username": text_optional}

Convert = Callable[[Any], Attachment]
# The client a listing's request path names.
PATH_CLIENT_ID = 777
altegio_convert = partial(attachment_from_altegio, client_id=PATH_CLIENT_ID)
CASES: dict[str, tuple[Convert, Any, dict[str, Any], dict[str, Rule]]] = {
    "envi": (attachment_from_envi, FileAttachment, ENVI_RECORD, ENVI_RULES),
    "envi-bare-name": (attachment_from_envi, FileAttachment, ENVI_BARE_NAME, ENVI_BARE_RULES),
    "amili": (attachment_from_amili, OsFile, AMILI_RECORD, AMILI_RULES),
    "altegio": (altegio_convert, ClientFile, ALTEGIO_RECORD, ALTEGIO_RULES),
    "altegio-username": (
        altegio_convert,
        ClientFile,
        ALTEGIO_FIELD_TABLE_NAME,
        ALTEGIO_FIELD_TABLE_RULES,
    ),
}


def _mutated(record: dict[str, Any], field: str, value: object) -> dict[str, Any]:
    changed = {key: item for key, item in record.items() if key != field}
    if value is not MISSING:
        changed[field] = value
    return changed


PARAMS = [
    pytest.param(case, field, value, id=f"{case}-{field}-{index}")
    for case, (_, _, _, rules) in CASES.items()
    for field in rules
    for index, value in enumerate(PALETTE)
]


@pytest.mark.parametrize(("case", "field", "value"), PARAMS)
def test_a_field_is_accepted_exactly_when_its_rule_allows(
    case: str, field: str, value: object
) -> None:
    convert, model, record, rules = CASES[case]
    record = _mutated(record, field, value)
    if not rules[field](value):
        with pytest.raises((TypeError, ValueError), match=field):
            convert(record)
        return
    attachment = convert(record)
    assert_same_model(attachment.raw, model.from_dict(record))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("record", [None, 17, "x", [], [["name", "a"]]], ids=repr)
def test_a_record_that_is_not_an_object_is_refused(case: str, record: object) -> None:
    convert = CASES[case][0]
    with pytest.raises(TypeError, match="expected an object"):
        convert(record)


def test_an_altegio_row_without_client_id_is_the_path_clients() -> None:
    row = {key: value for key, value in ALTEGIO_RECORD.items() if key != "client_id"}
    assert altegio_convert(row).entity.id == str(PATH_CLIENT_ID)
    # A row that names another client keeps its own.
    assert altegio_convert(ALTEGIO_RECORD).entity.id == str(ALTEGIO_RECORD["client_id"])


UUID_FORMS = [ID, ID.upper(), "{" + ID + "}", "urn:uuid:" + ID, ID.replace("-", "")]


@pytest.mark.parametrize("form", UUID_FORMS)
def test_envi_ids_are_canonical_whatever_form_the_vendor_sends(form: str) -> None:
    record = {**ENVI_RECORD, "fileId": form, "entityId": form, "createdBy": form}
    attachment = attachment_from_envi({**record, "createdByName": None})
    assert attachment.id == attachment.entity.id == attachment.created_by == ID
    assert str(attachment.raw.file_id) == attachment.id  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("2026-03-02T09:15:00Z", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
        ("2026-03-02T09:15:00", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
        ("2026-03-02T10:15:00+01:00", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
    ],
)
def test_envi_dates_are_timezone_aware(sent: str, shown: datetime) -> None:
    attachment = attachment_from_envi({**ENVI_RECORD, "dateCreated": sent, "lastUpdated": sent})
    assert attachment.created_at == attachment.updated_at == shown
    assert attachment.created_at is not None
    assert attachment.created_at.tzinfo is not None
