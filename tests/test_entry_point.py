"""The command line: version, Dutch usage errors, no tracebacks, no Qt unless needed."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tomllib
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
