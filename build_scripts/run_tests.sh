#!/usr/bin/env bash
# Set up everything the tests need (see build_scripts/bootstrap.sh), then run, in order,
# stopping at the first failure:
#   ruff format --check, ruff check, mypy, lint-imports, pytest
# Extra arguments go to pytest:  bash build_scripts/run_tests.sh -k main_window -x
set -euo pipefail

# shellcheck source=build_scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

total_start=$SECONDS
echo "==> [0/5] set-up (.venv, system libraries)"
if ! pzp_bootstrap tests; then
    echo "FAILED: set-up" >&2
    exit 1
fi

cd "$PZP_REPO_ROOT"
VENV_PYTHON="$(pzp_venv_python)"
VENV_BIN="$(dirname "$VENV_PYTHON")"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

step=0
run_step() { # title command...
    local title="$1" start=$SECONDS status=0
    shift
    step=$((step + 1))
    echo
    echo "==> [$step/5] $title"
    "$@" || status=$?
    if [ "$status" -ne 0 ]; then
        echo
        if [ "$title" = "pytest" ] && [ "$status" -eq 5 ]; then
            echo "FAILED: pytest collected no tests (exit code 5)" >&2
        else
            echo "FAILED: $title (exit code $status)" >&2
        fi
        exit "$status"
    fi
    echo "    ok ($((SECONDS - start)) s)"
}

run_step "ruff format --check" "$VENV_BIN/ruff" format --check .
run_step "ruff check" "$VENV_BIN/ruff" check .
run_step "mypy" "$VENV_BIN/mypy"
run_step "lint-imports" "$VENV_BIN/lint-imports" --no-logo
run_step "pytest" "$VENV_PYTHON" -m pytest "$@"

echo
echo "All checks passed in $((SECONDS - total_start)) s."
