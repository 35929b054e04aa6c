"""`make bench`: every benchmark, side by side in one run, into benchmarks/RESULTS.md.

    python -m benchmarks [--quick]

`--quick` shrinks every workload (for trying the harness, not for figures).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import export, export_cpu, imports, large_file, listing

RESULTS = Path(__file__).with_name("RESULTS.md")


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
    """Median (min-max) of a per-round ratio, as "1.08x (0.93-1.10)" or "97% (90%-99%)"."""
    if unit == "%":
        return f"{figures['median']:.0%} ({figures['min']:.0%}\u2013{figures['max']:.0%})"
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
        "GET each file's content) and writing each file with a plain `open().write()`; "
        "`export_files` also hashes each file, writes it atomically (temporary file, flush to "
        "disk, rename) and records it in its manifest. "
        f"{rounds} rounds, the two ways interleaved; ratios are per round, shown as median "
        "(min\u2013max).",
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
        cpu_ratio, share = figures.cpu_ratio, figures.throughput_share
        verdicts += [
            f"- concurrency {concurrency}: CPU per request, export / raw: "
            f"**{_spread(cpu_ratio, 'x')}** (target at most 1.25x: "
            f"{_verdict(cpu_ratio['median'] <= 1.25)}); throughput, export / raw: "
            f"**{_spread(share, '%')}** (target at least 80%: "
            f"{_verdict(share['median'] >= 0.8)})",
        ]
    return [*lines, "", *verdicts, "", "Targets are judged on the median.", ""]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small workloads, for a dry run")
    args = parser.parse_args()
    quick = args.quick
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

    clients = 20 if quick else 60
    print(f"exporting {clients} Altegio clients under the 5/s limit ...", flush=True)
    altegio = export.run_altegio(clients=clients)
    lines += [
        f"## Altegio export under the sandbox's limit (5 requests/s, 200/min), {clients} clients",
        "",
        "| files saved | failed | requests | answered 429 | seconds | requests/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {altegio['files']:.0f} | {altegio['failed']:.0f} | {altegio['requests']:.0f} "
        f"| {altegio['rejected_429']:.0f} | {altegio['seconds']:.1f} | {altegio['rate']:.2f} |",
        "",
        f"- failed files: **{altegio['failed']:.0f}** (target 0: "
        f"{_verdict(altegio['failed'] == 0)})",
        f"- share of the allowed 5 requests/s: **{altegio['share_of_allowed']:.0%}** (target at "
        f"least 90%: {_verdict(altegio['share_of_allowed'] >= 0.9)}); the limit allows a burst "
        "of 5 in the first second, so a run at the limit shows slightly over 5/s",
        "",
    ]

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
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
