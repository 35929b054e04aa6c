"""The manifest survives torn writes, skips junk and compacts itself."""

from __future__ import annotations

import json
from pathlib import Path

from attachkit.export import Manifest, ManifestRecord


def record(attachment_id: str, status: str = "saved", **fields: object) -> ManifestRecord:
    return ManifestRecord(
        vendor="envi",
        entity="e1",
        attachment_id=attachment_id,
        name=f"{attachment_id}.pdf",
        status=status,
        **fields,  # type: ignore[arg-type]
    )


def test_records_survive_a_reopen_and_the_last_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        manifest.append(record("a", "failed", reason="HTTP 500"))
        manifest.append(record("b", path="envi/e1/b.pdf", size=3, sha256="ab"))
        manifest.append(record("a", path="envi/e1/a.pdf", size=1, sha256="cd"))

    with Manifest.open(path) as manifest:
        assert len(manifest) == 2
        a = manifest.get("envi", "e1", "a")
        assert a is not None
        assert (a.status, a.path, a.reason) == ("saved", "envi/e1/a.pdf", None)
        assert set(manifest.of_entity("envi", "e1")) == {"a", "b"}
        assert manifest.get("envi", "e2", "a") is None


def test_a_torn_last_line_is_dropped_and_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        manifest.append(record("a"))
    complete = path.read_bytes()
    path.write_bytes(complete + record("b").to_line()[:25])

    with Manifest.open(path) as manifest:
        assert [r.attachment_id for r in manifest.records()] == ["a"]
        manifest.append(record("c"))
    lines = path.read_bytes().splitlines()
    assert [json.loads(line)["attachment_id"] for line in lines] == ["a", "c"]


def test_lines_that_are_not_records_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(b"not json\n[1, 2]\n{}\n" + record("a").to_line())
    with Manifest.open(path) as manifest:
        assert [r.attachment_id for r in manifest.records()] == ["a"]
    assert path.read_bytes() == record("a").to_line()


def test_superseded_lines_are_compacted_away(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        for attempt in range(300):
            manifest.append(record("a", "failed", reason=f"attempt {attempt}"))
    assert len(path.read_bytes().splitlines()) == 300

    with Manifest.open(path) as manifest:
        (only,) = manifest.records()
        assert only.reason == "attempt 299"
    assert len(path.read_bytes().splitlines()) == 1
