#!/usr/bin/env bash
# Shared set-up for build_scripts/run_app.sh and build_scripts/run_tests.sh.
#
#   bash build_scripts/bootstrap.sh [app|tests]      # set up only
#   source build_scripts/bootstrap.sh && pzp_bootstrap app|tests
#
# What it does (each step only when needed, so a second run takes a second or two):
#   1. System packages (Debian/Ubuntu, as root with apt-get; otherwise it prints what is
#      missing): python3-venv when the Python lacks venv/ensurepip, and the libraries
#      PySide6's Qt needs: for the offscreen platform, printing/PDF and fonts (both
#      targets) and, for `app` in a desktop session, the X11 (xcb) and Wayland plugins.
#      One `apt-get update`, then `apt-get install --no-install-recommends` of the
#      missing packages only.
#   2. The virtual environment .venv at the repository root (Python >= 3.11) and
#      `pip install -e '.[dev,build]'`, re-run only when what pip acts on in pyproject.toml
#      ([build-system], [project], [tool.setuptools]) or the Python version changed
#      (their hash is kept in .venv/.pzp-bootstrap-stamp).
#   3. (Linux) A check with ldd that Qt's libraries and plugins find every shared
#      library; a missing one is an error that names it.
#
# Environment:
#   PZP_PYTHON               interpreter that creates the venv (default: python3)
#   PZP_VENV_DIR             venv location (default: <repo>/.venv)
#   PZP_SKIP_SYSTEM_PACKAGES=1   never run apt-get (only report what is missing)

if [ -z "${BASH_VERSION:-}" ]; then
    echo "bootstrap.sh needs bash: run it as 'bash build_scripts/bootstrap.sh'" >&2
    exit 1
fi

PZP_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PZP_VENV_DIR="${PZP_VENV_DIR:-$PZP_REPO_ROOT/.venv}"
PZP_STAMP_FILE="$PZP_VENV_DIR/.pzp-bootstrap-stamp"
# Bump to force a reinstall everywhere when this script changes what it installs.
PZP_BOOTSTRAP_VERSION=2

# Debian 12 packages with the shared libraries that PySide6 6.12's Qt loads
# (found with readelf/ldd on the wheels' Qt libraries and plugins on a minimal bookworm).
# Offscreen platform + QtGui/QtWidgets/QtUiTools/QtPrintSupport/QtPdf/QtSvg + fonts:
PZP_QT_BASE_PACKAGES=(
    libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6
    libglib2.0-0 libdbus-1-3 libcups2 fonts-dejavu-core
)
# The xcb platform plugin (X11 desktops; Qt >= 6.5 needs libxcb-cursor0):
PZP_QT_XCB_PACKAGES=(
    libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
    libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
)
# The wayland platform plugin:
PZP_QT_WAYLAND_PACKAGES=(libwayland-client0 libwayland-cursor0 libwayland-egl1)

pzp_say() { printf '%s\n' "$*"; }
pzp_warn() { printf 'WARNING: %s\n' "$*" >&2; }
pzp_die() {
    printf 'ERROR: %s\n' "$*" >&2
    return 1
}

pzp_is_linux() { [ "$(uname -s)" = "Linux" ]; }
pzp_can_apt() {
    [ "${PZP_SKIP_SYSTEM_PACKAGES:-0}" != "1" ] && [ "$(id -u)" = "0" ] &&
        command -v apt-get >/dev/null 2>&1
}
pzp_has_dpkg() { command -v dpkg-query >/dev/null 2>&1; }

pzp_pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Which Qt platform plugins will be used: offscreen always (tests), xcb/wayland for the
# app when a desktop session is there.
pzp_qt_targets() {
    local mode="$1" platform="${QT_QPA_PLATFORM:-}"
    echo base
    if [ "$mode" = "app" ] && [ "$platform" != "offscreen" ] && [ "$platform" != "minimal" ]; then
        if [ -n "${DISPLAY:-}" ] || [ "${platform%%:*}" = "xcb" ]; then echo xcb; fi
        if [ -n "${WAYLAND_DISPLAY:-}" ] || [ "${platform%%:*}" = "wayland" ]; then echo wayland; fi
    fi
}

pzp_python_ok() { # interpreter -> true if >= 3.11
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

pzp_venv_python() {
    if [ -x "$PZP_VENV_DIR/bin/python" ]; then
        echo "$PZP_VENV_DIR/bin/python"
    else
        echo "$PZP_VENV_DIR/Scripts/python.exe"
    fi
}

# --- step 1: system packages -------------------------------------------------------

pzp_missing_system_packages() { # mode python -> prints missing Debian packages
    local mode="$1" python="$2" pkg target
    local -a wanted=()
    pzp_has_dpkg || return 0
    if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        wanted+=(python3-venv)
    fi
    if pzp_is_linux; then
        for target in $(pzp_qt_targets "$mode"); do
            case "$target" in
                base) wanted+=("${PZP_QT_BASE_PACKAGES[@]}") ;;
                xcb) wanted+=("${PZP_QT_XCB_PACKAGES[@]}") ;;
                wayland) wanted+=("${PZP_QT_WAYLAND_PACKAGES[@]}") ;;
            esac
        done
    fi
    # The integration tests build and run the HAPI FHIR test server (Java 17 + Maven).
    if [ "$mode" = "tests" ]; then
        command -v java >/dev/null 2>&1 || wanted+=(openjdk-17-jdk-headless)
        command -v mvn >/dev/null 2>&1 || wanted+=(maven)
    fi
    for pkg in "${wanted[@]}"; do
        pzp_pkg_installed "$pkg" || echo "$pkg"
    done
}

pzp_install_system_packages() { # mode python
    local -a missing
    mapfile -t missing < <(pzp_missing_system_packages "$1" "$2")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if ! pzp_can_apt; then
        pzp_warn "missing Debian packages: ${missing[*]}"
        pzp_warn "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
        return 0
    fi
    pzp_say "Installing Debian packages: ${missing[*]}"
    local log start=$SECONDS
    log="$(mktemp)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
        >"$log" 2>&1 </dev/null; then
        cat "$log" >&2
        rm -f "$log"
        pzp_die "apt-get failed (see above)"
        return 1
    fi
    rm -f "$log"
    pzp_say "  done in $((SECONDS - start)) s"
}

# --- step 2: the virtual environment --------------------------------------------------

pzp_stamp() { # venv-python -> the hash that says whether the install is current
    # Only what pip acts on counts: [build-system], [project] and [tool.setuptools] of
    # pyproject.toml, plus the Python version. Tool settings (ruff, mypy, ...) do not.
    PZP_BOOTSTRAP_VERSION="$PZP_BOOTSTRAP_VERSION" "$1" - "$PZP_REPO_ROOT/pyproject.toml" <<'PY'
import hashlib, json, os, sys, tomllib
with open(sys.argv[1], "rb") as f:
    data = tomllib.load(f)
relevant = {
    "bootstrap": os.environ["PZP_BOOTSTRAP_VERSION"],
    "python": sys.version,
    "build-system": data.get("build-system"),
    "project": data.get("project"),
    "setuptools": data.get("tool", {}).get("setuptools"),
}
print(hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest())
PY
}

pzp_ensure_venv() { # python
    local python="$1" venv_python
    venv_python="$(pzp_venv_python)"
    if [ -e "$PZP_VENV_DIR" ] && ! pzp_python_ok "$venv_python"; then
        if [ -f "$PZP_VENV_DIR/pyvenv.cfg" ]; then
            pzp_say "Recreating $PZP_VENV_DIR (its Python is missing, broken or older than 3.11)"
            rm -rf "$PZP_VENV_DIR"
        else
            pzp_die "$PZP_VENV_DIR exists but is not a virtual environment; move it away"
            return 1
        fi
    fi
    if [ ! -e "$PZP_VENV_DIR" ]; then
        pzp_say "Creating the virtual environment $PZP_VENV_DIR"
        if ! "$python" -m venv "$PZP_VENV_DIR"; then
            rm -rf "$PZP_VENV_DIR"
            pzp_die "could not create a venv with $python (on Debian/Ubuntu: apt-get install python3-venv)"
            return 1
        fi
    fi
    venv_python="$(pzp_venv_python)"
    local want have=""
    want="$(pzp_stamp "$venv_python")"
    [ -f "$PZP_STAMP_FILE" ] && have="$(cat "$PZP_STAMP_FILE")"
    if [ "$want" = "$have" ]; then
        return 0
    fi
    pzp_say "Installing the Python packages: pip install -e '.[dev,build]' (first time: a few minutes)"
    local start=$SECONDS log
    log="$(mktemp)"
    rm -f "$PZP_STAMP_FILE"
    # The output (build back-end chatter included) is shown only when pip fails.
    if ! (cd "$PZP_REPO_ROOT" && "$venv_python" -m pip install --disable-pip-version-check \
        --progress-bar off -e ".[dev,build]" </dev/null) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        pzp_die "pip install failed (see above)"
        return 1
    fi
    rm -f "$log"
    echo "$want" >"$PZP_STAMP_FILE"
    pzp_say "  done in $((SECONDS - start)) s"
}

# --- step 3: check Qt's shared libraries -------------------------------------------

pzp_check_qt_libraries() { # mode
    pzp_is_linux || return 0
    command -v ldd >/dev/null 2>&1 || return 0
    local venv_python pyside target
    venv_python="$(pzp_venv_python)"
    pyside="$("$venv_python" -c 'import importlib.util, os
spec = importlib.util.find_spec("PySide6")
print(os.path.dirname(spec.origin) if spec and spec.origin else "")')"
    if [ -z "$pyside" ]; then
        pzp_die "PySide6 is not installed in $PZP_VENV_DIR"
        return 1
    fi
    local -a files=()
    for target in $(pzp_qt_targets "$1"); do
        case "$target" in
            base) files+=(
                "$pyside"/Qt{Core,Gui,Widgets,UiTools,PrintSupport,Svg,Pdf,Test}.abi3.so
                "$pyside"/Qt/plugins/platforms/libqoffscreen.so
                "$pyside"/Qt/plugins/printsupport/*.so
            ) ;;
            xcb) files+=("$pyside"/Qt/plugins/platforms/libqxcb.so) ;;
            wayland) files+=("$pyside"/Qt/plugins/platforms/libqwayland*.so) ;;
        esac
    done
    local missing
    missing="$(for f in "${files[@]}"; do [ -e "$f" ] && ldd "$f" 2>/dev/null; done |
        awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')"
    if [ -n "$missing" ]; then
        pzp_die "Qt cannot find these system libraries: $missing
       Install the packages that provide them (see build_scripts/bootstrap.sh for the
       Debian names), or run this script as root on Debian/Ubuntu to install them."
        return 1
    fi
}

# --- all together -------------------------------------------------------------------

pzp_bootstrap() { # app|tests
    local mode="${1:-tests}" python="${PZP_PYTHON:-python3}"
    if ! command -v "$python" >/dev/null 2>&1; then
        pzp_die "$python not found: install Python 3.11 or newer (Debian: apt-get install python3)"
        return 1
    fi
    if ! pzp_python_ok "$python"; then
        pzp_die "$python is $("$python" -V 2>&1); PZP Desktop needs Python 3.11 or newer"
        return 1
    fi
    pzp_install_system_packages "$mode" "$python" || return 1
    pzp_ensure_venv "$python" || return 1
    pzp_check_qt_libraries "$mode" || return 1
}

# Run directly (not sourced): bash build_scripts/bootstrap.sh [app|tests]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    pzp_bootstrap "${1:-tests}"
fi
