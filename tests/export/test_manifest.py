"""The manifest survives torn writes, skips junk and compacts itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def test_a_line_with_a_raw_control_character_in_its_key_is_no_record(tmp_path: Path) -> None:
    # JSON forbids raw control characters in text, so the line is junk, not an entity
    # "e\x01" whose record cannot be read back.
    broken = record("a").to_line().replace(b'"entity":"e1"', b'"entity":"e\x01"')
    path = tmp_path / "m.jsonl"
    path.write_bytes(broken + record("b").to_line())
    with Manifest.open(path) as manifest:
        assert len(manifest) == 1
        assert [r.attachment_id for r in manifest.records()] == ["b"]
    assert path.read_bytes() == record("b").to_line()


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


# --- the index: lines read back from the file --------------------------------------------

BEFORE_INDEX = Path(__file__).with_name("manifest_before_index.jsonl")
"""A manifest as attachkit wrote it before it indexed lines instead of holding records
(an Envi export of two purchase orders from the sandbox; one name needs an escape)."""


def as_json(line: bytes) -> ManifestRecord | None:
    """The record the JSON reading gives (a space after the brace: not the plain form)."""
    return ManifestRecord.from_line(b"{ " + line[1:])


def test_a_manifest_written_before_the_index_reads_as_it_did(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_bytes(BEFORE_INDEX.read_bytes())
    lines = BEFORE_INDEX.read_bytes().splitlines(keepends=True)
    expected = [as_json(line) for line in lines]
    assert None not in expected
    with Manifest.open(path) as manifest:
        assert manifest.records() == expected
        for line, record in zip(lines, expected, strict=True):
            assert record is not None
            assert ManifestRecord.from_line(line) == record
            assert manifest.get(record.vendor, record.entity, record.attachment_id) == record
        entities = {record.entity for record in expected if record is not None}
        assert sum(len(manifest.of_entity("envi", entity)) for entity in entities) == len(lines)
    assert path.read_bytes() == BEFORE_INDEX.read_bytes()  # nothing to compact


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_JSON_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    _TEXT,
    st.lists(_TEXT, max_size=2),
)
_FIELDS = ("name", "status", "path", "size", "sha256", "updated_at", "reason")


@given(
    record=st.builds(
        ManifestRecord,
        vendor=_TEXT,
        entity=_TEXT,
        attachment_id=_TEXT,
        name=_TEXT,
        status=_TEXT,
        path=st.none() | _TEXT,
        size=st.none() | st.integers(min_value=0, max_value=2**63),
        sha256=st.none() | _TEXT,
        updated_at=st.none() | _TEXT,
        reason=st.none() | _TEXT,
        listed_by=st.lists(_TEXT, max_size=3).map(tuple),
    )
)
def test_every_record_reads_back_as_written(record: ManifestRecord) -> None:
    line = record.to_line()
    assert ManifestRecord.from_line(line) == record
    assert as_json(line) == record


@given(key=st.tuples(_TEXT, _TEXT, _TEXT), values=st.lists(_JSON_VALUE, min_size=7, max_size=7))
def test_a_line_in_the_written_layout_reads_as_json_whatever_its_values(
    key: tuple[str, str, str], values: list[object]
) -> None:
    fields: dict[str, object] = dict(zip(("vendor", "entity", "attachment_id"), key, strict=True))
    fields.update(zip(_FIELDS, values, strict=True))
    line = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    assert ManifestRecord.from_line(line) == as_json(line)


@pytest.mark.parametrize(
    "line",
    [
        b'{"vendor":"envi","entity":"e1","attachment_id":"a","name":"\xff","status":"saved",'
        b'"path":null,"size":null,"sha256":null,"updated_at":null,"reason":null}\n',
        b'{"vendor":"envi","entity":"e1","attachment_id":"a","name":"a\x01b","status":"saved",'
        b'"path":null,"size":null,"sha256":null,"updated_at":null,"reason":null}\n',
        b'{"vendor":"envi","entity":"e1","attachment_id":"a","name":"n","status":"saved",'
        b'"path":null,"size":01,"sha256":null,"updated_at":null,"reason":null}\n',
    ],
    ids=["not-utf8", "raw-control-character", "leading-zero"],
)
def test_lines_json_refuses_are_no_records(line: bytes) -> None:
    assert ManifestRecord.from_line(line) is None


def test_entities_whose_lines_share_a_hash_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("attachkit.export.manifest.entity_hash", lambda vendor, entity: 7)
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        manifest.append(record("a"))
        manifest.append(attrs.evolve(record("a"), entity="e2", status="failed"))
        manifest.append(attrs.evolve(record("b"), vendor="amili"))
        assert set(manifest.of_entity("envi", "e1")) == {"a"}
    with Manifest.open(path) as manifest:
        assert manifest.of_entity("envi", "e1") == {"a": record("a")}
        e2 = manifest.get("envi", "e2", "a")
        assert e2 is not None
        assert e2.status == "failed"
        assert manifest.get("amili", "e1", "b") is not None
        assert manifest.get("envi", "e1", "b") is None
        assert len(manifest) == 3


def test_a_line_longer_than_a_mebibyte_reads_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    long = record("a", "failed", reason="x" * (3 * 1024 * 1024))
    with Manifest.open(path) as manifest:
        manifest.append(record("before"))
        manifest.append(long)
        manifest.append(record("after"))
    with Manifest.open(path) as manifest:
        assert manifest.of_entity("envi", "e1") == {
            "before": record("before"),
            "a": long,
            "after": record("after"),
        }


def test_appended_records_are_found_as_remember_appended_says(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        manifest.append(record("a"))
    with Manifest.open(path) as manifest:
        manifest.remember_appended = False
        manifest.append(record("a", "failed"))  # an entity the file had: kept up to date
        manifest.append(attrs.evolve(record("x"), entity="e2"))  # a new one: not kept
        manifest.append(record("b"))
        a = manifest.get("envi", "e1", "a")
        assert a is not None
        assert a.status == "failed"
        assert manifest.get("envi", "e1", "b") == record("b")
        assert manifest.get("envi", "e2", "x") is None
        # What is not kept is still in the file for whoever asks for it there.
        assert manifest.latest([("envi", "e2", "x")]) == {
            ("envi", "e2", "x"): attrs.evolve(record("x"), entity="e2")
        }
    with Manifest.open(path) as manifest:
        assert manifest.get("envi", "e2", "x") is not None
        assert len(manifest) == 3


def test_records_appended_after_a_torn_line_was_cut_off_read_back(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    with Manifest.open(path) as manifest:
        manifest.append(record("a"))
    path.write_bytes(path.read_bytes() + record("b").to_line()[:30])
    with Manifest.open(path) as manifest:
        manifest.append(record("c"))
        assert set(manifest.of_entity("envi", "e1")) == {"a", "c"}
    with Manifest.open(path) as manifest:
        assert set(manifest.of_entity("envi", "e1")) == {"a", "c"}
