"""The single-instance handover message: one validated JSON line."""

from __future__ import annotations

import json

import pytest

from pzp_desktop.launch.arguments import EhrLaunch, StandaloneBsn, StandaloneSmart, Training
from pzp_desktop.launch.errors import HandoverError
from pzp_desktop.launch.handover import MAX_MESSAGE_BYTES, decode_request, encode_request

ISS = "https://epd.example.org/fhir"


@pytest.mark.parametrize(
    "request_",
    [
        EhrLaunch(ISS, "launch-123"),
        StandaloneBsn("https://his.example.org/fhir", "999911120"),
        StandaloneSmart("https://his.example.org/fhir"),
        Training(),
    ],
)
def test_round_trip(request_: object) -> None:
    line = encode_request(request_)  # type: ignore[arg-type]
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    assert decode_request(line) == request_


def test_format_is_a_small_json_object() -> None:
    line = encode_request(EhrLaunch(ISS, "launch-123"))
    assert json.loads(line) == {"v": 1, "kind": "ehr", "iss": ISS, "launch": "launch-123"}


@pytest.mark.parametrize(
    "line",
    [
        b"",
        b"not json\n",
        b"\xff\xfe\n",
        b"[]\n",
        b'{"v": 2, "kind": "training"}\n',
        b'{"kind": "training"}\n',
        b'{"v": 1, "kind": "shell", "cmd": "rm"}\n',
        b'{"v": 1, "kind": "ehr", "iss": "https://epd.example.org/fhir"}\n',
        b'{"v": 1, "kind": "ehr", "iss": "http://evil.example.org/fhir", "launch": "a"}\n',
        b'{"v": 1, "kind": "ehr", "iss": "https://epd.example.org/fhir", "launch": 5}\n',
        b'{"v": 1, "kind": "ehr", "iss": "https://e.org/fhir", "launch": "a", "extra": "x"}\n',
        b'{"v": 1, "kind": "bsn", "fhir_base": "https://his.nl/fhir", "bsn": "123456789"}\n',
        b'{"v": 1, "kind": "training", "x": "y"}\n',
        b'{"v": 1, "kind": "training", "pad": "' + b"x" * MAX_MESSAGE_BYTES + b'"}\n',
    ],
)
def test_anything_else_is_refused(line: bytes) -> None:
    with pytest.raises(HandoverError) as caught:
        decode_request(line)
    assert "123456789" not in caught.value.user_message
