#!/usr/bin/env bash
# Start PZP Desktop, setting up .venv (and, as root on Debian, the system libraries Qt
# needs) first when needed. Without arguments it starts the training mode (--demo).
#
#   bash build_scripts/run_app.sh                 # training mode (fictitious patients)
#   bash build_scripts/run_app.sh --lang en       # any pzp-desktop arguments; see --help
#   QT_QPA_PLATFORM=offscreen bash build_scripts/run_app.sh --exit-after-ms 2000   # smoke test
set -euo pipefail

# shellcheck source=build_scripts/bootstrap.sh
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

if ! pzp_bootstrap app; then
    echo "Set-up failed; the app was not started." >&2
    exit 1
fi

if [ "$#" -eq 0 ]; then
    set -- --demo
fi
cd "$PZP_REPO_ROOT"
exec "$(pzp_venv_python)" -m pzp_desktop "$@"
