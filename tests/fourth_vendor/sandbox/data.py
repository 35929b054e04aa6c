"""The test vendor's data set in the sandbox: a few files of two entities."""

from __future__ import annotations

__all__ = ["FILES", "TOKEN", "file_id"]

TOKEN = "acme-sandbox-token-5e1f"
FILES: dict[str, list[tuple[str, bytes]]] = {
    "e1": [
        ("invoice.pdf", b"%PDF-1.4 acme"),
        ("scan.png", b"\x89PNG acme"),
        ("notes.txt", b"hi"),
    ],
    "e2": [("contract.pdf", b"%PDF-1.7 contract")],
}


def file_id(entity: str, index: int) -> str:
    return f"{entity}-{index}"
