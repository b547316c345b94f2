"""Fetched resources held packed: the same resources come out, parsed when read."""

from __future__ import annotations

import copy
from typing import Any

from pzp_desktop.domain.fhir_json import (
    PackedResource,
    PackedResources,
    Packer,
    ResourceIndex,
    business_identifiers,
)
from pzp_desktop.domain.reading import read_source
from pzp_desktop.fhir.client import FhirClient, SearchEntry
from pzp_desktop.fhir.fetch import fetch_patient_resources
from tests.fhir import sample_data
from tests.fhir.fakes import BASE, MiniServer

Json = dict[str, Any]


def consent(cid: str, version: str, note: str) -> Json:
    return {
        "resourceType": "Consent",
        "id": cid,
        "meta": {"versionId": version, "lastUpdated": f"2024-03-0{version}T10:00:00+01:00"},
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": f" urn:uuid:{cid} "}],
        "status": "active",
        "patient": {"reference": "Patient/p1"},
        "note": [{"text": note}],
        "extra": {"number": 1.25, "flag": True, "nothing": None, "list": [1, 2, 3]},
    }


def encounter(eid: str) -> Json:
    return {"resourceType": "Encounter", "id": eid, "status": "finished"}


def test_packed_resources_load_as_received() -> None:
    packer = Packer()
    originals = [
        consent("c1", "1", "Geen reanimatie; overleg met de dochter (Zoë)"),
        consent("c1", "2", "Toch wel reanimeren"),
        consent("c2", "1", "ëèê " * 50),
        encounter("e1"),
        {"resourceType": "Observation"},  # no id
    ]
    received = copy.deepcopy(originals)
    packed = [packer.pack(resource) for resource in received]
    assert received == originals  # packing leaves the resource as it was
    assert [p.load() for p in packed] == originals
    assert packed[0].load() is not packed[0].load()  # a new structure on every call

    # The first of a type is held as it is; the next ones are compressed against it.
    assert packed[0].dictionary is None
    assert packed[1].dictionary is packed[0].data
    assert len(packed[1].data) < len(packed[1].text()) / 2
    assert packed[3].dictionary is None  # the first Encounter

    first = packed[0]
    assert (first.resource_type, first.id, first.version, first.key) == (
        "Consent",
        "c1",
        "1",
        "Consent/c1",
    )
    assert first.last_updated == "2024-03-01T10:00:00+01:00"
    assert first.identifiers == (("urn:ietf:rfc:3986", "urn:uuid:c1"),)
    assert packed[4].key is None


def test_business_identifiers_of_a_list_or_a_single_object() -> None:
    listed = {"identifier": [{"system": "s", "value": " v "}, {"system": "", "value": "x"}, 3]}
    single = {"identifier": {"system": "s", "value": "v"}}
    assert business_identifiers(listed) == (("s", "v"),)
    assert business_identifiers(single) == (("s", "v"),)
    assert business_identifiers({"identifier": "nonsense"}) == ()


def test_packed_resources_sequence_parses_on_demand() -> None:
    resources = [consent("c1", "1", "a"), encounter("e1")]
    sequence = PackedResources(PackedResource(r) for r in resources)
    assert len(sequence) == 2
    assert list(sequence) == resources
    assert sequence[1] == resources[1]
    assert sequence[0:2] == resources
    assert len(PackedResources()) == 0


def test_the_index_finds_the_same_resources_packed_or_parsed() -> None:
    resources = [
        consent("c1", "2", "nieuw"),
        consent("c1", "1", "oud"),
        consent("c2", "1", "ander"),
        encounter("e1"),
        {"resourceType": "Encounter"},  # without id: not indexed
    ]
    packer = Packer()
    plain = ResourceIndex(copy.deepcopy(resources))
    packed = ResourceIndex(PackedResources(packer.pack(r) for r in resources))

    for index in (plain, packed):
        assert index.get("Consent/c1") == resources[0]
        assert index.get("Consent/c1/_history/1") == resources[0]  # the newest
        assert index.versions("Consent/c1") == [resources[1], resources[0]]
        assert list(index.of_type("Consent")) == [resources[1], resources[0], resources[2]]
        assert list(index.each(skip={"Consent"})) == [resources[3]]
        assert list(index) == resources[1:2] + resources[0:1] + resources[2:4]
        assert index.get("https://elders.example/fhir/Encounter/e1") is None


def test_a_packed_record_is_the_same_object_while_it_is_read_and_released_after() -> None:
    packer = Packer()
    index = ResourceIndex(
        PackedResources(packer.pack(r) for r in [consent("c1", "1", "a"), encounter("e1")])
    )
    for resource in index.of_type("Consent"):
        assert index.get("Consent/c1") is resource  # the reader sees the version it is at
    # Records are not kept parsed; what records refer to is.
    assert index.get("Consent/c1") is not index.get("Consent/c1")
    assert index.get("Consent/c1") == consent("c1", "1", "a")
    assert index.get("Encounter/e1") is index.get("Encounter/e1")


def test_reading_packed_resources_gives_the_same_record() -> None:
    resources = sample_data.resources()
    for versions in sample_data.history().values():
        resources.extend(versions)
    # A record the domain cannot read and a type it does not expect: both reported.
    resources.append(
        {
            "resourceType": "Consent",
            "id": "broken",
            "meta": {
                "profile": ["https://fhir.iknl.nl/fhir/StructureDefinition/ACP-TreatmentDirective"]
            },
            "status": "active",
            "patient": {"reference": "Patient/p1"},
            "provision": "nonsense",
        }
    )
    resources.append({"resourceType": "Basic", "id": "b1"})
    packer = Packer()
    packed = PackedResources(packer.pack(r) for r in copy.deepcopy(resources))

    from_dicts = read_source("s", copy.deepcopy(resources), "Patient/p1")
    from_packed = read_source("s", packed, "Patient/p1")

    assert from_packed.items
    assert from_packed.items == from_dicts.items
    assert from_packed.conversations == from_dicts.conversations
    assert from_packed.patient == from_dicts.patient
    assert from_packed.problems == from_dicts.problems
    problems = {(p.reference, p.message) for p in from_packed.problems}
    assert any(reference == "Consent/broken" for reference, _ in problems)
    assert ("Basic/b1", "onverwacht resourcetype 'Basic' genegeerd") in problems


def test_the_fetch_holds_its_resources_packed_and_gives_them_as_received() -> None:
    server = MiniServer(sample_data.resources(), history=sample_data.history())
    client = FhirClient(BASE, transport=server.transport)
    result = fetch_patient_resources(client, "p1")
    assert isinstance(result.resources, PackedResources)
    packed = result.packed
    assert len(packed) == len(result.resources) > 0
    parsed = list(result.resources)
    assert [p.load() for p in packed] == parsed
    assert {f"{r['resourceType']}/{r['id']}" for r in parsed} == sample_data.EXPECTED
    assert result.patient is not None
    assert result.patient["id"] == "p1"


def test_pages_are_handed_over_as_they_arrive() -> None:
    server = MiniServer(sample_data.resources(), history=sample_data.history())
    client = FhirClient(BASE, transport=server.transport)
    query = [("patient", "p1"), ("_count", "2")]
    pages: list[list[SearchEntry]] = []
    result = client.search("Consent", query, on_page=pages.append)
    assert len(result) == 0  # nothing kept in the result itself
    assert result.pages == len(pages) > 1
    assert all(len(page) <= 2 for page in pages)
    everything = client.search("Consent", query)
    assert [e.resource for page in pages for e in page] == everything.resources()
    assert result.received == len(everything)

    cap = len(everything) - 1
    capped: list[list[SearchEntry]] = []
    result = client.search("Consent", query, max_entries=cap, on_page=capped.append)
    assert sum(len(page) for page in capped) == result.received == cap
    assert result.truncated
    assert cap > 1
