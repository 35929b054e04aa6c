"""A batch of finished downloads: saved under their names, then recorded, or neither."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from attachkit._core.saving import TEMP_PREFIX, create_temp
from attachkit.export import FileResult, FileStatus, Manifest, ManifestRecord, durability
from attachkit.export import batch as batch_module
from attachkit.export.batch import Pending, write_batch
from attachkit.export.directories import Directories, remove_stale_temps
from tests.export.helpers import temp_files


def saved(root: Path, entity: str, name: str, data: bytes) -> Pending:
    path = f"envi/{entity}/{name}"
    sha256 = hashlib.sha256(data).hexdigest()
    result = FileResult(
        vendor="envi",
        entity=entity,
        attachment_id=name,
        name=name,
        status=FileStatus.SAVED,
        path=path,
        size=len(data),
        sha256=sha256,
    )
    record = ManifestRecord(
        vendor="envi",
        entity=entity,
        attachment_id=name,
        name=name,
        status="saved",
        path=path,
        size=len(data),
        sha256=sha256,
    )
    return Pending(result, record, root / path, data=data)


def manifest_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_each_file_gets_its_name_and_then_its_record(tmp_path: Path) -> None:
    items = [
        saved(tmp_path, "e1", "a.txt", b"alpha"),
        saved(tmp_path, "e1", "b.txt", b""),
        saved(tmp_path, "e2", "a.txt", b"another alpha"),
    ]
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        errors = write_batch(items, manifest, Directories())
        assert errors == [None, None, None]
        assert manifest.get("envi", "e2", "a.txt") == items[2].record

    assert (tmp_path / "envi/e1/a.txt").read_bytes() == b"alpha"
    assert (tmp_path / "envi/e1/b.txt").read_bytes() == b""
    assert (tmp_path / "envi/e2/a.txt").read_bytes() == b"another alpha"
    lines = manifest_lines(tmp_path / "m.jsonl")
    assert [(line["entity"], line["path"], line["status"]) for line in lines] == [
        ("e1", "envi/e1/a.txt", "saved"),
        ("e1", "envi/e1/b.txt", "saved"),
        ("e2", "envi/e2/a.txt", "saved"),
    ]
    assert temp_files(tmp_path) == []


def test_a_file_that_cannot_be_saved_is_recorded_as_failed_and_the_others_are_saved(
    tmp_path: Path,
) -> None:
    (tmp_path / "envi").mkdir()
    (tmp_path / "envi" / "blocked").write_bytes(b"a file where a directory should be")
    items = [saved(tmp_path, "blocked", "a.txt", b"alpha"), saved(tmp_path, "e1", "a.txt", b"x")]
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        errors = write_batch(items, manifest, Directories())

    assert errors[0] is not None
    assert errors[1] is None
    assert "not a directory" in str(errors[0])
    first, second = manifest_lines(tmp_path / "m.jsonl")
    assert (first["status"], first["path"], first["sha256"]) == ("failed", None, None)
    assert first["reason"] == str(errors[0])
    assert second["status"] == "saved"
    assert (tmp_path / "envi/e1/a.txt").read_bytes() == b"x"
    assert temp_files(tmp_path) == []


def test_a_large_download_already_on_disk_is_named_with_the_batch(tmp_path: Path) -> None:
    item = saved(tmp_path, "e1", "big.bin", b"")
    target = tmp_path / "envi/e1/big.bin"
    directories = Directories()
    directories.make(target.parent)  # as the large download did before writing its file
    fd, temp = create_temp(target.parent)
    os.write(fd, b"0123456789")
    os.close(fd)
    item = Pending(item.result, item.record, target, temp=temp)
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        assert write_batch([item], manifest, directories) == [None]

    assert target.read_bytes() == b"0123456789"
    assert not temp.exists()


def test_outcomes_without_a_file_are_only_recorded(tmp_path: Path) -> None:
    unavailable = saved(tmp_path, "e1", "gone.pdf", b"")
    record = ManifestRecord(
        vendor="envi",
        entity="e1",
        attachment_id="gone.pdf",
        name="gone.pdf",
        status="unavailable",
        reason="deleted",
    )
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        assert write_batch([Pending(unavailable.result, record)], manifest, Directories()) == [None]

    assert manifest_lines(tmp_path / "m.jsonl")[0]["status"] == "unavailable"
    assert not (tmp_path / "envi").exists()


class Interrupted(BaseException):
    pass


def test_a_batch_interrupted_before_its_files_are_on_disk_names_and_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted_flush(fds_by_device: object) -> dict[int, OSError]:
        raise Interrupted

    monkeypatch.setattr(batch_module, "flush_files", interrupted_flush)
    items = [saved(tmp_path, "e1", "a.txt", b"alpha"), saved(tmp_path, "e1", "b.txt", b"beta")]
    with Manifest.open(tmp_path / "m.jsonl") as manifest, pytest.raises(Interrupted):
        write_batch(items, manifest, Directories())

    assert (tmp_path / "m.jsonl").read_bytes() == b""
    assert [p.name for p in (tmp_path / "envi/e1").iterdir()] == []


def test_a_directory_is_swept_of_stale_temporary_files_once_before_its_first_write(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "envi" / "e1"
    folder.mkdir(parents=True)
    stale = folder / f"{TEMP_PREFIX}killed.part"
    stale.write_bytes(b"half a fi")
    directories = Directories()

    directories.make(folder)
    assert not stale.exists()
    fd, live = create_temp(folder)  # this run's own, being written
    os.close(fd)
    directories.sweep(folder)
    directories.make(folder)
    assert live.exists()


def test_a_sweep_removes_only_what_a_killed_run_left(tmp_path: Path) -> None:
    folder = tmp_path / "envi" / "e1"
    folder.mkdir(parents=True)
    fd, leftover = create_temp(folder)
    os.close(fd)
    (folder / f"{TEMP_PREFIX}.part").write_bytes(b"")  # the shortest such name
    kept = [
        "invoice.pdf",
        f"{TEMP_PREFIX}x.part.pdf",
        f"{TEMP_PREFIX}x.PART",
        f"x{TEMP_PREFIX}y.part",
        "attachkit-x.part",
    ]
    for name in kept:
        (folder / name).write_bytes(b"saved")
    (folder / f"{TEMP_PREFIX}dir.part").mkdir()  # not a file: left alone

    assert remove_stale_temps(folder) == 2
    assert not leftover.exists()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*kept, f"{TEMP_PREFIX}dir.part"]
    )
    assert remove_stale_temps(tmp_path / "missing") == 0


def test_files_reach_the_disk_before_their_names_and_names_before_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a power cut could otherwise expose; a kill cannot show it, so watch the calls.
    events: list[tuple[str, int]] = []
    real_replace = os.replace

    def flush_files(fds_by_device: dict[int, list[int]]) -> dict[int, OSError]:
        events.append(("flush files", sum(map(len, fds_by_device.values()))))
        return durability.flush_files(fds_by_device)

    def flush_names(directories_by_device: dict[int, list[Path]]) -> None:
        events.append(("flush names", sum(map(len, directories_by_device.values()))))
        durability.flush_names(directories_by_device)

    def replace(source: str, target: str) -> None:
        events.append(("name", 1))
        real_replace(source, target)

    items = [saved(tmp_path, f"e{n % 2}", f"{n}.txt", b"x" * n) for n in range(4)]
    with Manifest.open(tmp_path / "m.jsonl") as manifest:
        real_append = manifest.append_all

        def append_all(records: list[ManifestRecord]) -> None:
            events.append(("record", len(records)))
            real_append(records)

        monkeypatch.setattr(batch_module, "flush_files", flush_files)
        monkeypatch.setattr(batch_module, "flush_names", flush_names)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(manifest, "append_all", append_all)
        write_batch(items, manifest, Directories())

    assert events == [
        ("flush files", 4),
        *[("name", 1)] * 4,
        ("flush names", 2),
        ("record", 4),
    ]


def test_when_a_filesystem_flush_fails_each_file_is_flushed_and_only_the_failed_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[int] = []

    def failing_syncfs(fd: int) -> None:
        attempts.append(fd)
        raise OSError(5, "Input/output error")

    fds = [os.open(tmp_path / name, os.O_WRONLY | os.O_CREAT) for name in "abc"]
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if fd == fds[1]:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(durability, "_syncfs", failing_syncfs)
    monkeypatch.setattr(durability, "_filesystems", {0: "ext4"})
    monkeypatch.setattr(os, "fsync", fsync)
    try:
        errors = durability.flush_files({0: fds})
    finally:
        for fd in fds:
            os.close(fd)
    assert attempts == [fds[0]]
    assert list(errors) == [fds[1]]


@pytest.mark.parametrize(("filesystem", "flushes"), [("ext4", "syncfs"), ("fuse.sshfs", "fsync")])
def test_only_local_filesystems_are_flushed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filesystem: str, flushes: str
) -> None:
    # A FUSE or network filesystem may not pass a filesystem-wide flush on; fsync it is.
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(f"36 35 98:7 / /data rw,noatime - {filesystem} /dev/x rw\n")
    calls: list[str] = []
    monkeypatch.setattr(durability, "_MOUNTINFO", mountinfo)
    monkeypatch.setattr(durability, "_filesystems", {})
    monkeypatch.setattr(durability, "_syncfs", lambda fd: calls.append("syncfs"))
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))

    durability.flush_files({os.makedev(98, 7): [0, 1, 2]})

    assert calls == [flushes] * (1 if flushes == "syncfs" else 3)
