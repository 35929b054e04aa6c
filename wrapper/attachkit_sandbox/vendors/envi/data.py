"""The Envi data set: entities (POs, invoices, requisitions ...) and their file attachments."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from attachkit_sandbox import blobs
from attachkit_sandbox.blobs import Blob, BytesBlob, PatternBlob

ENVI_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://sandbox.attachkit.invalid/envi")

# The organization that owns every record; a token for another organization sees nothing.
ENVI_ORGANIZATION_NO = "1000"
ENVI_OTHER_ORGANIZATION_NO = "2000"

# entityTypePK -> entityTypeValue, with the vendor's current labels.
ENVI_ENTITY_TYPES: Mapping[int, str] = {
    1: "Purchase Order",
    4: "Received Invoice",
    6: "Contract",
    7: "Requisition",
    8: "Adjustment",
    9: "Requisition Fill Proof of Delivery",
    10: "OCR Invoice",
    11: "Inventory",
}
# Only these types share files by PO # and release #.
LINKED_ENTITY_TYPES = frozenset({1, 4, 10})

# The vendor documents these as "no content returned"; every other status has content.
STATUSES_WITHOUT_CONTENT = frozenset({"Deleted", "Uploading", "Failed", "Corrupted"})
# x-attachkit-assumption: the normal status is "Active" (the vendor does not document it).
STATUS_ACTIVE = "Active"

ENVI_BIG_FILE_COUNT = 3000
ENVI_BULK_ENTITY_COUNT = 2000

_BASE_TIME = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
_CET = timezone(timedelta(hours=1))


def envi_uuid(name: str) -> uuid.UUID:
    return uuid.uuid5(ENVI_NAMESPACE, name)


ENVI_PO_ID = envi_uuid("entity:purchase-order:100234-1")
ENVI_PO_RELEASE_2_ID = envi_uuid("entity:purchase-order:100234-2")
ENVI_RECEIVED_INVOICE_ID = envi_uuid("entity:received-invoice:INV-55012")
ENVI_OCR_INVOICE_ID = envi_uuid("entity:ocr-invoice:OCR-9001")
ENVI_CONTRACT_ID = envi_uuid("entity:contract:CT-2024-007")
ENVI_ADJUSTMENT_ID = envi_uuid("entity:adjustment:ADJ-3001")
# An adjustment without files: the adjustment items list names it all the same.
ENVI_EMPTY_ADJUSTMENT_ID = envi_uuid("entity:adjustment:ADJ-3002")
ENVI_PROOF_OF_DELIVERY_ID = envi_uuid("entity:proof-of-delivery:POD-7710")
ENVI_BIG_ENTITY_ID = envi_uuid("entity:inventory:store-room")
ENVI_LARGE_ENTITY_ID = envi_uuid("entity:contract:archive")
ENVI_HOSTILE_NAMES_ID = envi_uuid("entity:requisition:REQ-NAMES")
HOSTILE_NAMES = (
    "Invoice\xa012.pdf",  # no-break space
    "Invoice\xad13.pdf",  # soft hyphen
    "report \u202efdp.exe",  # right-to-left override
    "zero\u200bwidth.txt",
    "line\u2028separator.txt",
    "tab\tand\nnewline.txt",
    "..\\..\\boot.ini",
    "C:\\Windows\\evil.dll",
    "emoji \U0001f600.png",
    ".hidden",
    "  spaced out  .txt",
    'quote " and <angle>.txt',
)
"""File names of ENVI_HOSTILE_NAMES_ID: what a vendor may send that a terminal, a JSON
reader or a file system could choke on (the purchase order has more: `../../etc/passwd`,
`CON.txt`, a BEL character)."""


def envi_bulk_entity_ids() -> tuple[uuid.UUID, ...]:
    """The requisitions meant for bulk export, in a stable order."""
    return tuple(_bulk_entity(index).entity_id for index in range(ENVI_BULK_ENTITY_COUNT))


SCALE_FILES_PER_RECORD = 5
"""Files of each purchase order that `envi_data(scale_records=N)` adds (for benchmarks)."""


def envi_scale_entity_ids(count: int) -> tuple[uuid.UUID, ...]:
    """The ids of the first `count` purchase orders of the scale data set."""
    return tuple(_scale_entity(index).entity_id for index in range(count))


@dataclass(frozen=True)
class EnviUser:
    user_id: uuid.UUID
    name: str


@dataclass(frozen=True)
class EnviEntity:
    entity_id: uuid.UUID
    entity_no: str
    type_pk: int
    po_no: str | None = None
    release_no: int | None = None

    @property
    def type_value(self) -> str:
        return ENVI_ENTITY_TYPES[self.type_pk]


@dataclass(frozen=True)
class EnviAdjustmentItem:
    """One line of an adjustment, as the adjustment items list shows it."""

    item_id: uuid.UUID
    adjustment: EnviEntity
    line_no: int
    quantity: int
    updated: datetime


@dataclass(frozen=True)
class EnviFile:
    """One attachment. `blob` is None for statuses that have no content."""

    file_id: uuid.UUID
    entity: EnviEntity
    name: str
    file_type: str
    status: str
    created: datetime
    updated: datetime
    created_by: EnviUser
    updated_by: EnviUser
    blob: Blob | None
    declared_size: int = 0

    @property
    def has_content(self) -> bool:
        return self.blob is not None

    @property
    def size(self) -> int:
        return self.blob.size if self.blob is not None else self.declared_size

    @property
    def sha256(self) -> str:
        return self._blob().sha256

    def content(self) -> bytes:
        return self._blob().read()

    def chunks(self) -> Iterator[bytes]:
        return self._blob().iter_chunks()

    def _blob(self) -> Blob:
        if self.blob is None:
            raise LookupError(f"file {self.file_id} has status {self.status}: no content")
        return self.blob


class EnviData:
    """All entities and files, indexed for the API's lookups."""

    def __init__(
        self,
        files: list[EnviFile],
        entities: list[EnviEntity],
        adjustment_items: list[EnviAdjustmentItem] | None = None,
    ) -> None:
        self.entities: dict[uuid.UUID, EnviEntity] = {e.entity_id: e for e in entities}
        self.files: dict[uuid.UUID, EnviFile] = {}
        self.adjustment_items = list(adjustment_items or ())
        self._by_entity: dict[uuid.UUID, list[EnviFile]] = {}
        self._by_type: dict[int, list[EnviEntity]] = {}
        self._linked: dict[tuple[str, int | None], list[EnviEntity]] = {}
        for entity in entities:
            self._by_type.setdefault(entity.type_pk, []).append(entity)
            if entity.type_pk in LINKED_ENTITY_TYPES and entity.po_no is not None:
                self._linked.setdefault((entity.po_no, entity.release_no), []).append(entity)
        for file in files:
            self.files[file.file_id] = file
            self._by_entity.setdefault(file.entity.entity_id, []).append(file)
        # x-attachkit-assumption: attaching a file moves the record's lastUpdated (the vendor
        # documents lastUpdated only as "Last Date when the ... was updated").
        self.last_updated: dict[uuid.UUID, datetime] = {
            entity.entity_id: max(
                (file.updated for file in self._by_entity.get(entity.entity_id, ())),
                default=_BASE_TIME - timedelta(days=60),
            )
            for entity in entities
        }

    def files_of(self, entity_id: uuid.UUID) -> list[EnviFile]:
        """The entity's own files, oldest first."""
        return list(self._by_entity.get(entity_id, ()))

    def of_type(self, type_pk: int) -> list[EnviEntity]:
        """The entities of one type, in the data set's order."""
        return list(self._by_type.get(type_pk, ()))

    def listing(self, entity_id: uuid.UUID) -> list[EnviFile]:
        """What the list endpoint returns for an id: own files plus files linked by PO/release."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return []
        related = [entity]
        if entity.type_pk in LINKED_ENTITY_TYPES and entity.po_no is not None:
            related = self._linked[(entity.po_no, entity.release_no)]
        files = [file for other in related for file in self._by_entity.get(other.entity_id, ())]
        return sorted(files, key=lambda f: (f.created, str(f.file_id)))


@cache
def envi_data(large_file_mib: int = 0, scale_records: int = 0) -> EnviData:
    """The data set; built once per process (it is read-only, so reset never rebuilds it).

    `scale_records` adds that many purchase orders of SCALE_FILES_PER_RECORD files each."""
    entities: list[EnviEntity] = []
    files: list[EnviFile] = []
    for entity, entity_files in _fixed_entities():
        entities.append(entity)
        files.extend(entity_files)
    empty_adjustment = EnviEntity(ENVI_EMPTY_ADJUSTMENT_ID, "ADJ-3002", 8)
    entities.append(empty_adjustment)
    big = EnviEntity(ENVI_BIG_ENTITY_ID, "INV-LOC-01", 11)
    entities.append(big)
    files.extend(_big_entity_files(big))
    for index in range(ENVI_BULK_ENTITY_COUNT):
        entity = _bulk_entity(index)
        entities.append(entity)
        files.extend(_bulk_files(entity, index))
    if large_file_mib > 0:
        large = EnviEntity(ENVI_LARGE_ENTITY_ID, "CT-ARCHIVE", 6)
        entities.append(large)
        files.append(_large_file(large, large_file_mib))
    for index in range(scale_records):
        entity = _scale_entity(index)
        entities.append(entity)
        files.extend(_scale_files(entity, index))
    adjustment = next(e for e in entities if e.entity_id == ENVI_ADJUSTMENT_ID)
    items = [*_adjustment_items(adjustment, 3), *_adjustment_items(empty_adjustment, 1)]
    return EnviData(files, entities, items)


def _adjustment_items(adjustment: EnviEntity, count: int) -> Iterator[EnviAdjustmentItem]:
    for line in range(1, count + 1):
        yield EnviAdjustmentItem(
            item_id=envi_uuid(f"adjustment-item:{adjustment.entity_no}:{line}"),
            adjustment=adjustment,
            line_no=line,
            quantity=-line,
            updated=_BASE_TIME + timedelta(days=2, minutes=line),
        )


_USERS = tuple(
    EnviUser(envi_uuid(f"user:{name}"), name) for name in ("Anna Berg", "Jonas Lie", "Maria Olsen")
)


def _file(
    entity: EnviEntity,
    name: str,
    data: bytes | None,
    minute: int,
    *,
    status: str = STATUS_ACTIVE,
    file_type: str | None = None,
    declared_size: int = 0,
    tz: timezone = UTC,
) -> EnviFile:
    created = (_BASE_TIME + timedelta(minutes=minute)).astimezone(tz)
    return EnviFile(
        file_id=envi_uuid(f"file:{entity.entity_no}:{name}"),
        entity=entity,
        name=name,
        file_type=file_type if file_type is not None else _extension(name),
        status=status,
        created=created,
        updated=created + timedelta(hours=minute % 5),
        created_by=_USERS[minute % 3],
        updated_by=_USERS[(minute + 1) % 3],
        blob=BytesBlob(data) if data is not None else None,
        declared_size=declared_size,
    )


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem and "/" not in ext else ""


def _fixed_entities() -> list[tuple[EnviEntity, list[EnviFile]]]:
    po = EnviEntity(ENVI_PO_ID, "100234", 1, po_no="100234", release_no=1)
    po2 = EnviEntity(ENVI_PO_RELEASE_2_ID, "100234", 1, po_no="100234", release_no=2)
    received = EnviEntity(ENVI_RECEIVED_INVOICE_ID, "INV-55012", 4, po_no="100234", release_no=1)
    ocr = EnviEntity(ENVI_OCR_INVOICE_ID, "OCR-9001", 10, po_no="100234", release_no=1)
    contract = EnviEntity(ENVI_CONTRACT_ID, "CT-2024-007", 6)
    adjustment = EnviEntity(ENVI_ADJUSTMENT_ID, "ADJ-3001", 8)
    delivery = EnviEntity(ENVI_PROOF_OF_DELIVERY_ID, "POD-7710", 9)
    long_name = ("Quarterly usage report for sterile supplies " * 7)[:296] + ".csv"
    return [
        (
            po,
            [
                _file(po, "PO 100234 signed.pdf", blobs.pdf(["Purchase Order 100234", "Rel 1"]), 0),
                _file(po, "Faktura nr 12 \u2013 ÆØÅ.pdf", blobs.pdf(["Faktura nr 12"]), 3, tz=_CET),
                _file(po, "packing slip scan.png", blobs.png("po-packing-slip", 24, 12), 7),
                _file(po, "../../etc/passwd", blobs.text("root:x:0:0:sandbox:/root:/bin/sh\n"), 11),
                _file(po, "CON.txt", blobs.text("A reserved device name on Windows.\n"), 13),
                _file(po, "Delivery\x07note.txt", blobs.text("Delivered to dock 3.\n"), 17),
                _file(po, long_name, blobs.csv([["item", "qty"], ["gloves", "40"]]), 19),
                _file(po, "pallet photo.jpg", blobs.jpeg("po-pallet", 4096), 23),
                _file(po, "old quote.pdf", None, 29, status="Deleted", declared_size=48213),
                _file(po, "upload in progress.pdf", None, 31, status="Uploading"),
                _file(po, "failed scan.tif", None, 37, status="Failed"),
                _file(po, "damaged.xlsx", None, 41, status="Corrupted", declared_size=1024),
            ],
        ),
        (po2, [_file(po2, "PO 100234 release 2.pdf", blobs.pdf(["PO 100234", "Rel 2"]), 43)]),
        (
            received,
            [
                _file(received, "счёт.pdf", blobs.pdf(["Invoice 55012"]), 47),
                _file(received, "INV-55012.pdf", blobs.pdf(["Received invoice 55012"]), 53),
                _file(
                    received,
                    "remittance advice.csv",
                    blobs.csv([["invoice", "amount"], ["INV-55012", "1250.00"]]),
                    59,
                ),
            ],
        ),
        (
            ocr,
            [
                _file(ocr, "ocr scan 9001.png", blobs.png("ocr-9001", 32, 20), 61, tz=_CET),
                _file(
                    ocr, "ocr result.txt", blobs.text("PO 100234 / release 1 / total 1250.00\n"), 67
                ),
            ],
        ),
        (
            contract,
            [
                _file(contract, "Contract CT-2024-007.pdf", blobs.pdf(["Supply contract"]), 71),
                _file(
                    contract, "price list.csv", blobs.csv([["sku", "price"], ["A-1", "9.90"]]), 73
                ),
            ],
        ),
        (adjustment, [_file(adjustment, "count correction.txt", blobs.text("-2 boxes\n"), 79)]),
        (
            EnviEntity(ENVI_HOSTILE_NAMES_ID, "REQ-NAMES", 7),
            [_file_named(index, name) for index, name in enumerate(HOSTILE_NAMES)],
        ),
        (delivery, [_file(delivery, "signed delivery.jpg", blobs.jpeg("pod-7710", 2048), 83)]),
    ]


def _file_named(index: int, name: str) -> EnviFile:
    entity = EnviEntity(ENVI_HOSTILE_NAMES_ID, "REQ-NAMES", 7)
    return _file(entity, name, blobs.text(f"file {index} of the hostile names\n"), 89 + index)


def _big_entity_files(entity: EnviEntity) -> Iterator[EnviFile]:
    for index in range(ENVI_BIG_FILE_COUNT):
        name = f"count sheet {index:04d}.txt"
        created = _BASE_TIME - timedelta(days=30) + timedelta(seconds=index * 37)
        yield EnviFile(
            file_id=envi_uuid(f"file:{entity.entity_no}:{index}"),
            entity=entity,
            name=name,
            file_type="txt",
            status=STATUS_ACTIVE,
            created=created,
            updated=created,
            created_by=_USERS[index % 3],
            updated_by=_USERS[index % 3],
            blob=BytesBlob(f"Inventory count sheet {index:04d}\nshelf {index % 40}\n".encode()),
        )


def _bulk_entity(index: int) -> EnviEntity:
    number = 20000 + index
    return EnviEntity(envi_uuid(f"entity:requisition:{number}"), f"REQ-{number}", 7)


def _bulk_files(entity: EnviEntity, index: int) -> Iterator[EnviFile]:
    created = _BASE_TIME - timedelta(days=10) + timedelta(minutes=index)
    names = [f"{entity.entity_no}.txt"] + (
        [f"{entity.entity_no} items.csv"] if index % 3 == 0 else []
    )
    for position, name in enumerate(names):
        data = (
            f"Requisition {entity.entity_no}\n".encode()
            if position == 0
            else blobs.csv([["item", "qty"], [f"item-{index}", str(index % 9 + 1)]])
        )
        yield EnviFile(
            file_id=envi_uuid(f"file:{entity.entity_no}:{name}"),
            entity=entity,
            name=name,
            file_type=_extension(name),
            status=STATUS_ACTIVE,
            created=created + timedelta(seconds=position),
            updated=created + timedelta(seconds=position),
            created_by=_USERS[index % 3],
            updated_by=_USERS[index % 3],
            blob=BytesBlob(data),
        )


def _scale_entity(index: int) -> EnviEntity:
    number = f"S{index:06d}"
    return EnviEntity(envi_uuid(f"entity:purchase-order:{number}"), f"PO-{number}", 1)


def _scale_files(entity: EnviEntity, index: int) -> Iterator[EnviFile]:
    # One record a minute, so a date filter takes a share of them.
    created = _BASE_TIME - timedelta(days=20) + timedelta(minutes=index)
    for position in range(SCALE_FILES_PER_RECORD):
        name = f"{entity.entity_no} page {position + 1}.txt"
        yield EnviFile(
            file_id=envi_uuid(f"file:{entity.entity_no}:{position}"),
            entity=entity,
            name=name,
            file_type="txt",
            status=STATUS_ACTIVE,
            created=created + timedelta(seconds=position),
            updated=created + timedelta(seconds=position),
            created_by=_USERS[index % 3],
            updated_by=_USERS[index % 3],
            blob=BytesBlob(f"{entity.entity_no} page {position + 1}\n".encode()),
        )


def _large_file(entity: EnviEntity, mib: int) -> EnviFile:
    created = _BASE_TIME + timedelta(days=1)
    return EnviFile(
        file_id=envi_uuid(f"file:{entity.entity_no}:archive"),
        entity=entity,
        name="contract archive.bin",
        file_type="bin",
        status=STATUS_ACTIVE,
        created=created,
        updated=created,
        created_by=_USERS[0],
        updated_by=_USERS[0],
        blob=PatternBlob(f"envi-large-{mib}", mib * 1024 * 1024),
    )
