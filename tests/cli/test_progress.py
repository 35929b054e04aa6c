"""The progress line: files and bytes once listed, rate and ETA, waits, the terminal's width."""

from __future__ import annotations

import io

import attrs
import pytest

from attachkit.cli.progress import ProgressBar, render
from attachkit.export import ExportProgress


def progress(**fields: int | bool | None) -> ExportProgress:
    values: dict[str, int | bool | None] = {
        "entities_total": 10,
        "entities_done": 10,
        "files_total": 20,
        "files_done": 8,
        "saved": 6,
        "skipped": 1,
        "failed": 1,
        "bytes_saved": 1_500_000,
        "bytes_total": 4_000_000,
    }
    values.update(fields)
    return ExportProgress(**values)  # type: ignore[arg-type]


def _filled(line: str) -> int:
    return line.split("]")[0].count("#")


def test_the_bar_counts_files_saved_not_entities_listed() -> None:
    # 17 of 3,017 files: every entity is listed, yet the run has barely begun.
    line = render(progress(entities_total=17, entities_done=17, files_total=3017, files_done=17))
    assert _filled(line) == 0
    assert "17/3017 files" in line


def test_while_entities_are_listed_the_total_is_estimated_from_them() -> None:
    # One entity of 100 listed, with 30 files, all saved: about 1% done, not 100%.
    line = render(progress(entities_total=100, entities_done=1, files_total=30, files_done=30))
    assert _filled(line) == 0
    assert "30/30 files (1/100 listed)" in line


def test_bytes_saved_of_bytes_listed_and_failures() -> None:
    line = render(progress())
    assert line == "[#########---------------]  8/20 files  1.5 MB/4.0 MB  1 failed"


def test_unknown_entity_count_follows_the_files_known() -> None:
    line = render(
        progress(entities_total=None, failed=0, files_done=20, bytes_total=0, bytes_saved=12)
    )
    assert line == "[########################]  20/20 files  12 B"


def test_rate_eta_and_waits_are_shown_and_the_line_fits_the_width() -> None:
    line = render(progress(), rate=250_000.0, eta=75.0, waiting="waiting 6 s (quota)", width=200)
    assert line == (
        "[#########---------------]  8/20 files  1.5 MB/4.0 MB  waiting 6 s (quota)  "
        "1 failed  250.0 kB/s  ETA 1:15"
    )
    narrow = render(progress(), rate=250_000.0, eta=75.0, width=60)
    assert len(narrow) <= 60
    assert "kB/s" not in narrow  # the rate goes first
    assert "ETA 1:15" in narrow
    assert len(render(progress(), rate=1.0, eta=1.0, width=20)) <= 20


def test_the_bar_estimates_rate_and_eta_from_its_clock() -> None:
    now = [100.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=0.0, clock=lambda: now[0], width=120)
    now[0] = 104.0
    bar(progress(bytes_saved=1_000_000, bytes_total=3_000_000))
    line = stream.getvalue().split("\r")[-1]
    assert "250.0 kB/s" in line
    assert "ETA 0:08" in line  # 2 MB left at 250 kB/s


def test_no_eta_while_entities_remain_to_be_listed() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=0.0, clock=lambda: now[0], width=120)
    now[0] = 2.0
    bar(progress(entities_done=3))
    assert "ETA" not in stream.getvalue()


def test_a_wait_is_drawn_at_once_and_cleared_by_the_next_update() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=1000.0, clock=lambda: 0.0, width=120)
    bar(progress())
    bar.waiting(6.2, "rate limit")
    assert "waiting 6 s (rate limit)" in stream.getvalue().split("\r")[-1]
    bar.finish()
    assert "waiting" not in stream.getvalue().split("\r")[-1]


def test_redraws_are_throttled_and_the_last_state_is_always_drawn() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=1.0, clock=lambda: now[0], width=120)
    bar(progress(files_done=1))
    bar(progress(files_done=2))  # within the interval: not drawn
    now[0] = 1.5
    bar(progress(files_done=3))
    bar(progress(files_done=4))
    bar.finish()
    drawn = stream.getvalue().split("\r")[1:]
    assert [line.split()[1] for line in drawn] == ["1/20", "3/20", "4/20"]
    assert drawn[-1].endswith("\n")


@pytest.mark.parametrize("width", [10, 30, 50, 79, 200])
def test_every_width_is_respected(width: int) -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, interval=0.0, clock=lambda: 1.0, width=width)
    bar(progress(entities_total=1000, entities_done=3, files_total=99999, failed=12345))
    bar.waiting(60, "rate limit")
    for line in stream.getvalue().split("\r")[1:]:
        assert len(line.rstrip("\n")) <= width


def test_while_discovering_the_entities_found_so_far_are_shown_and_the_bar_is_not_full() -> None:
    snapshot = progress(
        entities_total=None,
        entities_found=1200,
        discovering=True,
        entities_done=1200,
        files_done=20,
        failed=0,
    )
    line = render(snapshot, width=200)
    assert "20/20 files (1200 listed, 1,200 found so far)" in line
    assert 0 < _filled(line) < 24
    done = render(attrs.evolve(snapshot, discovering=False, entities_total=1200), width=200)
    assert _filled(done) == 24
    assert "found" not in done


def test_early_in_discovery_the_bar_is_estimated_from_the_entities_found() -> None:
    snapshot = progress(
        entities_total=None, entities_found=400, discovering=True, entities_done=100
    )
    assert _filled(render(snapshot, width=200)) == 2  # 8/20 files of a quarter listed
