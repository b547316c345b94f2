#!/usr/bin/env bash
# Smoke test of a built PZP Desktop bundle (build_scripts/build_bundle.sh).
#
#   bash build_scripts/smoke_test_bundle.sh [DIST_DIR] [--fhir-base URL --patient ID]
#                                           [--steps version,training,overview]
#
# DIST_DIR (default dist/) holds pzp-desktop/ (and on macOS "PZP Desktop.app"). Steps:
#   version    `pzp-desktop --version` prints "pzp-desktop <version>" (PZP_EXPECTED_VERSION:
#              that exact version)
#   training   `pzp-desktop --demo --exit-after-ms 1500` on the offscreen platform starts
#              the training mode and exits 0 within 60 s, without a traceback; and, when
#              the bundle holds the English translation, uses it with --lang en
#   overview   `pzp-desktop overview --source URL --patient ID --json` against a running
#              FHIR server (e.g. build_scripts/fhir_test_server.sh) exits 0 and prints the
#              overview as JSON with the source "ok"; needs --fhir-base and --patient
# Default steps: version and training, plus overview when --fhir-base is given.
# Every step has a time limit; the script stops at the first failure (exit code 1).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist_dir="$repo_root/dist"
fhir_base=""
patient=""
steps=""

usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --fhir-base) fhir_base="$2"; shift 2 ;;
        --fhir-base=*) fhir_base="${1#--fhir-base=}"; shift ;;
        --patient) patient="$2"; shift 2 ;;
        --patient=*) patient="${1#--patient=}"; shift ;;
        --steps) steps="$2"; shift 2 ;;
        --steps=*) steps="${1#--steps=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "error: unknown option: $1" >&2; usage >&2; exit 2 ;;
        *) dist_dir="$1"; shift ;;
    esac
done
if [ -z "$steps" ]; then
    steps="version,training"
    [ -n "$fhir_base" ] && steps="$steps,overview"
fi
if [[ ",$steps," == *",overview,"* ]] && { [ -z "$fhir_base" ] || [ -z "$patient" ]; }; then
    echo "error: the overview step needs --fhir-base URL and --patient ID" >&2
    exit 2
fi

# -- the executable ------------------------------------------------------------------------
case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) candidates=("$dist_dir/pzp-desktop/pzp-desktop-cli.exe") ;;
    Darwin) candidates=("$dist_dir/PZP Desktop.app/Contents/MacOS/pzp-desktop"
        "$dist_dir/pzp-desktop/pzp-desktop") ;;
    *) candidates=("$dist_dir/pzp-desktop/pzp-desktop") ;;
esac
exe=""
for candidate in "${candidates[@]}"; do
    if [ -x "$candidate" ]; then exe="$candidate"; break; fi
done
if [ -z "$exe" ]; then
    echo "error: no bundle in $dist_dir (looked for: ${candidates[*]});" >&2
    echo "       build it with: bash build_scripts/build_bundle.sh" >&2
    exit 1
fi
echo "Smoke test of $exe"

python="${PZP_BUNDLE_PYTHON:-}"
if [ -z "$python" ]; then
    for candidate in "$repo_root/.venv/bin/python" "$repo_root/.venv/Scripts/python.exe" python3 python; do
        if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
    done
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# run_limited SECONDS NAME COMMAND... : stdout/stderr into $out/NAME.{out,err}; the exit
# code, or 124 when the time limit passed (portable: macOS has no `timeout`).
run_limited() {
    local limit="$1" name="$2" pid waited=0 status=0
    shift 2
    "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge $((limit * 10)) ]; then
            kill -TERM "$pid" 2>/dev/null || true
            sleep 2
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            return 124
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    wait "$pid" || status=$?
    return "$status"
}

fail() { # name message
    echo "FAILED: $2" >&2
    for stream in out err; do
        if [ -s "$out/$1.$stream" ]; then
            echo "--- std$stream:" >&2
            head -c 4000 "$out/$1.$stream" >&2
            echo >&2
        fi
    done
    exit 1
}

no_traceback() { # name
    if grep -q "Traceback (most recent call last)" "$out/$1.out" "$out/$1.err"; then
        fail "$1" "$1: a Python traceback was printed"
    fi
}

step_version() {
    local status=0 expected
    run_limited 30 version "$exe" --version || status=$?
    [ "$status" -eq 0 ] || fail version "--version exited with $status"
    expected="${PZP_EXPECTED_VERSION:-}"
    if [ -n "$expected" ]; then
        [ "$(cat "$out/version.out")" = "pzp-desktop $expected" ] ||
            fail version "--version printed '$(cat "$out/version.out")', expected 'pzp-desktop $expected'"
    else
        grep -Eq '^pzp-desktop [0-9]+\.[0-9]+' "$out/version.out" ||
            fail version "--version printed '$(cat "$out/version.out")'"
    fi
    no_traceback version
    echo "ok  version: $(cat "$out/version.out")"
}

step_training() {
    local status=0 started=$SECONDS
    run_limited 60 training env QT_QPA_PLATFORM=offscreen "$exe" --demo --exit-after-ms 1500 ||
        status=$?
    [ "$status" -ne 124 ] || fail training "training mode did not exit within 60 s"
    [ "$status" -eq 0 ] || fail training "training mode exited with $status"
    no_traceback training
    echo "ok  training mode started offscreen and exited 0 ($((SECONDS - started)) s)"
    # With the English translation bundled, --lang en must find it.
    if [ -n "$(find "$dist_dir" -name 'pzp_desktop_en.qm' -print -quit 2>/dev/null)" ]; then
        status=0
        run_limited 60 english env QT_QPA_PLATFORM=offscreen "$exe" --demo --lang en \
            --exit-after-ms 500 || status=$?
        [ "$status" -eq 0 ] || fail english "training mode in English exited with $status"
        no_traceback english
        if grep -q "Geen vertaling" "$out/english.err"; then
            fail english "the bundled English translation was not used"
        fi
        echo "ok  training mode in English (bundled translation)"
    fi
}

step_overview() {
    local status=0
    run_limited 120 overview "$exe" overview --source "$fhir_base" --patient "$patient" --json ||
        status=$?
    [ "$status" -ne 124 ] || fail overview "overview did not finish within 120 s"
    [ "$status" -eq 0 ] || fail overview "overview exited with $status"
    no_traceback overview
    if [ -n "$python" ]; then
        "$python" - "$out/overview.out" <<'PY' || fail overview "overview printed unexpected JSON"
import json, sys
with open(sys.argv[1], encoding="utf-8") as handle:
    document = json.load(handle)
assert document["sources"] and document["sources"][0]["status"] == "ok", document["sources"]
assert document["patient"], "no patient"
assert isinstance(document["items"], list) and document["items"], "no items"
print(f"    {len(document['items'])} items, {len(document['conversations'])} conversations")
PY
    fi
    echo "ok  overview of Patient/$patient from $fhir_base"
}

IFS=',' read -r -a selected <<<"$steps"
for step in "${selected[@]}"; do
    case "$step" in
        version) step_version ;;
        training) step_training ;;
        overview) step_overview ;;
        *) echo "error: unknown step: $step" >&2; exit 2 ;;
    esac
done
echo "Smoke test passed."
