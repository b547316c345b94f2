#!/usr/bin/env bash
# Compile the Qt Linguist translations: ui/translations/*.ts -> build/translations/*.qm
# (gitignored; never commit .qm files). Uses the venv's pyside6-lrelease, which ships with
# PySide6-Essentials. The app also compiles a missing or outdated .qm at start-up
# (pzp_desktop/gui/i18n.py); the PyInstaller bundle ships the ones built here.
#
#   bash build_scripts/build_translations.sh            # compile
#   bash build_scripts/build_translations.sh --update   # first collect new/changed texts
#                                                      # from the code into the .ts files
#                                                      # (pyside6-lupdate), then compile
#
# Texts in the code are Dutch (self.tr(), QCoreApplication.translate(),
# QT_TRANSLATE_NOOP), always with a literal context and text so that lupdate finds them
# (a helper like _tr(text) hides them). Translate new ones in ui/translations/pzp_desktop_en.ts
# with pyside6-linguist (or an editor) and mark them finished. tests/gui/test_i18n.py fails
# on a text the .ts file lacks or has not translated.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv_dir="${PZP_VENV_DIR:-$repo_root/.venv}"

find_tool() { # name -> path
    local name="$1"
    for candidate in "$venv_dir/bin/$name" "$venv_dir/Scripts/$name.exe"; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    command -v "$name" 2>/dev/null || return 1
}

if ! lrelease="$(find_tool pyside6-lrelease)"; then
    # shellcheck source=build_scripts/bootstrap.sh
    source "$repo_root/build_scripts/bootstrap.sh"
    pzp_bootstrap tests
    lrelease="$(find_tool pyside6-lrelease)" || {
        echo "ERROR: pyside6-lrelease not found (it comes with PySide6-Essentials in $venv_dir)" >&2
        exit 1
    }
fi

cd "$repo_root"
if [ "${1:-}" = "--update" ]; then
    lupdate="$(find_tool pyside6-lupdate)"
    # Every Python file of the GUI layer, sub-packages included (gui/editor/…): the only
    # layer with translatable texts (tests/gui/test_i18n.py checks the same set).
    sources=()
    while IFS= read -r file; do
        sources+=("$file")
    done < <(find pzp_desktop/gui -name '*.py' | LC_ALL=C sort)
    for ts in ui/translations/*.ts; do
        "$lupdate" "${sources[@]}" -ts "$ts" -source-language nl_NL \
            -locations none -no-obsolete
    done
fi

mkdir -p build/translations
for ts in ui/translations/*.ts; do
    qm="build/translations/$(basename "${ts%.ts}").qm"
    "$lrelease" -silent "$ts" -qm "$qm"
    echo "built $qm"
done
