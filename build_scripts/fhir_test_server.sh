#!/usr/bin/env bash
# Run the HAPI FHIR R4 test server (tests/fhir_server) in the foreground.
#
#   bash build_scripts/fhir_test_server.sh [--port N]
#
# Builds the server first when the jar is missing or older than its sources
# (mvn -q -f tests/fhir_server/pom.xml package -DskipTests), then starts it on
# http://127.0.0.1:N/fhir (default port 8080) with an empty in-memory database, the PZP
# search parameters and value sets, and the training patients (exported by
# `python -m pzp_desktop.sources.training --export DIR` as one transaction Bundle).
# GET /fhir/metadata answers 503 until all of that is loaded, then 200. Stop with Ctrl+C.
#
# Extra JVM options: PZP_FHIR_JAVA_OPTS="-Xmx2g" bash build_scripts/fhir_test_server.sh
set -euo pipefail

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

port=8080
while [ $# -gt 0 ]; do
    case "$1" in
        --port)
            [ $# -ge 2 ] || { echo "error: --port needs a value" >&2; exit 2; }
            port="$2"
            shift 2
            ;;
        --port=*)
            port="${1#--port=}"
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "error: unknown argument: $1" >&2
            usage >&2
            exit 2
            ;;
    esac
done
case "$port" in
    '' | *[!0-9]*)
        echo "error: --port must be a number, got '$port'" >&2
        exit 2
        ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo_root/tests/fhir_server"
fat_jar="$module/target/pzp-fhir-test-server.jar"
# The build also unpacks the fat jar into target/app/ (starts faster, see pom.xml).
app_jar="$module/target/app/pzp-fhir-test-server.jar"

if ! command -v java >/dev/null 2>&1; then
    echo "error: 'java' not found. The FHIR test server needs a Java 17 (or newer) JDK on PATH," >&2
    echo "       e.g. 'sudo apt-get install openjdk-17-jdk-headless'." >&2
    exit 1
fi

needs_build=0
if [ ! -f "$app_jar" ] || [ ! -f "$fat_jar" ]; then
    needs_build=1
elif [ -n "$(find "$module/pom.xml" "$module/src" -newer "$app_jar" -print -quit)" ]; then
    needs_build=1
fi

if [ "$needs_build" -eq 1 ]; then
    if ! command -v mvn >/dev/null 2>&1; then
        echo "error: 'mvn' not found, and the FHIR test server must be (re)built." >&2
        echo "       Install Maven 3.8+ (e.g. 'sudo apt-get install maven') and run this again." >&2
        exit 1
    fi
    echo "Building the FHIR test server (first build downloads dependencies, can take minutes) ..."
    mvn -q -B -f "$module/pom.xml" package -DskipTests
fi

args=("--server.port=$port")
# The training patients, written by the application's own FHIR writers.
if [ ! -x "$repo_root/.venv/bin/python" ]; then
    bash "$repo_root/build_scripts/bootstrap.sh" tests
fi
training_dir="$(mktemp -d)"
trap 'rm -rf "$training_dir"' EXIT
"$repo_root/.venv/bin/python" -m pzp_desktop.sources.training --export "$training_dir" >/dev/null
args+=("--pzp.preload-dir=$training_dir")
echo "Preloading the training patients (Patient ids: devries, bos, mulder, elidrissi)"

echo "FHIR test server: http://127.0.0.1:$port/fhir  (ready when /metadata answers 200)"

# JVM flags, measured on a 2-core machine: C1-only JIT roughly halves the CPU time of
# startup (this server is short-lived and lightly loaded); the serial collector and a
# 1 GB initial heap avoid GC threads and early collections during startup.
# shellcheck disable=SC2086 # PZP_FHIR_JAVA_OPTS is a list of options
# Not exec'd: the shell stays to remove the exported training bundle when the server stops.
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms1g ${PZP_FHIR_JAVA_OPTS:-} \
    -jar "$app_jar" "${args[@]}"
