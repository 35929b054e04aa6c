"""The manifest survives torn writes, skips junk and compacts itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from attachkit.export import Manifest, ManifestRecord
from attachkit.export.manifest import bookmark_record, read_bookmark


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


# --- linked files and bookmarks ------------------------------------------------------------


def test_a_linked_file_is_found_by_its_id_whichever_entity_it_is_under(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    linked = record("a", path="envi/e1/a.pdf", listed_by=("e1", "e2"))
    with Manifest.open(path) as manifest:
        manifest.append(linked)
        manifest.append(record("b"))
    assert json.loads(path.read_bytes().splitlines()[0])["listed_by"] == ["e1", "e2"]
    assert "listed_by" not in json.loads(path.read_bytes().splitlines()[1])

    with Manifest.open(path) as manifest:
        assert manifest.linked("envi", "a") == linked
        assert manifest.linked("envi", "b") is None  # listed by one entity: not indexed
        assert manifest.get("envi", "e2", "a") is None


def test_a_listed_by_that_is_not_a_list_of_text_is_read_as_none(tmp_path: Path) -> None:
    fields = {"vendor": "envi", "entity": "e1", "status": "saved"}
    line = json.dumps({**fields, "attachment_id": "a", "listed_by": "e1,e2"}).encode()
    mixed = json.dumps(
        {**fields, "attachment_id": "b", "listed_by": ["e1", 7, None, "e3"]}
    ).encode()
    path = tmp_path / "m.jsonl"
    path.write_bytes(line + b"\n" + mixed + b"\n")
    with Manifest.open(path) as manifest:
        a, b = manifest.get("envi", "e1", "a"), manifest.get("envi", "e1", "b")
    assert a is not None
    assert a.listed_by == ()
    assert b is not None
    assert b.listed_by == ("e1", "e3")


def test_a_bookmark_is_kept_per_vendor_and_query_and_the_last_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    first = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    second = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with Manifest.open(path) as manifest:
        manifest.append_all(
            [
                bookmark_record("envi", "PurchaseOrders", "Envi's purchase orders", first),
                bookmark_record("envi", "Requisitions", "Envi's requisitions", first),
                record("a"),
                bookmark_record("envi", "PurchaseOrders", "Envi's purchase orders", second),
            ]
        )
        assert manifest.bookmark("envi", "PurchaseOrders") == second
        assert manifest.bookmark("altegio", "PurchaseOrders") is None
    assert read_bookmark(path, "envi", "PurchaseOrders") == second
    assert read_bookmark(path, "envi", "Requisitions") == first
    assert read_bookmark(path, "envi", "Inventory") is None
    assert read_bookmark(tmp_path / "missing.jsonl", "envi", "PurchaseOrders") is None
    with Manifest.open(path) as manifest:
        assert manifest.bookmark("envi", "PurchaseOrders") == second
        assert manifest.of_entity("envi", "PurchaseOrders") == {}  # not an entity's record


@pytest.mark.parametrize("moment", ["yesterday", "2026-03-01T08:00:00", None])
def test_a_bookmark_edited_into_nonsense_counts_as_none(tmp_path: Path, moment: object) -> None:
    path = tmp_path / "m.jsonl"
    line = bookmark_record("envi", "PurchaseOrders", "x", datetime.now(UTC)).to_line()
    edited = json.loads(line)
    edited["updated_at"] = moment  # naive, unreadable or missing
    path.write_bytes(json.dumps(edited).encode() + b"\n")
    assert read_bookmark(path, "envi", "PurchaseOrders") is None
    with Manifest.open(path) as manifest:
        assert manifest.bookmark("envi", "PurchaseOrders") is None


def test_compaction_keeps_bookmarks_and_linked_records(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    when = datetime(2026, 3, 1, tzinfo=UTC)
    with Manifest.open(path) as manifest:
        for attempt in range(300):
            manifest.append(record("a", "failed", reason=f"attempt {attempt}"))
        manifest.append(record("b", listed_by=("e1", "e9")))
        manifest.append(bookmark_record("envi", "Inventory", "Envi's inventory items", when))
    with Manifest.open(path) as manifest:
        assert len(manifest) == 3
        assert manifest.bookmark("envi", "Inventory") == when
        assert manifest.linked("envi", "b") is not None
    assert len(path.read_bytes().splitlines()) == 3
