"""The command line: version, Dutch usage errors, no tracebacks, no Qt unless needed."""

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
    Command,
    main,
    translate_argparse_message,
)

REPO_ROOT = Path(__file__).resolve().parents[1]


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
