"""Holding many fetched resources in less memory: shared strings, no narrative."""

from __future__ import annotations

import copy

from pzp_desktop.domain.fhir_json import Json, compact_resource


def consent(cid: str) -> Json:
    return {
        "resourceType": "Consent",
        "id": cid,
        "text": {"status": "generated", "div": "<div>Niet reanimeren</div>"},
        "contained": [
            {
                "resourceType": "Practitioner",
                "id": "p",
                "text": {"status": "generated", "div": "<div>Dr. A</div>"},
                "name": [{"text": "Dr. A"}],
            }
        ],
        "category": [{"coding": [{"system": "http://snomed.info/sct", "code": "11291000146105"}]}],
        "patient": {"reference": "Patient/p1"},
        "note": [{"text": "Toelichting " + "x" * 300}],
    }


def test_same_content_shared_strings_and_no_narrative() -> None:
    strings: dict[str, str] = {}
    originals = [consent(f"c{n}") for n in range(3)]
    received = copy.deepcopy(originals)
    compacted = [compact_resource(r, strings) for r in received]
    assert received == originals  # the input is left as it was

    expected = copy.deepcopy(originals)
    for resource in expected:
        del resource["text"]
        del resource["contained"][0]["text"]
    assert compacted == expected

    # Repeated keys and values are one object across resources; long texts are not shared.
    first, second = compacted[0], compacted[1]
    system = first["category"][0]["coding"][0]["system"]
    assert system is second["category"][0]["coding"][0]["system"]
    assert first["patient"]["reference"] is second["patient"]["reference"]
    assert next(iter(first)) is next(iter(second))  # the key "resourceType"
    assert first["note"][0]["text"] not in strings
    assert strings[system] is system


def test_the_narrative_stays_when_asked() -> None:
    resource = consent("c1")
    kept = compact_resource(resource, {}, keep_narrative=True)
    assert kept == resource
    assert kept["text"]["div"] == "<div>Niet reanimeren</div>"
