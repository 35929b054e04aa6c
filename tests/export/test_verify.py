"""Checking files an earlier run saved: size and SHA-256, for many files at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import anyio
import pytest

from attachkit.export import fetch
from attachkit.export.fetch import verify_all


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("hop_bytes", [1, 10**9])
def test_each_file_is_checked_in_order_however_the_hops_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hop_bytes: int
) -> None:
    monkeypatch.setattr(fetch, "_VERIFY_BYTES", hop_bytes)
    (tmp_path / "whole").write_bytes(b"abc")
    (tmp_path / "edited").write_bytes(b"abd")
    (tmp_path / "short").write_bytes(b"ab")
    files = [
        (tmp_path / "whole", 3, sha(b"abc")),
        (tmp_path / "edited", 3, sha(b"abc")),
        (tmp_path / "edited", 3, None),  # size only
        (tmp_path / "short", 3, sha(b"abc")),
        (tmp_path / "missing", 3, sha(b"abc")),
        (tmp_path, 0, None),  # a directory is not a saved file
    ]
    assert anyio.run(verify_all, files) == [True, False, True, False, False, False]
