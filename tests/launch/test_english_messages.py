"""Launch errors in English: every message of the launch package is a catalogue text that
stays Dutch as a string and renders English, and never repeats a launch code or a BSN."""

from __future__ import annotations

import pytest

from pzp_desktop.domain.messages import Message, Text, render
from pzp_desktop.launch import errors
from pzp_desktop.launch.arguments import launch_request_from_args, parse_launch_url
from pzp_desktop.launch.discovery import parse_smart_configuration
from pzp_desktop.launch.errors import (
    DiscoveryInvalid,
    HandoverError,
    InvalidLaunchArguments,
    LaunchError,
    TokenStoreUnavailable,
)
from pzp_desktop.launch.handover import decode_request

ISS = "https://epd.example.nl/fhir"
LAUNCH_CODE = "geheim-launch-123"
BSN = "999911120"  # a valid test BSN
ERROR_CLASSES = [getattr(errors, name) for name in errors.__all__]


def _refusal(call: object) -> Text:
    assert callable(call)
    with pytest.raises(LaunchError) as caught:
        call()
    message = caught.value.user_message
    assert isinstance(message, Text)
    return message


@pytest.mark.parametrize("error_class", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_launch_error_has_a_dutch_and_an_english_message(
    error_class: type[LaunchError],
) -> None:
    error = error_class()
    message = error.user_message
    assert isinstance(message, Message)
    assert str(error) == message.nl  # what a log line would show: the Dutch text
    english = message.render("en")
    assert english != message.nl
    for dutch_word in ("Controleer", "opnieuw", "applicatiebeheerder", " de ", " het "):
        assert dutch_word not in english


def test_representative_launch_errors_in_english() -> None:
    assert TokenStoreUnavailable().user_message.startswith("De sleutelhanger")
    assert render(TokenStoreUnavailable().user_message, "en") == (
        "The operating system's keyring is not available, so PZP Desktop could not read or "
        "remove the stored sign-in details. If this keeps happening, contact your "
        "application administrator."
    )
    bsn = _refusal(lambda: launch_request_from_args({"fhir_base": ISS, "bsn": "123456789"}))
    assert bsn.startswith("Het meegegeven BSN is niet geldig")
    assert bsn.render("en").startswith("The BSN given is not valid")


def test_a_discovery_reason_follows_the_language() -> None:
    message = _refusal(lambda: parse_smart_configuration({"authorization_endpoint": ISS}))
    assert message.endswith("(Reden: token_endpoint ontbreekt.)")
    assert message.render("en").endswith("(Reason: token_endpoint is missing.)")
    assert message.render("en").startswith("The sign-in details of the FHIR server")
    plain = DiscoveryInvalid("HTTP 500")  # a technical reason is the same in both languages
    assert render(plain.user_message, "en").endswith("(Reason: HTTP 500.)")


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        ({"launch": LAUNCH_CODE}, "--launch heeft ook --iss nodig", "--launch also needs --iss"),
        ({"iss": ISS}, "--iss heeft ook --launch nodig", "--iss also needs --launch"),
        (
            {"iss": "http://epd.example.nl/fhir", "launch": LAUNCH_CODE},
            "Het adres van de FHIR-server (--iss) moet met https:// beginnen",
            "The address of the FHIR server (--iss) must start with https://",
        ),
        (
            {"iss": ISS, "launch": "bad code with spaces"},
            "De startcode van uw zorgsysteem (launch) is ongeldig",
            "The launch code of your care system (launch) is invalid",
        ),
        (
            {"bsn": BSN},
            "--bsn heeft ook --fhir-base nodig",
            "--bsn also needs --fhir-base",
        ),
        (
            {"demo": True, "bsn": BSN, "launch": LAUNCH_CODE},
            "--demo (oefenomgeving) kan niet samen met --launch, --bsn",
            "--demo (training environment) cannot be combined with --launch, --bsn",
        ),
    ],
)
def test_bad_launch_arguments_in_both_languages_never_echo_values(
    args: dict[str, object], dutch: str, english: str
) -> None:
    message = _refusal(lambda: launch_request_from_args(args))
    assert message.startswith(dutch)
    assert message.render("en").startswith(english)
    for text in (message.nl, message.render("en")):
        for value in (LAUNCH_CODE, BSN, "bad code"):
            assert value not in text


def test_a_repeated_url_part_is_named_only_when_it_is_a_known_parameter() -> None:
    known = _refusal(lambda: parse_launch_url(f"pzp-desktop://launch?iss={ISS}&launch=a&launch=b"))
    assert "bevat 'launch' meer dan eens" in known
    assert "contains 'launch' more than once" in known.render("en")
    # A repeated unknown name might be a typed value (here a BSN): never repeated back.
    unknown = _refusal(
        lambda: parse_launch_url(f"pzp-desktop://patient?{BSN}=&{BSN}=&fhir-base={ISS}")
    )
    assert unknown.startswith("Het pzp-desktop://-adres bevat een onderdeel meer dan eens")
    assert unknown.render("en").startswith("The pzp-desktop:// address contains a part")
    assert BSN not in unknown
    assert BSN not in unknown.render("en")


def test_a_rejected_handover_keeps_the_english_reason() -> None:
    line = b'{"v":1,"kind":"bsn","fhir_base":"https://his.example.nl/fhir","bsn":"123456789"}\n'
    with pytest.raises(HandoverError) as caught:
        decode_request(line)
    message = caught.value.user_message
    assert isinstance(message, Text)
    assert message.render("en").startswith("The BSN given is not valid")
    assert render(HandoverError().user_message, "en").startswith("A second start of PZP")


def test_an_explicit_plain_message_is_kept_as_it_is() -> None:
    error = InvalidLaunchArguments("Een eigen tekst.")
    assert error.user_message == "Een eigen tekst."
    assert render(error.user_message, "en") == "Een eigen tekst."


def test_the_browser_page_after_the_login_speaks_the_listeners_language() -> None:
    import httpx

    from pzp_desktop.launch.loopback import LoopbackListener

    state = "expected-state-value-with-enough-entropy"
    with LoopbackListener(state, timeout=5, language="en") as listener:
        base = f"http://127.0.0.1:{listener.port}"
        stray = httpx.get(f"{base}/callback?code=c&state=wrong", timeout=5)
        done = httpx.get(f"{base}/callback?code=the-code&state={state}", timeout=5)
        assert listener.wait() == "the-code"
    assert stray.status_code == 400
    assert "has been ignored. You can close this tab." in stray.text
    assert done.status_code == 200
    assert '<html lang="en">' in done.text
    assert "You are signed in to PZP Desktop. You can close this tab" in done.text
    assert "tabblad" not in done.text
    with pytest.raises(ValueError, match="unsupported language"):
        LoopbackListener(state, language="de")
