#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle of PZP Desktop (product brief §8).
#
#   bash build_scripts/build_bundle.sh [--dist DIR] [--work DIR]
#
# Steps:
#   1. the venv (build_scripts/bootstrap.sh) and PyInstaller, from the `build` extra of
#      pyproject.toml, when it is not installed yet (only that, the editable install stays);
#   2. the translations (build_scripts/build_translations.sh, when it exists and
#      build/translations/*.qm are missing or older than ui/translations/*.ts);
#   3. the icons from resources/icons/pzp-desktop.svg into build/icons/ (PNG, ICO, ICNS);
#   4. pyinstaller with build_scripts/pyinstaller/pzp-desktop.spec.
# Output: DIR/pzp-desktop/ (default dist/, gitignored); on macOS also "DIR/PZP Desktop.app".
# Then check it with: bash build_scripts/smoke_test_bundle.sh DIR
#
# Runs on Linux, macOS and Windows (Git Bash); it builds for the OS it runs on
# (PyInstaller does not cross-compile). Installers and URL-scheme registration: see
# build_scripts/pyinstaller/{linux,macos,windows}/ and the README, section "Packaging".
#
# Environment:
#   PZP_BUNDLE_PYTHON=/path/python   build with this interpreter (PyInstaller and the app's
#                                     dependencies installed); skips the bootstrap
#   PZP_BUNDLE_NO_INSTALL=1          never pip-install PyInstaller (fail instead)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist_dir="$repo_root/dist"
work_dir="$repo_root/build/pyinstaller"

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist_dir="$2"; shift 2 ;;
        --dist=*) dist_dir="${1#--dist=}"; shift ;;
        --work) work_dir="$2"; shift 2 ;;
        --work=*) work_dir="${1#--work=}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

start=$SECONDS
cd "$repo_root"

# -- 1. Python with PyInstaller ----------------------------------------------------------
if [ -n "${PZP_BUNDLE_PYTHON:-}" ]; then
    python="$PZP_BUNDLE_PYTHON"
else
    # shellcheck source=build_scripts/bootstrap.sh
    source "$repo_root/build_scripts/bootstrap.sh"
    # The build only needs the offscreen Qt libraries (icons are rendered offscreen).
    QT_QPA_PLATFORM=offscreen pzp_bootstrap app || {
        echo "error: set-up failed; nothing was built" >&2
        exit 1
    }
    python="$(pzp_venv_python)"
fi

if ! "$python" -c 'import PyInstaller' >/dev/null 2>&1; then
    if [ "${PZP_BUNDLE_NO_INSTALL:-0}" = "1" ]; then
        echo "error: PyInstaller is not installed for $python (pip install -e '.[build]')" >&2
        exit 1
    fi
    mapfile -t build_requirements < <("$python" -c '
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["build"]))')
    echo "==> installing the build extra: ${build_requirements[*]}"
    "$python" -m pip install --disable-pip-version-check --progress-bar off -q \
        "${build_requirements[@]}"
fi

# -- 2. translations -----------------------------------------------------------------------
translations_script="$repo_root/build_scripts/build_translations.sh"
if [ -f "$translations_script" ]; then
    stale=0
    for ts in "$repo_root"/ui/translations/*.ts; do
        [ -e "$ts" ] || continue
        qm="$repo_root/build/translations/$(basename "${ts%.ts}").qm"
        if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then stale=1; fi
    done
    if [ "$stale" = "1" ]; then
        echo "==> building the translations"
        bash "$translations_script"
    fi
else
    echo "note: build_scripts/build_translations.sh not found; the bundle compiles no"
    echo "      translations (English falls back to the .ts compiled at run time, if possible)"
fi

# -- 3. icons ------------------------------------------------------------------------------
icons_dir="$repo_root/build/icons"
echo "==> rendering the icons into ${icons_dir#"$repo_root"/}"
QT_QPA_PLATFORM=offscreen "$python" build_scripts/pyinstaller/make_icons.py "$icons_dir" >/dev/null

# -- 4. PyInstaller ------------------------------------------------------------------------
echo "==> pyinstaller (dist: $dist_dir, work: $work_dir)"
mkdir -p "$dist_dir" "$work_dir"
log="$work_dir/pyinstaller.log"
if ! PZP_ICONS_DIR="$icons_dir" "$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$dist_dir" --workpath "$work_dir" \
    build_scripts/pyinstaller/pzp-desktop.spec >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: pyinstaller failed (log: $log)" >&2
    exit 1
fi
grep -E "WARNING|ERROR" "$log" |
    grep -v -E "Library not found|Ignoring version information|Hidden import .* not found" |
    sed 's/^/    /' || true
missing_libraries="$(grep -c "Library not found" "$log" || true)"
if [ "${missing_libraries:-0}" -gt 0 ]; then
    echo "note: $missing_libraries system libraries of optional Qt plugins (X11/xcb, GTK theme) are"
    echo "      not installed on this build machine and so not bundled; a desktop provides them"
    echo "      (details: $log)"
fi

bundle="$dist_dir/pzp-desktop"
size="$(du -sh "$bundle" 2>/dev/null | cut -f1)"
echo "Built $bundle ($size) in $((SECONDS - start)) s."
if [ -d "$dist_dir/PZP Desktop.app" ]; then
    echo "macOS application: $dist_dir/PZP Desktop.app"
fi
echo "Check it with: bash build_scripts/smoke_test_bundle.sh $dist_dir"
