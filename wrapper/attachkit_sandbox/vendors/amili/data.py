"""The Amili ARMrest data set: OS files of two clients.

The docs show only the file type `DocAttachment`; the other types here are made up (an
assumption marked on `OsFile.type` in specs/amili.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from attachkit_sandbox import blobs
from attachkit_sandbox.blobs import BytesBlob

AMILI_CLIENT_NO = 2218
AMILI_OTHER_CLIENT_NO = 3000
AMILI_MAXIMUM_COUNT = 10


@dataclass(frozen=True)
class AmiliFile:
    client_no: int
    name: str
    extension: str
    log_item_id: int
    ar_account_no: int
    reference_no: int
    type: str
    serialize: str
    description: str
    external_memo: str
    # Filterable, though the vendor's file schema does not return them.
    job_queue_id: int
    document_no: str
    blob: BytesBlob

    @property
    def size(self) -> int:
        return self.blob.size

    @property
    def sha256(self) -> str:
        return self.blob.sha256

    def content(self) -> bytes:
        """The decoded bytes; empty when the API sends `content: ""`."""
        return self.blob.read()


def _file(
    client_no: int,
    name: str,
    data: bytes,
    *,
    type: str,
    reference_no: int,
    log_item_id: int = 0,
    ar_account_no: int = 500002,
    serialize: str = "",
    description: str = "",
    external_memo: str = "",
    job_queue_id: int = 0,
    document_no: str = "",
) -> AmiliFile:
    return AmiliFile(
        client_no=client_no,
        name=name,
        extension=name.rpartition(".")[2].lower(),
        log_item_id=log_item_id,
        ar_account_no=ar_account_no,
        reference_no=reference_no,
        type=type,
        serialize=serialize,
        description=description,
        external_memo=external_memo,
        job_queue_id=job_queue_id,
        document_no=document_no,
        blob=BytesBlob(data),
    )


@cache
def amili_files() -> Mapping[int, tuple[AmiliFile, ...]]:
    """client number -> its files, in the order the API returns them."""
    c = AMILI_CLIENT_NO
    pdf = blobs.pdf
    return {
        c: (
            _file(
                c,
                "Attachment1.png",
                blobs.png("amili-att-1"),
                type="DocAttachment",
                reference_no=350023,
                description="Document attachment",
            ),
            _file(
                c,
                "Attachment2.png",
                b"",
                type="DocAttachment",
                reference_no=350023,
                description="Document attachment",
                external_memo="DBcyBpcyBhbiBlekaldskdj8Y34",
            ),
            _file(
                c,
                "Kontrakt 350023.pdf",
                pdf(["Kontrakt 350023"]),
                type="DocAttachment",
                reference_no=350023,
                description="Signed contract",
            ),
            _file(
                c,
                "Faktura 350023.pdf",
                pdf(["Faktura 350023"]),
                type="Invoice",
                reference_no=350023,
                log_item_id=9100001,
                document_no="350023",
                description="Invoice",
            ),
            _file(
                c,
                "Purring 350023.pdf",
                pdf(["Purring 350023"]),
                type="Reminder",
                reference_no=350023,
                log_item_id=9100002,
                document_no="350023",
                description="Reminder",
            ),
            _file(
                c,
                "Faktura 350024.pdf",
                pdf(["Faktura 350024"]),
                type="Invoice",
                reference_no=350024,
                log_item_id=9100003,
                document_no="350024",
                description="Invoice",
            ),
            _file(
                c,
                "Purring 350024.pdf",
                b"",
                type="Reminder",
                reference_no=350024,
                log_item_id=9100004,
                document_no="350024",
                description="Reminder",
            ),
            _file(
                c,
                "Inkassovarsel 350024.pdf",
                pdf(["Inkassovarsel 350024"]),
                type="DebtCollectionNotice",
                reference_no=350024,
                log_item_id=9100005,
                document_no="350024",
                description="Debt collection notice",
            ),
            _file(
                c,
                "kvittering.txt",
                blobs.text("Betalt 1 250,00 NOK\n"),
                type="DocAttachment",
                reference_no=350024,
                description="Receipt",
                external_memo="sent by customer",
            ),
            _file(
                c,
                "Faktura 350025.pdf",
                pdf(["Faktura 350025"]),
                type="Invoice",
                reference_no=350025,
                log_item_id=9100006,
                job_queue_id=44001,
                serialize="batch-01",
                document_no="350025",
                description="Invoice",
            ),
            _file(
                c,
                "Faktura 350026.pdf",
                pdf(["Faktura 350026"]),
                type="Invoice",
                reference_no=350026,
                log_item_id=9100007,
                job_queue_id=44001,
                serialize="batch-01",
                document_no="350026",
                description="Invoice",
            ),
            _file(
                c,
                "Kontoutskrift 500002.pdf",
                pdf(["Kontoutskrift"]),
                type="AccountStatement",
                reference_no=0,
                log_item_id=9100008,
                job_queue_id=44002,
                description="Account statement",
            ),
            _file(
                c,
                "betalingsplan ÆØÅ.csv",
                blobs.csv([["dato", "beløp"], ["2025-04-01", "500"]]),
                type="DocAttachment",
                reference_no=350025,
                description="Payment plan",
            ),
            _file(
                c,
                "Purring 350026.pdf",
                pdf(["Purring 350026"]),
                type="Reminder",
                reference_no=350026,
                log_item_id=9100009,
                document_no="350026",
                description="Reminder",
            ),
        ),
        AMILI_OTHER_CLIENT_NO: (
            _file(
                AMILI_OTHER_CLIENT_NO,
                "Faktura 770001.pdf",
                pdf(["Faktura 770001"]),
                type="Invoice",
                reference_no=770001,
                log_item_id=9200001,
                ar_account_no=600001,
                document_no="770001",
                description="Invoice",
            ),
            _file(
                AMILI_OTHER_CLIENT_NO,
                "vedlegg.txt",
                blobs.text("Vedlegg\n"),
                type="DocAttachment",
                reference_no=770001,
                ar_account_no=600001,
            ),
        ),
    }
