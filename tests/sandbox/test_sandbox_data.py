"""The fixed data set: valid file formats, awkward names, stable ids and hashes."""

from __future__ import annotations

import hashlib
import struct
import zlib

from attachkit_sandbox.blobs import CHUNK_SIZE, PatternBlob, jpeg, pdf, png
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.envi import (
    ENVI_BIG_ENTITY_ID,
    ENVI_LARGE_ENTITY_ID,
    ENVI_PO_ID,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import envi_data


def test_png_is_valid() -> None:
    data = png("seed", 5, 3)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, idat = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        payload = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + payload) == crc
        if kind == b"IDAT":
            idat += payload
        position += 12 + length
    assert len(zlib.decompress(idat)) == 3 * (5 * 3 + 1)


def test_pdf_xref_points_at_objects() -> None:
    data = pdf(["Hello (world)"])
    assert data.startswith(b"%PDF-1.4")
    assert data.endswith(b"%%EOF\n")
    startxref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[startxref:].startswith(b"xref")
    offsets = [int(line[:10]) for line in data[startxref:].split(b"\n")[3:8]]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode())


def test_jpeg_has_exact_size() -> None:
    for size in (30, 2048, 65541, 98970, 140000):
        data = jpeg("s", size)
        assert len(data) == size
        assert data[:2] == b"\xff\xd8"
        assert data[-2:] == b"\xff\xd9"


def test_pattern_blob_streams_distinct_chunks() -> None:
    blob = PatternBlob("seed", 2 * CHUNK_SIZE + 10)
    chunks = list(blob.iter_chunks())
    assert [len(c) for c in chunks] == [CHUNK_SIZE, CHUNK_SIZE, 10]
    assert chunks[0] != chunks[1]
    assert blob.sha256 == hashlib.sha256(b"".join(chunks)).hexdigest()


def test_awkward_names_are_present() -> None:
    names = {f.name for f in envi_data().listing(ENVI_PO_ID)}
    assert {"../../etc/passwd", "CON.txt", "счёт.pdf", "Faktura nr 12 \u2013 ÆØÅ.pdf"} <= names
    assert any(len(name) == 300 for name in names)
    assert any(any(ord(c) < 32 for c in name) for name in names)


def test_ids_and_hashes_are_stable() -> None:
    # Derived from names, so these never change between runs or machines.
    assert str(ENVI_PO_ID) == "e271e444-6e23-58d5-8300-4eabbcd2b52f"
    first = envi_data().files_of(ENVI_PO_ID)[0]
    assert first.sha256 == hashlib.sha256(first.content()).hexdigest()
    assert len(envi_data().files_of(ENVI_BIG_ENTITY_ID)) == 3000
    assert len(envi_bulk_entity_ids()) == 2000
    assert AMILI_CLIENT_NO == 2218


def test_large_file_only_when_configured() -> None:
    assert envi_data().files_of(ENVI_LARGE_ENTITY_ID) == []
    (large,) = envi_data(1).files_of(ENVI_LARGE_ENTITY_ID)
    assert large.size == 1024 * 1024
