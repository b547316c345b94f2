"""The one launch parser: every entry point, and every bad input ends in a Dutch message."""

from __future__ import annotations

import argparse

import pytest

from pzp_desktop.launch.arguments import (
    LAUNCH_CONTEXT_DESTS,
    EhrLaunch,
    StandaloneBsn,
    StandaloneSmart,
    Training,
    add_launch_arguments,
    launch_request_from_args,
    parse_launch_url,
)
from pzp_desktop.launch.errors import InvalidBsn, InvalidLaunchArguments

ISS = "https://epd.example.org/fhir"
BSN = "999911120"


def parse(*argv: str, default_fhir_base: str | None = None) -> object:
    parser = argparse.ArgumentParser()
    add_launch_arguments(parser)
    return launch_request_from_args(parser.parse_args(argv), default_fhir_base=default_fhir_base)


# ----------------------------------------------------------------------------- entry points


def test_ehr_launch_options() -> None:
    assert parse("--iss", ISS, "--launch", "abc123") == EhrLaunch(ISS, "abc123")


def test_ehr_launch_url_is_the_same_request() -> None:
    url = f"pzp-desktop://launch?iss={ISS}&launch=abc123"
    assert parse(url) == parse("--iss", ISS, "--launch", "abc123")


def test_launch_url_with_encoded_iss_and_trailing_slash() -> None:
    url = "pzp-desktop://launch/?iss=https%3A%2F%2Fepd.example.org%2Ffhir%2F&launch=x.y-z"
    assert parse_launch_url(url) == EhrLaunch(ISS, "x.y-z")


def test_scheme_is_case_insensitive() -> None:
    assert parse_launch_url(f"PZP-Desktop://launch?iss={ISS}&launch=a") == EhrLaunch(ISS, "a")


def test_gp_patient_url() -> None:
    url = f"pzp-desktop://patient?bsn={BSN}&fhir-base=https://his.example.org/fhir"
    assert parse(url) == StandaloneBsn("https://his.example.org/fhir", BSN)


def test_gp_patient_url_uses_the_configured_base() -> None:
    request = parse(f"pzp-desktop://patient?bsn={BSN}", default_fhir_base="https://his.nl/fhir")
    assert request == StandaloneBsn("https://his.nl/fhir", BSN)


def test_standalone_with_bsn() -> None:
    assert parse("--fhir-base", "https://his.nl/fhir/", "--bsn", BSN) == StandaloneBsn(
        "https://his.nl/fhir", BSN
    )


def test_bsn_alone_uses_the_configured_base() -> None:
    assert parse("--bsn", BSN, default_fhir_base="https://his.nl/fhir") == StandaloneBsn(
        "https://his.nl/fhir", BSN
    )


def test_standalone_smart() -> None:
    assert parse("--fhir-base", "https://his.nl/fhir") == StandaloneSmart("https://his.nl/fhir")


def test_demo_and_no_arguments_are_training() -> None:
    assert parse("--demo") == Training()
    assert parse() == Training()


@pytest.mark.parametrize(
    "iss", ["http://localhost:8080/fhir", "http://127.0.0.1:8080/fhir", "http://[::1]/fhir"]
)
def test_plain_http_only_on_this_computer(iss: str) -> None:
    assert parse("--iss", iss, "--launch", "a") == EhrLaunch(iss, "a")


def test_secrets_are_not_in_repr() -> None:
    assert "abc123" not in repr(EhrLaunch(ISS, "abc123"))
    assert BSN not in repr(StandaloneBsn(ISS, BSN))


def test_context_dests_cover_the_options() -> None:
    parser = argparse.ArgumentParser()
    add_launch_arguments(parser)
    dests = {action.dest for action in parser._actions}
    assert set(LAUNCH_CONTEXT_DESTS) <= dests


def test_without_demo_option() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", action="store_true")
    add_launch_arguments(parser, include_demo=False)  # no conflict
    assert launch_request_from_args(parser.parse_args(["--demo"])) == Training()


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("--iss", ISS), "--iss heeft ook --launch nodig"),
        (("--launch", "abc"), "--launch heeft ook --iss nodig"),
        (("--iss", "http://epd.example.org/fhir", "--launch", "a"), "https://"),
        (("--iss", "ftp://epd.example.org/fhir", "--launch", "a"), "https://"),
        (("--iss", "epd.example.org/fhir", "--launch", "a"), "volledig webadres"),
        (("--iss", "", "--launch", "a"), "ontbreekt"),
        (("--iss", "https://user:pw@epd.example.org/fhir", "--launch", "a"), "wachtwoord"),
        (("--iss", "https://epd.example.org/fhir?x=1", "--launch", "a"), "'?'"),
        (("--iss", "https://epd.example.org:99999/fhir", "--launch", "a"), "geen geldig"),
        (("--iss", ISS, "--launch", ""), "startcode"),
        (("--iss", ISS, "--launch", "has space"), "ongeldig"),
        (("--iss", ISS, "--launch", "x" * 5000), "ongeldig"),
        (("--iss", ISS, "--launch", "a", "--bsn", BSN), "niet samen met --fhir-base"),
        (("--bsn", BSN), "--bsn heeft ook --fhir-base nodig"),
        (("--demo", "--fhir-base", "https://his.nl/fhir"), "--demo"),
        ((f"pzp-desktop://launch?iss={ISS}&launch=a", "--bsn", BSN), "niet allebei"),
        (("https://evil.example.org/launch?iss=x",), "pzp-desktop://"),
        (("pzp-desktop://open?iss=x",), "Onbekend pzp-desktop://-adres"),
        (("pzp-desktop://launch/extra?iss=x",), "Onbekend pzp-desktop://-adres"),
        (("pzp-desktop://launch?launch=a",), "ontbreekt"),
        ((f"pzp-desktop://launch?iss={ISS}",), "startcode"),
        ((f"pzp-desktop://launch?iss={ISS}&launch=a&launch=b",), "meer dan eens"),
        (("pzp-desktop://patient?bsn=999911120",), "fhir-base"),
        (("pzp-desktop://launch?" + "x" * 9000,), "te lang"),
        (("not a url",), "Onbekende opdracht"),
        (("forget-token",), "pzp-desktop --help"),
    ],
)
def test_bad_input_gives_a_dutch_message(argv: tuple[str, ...], fragment: str) -> None:
    with pytest.raises(InvalidLaunchArguments) as caught:
        parse(*argv)
    assert fragment in caught.value.user_message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("bsn", ["123456789", "12345678", "99991112a", "", " 999911120"])
def test_invalid_bsn(bsn: str) -> None:
    with pytest.raises(InvalidBsn) as caught:
        parse("--fhir-base", "https://his.nl/fhir", "--bsn", bsn)
    assert "BSN" in caught.value.user_message
    assert caught.value.exit_code == 2
    if bsn:
        assert bsn.strip() not in caught.value.user_message


def test_invalid_bsn_in_url() -> None:
    with pytest.raises(InvalidBsn):
        parse_launch_url("pzp-desktop://patient?bsn=123456789&fhir-base=https://his.nl/fhir")


def test_gp_url_with_http_base_is_refused() -> None:
    with pytest.raises(InvalidLaunchArguments, match="https://"):
        parse_launch_url(f"pzp-desktop://patient?bsn={BSN}&fhir-base=http://his.nl/fhir")
