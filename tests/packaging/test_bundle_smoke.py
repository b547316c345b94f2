"""The PyInstaller bundle: built once per session and smoke-tested like a release.

``build_scripts/build_bundle.sh`` builds into a temporary directory (about a minute on two
cores), then ``build_scripts/smoke_test_bundle.sh`` checks ``--version``, the training mode
offscreen and ``overview`` against the HAPI FHIR test server. The build tests are marked
``packaging``: deselect them with ``-m "not packaging"``. Without PyInstaller they are
skipped locally (loudly) and fail in CI (``CI=true``), where it must be installed.

The tests of the URL-scheme registration files and of ``bundle_info`` need no build.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import pzp_desktop
from tests.fhir.example_patients import example_patient
from tests.fhir_server_fixture import post_transaction

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "build_scripts"
PYINSTALLER_DIR = SCRIPTS / "pyinstaller"
BUILD_TIMEOUT = 1200
IN_CI = os.environ.get("CI", "").lower() == "true"


def _bundle_info() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_info", PYINSTALLER_DIR / "bundle_info.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _require_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    reason = (
        "PACKAGING NOT TESTED: PyInstaller is not installed in this environment, so the "
        "bundle was neither built nor smoke-tested. Install the build extra "
        "(.venv/bin/pip install -e '.[build]') to run these tests; CI must run them."
    )
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def _run(args: list[str], *, timeout: float, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(args)} exited with {result.returncode}:\n{output}"
    return output


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``build_bundle.sh`` into a fresh temporary directory, once per test session."""
    _require_pyinstaller()
    dist = tmp_path_factory.mktemp("bundle-dist")
    work = tmp_path_factory.mktemp("bundle-work")
    _run(
        ["bash", str(SCRIPTS / "build_bundle.sh"), "--dist", str(dist), "--work", str(work)],
        timeout=BUILD_TIMEOUT,
        env={"PZP_BUNDLE_PYTHON": sys.executable, "PZP_BUNDLE_NO_INSTALL": "1"},
    )
    return dist


def smoke(dist: Path, *args: str) -> str:
    return _run(
        ["bash", str(SCRIPTS / "smoke_test_bundle.sh"), str(dist), *args],
        timeout=600,
        env={
            "PZP_BUNDLE_PYTHON": sys.executable,
            "PZP_EXPECTED_VERSION": pzp_desktop.__version__,
        },
    )


# --------------------------------------------------------------------------- the built bundle


@pytest.mark.packaging
def test_bundle_holds_the_data_files_and_nothing_for_tests(dist_dir: Path) -> None:
    bundle = dist_dir / "pzp-desktop"
    internal = bundle / "_internal"
    for relative in (
        "ui/main_window.ui",
        "ui/style.qss",
        "resources/form/acp-zib2020.json",
        "resources/form/code_tables.json",
        "resources/icons/pzp-desktop.svg",
        "resources/config/pzp-desktop.example.toml",
    ):
        assert (internal / relative).is_file(), relative
    for qm in sorted((ROOT / "build" / "translations").glob("*.qm")):
        assert (internal / "translations" / qm.name).is_file(), qm.name
    for absent in ("tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "tests"):
        assert not (internal / absent).exists(), absent
    qt_translations = internal / "PySide6" / "Qt" / "translations"
    if qt_translations.is_dir():
        languages = {path.stem.rsplit("_", 1)[-1] for path in qt_translations.glob("*.qm")}
        assert languages <= {"nl", "en"}


@pytest.mark.packaging
def test_smoke_version_and_training_mode(dist_dir: Path) -> None:
    output = smoke(dist_dir, "--steps", "version,training")
    assert f"ok  version: pzp-desktop {pzp_desktop.__version__}" in output
    assert "ok  training mode started offscreen and exited 0" in output
    assert "Smoke test passed." in output


@pytest.mark.packaging
@pytest.mark.integration
def test_smoke_overview_against_the_test_server(dist_dir: Path, fhir_server: Any) -> None:
    base = str(fhir_server.base_url).rstrip("/")
    example = example_patient(conversations=2)
    post_transaction(base, example.transaction())
    output = smoke(
        dist_dir, "--steps", "overview", "--fhir-base", base, "--patient", example.patient_id
    )
    assert f"ok  overview of Patient/{example.patient_id}" in output


# --------------------------------------------------------------------------- without a build


def test_version_numbers_for_windows_and_macos() -> None:
    info = _bundle_info()
    assert info.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert info.version_tuple("1.2.3.4") == (1, 2, 3, 4)
    assert info.version_tuple("0.2.0rc1") == (0, 2, 0, 0)
    assert info.version_tuple("2.0+local.5") == (2, 0, 0, 0)
    with pytest.raises(ValueError, match="does not fit"):
        info.version_tuple("70000.0")
    with pytest.raises(ValueError, match="start with a number"):
        info.version_tuple("dev")


def test_windows_version_resource() -> None:
    """PyInstaller eval()s the text with its versioninfo classes (on Windows only: they need
    pywin32 and pefile); stand-ins that record their arguments check the same expression."""
    text = _bundle_info().windows_version_file("0.1.0")
    names = [
        "VSVersionInfo",
        "FixedFileInfo",
        "StringFileInfo",
        "StringTable",
        "StringStruct",
        "VarFileInfo",
        "VarStruct",
    ]

    def stand_in(name: str) -> Any:
        return lambda *args, **kwargs: (name, args, kwargs)

    kind, _, fields = eval(text, {name: stand_in(name) for name in names})
    assert kind == "VSVersionInfo"
    assert fields["ffi"][2]["filevers"] == (0, 1, 0, 0)
    assert fields["ffi"][2]["prodvers"] == (0, 1, 0, 0)
    string_file_info, var_file_info = fields["kids"]
    ((_, (language, structs), _),) = string_file_info[1][0]
    assert language == "041304B0"
    strings = dict(struct[1] for struct in structs)
    assert strings["ProductName"] == "PZP Desktop"
    assert strings["FileVersion"] == "0.1.0"
    assert strings["OriginalFilename"] == "pzp-desktop.exe"
    assert var_file_info[0] == "VarFileInfo"


def test_macos_info_plist_registers_the_url_scheme() -> None:
    info = _bundle_info()
    plist = info.macos_info_plist("0.1.0")
    (url_type,) = plist["CFBundleURLTypes"]
    assert url_type["CFBundleURLSchemes"] == ["pzp-desktop"]
    assert plist["CFBundleShortVersionString"] == "0.1.0"
    assert plist["CFBundleIdentifier"] == info.BUNDLE_IDENTIFIER
    plistlib.dumps(plist)  # serialisable as an Info.plist


def test_linux_desktop_file_handles_the_url_scheme() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PYINSTALLER_DIR / "linux" / "pzp-desktop.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["MimeType"] == "x-scheme-handler/pzp-desktop;"
    assert entry["Exec"] == "pzp-desktop %u"  # %u: the URL is passed as one argument
    assert entry["Icon"] == "pzp-desktop"
    # The GUI sets QGuiApplication.setDesktopFileName("pzp-desktop"): the names must match.
    from pzp_desktop.gui.app import DESKTOP_FILE_NAME

    assert DESKTOP_FILE_NAME == "pzp-desktop"


@pytest.mark.skipif(sys.platform == "win32", reason="a Linux shell script")
def test_linux_install_script_installs_and_registers(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "pzp-desktop").write_text("#!/bin/sh\n", encoding="utf-8")
    (bundle / "pzp-desktop").chmod(0o755)
    stage = tmp_path / "stage"
    _run(
        ["bash", str(PYINSTALLER_DIR / "linux" / "install.sh"), "--system", str(bundle)],
        timeout=60,
        env={"PZP_INSTALL_ROOT": str(stage)},
    )
    desktop = (stage / "usr/local/share/applications/pzp-desktop.desktop").read_text("utf-8")
    assert "Exec=/opt/pzp-desktop/pzp-desktop %u" in desktop
    assert "MimeType=x-scheme-handler/pzp-desktop;" in desktop
    assert (stage / "opt/pzp-desktop/pzp-desktop").is_file()
    assert (stage / "usr/local/share/icons/hicolor/scalable/apps/pzp-desktop.svg").is_file()
    assert os.readlink(stage / "usr/local/bin/pzp-desktop") == "/opt/pzp-desktop/pzp-desktop"


def test_windows_registration_files_register_the_url_scheme() -> None:
    reg = (PYINSTALLER_DIR / "windows" / "pzp-desktop-url-scheme.reg").read_bytes()
    assert reg.startswith(b"Windows Registry Editor Version 5.00\r\n")
    assert b"\n" not in reg.replace(b"\r\n", b"")  # CRLF throughout
    text = reg.decode("ascii")
    assert "[HKEY_CURRENT_USER\\Software\\Classes\\pzp-desktop]" in text
    assert '"URL Protocol"=""' in text
    assert '\\"%1\\""' in text  # the URL is passed quoted, as one argument
    iss = (PYINSTALLER_DIR / "windows" / "pzp-desktop.iss").read_text("utf-8")
    assert 'Subkey: "Software\\Classes\\pzp-desktop"' in iss
    assert 'ValueName: "URL Protocol"' in iss
    assert '""{app}\\{#AppExe}"" ""%1""' in iss


def test_the_app_icon_is_a_valid_svg() -> None:
    from xml.etree import ElementTree

    root = ElementTree.parse(ROOT / "resources" / "icons" / "pzp-desktop.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


def test_icons_are_rendered_into_ico_and_icns(tmp_path: Path, qapp: Any) -> None:
    # qapp: the session's QApplication exists first, so make_icons does not create a
    # QGuiApplication that the widget tests would then get instead.
    spec = importlib.util.spec_from_file_location("make_icons", PYINSTALLER_DIR / "make_icons.py")
    assert spec is not None
    assert spec.loader is not None
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    pngs = make_icons.render_pngs(make_icons.SVG, (16, 256), tmp_path)
    assert (tmp_path / "pzp-desktop-16.png").read_bytes() == pngs[16]
    assert all(data.startswith(b"\x89PNG\r\n\x1a\n") for data in pngs.values())

    ico = make_icons.ico(pngs, (16, 256))
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 2)
    for index, size in enumerate((16, 256)):
        entry = struct.unpack("<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index])
        width, length, offset = entry[0], entry[6], entry[7]
        assert width == size % 256  # 0 means 256
        assert ico[offset : offset + length] == pngs[size]

    icns = make_icons.icns(dict.fromkeys((16, 32, 64, 128, 256, 512, 1024), pngs[16]))
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert icns[8:12] == b"icp4"
