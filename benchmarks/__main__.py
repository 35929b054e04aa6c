"""`make bench`: every benchmark, side by side in one run, into benchmarks/RESULTS.md.

    python -m benchmarks [--quick]
    python -m benchmarks --scale [--rounds N]      (`make bench-scale`)

`--quick` shrinks every workload (for trying the harness, not for figures). `--scale`
runs the exports at scale (tens of minutes) and writes only their section of RESULTS.md,
which `make bench` keeps as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import export, export_cpu, imports, large_file, listing, scale

RESULTS = Path(__file__).with_name("RESULTS.md")
SCALE_BEGIN = "<!-- BEGIN bench-scale: written by make bench-scale -->"
SCALE_END = "<!-- END bench-scale -->"


def _machine() -> str:
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed arguments
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _spread(figures: dict[str, float], unit: str) -> str:
    """Median (min-max) of a per-round ratio, as "1.08x (0.93-1.10)", "97% (90%-99%)" or,
    for shares near a target of a few percent, "9.7% (9.1%-10.3%)" (unit "0.0%")."""
    if unit in ("%", "0.0%"):
        form = ".0%" if unit == "%" else ".1%"
        low, middle, high = (format(figures[k], form) for k in ("min", "median", "max"))
        return f"{middle} ({low}\u2013{high})"
    return f"{figures['median']:.2f}x ({figures['min']:.2f}\u2013{figures['max']:.2f})"


def _export_cpu_section(quick: bool) -> list[str]:
    entities, rounds = (100, 3) if quick else (500, 5)
    concurrencies = (16, 64)
    print(
        f"client CPU of exporting {entities} Envi entities against raw httpx2, {rounds} rounds ...",
        flush=True,
    )
    results = export_cpu.run(entities=entities, concurrencies=concurrencies, rounds=rounds)
    lines = [
        f"## Client CPU per request: `export_files` against raw async httpx2, {entities:,} Envi "
        "entities, 20 ms added to every request",
        "",
        "Each run is its own process, measured around the work only: CPU is user + system time "
        "of all its threads (`getrusage`). Raw async httpx2 is a hand-written script doing the "
        "same requests (log in, list each entity with the same query and follow next links, "
        "GET each file's content). The plain raw way writes each file with `open().write()`. "
        "The durable raw way does what the export promises, file by file and without "
        "batching: SHA-256 of the bytes, a temporary file flushed to disk (fsync), a rename, "
        "the directory flushed, one manifest line appended and flushed. `export_files` hashes, "
        "writes temporary files, renames and records in batches (one flush of each kind per "
        f"batch). {rounds} rounds, the three ways interleaved; ratios are per round, shown as "
        "median (min\u2013max).",
        "",
        "| concurrency | way | requests | wall s (median) | CPU s (median) | CPU \u00b5s/request "
        "(median) |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    verdicts: list[str] = []
    for concurrency, figures in results.items():
        for way, runs in figures.runs.items():
            requests = runs[0]["requests"]
            wall = statistics.median(run["wall_s"] for run in runs)
            cpu = statistics.median(run["cpu_s"] for run in runs)
            lines.append(
                f"| {concurrency} | {way} | {requests:.0f} | {wall:.2f} | {cpu:.2f} "
                f"| {cpu / requests * 1e6:,.0f} |"
            )
        durable, plain = figures.durable_cpu_ratio, figures.cpu_ratio
        share = figures.throughput_share
        verdicts += [
            f"- concurrency {concurrency}: CPU per request, export / durable raw: "
            f"**{_spread(durable, 'x')}** (target at most 1.15x: "
            f"{_verdict(durable['median'] <= 1.15)}); export / plain raw (no target): "
            f"{_spread(plain, 'x')}; throughput, export / plain raw: "
            f"**{_spread(share, '%')}** (target at least 80%: "
            f"{_verdict(share['median'] >= 0.8)}), export / durable raw: "
            f"{_spread(figures.durable_throughput_share, '%')}",
        ]
    return [*lines, "", *verdicts, "", "Targets are judged on the median.", ""]


def _altegio_section(rounds: int) -> list[str]:
    print(f"exporting a whole Altegio location under the 5/s limit, {rounds} rounds ...")
    runs = [export.run_altegio_location() for _ in range(rounds)]
    shares = [run["share_of_5_per_second"] for run in runs]
    failed = sum(run["failed"] for run in runs)
    rejected = [run["rejected_429"] for run in runs]
    spread = {"median": statistics.median(shares), "min": min(shares), "max": max(shares)}
    return [
        "## A whole Altegio location under the sandbox's limit (5 requests/s, 200/min)",
        "",
        f"`export_files(client, Discover(), location_id=...)` on a location of "
        f"{runs[0]['clients']:.0f} clients: the client search, each client's file list, each "
        "file; from the login on, a fresh sandbox each round (its rate windows empty). The run "
        "stays under the minute's 200 requests, so 5 a second is the limit that binds "
        "(`make bench-scale` has a location larger than a minute).",
        "",
        "| round | clients | files saved | failed | requests | answered 429 | seconds | "
        "requests/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {index} | {run['clients']:.0f} | {run['files']:.0f} | {run['failed']:.0f} "
            f"| {run['requests']:.0f} | {run['rejected_429']:.0f} | {run['seconds']:.1f} "
            f"| {run['rate']:.2f} |"
            for index, run in enumerate(runs, 1)
        ),
        "",
        f"- failed: **{failed:.0f}** over {rounds} rounds (target 0: {_verdict(failed == 0)})",
        f"- answered 429, round by round: **{', '.join(f'{r:.0f}' for r in rejected)}** (target 0 "
        f"in every round: {_verdict(not any(rejected))}); the pacer counts a request's window "
        "from its answer, not its send, so however late a request reaches the vendor no "
        "window there holds more than the limit",
        f"- share of the allowed 5 requests/s, end to end: **{_spread(spread, '%')}** (target "
        f"at least 90%: {_verdict(spread['median'] >= 0.9)}); the limit allows a burst of 5 "
        "in the first second, so a run at the limit shows slightly over 5/s",
        "",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small workloads, for a dry run")
    parser.add_argument("--scale", action="store_true", help="the exports at scale only")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --scale (3)")
    args = parser.parse_args()
    quick = args.quick
    if args.scale:
        return scale_main(args.rounds, quick)
    lines = [
        "# Benchmarks",
        "",
        f"Command: `make bench` (runs `{Path(sys.executable).name} -m benchmarks"
        f"{' --quick' if quick else ''}`). Commit {_commit()}, {time.strftime('%Y-%m-%d')}.",
        f"Machine: {_machine()}.",
        "Each comparison is measured side by side in the same run; the sandbox runs in its own",
        "process on loopback.",
        "",
    ]

    total = 10_000 if quick else 100_000
    print(f"listing {total} Envi records ...", flush=True)
    lines += listing.section(total, listing.run(total=total, rounds=3 if quick else 7))

    mib = 32 if quick else 256
    print(f"saving a {mib} MiB file ...", flush=True)
    saved = large_file.run(mib=mib, rounds=2 if quick else 5)
    ours_s = saved["attachkit"]["seconds"]
    raw_s = saved["httpx2 streaming"]["seconds"]
    growth = saved["attachkit"]["growth_kib"] / 1024
    lines += [
        f"## Saving a {mib} MiB Envi file (fresh process per run, best time, worst memory)",
        "",
        "| way | seconds | MiB/s | peak RSS growth (MiB) |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {way} | {f['seconds']:.3f} | {mib / f['seconds']:.0f} "
            f"| {f['growth_kib'] / 1024:.1f} |"
            for way, f in saved.items()
        ),
        "",
        f"- peak memory growth: **{growth:.1f} MiB** (target at most 32 MiB: "
        f"{_verdict(growth <= 32)})",
        f"- throughput attachkit / raw httpx2 streaming: **{raw_s / ours_s:.2f}x** (target at "
        f"least 0.8x: {_verdict(raw_s / ours_s >= 0.8)}); against httpx2 streaming + fsync: "
        f"{saved['httpx2 streaming + fsync']['seconds'] / ours_s:.2f}x",
        "",
    ]

    entities = 200 if quick else 2000
    print(f"exporting {entities} Envi entities at 20 ms latency ...", flush=True)
    envi = export.run_envi(entities=entities, latency_ms=20, concurrency=16)
    lines += [
        f"## Exporting {entities:,} Envi entities, 20 ms added to every request",
        "",
        "| way | seconds | requests | files |",
        "| --- | ---: | ---: | ---: |",
        f"| sequential loop (sync client: list, then save each file) | {envi['sequential_s']:.2f} "
        f"| {envi['sequential_requests']:.0f} | {envi['files']:.0f} |",
        f"| `export_files`, concurrency 16 | {envi['concurrent_s']:.2f} | {envi['requests']:.0f} "
        f"| {envi['files']:.0f} |",
        "",
        f"- speedup: **{envi['speedup']:.1f}x** (target at least 10x: "
        f"{_verdict(envi['speedup'] >= 10)})",
        f"- share of the ideal entities x latency / concurrency = "
        f"{envi['ideal_entities_s']:.2f} s: "
        f"**{envi['ideal_entities_s'] / envi['concurrent_s']:.0%}** (target at least 80%: "
        f"{_verdict(envi['ideal_entities_s'] / envi['concurrent_s'] >= 0.8)}); every entity "
        f"needs a listing and then its downloads, so the floor counted in requests is "
        f"requests x latency / concurrency = {envi['ideal_requests_s']:.2f} s, of which "
        f"this run reached "
        f"{envi['ideal_requests_s'] / envi['concurrent_s']:.0%}",
        "",
    ]

    lines += _export_cpu_section(quick)

    lines += _altegio_section(1 if quick else 3)

    print("import times ...", flush=True)
    times = imports.run(rounds=5 if quick else 15)
    ratio = times["attachkit"] / times["httpx2"]
    lines += [
        "## Import time (median of fresh interpreters, `python -X importtime`)",
        "",
        "| module | ms |",
        "| --- | ---: |",
        *(f"| `import {module}` | {ms:.1f} |" for module, ms in times.items()),
        "",
        f"- `import attachkit` / `import httpx2`: **{ratio:.2f}x** (target at most 2x: "
        f"{_verdict(ratio <= 2)}); vendor clients load on first import of their module",
        "",
    ]
    lines += _kept_scale_block()
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


def _kept_scale_block() -> list[str]:
    """The section `make bench-scale` wrote last, kept as it is."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    start, end = text.find(SCALE_BEGIN), text.find(SCALE_END)
    if start < 0 or end < start:
        return [SCALE_BEGIN, "", "(not run yet: `make bench-scale`)", "", SCALE_END, ""]
    return [text[start : end + len(SCALE_END)], ""]


def _with_scale_block(block: list[str]) -> str:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n\n"
    new = "\n".join([SCALE_BEGIN, "", *block, SCALE_END])
    start, end = text.find(SCALE_BEGIN), text.find(SCALE_END)
    if start < 0 or end < start:
        return text.rstrip("\n") + "\n\n" + new + "\n"
    return text[:start] + new + text[end + len(SCALE_END) :]


def scale_main(rounds: int, quick: bool) -> int:
    small, large = (200, 2000) if quick else (2000, 20000)
    print(f"Envi exports of {small} and {large} records, {rounds} rounds ...", flush=True)
    load = os.getloadavg()[0]
    envi = scale.run_envi(small, large, rounds)
    print(json.dumps(envi, default=str), flush=True)  # the figures, whatever comes next
    location = [] if quick else scale.run_altegio_whole_location(rounds)
    print(json.dumps(location), flush=True)
    block = scale_section(envi, location, rounds, small, large, quick, load)
    RESULTS.write_text(_with_scale_block(block), encoding="utf-8")
    print("\n".join(block))
    return 0


def scale_section(
    envi: dict[str, Any],
    location: list[dict[str, float]],
    rounds: int,
    small: int,
    large: int,
    quick: bool,
    load: float,
) -> list[str]:
    """The section's lines; `load`: the load average when the runs began."""
    runs = envi["runs"]
    first_walls = [run["wall_s"] for run in runs["large"]]
    per_file, cpu_per_file = envi["time_per_file_ratio"], envi["cpu_per_file_ratio"]
    growth, resumed = envi["growth_mib"], envi["resumed_share"]
    command = "python -m benchmarks --scale" + (" --quick" if quick else "")
    lines = [
        f"## At scale: Envi exports of {small:,} and {large:,} records, Altegio's largest location",
        "",
        f"Command: `make bench-scale` (runs `{command} --rounds {rounds}`). Commit "
        f"{_commit()}, {time.strftime('%Y-%m-%d')}. Machine: {_machine()}; load average "
        f"{load:.2f} when it started. The {large:,}-record run took "
        f"{min(first_walls):.0f}\u2013{max(first_walls):.0f} s over the rounds: CPU time and "
        "per-round ratios say more than wall time.",
        "",
        "Envi: `export_files(client, Discover(), entity_type=PURCHASE_ORDER, concurrency="
        f"{scale.CONCURRENCY})` over a module of purchase orders of "
        f"{envi['files_per_record']} files each, no latency added, each run a fresh process "
        "measured around the export (after the login). The resumed run is the same export "
        'again into the finished directory with `verify="size"`: it lists every record again '
        "and downloads nothing; the last run repeats it with `since_last_run`, which lists "
        "only the records changed since the first began. The raw httpx2 run sends the "
        "requests the resumed run cannot do without (the same discovery pages and lists of "
        "files, as many at once) and parses each answer, and does nothing else: the floor "
        "of the resumed run. Memory is the run's peak resident size over what the process "
        "held before the export. Rounds run the sizes in turn; ratios are per round, median "
        "(min\u2013max).",
        "",
        "| round | run | records | files | wall s | CPU s | wall ms/file | CPU ms/file "
        "| peak RSS growth MiB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for index in range(rounds):
        for name in ("small", "large", "resumed", "since", "raw", "raw_resume"):
            run = runs[name][index]
            label = {
                "small": f"{small:,} records",
                "large": f"{large:,} records",
                "resumed": f"{large:,} resumed, size checks",
                "since": f"{large:,} again, since the last run",
                "raw": f"{large:,}: raw httpx2, the listing requests only",
                "raw_resume": f"{large:,}: raw httpx2, listing and deciding what to skip",
            }[name]
            ms = ["\u2013", "\u2013"]
            if run["files"]:
                ms = [f"{run[k] / run['files'] * 1000:.2f}" for k in ("wall_s", "cpu_s")]
            lines.append(
                f"| {index + 1} | {label} | {run['records']:.0f} | {run['files']:.0f} "
                f"| {run['wall_s']:.2f} | {run['cpu_s']:.2f} | {ms[0]} | {ms[1]} "
                f"| {run['growth_mib']:.1f} |"
            )
    lines += [
        "",
        f"- time per file, {large:,} / {small:,} records: **{_spread(per_file, 'x')}** "
        f"(target within 15%, at most 1.15x: {_verdict(per_file['max'] <= 1.15)}, judged on "
        "the worst round); "
        f"CPU per file: {_spread(cpu_per_file, 'x')}",
        f"- peak RSS growth of the {large:,}-record run: **{growth['median']:.1f} MiB "
        f"({growth['min']:.1f}\u2013{growth['max']:.1f})** (target at most 64 MiB: "
        f"{_verdict(growth['max'] <= 64)}, judged on the largest)",
        f"- resumed run / first run, wall time: **{_spread(resumed, '0.0%')}** (target at most "
        f"10%: {_verdict(resumed['max'] <= 0.10)}, judged on the worst round); CPU time: "
        f"{_spread(envi['resumed_cpu_share'], '0.0%')}",
        "- the floor: the requests a resumed run must send (the module's pages and one list "
        f"of files per record, {envi['files_per_record']} files each), sent by raw httpx2 "
        f"and parsed, nothing decided: {_spread(envi['raw_share'], '0.0%')} of the first run's "
        f"wall time, {_spread(envi['raw_cpu_share'], '0.0%')} of its CPU time; the resumed run "
        f"takes {_spread(envi['resumed_over_raw'], 'x')} that floor's wall time "
        f"({_spread(envi['resumed_over_raw_cpu'], 'x')} its CPU time) with the manifest "
        "read, every file's size checked and a result per file",
        "- the honest floor: the same raw script also deciding what to skip, as plainly as a "
        "script can (the whole manifest read into a dict first, then per listed file a "
        "lookup, a size and date comparison and a size check on disk; it skips every file "
        f"the export skips): {_spread(envi['raw_resume_share'], '0.0%')} of the first run's "
        f"wall time; the resumed run takes {_spread(envi['resumed_over_raw_resume'], 'x')} "
        f"its wall time ({_spread(envi['resumed_over_raw_resume_cpu'], 'x')} its CPU time)",
        f"- the same export with `since_last_run` right after the first, wall time: "
        f"{_spread(envi['since_share'], '0.0%')} of the first run (no target): the date filter "
        "finds no record, and the run loads the manifest and sends the one discovery request",
        "",
    ]
    if location:
        run = location[0]
        rejected = ", ".join(f"{r['rejected_429']:.0f}" for r in location)
        lines += [
            f"Altegio: `export_files(client, Discover(), location_id=456)`, a location of "
            f"{run['clients']:.0f} clients ({run['requests']:.0f} requests), under the "
            "sandbox's 5 requests/s and 200 a minute. A run longer than a minute is bound by "
            "the 200 a minute: the most a client may send in the run's time is counted with "
            "both limits (bursts of 5 a second until the minute's 200 are spent).",
            "",
            "| round | files saved | failed | requests | answered 429 | seconds | requests/s "
            "| share of 5/s | share of what both limits allow |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            *(
                f"| {index} | {r['files']:.0f} | {r['failed']:.0f} | {r['requests']:.0f} "
                f"| {r['rejected_429']:.0f} | {r['seconds']:.1f} | {r['rate']:.2f} "
                f"| {r['share_of_5_per_second']:.0%} | {r['share_of_allowed']:.0%} |"
                for index, r in enumerate(location, 1)
            ),
            "",
            f"- answered 429, round by round: **{rejected}** (target 0 in every round: "
            f"{_verdict(all(r['rejected_429'] == 0 for r in location))}); failed: "
            f"{sum(r['failed'] for r in location):.0f}",
            "- no target for the rate: 90% of 5 requests/s cannot be sustained past 40 seconds, "
            "where the minute's 200 requests run out (the whole-location row of `make bench` "
            "stays within them)",
            "",
        ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
