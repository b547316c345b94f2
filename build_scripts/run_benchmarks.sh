#!/usr/bin/env bash
# Run PZP Desktop's four benchmarks and print a markdown summary (figures for
# docs/performance.md and the README):
#
#   1. consolidation   build_scripts/bench_consolidation.py  (1,000 and 10,000 conversations)
#   2. sources         build_scripts/bench_sources.py        (3 sources × 80 ms vs sequential;
#                      needs the HAPI FHIR test server: built with Maven if missing, as the
#                      test fixture does, and started here with the fixture's JVM flags)
#   3. startup         build_scripts/bench_startup.py        (cold start to the first window)
#   4. memory          build_scripts/bench_memory.py         (one 1,000-conversation patient)
#
#   bash build_scripts/run_benchmarks.sh [--quick] [--only NAME[,NAME...]] [--out DIR]
#
# --quick      fewer repetitions (a smoke run of the scripts, not figures to publish)
# --only       e.g. --only startup,memory
# --out DIR    where the raw outputs and summary.md go (default test-artifacts/benchmarks)
#
# Benchmarks are not tests: nothing here fails on a missed target (the scripts' own exit
# codes are recorded in the summary). The machine's load average is recorded with every
# figure; on a shared machine run it twice and compare. Takes about 15 minutes.
set -euo pipefail

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

quick=0
only="consolidation,sources,startup,memory"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo_root/test-artifacts/benchmarks"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        --only) only="$2"; shift 2 ;;
        --only=*) only="${1#--only=}"; shift ;;
        --out) out="$2"; shift 2 ;;
        --out=*) out="${1#--out=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
wanted() { [[ ",$only," == *",$1,"* ]]; }

cd "$repo_root"
if [ ! -x .venv/bin/python ]; then
    bash build_scripts/bootstrap.sh tests
fi
python=.venv/bin/python
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
mkdir -p "$out"

if [ "$quick" -eq 1 ]; then
    consolidation_args=(--runs 3)
    sources_args=(--repeat 3)
    startup_args=(--runs 3)
    memory_args=(--runs 1 --conversations 200)
else
    consolidation_args=(--runs 9 --count-calls)
    sources_args=(--repeat 9)
    startup_args=(--runs 15 --importtime)
    memory_args=(--runs 3)
fi

# The machine, once (the load average is also recorded by every benchmark).
"$python" - >"$out/machine.json" <<'PY'
import json, os, platform, subprocess
mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal:"))
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.strip())
except OSError:
    commit, dirty = "?", False
print(json.dumps({
    "cpus": os.cpu_count(), "cpu_model": model, "ram_gb": round(mem_kb / 1024 / 1024, 1),
    "kernel": platform.release(), "python": platform.python_version(),
    "commit": commit + ("+uncommitted" if dirty else ""),
    "load_average": [round(x, 2) for x in os.getloadavg()],
}))
PY

status_of() { # name command... -> runs it, output to $out/<name>.txt (+ .json), records rc
    local name="$1" rc=0
    shift
    echo "==> $name: $*" >&2
    "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    echo "$rc" >"$out/$name.rc"
    cat "$out/$name.out" >&2
    [ "$rc" -eq 0 ] || echo "    ($name exited with $rc; see $out/$name.err)" >&2
}

if wanted consolidation; then
    status_of consolidation "$python" build_scripts/bench_consolidation.py --json \
        "${consolidation_args[@]}"
fi

if wanted sources; then
    module=tests/fhir_server
    app_jar="$module/target/app/pzp-fhir-test-server.jar"
    fat_jar="$module/target/pzp-fhir-test-server.jar"
    needs_build() {
        [ ! -f "$app_jar" ] || [ ! -f "$fat_jar" ] ||
            [ -n "$(find "$module/pom.xml" "$module/src" -newer "$app_jar" -print -quit)" ]
    }
    if ! command -v java >/dev/null 2>&1; then
        echo "sources: skipped, 'java' (17+) not found" >"$out/sources.out"
        echo 3 >"$out/sources.rc"
    else
        if needs_build; then
            mkdir -p "$module/target" test-artifacts
            echo "==> building the FHIR test server (Maven; log test-artifacts/fhir-server-build.log)" >&2
            # The same lock as tests/fhir_server_fixture.py: one build at a time per tree.
            (
                flock 9
                if needs_build; then
                    mvn -q -B -f "$module/pom.xml" package -DskipTests \
                        >test-artifacts/fhir-server-build.log 2>&1
                fi
            ) 9>"$module/target/.build.lock"
        fi
        port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        # The fixture's JVM flags (tests/fhir_server_fixture.py JVM_OPTIONS); the server
        # also stops by itself when this script dies (--pzp.exit-with-pid).
        # shellcheck disable=SC2086 # PZP_FHIR_JAVA_OPTS is a list of options
        java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms1g ${PZP_FHIR_JAVA_OPTS:-} \
            -jar "$app_jar" "--server.port=$port" "--pzp.exit-with-pid=$$" \
            >"$out/fhir-server.log" 2>&1 &
        server_pid=$!
        trap 'kill "$server_pid" 2>/dev/null || true' EXIT
        base="http://127.0.0.1:$port/fhir"
        ready=0
        for _ in $(seq 1 600); do
            if curl -sf -o /dev/null "$base/metadata"; then ready=1; break; fi
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.5
        done
        if [ "$ready" -eq 1 ]; then
            status_of sources "$python" build_scripts/bench_sources.py --base "$base" \
                --server-pid "$server_pid" "${sources_args[@]}"
            # bench_sources prints text; the load average at its end goes alongside.
            "$python" -c 'import os; print([round(x, 2) for x in os.getloadavg()])' \
                >"$out/sources.load"
        else
            echo "sources: the FHIR test server did not start (see $out/fhir-server.log)" \
                >"$out/sources.out"
            echo 3 >"$out/sources.rc"
        fi
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        trap - EXIT
    fi
fi

if wanted startup; then
    status_of startup "$python" build_scripts/bench_startup.py --json "${startup_args[@]}"
fi

if wanted memory; then
    status_of memory "$python" build_scripts/bench_memory.py --json "${memory_args[@]}"
fi

# The markdown summary.
"$python" - "$out" <<'PY' | tee "$out/summary.md"
import json, re, sys
from pathlib import Path

out = Path(sys.argv[1])
machine = json.loads((out / "machine.json").read_text())

def load(name):
    path = out / f"{name}.out"
    if not path.exists():
        return None, None
    rc = int((out / f"{name}.rc").read_text())
    return path.read_text(), rc

def la(values):
    return " / ".join(f"{v:.2f}" for v in values)

print(
    f"Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']} GB RAM, "
    f"Linux {machine['kernel']}, Python {machine['python']}, commit {machine['commit']}; "
    f"load average at the start {la(machine['load_average'])} (1 / 5 / 15 min).\n"
)
print("| benchmark | figure | target | met | load average (1/5/15 min) |")
print("|---|---|---|---|---|")

text, rc = load("consolidation")
if text:
    data = json.loads(text)
    for row in data["rows"]:
        n, dup = row["conversations"], row["duplicate_share"]
        target = "< 50 ms" if n == 1000 else "linear"
        met = ("yes" if row["consolidate_ms"] < 50 else "**no**") if n == 1000 else ""
        print(
            f"| consolidation, {n:,} conversations × 30 items, {int(dup * 100)} % duplicates "
            f"({row['records']:,} records) | median {row['consolidate_ms']:.0f} ms "
            f"(min {row['consolidate_min_ms']:.0f}, CPU {row['consolidate_cpu_ms']:.0f}); "
            f"history {row['history_ms']:.0f} ms | {target} | {met} | {la(data['load_average'])} |"
        )
    for g in data["growth"]:
        r = g["ratios"]
        calls = f", function calls ×{r['consolidate_calls']}" if "consolidate_calls" in r else ""
        print(
            f"| consolidation growth 1,000 → 10,000 ({int(g['duplicate_share'] * 100)} % dup.) | "
            f"records ×{g['record_ratio']}, CPU time ×{r['consolidate']}{calls} | linear | "
            f"{'yes' if g['linear'] else '**no**'} | |"
        )

text, rc = load("sources")
if text:
    m = {k: re.search(p, text) for k, p in {
        "parallel": r"parallel \(PZP Desktop\):\s+mediaan\s+(\d+) ms",
        "sequential": r"sequentieel:\s+mediaan\s+(\d+) ms",
        "direct": r"zonder vertraging:\s+mediaan\s+(\d+) ms",
        "rounds": r"rondes \(extra tijd / vertraging\): (-?[\d.]+)",
        "target": r"= (\d+) ms",
        "requests": r"keer openen \(3 bronnen samen\): (\d+)",
    }.items()}
    # CPU of the parallel run: the client's, and the server's when its pid was given.
    cpu = re.search(
        r"parallel \(PZP Desktop\):.*\n\s+cpu client (\d+) ms(?:, cpu server (\d+) ms)?", text
    )
    load_path = out / "sources.load"
    loadavg = la(json.loads(load_path.read_text())) if load_path.exists() else ""
    if all(m.values()):
        met = "yes" if int(m["parallel"][1]) <= int(m["target"][1]) else "**no**"
        print(
            f"| launch to overview, 3 sources × 80 ms latency, 20 conversations each | median "
            f"{m['parallel'][1]} ms ({m['rounds'][1]} round trips; {m['requests'][1]} requests"
            + (f"; CPU client {cpu[1]} ms" if cpu else "")
            + (f", server {cpu[2]} ms" if cpu and cpu[2] else "")
            + "); "
            f"sequential baseline {m['sequential'][1]} ms; without latency {m['direct'][1]} ms | "
            f"≤ 3 round trips + 300 ms = {m['target'][1]} ms | {met} | {loadavg} |"
        )
    else:
        print(f"| launch to overview, 3 sources × 80 ms | not measured: {text.strip()[:200]} | | | |")

text, rc = load("startup")
if text:
    data = json.loads(text)
    print(
        f"| cold start to first window (offscreen, {len(data['runs'])} runs) | median "
        f"{data['median_seconds']:.2f} s (min {data['min_seconds']:.2f}, max "
        f"{data['max_seconds']:.2f}; CPU {data['median_cpu_seconds']:.2f} s) | < 1.5 s | "
        f"{'yes' if data['met'] else '**no**'} | {la(data['load_average_median'])} |"
    )

text, rc = load("memory")
if text:
    data = json.loads(text)
    run = data["runs"][0]
    stages = ", ".join(f"{s['stage']} {s['rss_mb']:.0f}" for s in run["stages"])
    print(
        f"| resident memory, 1 patient × {data['conversations']:,} conversations × 30 items "
        f"({run['resources']:,} resource versions) | peak {data['median_peak_rss_mb']:.0f} MB, "
        f"{data['median_current_rss_mb']:.0f} MB at the end (RSS after each stage, MB: "
        f"{stages}) | < 250 MB | {'yes' if data['met'] else '**no**'} | "
        f"{la(run['load_average'])} |"
    )
PY
