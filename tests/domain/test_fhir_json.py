"""Reference resolution within one source's resources."""

from __future__ import annotations

from pzp_desktop.domain.fhir_json import ResourceIndex

PRACTITIONER = {"resourceType": "Practitioner", "id": "p1", "name": [{"text": "Hier"}]}


def test_relative_and_versioned_references_resolve() -> None:
    index = ResourceIndex([PRACTITIONER])
    assert index.get("Practitioner/p1") == PRACTITIONER
    assert index.get("Practitioner/p1/_history/3") == PRACTITIONER


def test_an_absolute_reference_to_another_server_never_resolves_locally() -> None:
    index = ResourceIndex([PRACTITIONER])
    assert index.get("https://elders.example/fhir/Practitioner/p1") is None


def test_contained_references_resolve_in_their_referrer() -> None:
    referrer = {"resourceType": "Consent", "contained": [{"resourceType": "Device", "id": "d"}]}
    index = ResourceIndex([])
    assert index.get("#d", referrer) == {"resourceType": "Device", "id": "d"}
    assert index.get("#d") is None


def test_the_newest_version_wins() -> None:
    old = {**PRACTITIONER, "meta": {"versionId": "1"}}
    new = {**PRACTITIONER, "meta": {"versionId": "2"}, "name": [{"text": "Nieuw"}]}
    index = ResourceIndex([new, old])
    assert index.get("Practitioner/p1") == new
    assert index.versions("Practitioner/p1") == [old, new]
