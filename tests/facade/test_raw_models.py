"""`Attachment.raw` is the generated model its record parses to, built when first read.

For every vendor example in the specs and every record of the sandbox's data set, `raw`
is of the generated model's class and equal, field by field, to `Model.from_dict(record)`:
additional properties, UUIDs, datetimes and UNSET markers included. An example the
generated model cannot parse (the vendor's type templates) is refused by the listing too.
"""

from __future__ import annotations

import importlib
import json
import uuid
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient
from attachkit.altegio.convert import attachment_from_altegio
from attachkit.amili import AmiliClient
from attachkit.amili.convert import attachment_from_amili
from attachkit.envi import EnviClient
from attachkit.envi.convert import attachment_from_envi
from attachkit_altegio_client.models import ClientFile
from attachkit_amili_client.models import OsFile
from attachkit_envi_client.models import FileAttachment, FileAttachmentEntity
from attachkit_sandbox.vendors.altegio.api import altegio_record
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.amili.api import amili_record
from attachkit_sandbox.vendors.amili.data import amili_files
from attachkit_sandbox.vendors.envi.api import envi_record
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.specs.spec_examples import ResponseExample, all_response_examples
from tests.support.models import assert_same_model

ENTITY_ID = uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
FILE_ID = uuid.UUID("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")


# --- every vendor example in the specs, through the clients ----------------------------------


def serving(body: object) -> httpx2.MockTransport:
    return httpx2.MockTransport(lambda request: httpx2.Response(200, json=body))


def envi_list(body: object) -> list[Attachment]:
    with EnviClient("https://envi.example", token="t", transport=serving(body)) as envi:
        return list(next(iter(envi.list_files(ENTITY_ID).pages())).items)


def envi_metadata(body: object) -> list[Attachment]:
    with EnviClient("https://envi.example", token="t", transport=serving(body)) as envi:
        return [envi.get_file(FILE_ID)]


def amili_list(body: object) -> list[Attachment]:
    with (
        AmiliClient("https://armrest.example/api", token="t", transport=serving(body)) as amili,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", errors.TruncatedResultWarning)
        return list(amili.list_files(2218))


def altegio_client(body: object) -> AltegioClient:
    return AltegioClient(
        partner_token="p", user_token="u", rate_limits=None, transport=serving(body)
    )


def altegio_list(body: object) -> list[Attachment]:
    with altegio_client(body) as altegio:
        return list(altegio.list_files(456, 123456))


# What each example's schema is answered to, the records in it, and their model.
Reader = Callable[[Any], list[Attachment]]
Records = Callable[[Any], list[Any]]
READERS: dict[str, tuple[Reader, Records, Any]] = {
    "FileAttachmentList": (envi_list, lambda body: body["value"], FileAttachment),
    "FileAttachmentEntity": (envi_metadata, lambda body: [body], FileAttachmentEntity),
    "FilesResponse": (amili_list, lambda body: body["files"], OsFile),
    "ClientFilesResponse": (altegio_list, lambda body: body["data"], ClientFile),
}
FILE_EXAMPLES = [example for example in all_response_examples() if example.schema_name in READERS]


def test_every_vendor_has_file_examples() -> None:
    assert {example.vendor for example in FILE_EXAMPLES} == {"envi", "amili", "altegio"}


def _parses(parse: Callable[[Any], object], value: object) -> bool:
    try:
        parse(value)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return True


@pytest.mark.parametrize("example", FILE_EXAMPLES, ids=lambda example: example.id)
def test_raw_is_the_generated_model_of_each_spec_example(example: ResponseExample) -> None:
    read, records_of, model = READERS[str(example.schema_name)]
    schema = getattr(
        importlib.import_module(f"attachkit_{example.vendor}_client.models"),
        str(example.schema_name),
    )
    if not _parses(schema.from_dict, example.value):
        # The vendor's type templates ("string (date-time)" for a date) parse nowhere.
        assert example.is_type_template
        with pytest.raises(errors.UnexpectedResponseError):
            read(example.value)
        return
    attachments = read(example.value)
    records = records_of(example.value)
    assert len(attachments) == len(records) > 0
    for attachment, record in zip(attachments, records, strict=True):
        assert_same_model(attachment.raw, model.from_dict(record))
        assert attachment.raw is attachment.raw  # built once, then kept


def test_the_uploaded_files_raw_is_its_rows_generated_model() -> None:
    (example,) = [
        e for e in FILE_EXAMPLES if e.id.startswith("altegio:POST") and e.id.endswith(" ours")
    ]
    with altegio_client(example.value) as altegio:
        uploaded = altegio.upload_file(456, 123456, b"%PDF-1.4", name="referral.pdf")
    row = next(row for row in example.value["data"] if row["name"] == "referral.pdf")
    assert uploaded.id == str(row["id"])
    assert_same_model(uploaded.raw, ClientFile.from_dict(row))


# --- every record of the sandbox's data set --------------------------------------------------


def as_sent(record: dict[str, object]) -> dict[str, Any]:
    """The record as a client decodes it from the wire."""
    decoded: dict[str, Any] = json.loads(json.dumps(record))
    return decoded


def envi_records() -> Iterator[dict[str, Any]]:
    for file in envi_data().files.values():
        yield as_sent(envi_record(file))


def test_raw_of_every_sandbox_envi_record() -> None:
    count = 0
    for record in envi_records():
        listed = attachment_from_envi(record)
        fetched = attachment_from_envi(record, model=FileAttachmentEntity)
        assert_same_model(listed.raw, FileAttachment.from_dict(record))
        assert_same_model(fetched.raw, FileAttachmentEntity.from_dict(record))
        assert listed == fetched
        count += 1
    assert count == len(envi_data().files) > 5000


def test_raw_of_every_sandbox_amili_record() -> None:
    records = [as_sent(amili_record(file)) for files in amili_files().values() for file in files]
    assert records
    for record in records:
        assert_same_model(attachment_from_amili(record).raw, OsFile.from_dict(record))


@pytest.mark.parametrize("origin", [None, "https://app.alteg.io"])
def test_raw_of_every_sandbox_altegio_record(origin: str | None) -> None:
    records = [
        as_sent(altegio_record(file, origin))
        for location in altegio_locations().values()
        for files in location.clients.values()
        for file in files
    ]
    assert records
    for record in records:
        attachment = attachment_from_altegio(record, record["client_id"])
        assert_same_model(attachment.raw, ClientFile.from_dict(record))


# --- page shapes the generated models took by accident ---------------------------------------


@pytest.mark.parametrize(
    ("read", "body"),
    [
        pytest.param(envi_list, {"value": {}}, id="envi-value-object"),
        pytest.param(envi_list, {"value": ""}, id="envi-value-empty-string"),
        pytest.param(envi_list, {"value": [], "@odata.count": None}, id="envi-count-null"),
        pytest.param(
            envi_list,
            {"value": [[["fileId", str(FILE_ID)], ["entityId", str(ENTITY_ID)], ["fileName", ""]]]},
            id="envi-record-as-pairs",
        ),
        pytest.param(amili_list, {"files": []}, id="amili-no-summary"),
        pytest.param(
            amili_list, {"files": [], "summary": {"totalCount": 0}}, id="amili-no-maximum"
        ),
        pytest.param(
            amili_list,
            {"files": [], "summary": [["totalCount", 0], ["maximumCount", 10]]},
            id="amili-summary-as-pairs",
        ),
        pytest.param(altegio_list, {"success": True, "data": {}}, id="altegio-data-object"),
        pytest.param(
            altegio_list, {"success": True, "data": [], "meta": None}, id="altegio-meta-null"
        ),
        pytest.param(
            altegio_list, {"success": True, "data": [], "meta": "x"}, id="altegio-meta-string"
        ),
    ],
)
def test_bodies_of_the_wrong_shape_are_unexpected(read: Reader, body: object) -> None:
    with pytest.raises(errors.UnexpectedResponseError):
        read(body)


@pytest.mark.parametrize(
    ("meta", "total"), [(None, 0), ([], 0), ({}, 0), ({"count": 3}, 3), ({"count": "3"}, 0)]
)
def test_altegio_meta_may_be_an_empty_array_or_absent(meta: object, total: int) -> None:
    body: dict[str, object] = {"success": True, "data": []}
    if meta is not None:
        body["meta"] = meta
    with altegio_client(body) as altegio:
        listing = altegio.list_files(456, 123456)
        assert list(listing) == []
        assert listing.total_count == total
