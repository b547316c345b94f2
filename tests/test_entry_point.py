"""The command line: version, Dutch usage errors, no tracebacks, no Qt unless needed; a GUI
start that fails shows its error in a box too."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import Path

import pytest

import pzp_desktop
from pzp_desktop.__main__ import (
    COMMANDS,
    EXIT_ERROR,
    EXIT_USAGE,
    NO_ERROR_DIALOG_ENV,
    Command,
    error_dialog_possible,
    main,
    translate_argparse_message,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_error_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """No launch-error box may wait for a click here (subprocesses inherit this too); the
    tests of the box switch it on with ``error_boxes``."""
    monkeypatch.setenv(NO_ERROR_DIALOG_ENV, "1")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pzp_desktop", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_version_matches_pyproject() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    expected = pyproject["project"]["version"]
    assert expected == pzp_desktop.__version__
    assert expected == pzp_desktop._FALLBACK_VERSION


def test_version_subprocess() -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"pzp-desktop {pzp_desktop.__version__}\n"
    assert result.stdout == "pzp-desktop 0.1.0\n"


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"pzp-desktop {pzp_desktop.__version__}\n"


def test_help_is_dutch_and_mentions_smoke_test_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gebruik: pzp-desktop")
    assert "oefenomgeving" in out
    assert "--exit-after-ms" in out
    assert "rooktests" in out


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["--bogus"], "onbekende argumenten: --bogus"),
        (["--lang", "de"], "ongeldige keuze 'de'"),
        (["--lang"], "hier hoort één waarde bij"),
        (["--exit-after-ms", "-5"], "mag niet negatief zijn"),
        (["--dem"], "onbekende argumenten: --dem"),  # no abbreviations
    ],
)
def test_bad_argument_in_process(
    capsys: pytest.CaptureFixture[str], args: list[str], dutch: str
) -> None:
    assert main(args) == EXIT_USAGE
    captured = capsys.readouterr()
    assert dutch in captured.err
    assert "pzp-desktop --help" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_bad_argument_subprocess() -> None:
    result = run_cli("--no-such-option")
    assert result.returncode == 2
    assert "fout: onbekende argumenten: --no-such-option" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_does_not_import_qt() -> None:
    """--version/--help and future subcommands must work without a display or Qt."""
    code = (
        "import sys\n"
        "from pzp_desktop.__main__ import main\n"
        "assert main(['--version']) == 0\n"
        "assert main(['--help']) == 0\n"
        "assert main(['--bogus']) == 2\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_unexpected_error_is_logged_without_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(_args: object) -> int:
        raise RuntimeError("patient 999911120 could not be loaded")

    monkeypatch.setattr("pzp_desktop.__main__.launch_gui", explode)
    with caplog.at_level(logging.ERROR):
        assert main([]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "Er ging iets onverwachts mis" in captured.err
    assert "Traceback" not in captured.err
    assert "RuntimeError" in caplog.text
    assert "explode" in caplog.text  # where it happened ...
    assert "999911120" not in caplog.text + captured.err  # ... but not what it said


def test_subcommands_are_dispatched(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seam for `overview`, `probe`, …: a registered command gets its own parser."""
    seen: list[argparse.Namespace] = []

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--count", type=int, required=True)

    def run(args: argparse.Namespace) -> int:
        seen.append(args)
        return 7

    monkeypatch.setitem(COMMANDS, "fake", Command("fake", "een testopdracht", configure, run))
    assert main(["fake", "--count", "3"]) == 7
    assert seen[0].count == 3

    assert main(["fake"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "pzp-desktop fake: fout: verplicht maar ontbreekt: --count" in err

    assert main(["--help"]) == 0
    assert "fake" in capsys.readouterr().out


def test_translate_keeps_unknown_messages() -> None:
    assert translate_argparse_message("something new") == "something new"


@pytest.mark.gui
def test_app_starts_and_exits_for_smoke_tests() -> None:
    """What `build_scripts/run_app.sh` does, offscreen and closing itself."""
    result = run_cli("--exit-after-ms", "200", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_no_display_gives_dutch_message() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs DISPLAY/WAYLAND_DISPLAY")
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "pzp_desktop"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "geen grafische omgeving" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------- launching


@pytest.fixture
def gui_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[object]:
    """``main([...])`` up to the GUI: the options it would start the GUI with (the GUI
    itself does not start). The user's own configuration file is never read."""
    empty = tmp_path / "config.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("PZP_DESKTOP_CONFIG", str(empty))
    seen: list[object] = []

    def fake_run_gui(options: object, session: object = None) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr("pzp_desktop.gui.app.run_gui", fake_run_gui)
    return seen


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (
            ["--iss", "http://epd.example.nl/fhir", "--launch", "x1"],
            "moet met https:// beginnen",
        ),
        (["--launch", "x1"], "--launch heeft ook --iss nodig"),
        (["--iss", "https://epd.example.nl/fhir"], "--iss heeft ook --launch nodig"),
        (
            ["--fhir-base", "https://his.example.nl/fhir", "--bsn", "123456789"],
            "11-proef",
        ),
        (["--bsn", "999911120"], "--bsn heeft ook --fhir-base nodig"),
        (["pzp-desktop://launch?iss=https://epd.example.nl/fhir"], "startcode"),
        (["pzp-desktop://elders?iss=https://epd.example.nl/fhir&launch=x"], "Onbekend"),
        (["https://epd.example.nl/?bsn=123456789"], "pzp-desktop://"),
        (["overzicht-123456789"], "Onbekende opdracht of onbekend adres"),
        (["--demo", "--iss", "https://epd.example.nl/fhir"], "kan niet samen met"),
    ],
)
def test_bad_launch_arguments_give_a_dutch_message_and_exit_2(
    gui_options: list[object], capsys: pytest.CaptureFixture[str], args: list[str], dutch: str
) -> None:
    assert main(args) == EXIT_USAGE
    captured = capsys.readouterr()
    assert dutch in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert "123456789" not in captured.err  # what was given is never echoed
    assert gui_options == []  # the GUI never started


def test_bad_launch_arguments_subprocess() -> None:
    result = run_cli("pzp-desktop://launch?iss=http://epd.example.nl/fhir&launch=abc")
    assert result.returncode == 2
    assert "https://" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "url",
    [
        "pzp-desktop://launch?iss=https://epd.example.nl/fhir&launch=abc-123",
        "pzp-desktop://launch?iss=https%3A%2F%2Fepd.example.nl%2Ffhir&launch=abc-123",
        "PZP-DESKTOP://launch/?launch=abc-123&iss=https://epd.example.nl/fhir/",
    ],
)
def test_a_launch_url_opens_an_ehr_launch(gui_options: list[object], url: str) -> None:
    from pzp_desktop.gui.app import GuiOptions
    from pzp_desktop.launch.arguments import EhrLaunch

    assert main([url]) == 0
    (options,) = gui_options
    assert isinstance(options, GuiOptions)
    assert options.launch_request == EhrLaunch("https://epd.example.nl/fhir", "abc-123")
    assert not options.training
    assert options.single_instance


def test_the_same_launch_as_options(gui_options: list[object]) -> None:
    from pzp_desktop.gui.app import GuiOptions
    from pzp_desktop.launch.arguments import EhrLaunch, StandaloneBsn

    assert main(["--iss", "https://epd.example.nl/fhir", "--launch", "abc-123"]) == 0
    assert main(["pzp-desktop://patient?bsn=999911120&fhir-base=https://his.example.nl/fhir"]) == 0
    first, second = gui_options
    assert isinstance(first, GuiOptions)
    assert isinstance(second, GuiOptions)
    assert first.launch_request == EhrLaunch("https://epd.example.nl/fhir", "abc-123")
    assert second.launch_request == StandaloneBsn("https://his.example.nl/fhir", "999911120")


def test_without_launch_arguments_training_starts(gui_options: list[object]) -> None:
    from pzp_desktop.gui.app import GuiOptions
    from pzp_desktop.launch.arguments import Training

    assert main([]) == 0
    assert main(["--demo", "--exit-after-ms", "10"]) == 0
    first, second = gui_options
    assert isinstance(first, GuiOptions)
    assert isinstance(second, GuiOptions)
    assert first.training
    assert first.launch_request == Training()
    assert first.single_instance
    assert not second.single_instance  # a smoke test stands on its own


def test_bsn_with_the_configured_primary_source(gui_options: list[object], tmp_path: Path) -> None:
    from pzp_desktop.gui.app import GuiOptions
    from pzp_desktop.launch.arguments import StandaloneBsn

    config = tmp_path / "his.toml"
    config.write_text(
        '[[sources]]\nname = "HIS"\nbase_url = "https://his.example.nl/fhir"\nprimary = true\n',
        encoding="utf-8",
    )
    assert main(["--config", str(config), "--bsn", "999911120"]) == 0
    (options,) = gui_options
    assert isinstance(options, GuiOptions)
    assert options.launch_request == StandaloneBsn("https://his.example.nl/fhir", "999911120")
    assert options.config is not None
    assert options.config.primary_source is not None


@pytest.mark.parametrize(
    ("args", "configured", "expected"),
    [
        ([], None, "nl"),  # Dutch by default
        ([], "en", "en"),  # the configured language
        (["--lang", "nl"], "en", "nl"),  # --lang wins
        (["--lang", "en"], None, "en"),
        ([], "system", None),  # follows the operating system
    ],
)
def test_language_choice(
    gui_options: list[object],
    tmp_path: Path,
    args: list[str],
    configured: str | None,
    expected: str | None,
) -> None:
    from pzp_desktop.gui import i18n
    from pzp_desktop.gui.app import GuiOptions

    config = tmp_path / "language.toml"
    config.write_text(f'[app]\nlanguage = "{configured}"\n' if configured else "", "utf-8")
    assert main(["--config", str(config), *args]) == 0
    (options,) = gui_options
    assert isinstance(options, GuiOptions)
    chosen = i18n.resolve_language(options.language or options.configured_language)
    assert chosen == (expected or i18n.system_language())


def test_bad_config_exits_2_naming_the_key(
    gui_options: list[object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(
        '[app]\nlanguag = "en"\n\n[[sources]]\nname = "EPD"\nbase_url = "ftp://epd.example.nl"\n',
        encoding="utf-8",
    )
    assert main(["--config", str(config), "--demo"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Instelling app.languag: onbekende instelling (bedoelt u language?)" in err
    assert "sources[1].base_url" in err
    assert str(config) in err
    assert "Traceback" not in err
    assert gui_options == []


def test_bad_config_subprocess(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[app]\nforce_view_only = 3\n", encoding="utf-8")
    result = run_cli("--config", str(config))
    assert result.returncode == 2
    assert "app.force_view_only" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_config_named_on_the_command_line(
    gui_options: list[object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(tmp_path / "nergens.toml")]) == EXIT_USAGE
    assert "nergens.toml" in capsys.readouterr().err


@pytest.mark.gui
def test_a_second_start_hands_over_to_the_first(qapp: object) -> None:
    """Two real processes: the second start hands its launch to the first and ends."""
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    name = f"pzp-test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pzp_desktop",
            "--demo",
            "--instance-name",
            name,
            "--exit-after-ms",
            "60000",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # until the first one listens
            probe = QLocalSocket()
            probe.connectToServer(name)
            if probe.waitForConnected(100):
                probe.abort()
                break
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first instance never listened"
            time.sleep(0.1)
        second = run_cli("--demo", "--instance-name", name)
        assert second.returncode == 0, second.stderr
        assert "PZP Desktop was al geopend" in second.stdout
        live = run_cli(
            "pzp-desktop://launch?iss=https://epd.example.nl/fhir&launch=abc",
            "--instance-name",
            name,
        )
        assert live.returncode == 0, live.stderr
        assert first.poll() is None  # the first one is still running
    finally:
        first.terminate()
        first.communicate(timeout=30)
        QLocalServer.removeServer(name)


# ---------------------------------------------------------------------- launch-error boxes


@pytest.fixture
def error_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The launch-error boxes ``main`` would show: (message, language), none really shown."""
    shown: list[tuple[str, str | None]] = []

    def fake_show(message: str, language: str | None = None) -> None:
        shown.append((message, language))

    monkeypatch.setattr("pzp_desktop.__main__.error_dialog_possible", lambda: True)
    monkeypatch.setattr("pzp_desktop.gui.errors.show_launch_error", fake_show)
    return shown


@pytest.mark.parametrize(
    "args",
    [
        ["--iss", "http://epd.example.nl/fhir", "--launch", "geheim-123"],
        ["pzp-desktop://patient?bsn=123456789&fhir-base=https://his.example.nl/fhir"],
        ["--launch", "geheim-123"],
    ],
)
def test_bad_launch_arguments_also_show_a_box(
    gui_options: list[object],
    error_boxes: list[tuple[str, str | None]],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    assert main(args) == EXIT_USAGE
    err = capsys.readouterr().err
    [(message, language)] = error_boxes
    assert message.strip()
    assert message in err  # the same text as on stderr, and still on stderr
    assert language == "nl"  # no --lang: the configured language, Dutch by default
    for secret in ("geheim-123", "123456789"):
        assert secret not in message
    assert gui_options == []


def test_the_box_speaks_the_requested_language(
    gui_options: list[object], error_boxes: list[tuple[str, str | None]], tmp_path: Path
) -> None:
    config = tmp_path / "english.toml"
    config.write_text('[app]\nlanguage = "en"\n', encoding="utf-8")
    assert main(["--config", str(config), "--bsn", "123456789"]) == EXIT_USAGE
    assert main(["--lang", "nl", "--config", str(config), "--bsn", "123456789"]) == EXIT_USAGE
    assert [language for _, language in error_boxes] == ["en", "nl"]


def test_a_bad_config_file_shows_a_box(
    gui_options: list[object],
    error_boxes: list[tuple[str, str | None]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[app]\nforce_view_only = 3\n", encoding="utf-8")
    assert main(["--lang", "en", "--config", str(config)]) == EXIT_USAGE
    [(message, language)] = error_boxes
    assert "app.force_view_only" in message
    assert message in capsys.readouterr().err
    assert language == "en"


@pytest.mark.parametrize(
    ("args", "named", "language"),
    [
        (["--lang", "de"], "(--lang)", None),
        (["--lang=en", "--bogus"], "(--bogus)", "en"),
        (["--demo", "999911120", "extra"], "optie.", None),  # values are never named
        (["--exit-after-ms", "-5"], "(--exit-after-ms)", None),
    ],
)
def test_a_gui_usage_error_shows_a_box_naming_only_options(
    error_boxes: list[tuple[str, str | None]],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    named: str,
    language: str | None,
) -> None:
    from pzp_desktop.domain.messages import Text

    assert main(args) == EXIT_USAGE
    assert "pzp-desktop --help" in capsys.readouterr().err  # stderr as before
    [(message, chosen)] = error_boxes
    assert message.startswith("De startopdracht van PZP Desktop bevat")
    assert named in message
    assert isinstance(message, Text)
    assert message.render("en").startswith("The command that starts PZP Desktop")
    for value in ("999911120", "extra", "-5", "'de'"):
        assert value not in message
    assert chosen == language


def test_an_unexpected_error_on_a_gui_start_shows_a_box(
    monkeypatch: pytest.MonkeyPatch, error_boxes: list[tuple[str, str | None]]
) -> None:
    def explode(_args: object) -> int:
        raise RuntimeError("patient 999911120 could not be loaded")

    monkeypatch.setattr("pzp_desktop.__main__.launch_gui", explode)
    assert main(["--lang", "en"]) == EXIT_ERROR
    [(message, language)] = error_boxes
    assert "Er ging iets onverwachts mis" in message
    assert "999911120" not in message
    assert language == "en"


def test_headless_commands_help_and_version_never_show_a_box(
    error_boxes: list[tuple[str, str | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    command = next(iter(COMMANDS))
    assert main([command, "--no-such-option"]) == EXIT_USAGE
    assert main(["--version"]) == 0
    assert main(["--help"]) == 0
    assert f"pzp-desktop {command}: fout:" in capsys.readouterr().err
    assert error_boxes == []


def test_a_box_that_cannot_be_shown_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
    gui_options: list[object],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(message: str, language: str | None = None) -> None:
        raise RuntimeError("no screen 999911120")

    monkeypatch.setattr("pzp_desktop.__main__.error_dialog_possible", lambda: True)
    monkeypatch.setattr("pzp_desktop.gui.errors.show_launch_error", broken)
    with caplog.at_level(logging.ERROR):
        assert main(["--launch", "x1"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert "--launch heeft ook --iss nodig" in captured.err
    assert "Traceback" not in captured.err
    assert "RuntimeError" in caplog.text
    assert "999911120" not in caplog.text


@pytest.mark.parametrize(
    ("environment", "platform", "expected"),
    [
        ({NO_ERROR_DIALOG_ENV: "1", "DISPLAY": ":0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),  # no display at all
        ({}, "win32", True),  # a windowed build: no console, always a box
        ({}, "darwin", True),
    ],
)
def test_when_a_box_can_be_seen(
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    platform: str,
    expected: bool,
) -> None:
    for name in (NO_ERROR_DIALOG_ENV, "QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert error_dialog_possible() is expected


@pytest.mark.gui
@pytest.mark.parametrize(
    ("language", "heading", "detail"),
    [
        ("nl", "PZP Desktop kon niet starten.", "De startopdracht van PZP Desktop bevat"),
        ("en", "PZP Desktop could not start.", "The command that starts PZP Desktop"),
    ],
)
def test_the_launch_error_box(qapp: object, language: str, heading: str, detail: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pzp_desktop.__main__ import _usage_message
    from pzp_desktop.gui import i18n
    from pzp_desktop.gui.errors import build_launch_error_box

    assert isinstance(qapp, QApplication)
    i18n.install_translation(qapp, language)
    try:
        box = build_launch_error_box(_usage_message(["--lang"]))
        assert box.icon() is QMessageBox.Icon.Critical
        assert box.windowTitle() == "PZP Desktop"
        assert box.text() == heading
        assert box.informativeText().startswith(detail)
        assert box.textFormat() is Qt.TextFormat.PlainText
        assert box.standardButtons() == QMessageBox.StandardButton.Ok
        assert box.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        assert heading in box.accessibleDescription()
        # A plain (Dutch) message, e.g. from the configuration, is shown as it is.
        plain = build_launch_error_box("Instelling app.languag: onbekende instelling")
        assert plain.informativeText() == "Instelling app.languag: onbekende instelling"
        box.deleteLater()
        plain.deleteLater()
    finally:
        i18n.install_translation(qapp, "nl")


@pytest.mark.gui
def test_in_english_mode_the_box_shows_a_bad_configuration_file_in_english(
    qapp: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The whole way from ``main`` to the box that would be shown (it does not wait here)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pzp_desktop.gui import i18n

    assert isinstance(qapp, QApplication)
    config = tmp_path / "bad.toml"
    config.write_text('[app]\nlanguag = "en"\nforce_view_only = 3\n', encoding="utf-8")
    shown: list[tuple[str, str, str]] = []

    def shown_instead_of_waiting(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText(), box.accessibleDescription()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr("pzp_desktop.__main__.error_dialog_possible", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", shown_instead_of_waiting)
    try:
        assert main(["--lang", "en", "--config", str(config)]) == EXIT_USAGE
    finally:
        i18n.install_translation(qapp, "nl")
    [(heading, detail, description)] = shown
    assert heading == "PZP Desktop could not start."
    assert detail.splitlines()[0] == "The PZP Desktop configuration file is not in order."
    assert str(config) in detail
    assert "Setting app.languag: unknown setting (did you mean language?)" in detail
    assert "Setting app.force_view_only: must be true or false (without quotes), not 3" in detail
    assert "Instelling" not in detail
    assert detail in description
