"""``pzp-desktop forget-tokens``."""

from __future__ import annotations

import argparse

import pytest

from pzp_desktop.launch import cli
from pzp_desktop.launch.tokens import RefreshTokenStore
from tests.smart_server.keyring_backend import BrokenKeyring, MemoryKeyring

ISSUER = "https://epd.example.org/fhir"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    cli.register(subparsers)
    return parser.parse_args([cli.NAME, *argv])


def test_forget_all(isolated_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]) -> None:
    store = RefreshTokenStore()
    store.save(ISSUER, "u1", "a")
    store.save("https://his.example.org/fhir", "u2", "b")
    args = parse()
    assert args.func(args) == 0
    assert "2 sets opgeslagen aanmeldgegevens zijn verwijderd" in capsys.readouterr().out
    assert isolated_keyring.entries == {}


def test_forget_one_issuer(
    isolated_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    store = RefreshTokenStore()
    store.save(ISSUER, "u1", "a")
    store.save("https://his.example.org/fhir", "u2", "b")
    assert cli.run(parse("--issuer", ISSUER + "/")) == 0
    assert (
        f"1 set opgeslagen aanmeldgegevens voor {ISSUER} is verwijderd" in capsys.readouterr().out
    )
    assert store.load("https://his.example.org/fhir", "u2") == "b"


def test_nothing_stored(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(parse()) == 0
    assert "geen opgeslagen aanmeldgegevens" in capsys.readouterr().out


def test_bad_issuer(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(parse("--issuer", "http://epd.example.org")) == 2
    assert "https://" in capsys.readouterr().err


def test_broken_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(parse(), store=RefreshTokenStore(BrokenKeyring())) == 1
    assert "sleutelhanger" in capsys.readouterr().err


def test_configure_for_the_main_command_table() -> None:
    parser = argparse.ArgumentParser()
    cli.configure(parser)
    assert parser.parse_args(["--issuer", ISSUER]).issuer == ISSUER
