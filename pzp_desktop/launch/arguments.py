"""The one parser for how PZP Desktop was started: command line options or a URL.

Entry points (product brief §1–§2)::

    pzp-desktop --iss URL --launch TOKEN          EHR launch (SMART App Launch 2.x)
    pzp-desktop "pzp-desktop://launch?iss=URL&launch=TOKEN"
                                                  the same, as a URL the EPD can open
    pzp-desktop --fhir-base URL --bsn N           standalone with a BSN (GP systems)
    pzp-desktop "pzp-desktop://patient?bsn=N&fhir-base=URL"
                                                  the same, as a URL a GP system can open;
                                                  ``fhir-base`` may be left out when the
                                                  installation configures a default base
    pzp-desktop --fhir-base URL                   standalone SMART launch (``launch/patient``)
    pzp-desktop --demo                            training (also: no launch arguments at all)

Everything ends in a typed :data:`LaunchRequest` or an :class:`InvalidLaunchArguments`
(exit code 2) with a message (Dutch, and English in English mode) that says what to do and
never repeats a value that was given (a launch code, a BSN): it names the option at most.
Server addresses must be https; plain http is accepted only for this computer
(``localhost``, ``127.0.0.1``, ``::1``).

Note for GP systems: a BSN given on the command line or in a URL is visible to other
processes of the same user (process list). That is the standard's choice for the
standalone entry point; tokens, by contrast, are never passed this way.
"""

from __future__ import annotations

import argparse
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from pzp_desktop.domain.messages import Message
from pzp_desktop.launch.errors import InvalidBsn, InvalidLaunchArguments
from pzp_desktop.sources.bsn import is_valid_bsn

__all__ = [
    "LAUNCH_CONTEXT_DESTS",
    "URL_SCHEME",
    "EhrLaunch",
    "LaunchRequest",
    "StandaloneBsn",
    "StandaloneSmart",
    "Training",
    "add_launch_arguments",
    "is_loopback_host",
    "launch_request_from_args",
    "parse_launch_url",
    "validate_bsn",
    "validate_launch_token",
    "validate_server_url",
]

URL_SCHEME = "pzp-desktop"
MAX_URL_LENGTH = 8192
MAX_LAUNCH_TOKEN_LENGTH = 4096

#: argparse destinations that open a real (non-training) context (used by
#: ``pzp_desktop.__main__`` to decide between a launch and training mode).
LAUNCH_CONTEXT_DESTS: tuple[str, ...] = ("iss", "launch", "fhir_base", "bsn", "launch_url")

#: The query parameters of a pzp-desktop:// URL that PZP Desktop reads.
_URL_PARAMETERS = frozenset({"iss", "launch", "bsn", "fhir-base"})

# Printable ASCII without spaces: what an opaque launch token can reasonably contain.
_LAUNCH_TOKEN = re.compile(r"[\x21-\x7e]+")


# ----------------------------------------------------------------------------- requests


@dataclass(frozen=True, slots=True)
class EhrLaunch:
    """Started from the EHR with ``iss`` and ``launch`` (SMART EHR launch)."""

    iss: str
    launch: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class StandaloneBsn:
    """Standalone with a FHIR base and a BSN: the patient is found by identifier."""

    fhir_base: str
    bsn: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class StandaloneSmart:
    """Standalone SMART launch: the user logs in and picks the patient (``launch/patient``)."""

    fhir_base: str


@dataclass(frozen=True, slots=True)
class Training:
    """Training mode (``--demo``): embedded store, no network, no login."""


LaunchRequest = EhrLaunch | StandaloneBsn | StandaloneSmart | Training


# ----------------------------------------------------------------------------- validation


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses (``127.0.0.0/8``, ``::1``)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_server_url(url: str | None, option: str) -> str:
    """An absolute https URL (http only for this computer), without trailing slash.

    ``option`` names where the URL came from in the message (``--iss``, ``fhir-base``).
    """
    if not url or not url.strip():
        raise InvalidLaunchArguments(Message("launch.arguments.server-missing", option=option))
    url = url.strip()
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InvalidLaunchArguments(
            Message("launch.arguments.server-invalid", option=option)
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not hostname:
        raise InvalidLaunchArguments(Message("launch.arguments.server-not-absolute", option=option))
    if scheme == "http" and not is_loopback_host(hostname):
        raise InvalidLaunchArguments(Message("launch.arguments.server-not-https", option=option))
    if parts.username is not None or parts.password is not None:
        raise InvalidLaunchArguments(Message("launch.arguments.server-credentials", option=option))
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise InvalidLaunchArguments(Message("launch.arguments.server-query", option=option))
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/")


def validate_launch_token(launch: str | None) -> str:
    """The opaque ``launch`` value of an EHR launch (printable ASCII, bounded length)."""
    if not launch:
        raise InvalidLaunchArguments(Message("launch.arguments.launch-missing"))
    if len(launch) > MAX_LAUNCH_TOKEN_LENGTH or not _LAUNCH_TOKEN.fullmatch(launch):
        raise InvalidLaunchArguments(Message("launch.arguments.launch-invalid"))
    return launch


def validate_bsn(bsn: str | None) -> str:
    """The BSN exactly as given, when it passes the 11-test."""
    if not bsn:
        raise InvalidBsn(Message("launch.arguments.bsn-missing"))
    if not is_valid_bsn(bsn):
        raise InvalidBsn()
    return bsn


# ----------------------------------------------------------------------------- URL


def _single_values(query: str) -> dict[str, str]:
    try:
        parsed = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise InvalidLaunchArguments(Message("launch.arguments.url-unreadable")) from None
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        # Only a known parameter is named: anything else was typed and might be a value.
        known = [name for name in repeated if name in _URL_PARAMETERS]
        raise InvalidLaunchArguments(
            Message("launch.arguments.url-repeated", name=known[0])
            if known
            else Message("launch.arguments.url-repeated-part")
        )
    return {name: values[0] for name, values in parsed.items()}


def parse_launch_url(url: str, *, default_fhir_base: str | None = None) -> LaunchRequest:
    """A ``pzp-desktop://launch?iss=…&launch=…`` or ``pzp-desktop://patient?bsn=…&fhir-base=…``
    URL as a launch request. Unknown query parameters are ignored (forward compatibility)."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise InvalidLaunchArguments(Message("launch.arguments.url-too-long"))
    if "://" not in url:
        # Not echoed: whatever was typed might hold patient data.
        raise InvalidLaunchArguments(Message("launch.arguments.unknown-command"))
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() != URL_SCHEME:
        raise InvalidLaunchArguments(Message("launch.arguments.wrong-scheme"))
    action = parts.netloc.lower()
    if parts.path not in ("", "/") or action not in ("launch", "patient"):
        raise InvalidLaunchArguments(Message("launch.arguments.unknown-url"))
    params = _single_values(parts.query)
    if action == "launch":
        return EhrLaunch(
            iss=validate_server_url(params.get("iss"), "iss"),
            launch=validate_launch_token(params.get("launch")),
        )
    base = params.get("fhir-base") or default_fhir_base
    if not base:
        raise InvalidLaunchArguments(Message("launch.arguments.patient-url-without-base"))
    return StandaloneBsn(
        fhir_base=validate_server_url(base, "fhir-base"), bsn=validate_bsn(params.get("bsn"))
    )


# ----------------------------------------------------------------------------- argparse


def add_launch_arguments(parser: argparse.ArgumentParser, *, include_demo: bool = True) -> None:
    """The launch options of the main parser (pass ``include_demo=False`` when the parser
    already has ``--demo``)."""
    group = parser.add_argument_group("starten vanuit een zorgsysteem")
    group.add_argument(
        "launch_url",
        nargs="?",
        default=None,
        metavar="pzp-desktop://…",
        help="start met een adres van uw zorgsysteem: pzp-desktop://launch?iss=…&launch=… "
        "of pzp-desktop://patient?bsn=…&fhir-base=…",
    )
    group.add_argument(
        "--iss",
        default=None,
        metavar="URL",
        help="EPD-start (SMART): adres van de FHIR-server van het EPD (samen met --launch)",
    )
    group.add_argument(
        "--launch",
        default=None,
        metavar="CODE",
        help="EPD-start (SMART): de startcode die het EPD meegeeft (samen met --iss)",
    )
    group.add_argument(
        "--fhir-base",
        default=None,
        metavar="URL",
        help="zelfstandig starten met deze FHIR-server; zonder --bsn kiest u de patiënt na "
        "het aanmelden",
    )
    group.add_argument(
        "--bsn",
        default=None,
        metavar="BSN",
        help="zelfstandig starten voor de patiënt met dit BSN (9 cijfers, 11-proef)",
    )
    if include_demo:
        group.add_argument(
            "--demo",
            action="store_true",
            help="start de oefenomgeving met fictieve patiënten; er verlaat niets deze computer",
        )


def _given(args: argparse.Namespace | Mapping[str, object], name: str) -> str | None:
    value = args.get(name) if isinstance(args, Mapping) else getattr(args, name, None)
    if value is None:
        return None
    return str(value)


_OPTION_NAMES = {"iss": "--iss", "launch": "--launch", "fhir_base": "--fhir-base", "bsn": "--bsn"}


def launch_request_from_args(
    args: argparse.Namespace | Mapping[str, object], *, default_fhir_base: str | None = None
) -> LaunchRequest:
    """The launch request of parsed arguments (see the module docstring).

    ``default_fhir_base`` is the installation's configured FHIR base, used for ``--bsn``
    (or ``pzp-desktop://patient``) without a FHIR base. No launch arguments at all means
    training mode.
    """
    url = _given(args, "launch_url")
    demo = bool(args.get("demo") if isinstance(args, Mapping) else getattr(args, "demo", False))
    given = {name: _given(args, name) for name in _OPTION_NAMES}
    options = [_OPTION_NAMES[name] for name, value in given.items() if value is not None]

    if url is not None:
        if options or demo:
            raise InvalidLaunchArguments(
                Message("launch.arguments.url-and-options", options=", ".join(options) or "--demo")
            )
        return parse_launch_url(url, default_fhir_base=default_fhir_base)
    if demo:
        if options:
            raise InvalidLaunchArguments(
                Message("launch.arguments.demo-with-options", options=", ".join(options))
            )
        return Training()

    iss, launch, base, bsn = (given[n] for n in ("iss", "launch", "fhir_base", "bsn"))
    if iss is not None or launch is not None:
        if base is not None or bsn is not None:
            raise InvalidLaunchArguments(Message("launch.arguments.ehr-and-standalone"))
        if iss is None:
            raise InvalidLaunchArguments(Message("launch.arguments.launch-without-iss"))
        if launch is None:
            raise InvalidLaunchArguments(Message("launch.arguments.iss-without-launch"))
        return EhrLaunch(
            iss=validate_server_url(iss, "--iss"), launch=validate_launch_token(launch)
        )
    if bsn is not None:
        base = base or default_fhir_base
        if base is None:
            raise InvalidLaunchArguments(Message("launch.arguments.bsn-without-base"))
        return StandaloneBsn(
            fhir_base=validate_server_url(base, "--fhir-base"), bsn=validate_bsn(bsn)
        )
    if base is not None:
        return StandaloneSmart(fhir_base=validate_server_url(base, "--fhir-base"))
    return Training()
