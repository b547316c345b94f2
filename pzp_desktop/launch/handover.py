"""The message a second launch hands to the running instance (single instance, §2).

The GUI layer owns the local socket (QLocalServer/QLocalSocket); this module only defines
what travels over it: one UTF-8 JSON object on one line, at most :data:`MAX_MESSAGE_BYTES`
long, e.g.::

    {"v": 1, "kind": "ehr", "iss": "https://epd.example.org/fhir", "launch": "xyz"}\\n
    {"v": 1, "kind": "bsn", "fhir_base": "https://his.example.org/fhir", "bsn": "999911120"}\\n
    {"v": 1, "kind": "standalone", "fhir_base": "https://his.example.org/fhir"}\\n
    {"v": 1, "kind": "training"}\\n

The receiving side does not trust the socket: :func:`decode_request` validates every field
exactly like the command line does, and rejects anything else with :class:`HandoverError`.
The message carries a launch value or a BSN, so neither side may log it.
"""

from __future__ import annotations

import json
from typing import Any

from pzp_desktop.launch.arguments import (
    EhrLaunch,
    LaunchRequest,
    StandaloneBsn,
    StandaloneSmart,
    Training,
    validate_bsn,
    validate_launch_token,
    validate_server_url,
)
from pzp_desktop.launch.errors import HandoverError, InvalidLaunchArguments

__all__ = ["MAX_MESSAGE_BYTES", "VERSION", "decode_request", "encode_request"]

VERSION = 1
MAX_MESSAGE_BYTES = 16 * 1024

_FIELDS: dict[str, frozenset[str]] = {
    "ehr": frozenset({"iss", "launch"}),
    "bsn": frozenset({"fhir_base", "bsn"}),
    "standalone": frozenset({"fhir_base"}),
    "training": frozenset(),
}


def encode_request(request: LaunchRequest) -> bytes:
    """One line of JSON (ending in ``\\n``) for ``request``."""
    message: dict[str, Any] = {"v": VERSION}
    if isinstance(request, EhrLaunch):
        message.update(kind="ehr", iss=request.iss, launch=request.launch)
    elif isinstance(request, StandaloneBsn):
        message.update(kind="bsn", fhir_base=request.fhir_base, bsn=request.bsn)
    elif isinstance(request, StandaloneSmart):
        message.update(kind="standalone", fhir_base=request.fhir_base)
    elif isinstance(request, Training):
        message.update(kind="training")
    else:
        raise TypeError(f"not a launch request: {type(request).__name__}")
    line = json.dumps(message, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"
    if len(line) > MAX_MESSAGE_BYTES:
        raise ValueError("launch request too large to hand over")
    return line


def decode_request(line: bytes) -> LaunchRequest:
    """The launch request in one received line; :class:`HandoverError` when it is not one."""
    if len(line) > MAX_MESSAGE_BYTES:
        raise HandoverError()
    try:
        message = json.loads(line.decode("utf-8").strip())
    except (UnicodeDecodeError, ValueError):
        raise HandoverError() from None
    if not isinstance(message, dict) or message.get("v") != VERSION:
        raise HandoverError()
    kind = message.get("kind")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise HandoverError()
    fields = set(message) - {"v", "kind"}
    if fields != _FIELDS[kind] or not all(isinstance(message[f], str) for f in fields):
        raise HandoverError()
    try:
        if kind == "ehr":
            return EhrLaunch(
                iss=validate_server_url(message["iss"], "iss"),
                launch=validate_launch_token(message["launch"]),
            )
        if kind == "bsn":
            return StandaloneBsn(
                fhir_base=validate_server_url(message["fhir_base"], "fhir-base"),
                bsn=validate_bsn(message["bsn"]),
            )
        if kind == "standalone":
            return StandaloneSmart(fhir_base=validate_server_url(message["fhir_base"], "fhir-base"))
    except InvalidLaunchArguments as exc:
        raise HandoverError(exc.user_message) from None
    return Training()
