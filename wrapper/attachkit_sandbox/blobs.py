"""Deterministic file bytes: every byte derives from a seed string, never from randomness."""

from __future__ import annotations

import hashlib
import struct
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from functools import cached_property

__all__ = [
    "CHUNK_SIZE",
    "Blob",
    "BytesBlob",
    "PatternBlob",
    "csv",
    "filler",
    "jpeg",
    "pdf",
    "png",
    "text",
]

CHUNK_SIZE = 64 * 1024


class Blob(ABC):
    """The bytes of one file, with their size and SHA-256."""

    size: int

    @abstractmethod
    def iter_chunks(self) -> Iterator[bytes]:
        """Yield the bytes in order, at most CHUNK_SIZE at a time."""

    def read(self) -> bytes:
        return b"".join(self.iter_chunks())

    @cached_property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for chunk in self.iter_chunks():
            digest.update(chunk)
        return digest.hexdigest()


class BytesBlob(Blob):
    """Small content kept in memory."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)

    def iter_chunks(self) -> Iterator[bytes]:
        for start in range(0, self.size, CHUNK_SIZE):
            yield self.data[start : start + CHUNK_SIZE]

    def read(self) -> bytes:
        return self.data


class PatternBlob(Blob):
    """Large content generated chunk by chunk, so it is never held in memory whole.

    Each chunk is one seeded block with the chunk's index in its first 8 bytes: every chunk
    differs (a client that repeats or skips one gets the wrong hash) yet costs no hashing.
    """

    def __init__(self, seed: str, size: int) -> None:
        self.seed = seed
        self.size = size

    @cached_property
    def _block(self) -> bytes:
        return hashlib.shake_256(self.seed.encode()).digest(CHUNK_SIZE)

    def iter_chunks(self) -> Iterator[bytes]:
        tail = self._block[8:]
        for index, start in enumerate(range(0, self.size, CHUNK_SIZE)):
            chunk = index.to_bytes(8, "big") + tail
            yield chunk[: min(CHUNK_SIZE, self.size - start)]


def filler(seed: str, size: int) -> bytes:
    """`size` pseudo-random but reproducible bytes."""
    return hashlib.shake_256(seed.encode()).digest(size)


def text(body: str) -> bytes:
    return body.encode()


def csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\r\n" for row in rows).encode()


def png(seed: str, width: int = 16, height: int = 16) -> bytes:
    """A valid RGB PNG whose pixels come from `seed`."""
    pixels = filler(seed, width * height * 3)
    raw = b"".join(
        b"\x00" + pixels[row * width * 3 : (row + 1) * width * 3] for row in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", _stored_zlib(raw))
        + _png_chunk(b"IEND", b"")
    )


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _stored_zlib(data: bytes) -> bytes:
    # Uncompressed deflate blocks: unlike zlib.compress, the output cannot change with the
    # zlib build, so the bytes (and their hash) are the same on every machine.
    out = bytearray(b"\x78\x01")
    for start in range(0, max(len(data), 1), 0xFFFF):
        block = data[start : start + 0xFFFF]
        final = 1 if start + 0xFFFF >= len(data) else 0
        out += struct.pack("<BHH", final, len(block), len(block) ^ 0xFFFF) + block
    out += struct.pack(">I", zlib.adler32(data) & 0xFFFFFFFF)
    return bytes(out)


def pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` (ASCII only)."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(
        "(" + _pdf_escape(line) + ") '" for line in lines
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        f"<< /Length {len(stream) + 3} >>\nstream\n{stream} ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _pdf_escape(line: str) -> str:
    ascii_line = line.encode("ascii", "replace").decode()
    return ascii_line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def jpeg(seed: str, size: int) -> bytes:
    """A JPEG-shaped file of exactly `size` bytes: JFIF header, comment padding, end marker.

    It is not a decodable image; clients only need plausible magic bytes and an exact size.
    """
    head = (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    )
    tail = b"\xff\xd9"
    room = size - len(head) - len(tail)
    if room < 4:
        raise ValueError("size too small for a JPEG-shaped file")
    body = bytearray()
    pad = filler(seed, room)
    while room > 0:
        # A comment segment carries at most 65533 bytes and at least 0 (4 bytes of framing).
        take = min(room - 4, 65533)
        if room - 4 - take in (1, 2, 3):
            take -= 4
        body += b"\xff\xfe" + struct.pack(">H", take + 2) + pad[:take]
        pad = pad[take:]
        room -= take + 4
    return head + bytes(body) + tail
