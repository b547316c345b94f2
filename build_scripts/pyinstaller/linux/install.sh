#!/usr/bin/env bash
# Install a built PZP Desktop bundle on Linux and register the pzp-desktop:// URL scheme.
#
#   bash build_scripts/pyinstaller/linux/install.sh [--system] [BUNDLE_DIR]
#
# BUNDLE_DIR defaults to dist/pzp-desktop (bash build_scripts/build_bundle.sh).
#   per user (default)   ~/.local/opt/pzp-desktop, ~/.local/bin/pzp-desktop,
#                        ~/.local/share/applications/pzp-desktop.desktop,
#                        ~/.local/share/icons/hicolor/scalable/apps/pzp-desktop.svg
#   --system (as root)   /opt/pzp-desktop, /usr/local/bin/pzp-desktop,
#                        /usr/local/share/applications/…, /usr/local/share/icons/…
# Then `xdg-mime default pzp-desktop.desktop x-scheme-handler/pzp-desktop` (per user; for
# --system every user gets it through the .desktop file's MimeType and the desktop
# database) and `update-desktop-database`, when those tools are installed.
# XDG_DATA_HOME, and PZP_INSTALL_ROOT (a staging root for packaging), are honoured.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
system=0
bundle="$repo_root/dist/pzp-desktop"
while [ $# -gt 0 ]; do
    case "$1" in
        --system) system=1; shift ;;
        -h | --help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option: $1" >&2; exit 2 ;;
        *) bundle="$1"; shift ;;
    esac
done
if [ ! -x "$bundle/pzp-desktop" ]; then
    echo "error: no bundle at $bundle (build it with: bash build_scripts/build_bundle.sh)" >&2
    exit 1
fi

root="${PZP_INSTALL_ROOT:-}"
if [ "$system" = "1" ]; then
    app_dir="$root/opt/pzp-desktop"
    bin_dir="$root/usr/local/bin"
    data_dir="$root/usr/local/share"
else
    app_dir="$root$HOME/.local/opt/pzp-desktop"
    bin_dir="$root$HOME/.local/bin"
    data_dir="$root${XDG_DATA_HOME:-$HOME/.local/share}"
fi
# The path the launcher has once installed (without the staging root).
installed_exe="${app_dir#"$root"}/pzp-desktop"

echo "Installing $bundle into $app_dir"
rm -rf "$app_dir.new"
mkdir -p "$(dirname "$app_dir")" "$bin_dir" "$data_dir/applications" \
    "$data_dir/icons/hicolor/scalable/apps"
cp -a "$bundle" "$app_dir.new"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"
ln -sf "$installed_exe" "$bin_dir/pzp-desktop"

# The .desktop file with absolute paths, so it works without ~/.local/bin on PATH.
sed -e "s|^Exec=.*|Exec=$installed_exe %u|" -e "s|^TryExec=.*|TryExec=$installed_exe|" \
    "$here/pzp-desktop.desktop" >"$data_dir/applications/pzp-desktop.desktop"
cp "$repo_root/resources/icons/pzp-desktop.svg" "$data_dir/icons/hicolor/scalable/apps/"

if [ -z "$root" ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_dir/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$data_dir/icons/hicolor" 2>/dev/null || true
    fi
    if [ "$system" = "0" ]; then
        if command -v xdg-mime >/dev/null 2>&1; then
            xdg-mime default pzp-desktop.desktop x-scheme-handler/pzp-desktop
            echo "pzp-desktop:// opens: $(xdg-mime query default x-scheme-handler/pzp-desktop)"
        else
            echo "note: xdg-mime not found (package xdg-utils); register the URL scheme with:"
            echo "      xdg-mime default pzp-desktop.desktop x-scheme-handler/pzp-desktop"
        fi
    fi
fi
echo "Installed. Start it from the applications menu, with pzp-desktop, or with a"
echo "pzp-desktop://launch?iss=…&launch=… link."
