"""Benchmark: cold start of PZP Desktop to the first window on screen (not a test).

Every run is a new process, ``python -m pzp_desktop --demo --exit-after-ms N`` (training
mode, the default start), offscreen unless ``--platform`` says otherwise, with
``PZP_DESKTOP_REPORT_STARTUP=1``: the app then prints one line to stderr when its main
window has been painted for the first time (``pzp_desktop/gui/app.py``,
``_StartupReporter``)::

    pzp-desktop-startup: first-window-shown monotonic=<s> since-process-start=<s>

The figure is ``monotonic`` minus this script's ``time.monotonic()`` just before it started
the process: from asking the OS for a process to the first frame, interpreter start and all
imports included (``time.monotonic`` is one clock for all processes). The app's own
``since-process-start`` (Linux, 10 ms resolution) is shown alongside as a cross-check, and
the CPU time the process used (user + system, until it exited), which waiting for a busy CPU
does not inflate — this machine may be shared.

"Cold" means a new process; the files are in the OS's page cache after the first run (the
first, untimed, run is reported separately). ``--drop-caches`` (root, Linux) empties the page
cache before every run for a start as after a reboot — it slows down everything else on the
machine for a while, so it is off by default.

The window is painted a few tens of milliseconds after the event loop starts, so ``N``
(default 1500 ms) must leave time for that; ``--exit-after-ms 0`` would quit before the
first frame. Target: median under 1.5 s.

Usage::

    .venv/bin/python build_scripts/bench_startup.py [--runs 10] [--json] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.5
REPORT_ENV = "PZP_DESKTOP_REPORT_STARTUP"
LINE = re.compile(
    r"pzp-desktop-startup: first-window-shown monotonic=(?P<mono>[\d.]+) "
    r"since-process-start=(?P<since>-?[\d.]+)"
)


def _environment(home: Path, platform: str) -> dict[str, str]:
    env = dict(os.environ)
    env[REPORT_ENV] = "1"
    env["QT_QPA_PLATFORM"] = platform
    # A user's own configuration, drafts and audit log must not take part (nor be touched).
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env.pop("PZP_DESKTOP_CONFIG", None)
    return env


def _drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def run_once(
    python: str, env: dict[str, str], exit_after_ms: int, drop_caches: bool
) -> dict[str, Any]:
    if drop_caches:
        _drop_caches()
    load = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [python, "-m", "pzp_desktop", "--demo", "--exit-after-ms", str(exit_after_ms)]
    started = time.monotonic()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    ended = time.monotonic()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = LINE.search(done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(
            f"start failed (exit code {done.returncode}"
            f"{'' if match else ', no first-window line: raise --exit-after-ms?'}):\n"
            f"{done.stderr[-3000:]}"
        )
    since = float(match["since"])
    return {
        "seconds": round(float(match["mono"]) - started, 3),
        "since_process_start": None if since < 0 else since,
        "cpu_seconds": round(
            (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3
        ),
        "process_seconds": round(ended - started, 3),
        "load_average": [round(x, 2) for x in load],
    }


def import_breakdown(python: str, env: dict[str, str], exit_after_ms: int, top: int) -> str:
    """``python -X importtime``: the slowest top-level imports (cumulative), one run."""
    command = [python, "-X", "importtime", "-m", "pzp_desktop", "--demo"]
    command += ["--exit-after-ms", str(exit_after_ms)]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        # "import time: <self us> | <cumulative us> | <two spaces per level><module>"
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative_us, name = line[len("import time:") :].split("|", 2)
        if len(name) - len(name.lstrip()) == 1:  # a top-level import
            rows.append((int(cumulative_us), name.strip()))
    rows.sort(reverse=True)
    total = sum(us for us, _ in rows)
    lines = [f"top-level imports, cumulative (all: {total / 1e6:.2f} s in this run):"]
    lines += [f"  {us / 1e3:8.1f} ms  {name}" for us, name in rows[:top]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs (median)")
    parser.add_argument("--exit-after-ms", type=int, default=1500, metavar="N")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to start")
    parser.add_argument("--drop-caches", action="store_true", help="root only; see above")
    parser.add_argument("--importtime", action="store_true", help="also list slow imports")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="pzp-bench-startup-") as home:
        env = _environment(Path(home), args.platform)
        first = run_once(args.python, env, args.exit_after_ms, args.drop_caches)
        runs = [
            run_once(args.python, env, args.exit_after_ms, args.drop_caches)
            for _ in range(args.runs)
        ]
        breakdown = (
            import_breakdown(args.python, env, args.exit_after_ms, top=12)
            if args.importtime
            else None
        )

    seconds = [r["seconds"] for r in runs]
    cpu = [r["cpu_seconds"] for r in runs]
    median = statistics.median(seconds)
    result = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "platform": args.platform,
        "drop_caches": args.drop_caches,
        "first_run": first,
        "runs": runs,
        "median_seconds": round(median, 3),
        "min_seconds": round(min(seconds), 3),
        "max_seconds": round(max(seconds), 3),
        "median_cpu_seconds": round(statistics.median(cpu), 3),
        "load_average_median": [
            round(statistics.median(r["load_average"][i] for r in runs), 2) for i in range(3)
        ],
        "target_seconds": TARGET_SECONDS,
        "met": median < TARGET_SECONDS,
    }
    if args.json:
        if breakdown:
            result["imports"] = breakdown
        print(json.dumps(result, indent=2))
        return 0 if result["met"] else 1

    print(
        f"Python {result['python']}, {result['cpus']} CPUs, QT_QPA_PLATFORM={args.platform}; "
        f"{args.runs} runs after one untimed first run"
        f"{' (page cache dropped before each run)' if args.drop_caches else ''}"
    )
    print(f"{'run':>4} {'to first window':>16} {'(app: since start)':>19} {'CPU':>7}  load average")
    for i, run in enumerate([first, *runs]):
        since = run["since_process_start"]
        print(
            f"{'1st' if i == 0 else i:>4} {run['seconds']:>14.3f} s "
            f"{'' if since is None else f'{since:.2f} s':>19} {run['cpu_seconds']:>5.2f} s  "
            f"{run['load_average']}"
        )
    verdict = "met" if result["met"] else "NOT met"
    print(
        f"median {median:.3f} s (min {min(seconds):.3f}, max {max(seconds):.3f}); "
        f"CPU median {result['median_cpu_seconds']:.2f} s — "
        f"target under {TARGET_SECONDS} s: {verdict}"
    )
    if breakdown:
        print(breakdown)
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
