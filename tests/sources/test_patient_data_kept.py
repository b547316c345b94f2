"""After combining, the fetched JSON is gone: only what the editor needs is kept."""

from __future__ import annotations

import enum
import gc
import types
from typing import Any

import pytest

from pzp_desktop.domain.fhir_json import PackedResource
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.sources.fetch import PatientQuery, Source, SourceResult, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, SourceReader, combine, keep_resources
from pzp_desktop.sources.push import PushTarget, tracked_versions
from pzp_desktop.sources.training import (
    HOSPITAL,
    PATIENTS,
    TRAINING_SOURCES,
    build_training_servers,
)

Json = dict[str, Any]


def fetch(servers: dict[str, InMemoryFhirServer], patient_key: str) -> list[SourceResult]:
    patient = next(p for p in PATIENTS if p.key == patient_key)
    pairs = [
        (
            Source(s.name, s.base_url, primary=s is HOSPITAL),
            FhirClient(s.base_url, transport=servers[s.base_url]),
        )
        for s in TRAINING_SOURCES
    ]
    return fetch_sources(pairs, PatientQuery(bsn=patient.bsn))


def reachable_resources(root: object, skip: set[int] | None = None) -> list[Json]:
    """Every FHIR resource (a dict with ``resourceType``) reachable from ``root`` through
    containers and the application's own objects; the dicts in ``skip`` are not entered.
    A packed resource counts as its parsed form."""
    found: list[Json] = []
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(
            node,
            (type, types.ModuleType, types.FunctionType, types.MethodType, enum.Enum, str, bytes),
        ):
            continue
        seen.add(id(node))
        if isinstance(node, PackedResource):
            found.append(node.load())
            continue
        if isinstance(node, dict) and "resourceType" in node:
            found.append(node)
            if skip is not None and id(node) in skip:
                continue
        module = type(node).__module__
        if isinstance(node, (dict, list, tuple, set, frozenset)) or module.startswith(
            "pzp_desktop"
        ):
            stack.extend(gc.get_referents(node))
    return found


@pytest.fixture(scope="module")
def servers() -> dict[str, InMemoryFhirServer]:
    return build_training_servers()


def test_no_fetched_json_is_kept_but_the_current_patient_and_related_persons(servers) -> None:
    results = fetch(servers, "devries")
    # What the fetch holds: every version of every resource.
    fetched = reachable_resources(results)
    assert len(fetched) > 20
    counts = {r.source.name: len(r.fetch.resources) for r in results if r.fetch is not None}
    del fetched

    data = combine(results)

    kept = {id(resource) for k in data.kept.values() for resource in k.current.values()}
    remaining = reachable_resources(data, skip=kept)
    assert remaining  # the current Patient and RelatedPersons ...
    assert {id(resource) for resource in remaining} <= kept  # ... and nothing else
    assert {r["resourceType"] for r in remaining} == {"Patient", "RelatedPerson"}
    # The results no longer hold the resources either, and the counts survive.
    assert all(r.fetch is None or len(r.fetch.resources) == 0 for r in results)
    assert all(
        not outcome.entries
        for r in results
        if r.fetch is not None
        for outcome in r.fetch.outcomes.values()
    )
    assert {name: k.count for name, k in data.kept.items()} == counts


def test_the_editor_still_gets_the_versions_for_if_match(servers) -> None:
    hospital = servers[HOSPITAL.base_url]
    data = combine(fetch(servers, "devries"))
    target = PushTarget.from_patient_data(data, HOSPITAL.name)
    patient_id = target.patient_reference.split("/", 1)[1]
    expected = {
        f"{r['resourceType']}/{r['id']}": r["meta"]["versionId"]
        for r in hospital.all_current()
        if (r["resourceType"] == "Patient" and r["id"] == patient_id)
        or (
            r["resourceType"] == "RelatedPerson"
            and r.get("patient", {}).get("reference", "").endswith(target.patient_reference)
        )
    }
    assert any(key.startswith("RelatedPerson/") for key in expected)
    assert tracked_versions(data, HOSPITAL.name) == expected


def test_the_newest_version_is_kept_and_encounter_identifiers_are_remembered() -> None:
    def version(number: str, name: str) -> Json:
        return {
            "resourceType": "RelatedPerson",
            "id": "rp1",
            "meta": {"versionId": number},
            "name": [{"text": name}],
        }

    encounter = {
        "resourceType": "Encounter",
        "id": "e1",
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:1"}],
    }
    resources = [version("2", "Twee"), version("10", "Tien"), version("9", "Negen"), encounter]
    kept = keep_resources(
        resources, {"Encounter/e1": frozenset({("urn:ietf:rfc:3986", "urn:uuid:1")})}
    )
    assert kept.count == 4
    assert list(kept.current) == ["RelatedPerson/rp1"]
    assert kept.current["RelatedPerson/rp1"]["name"] == [{"text": "Tien"}]
    assert kept.encounter_identifiers == {("urn:ietf:rfc:3986", "urn:uuid:1")}


def test_a_source_that_was_not_read_keeps_nothing(servers) -> None:
    data: PatientData = combine(fetch(servers, "devries"))
    empty = data.kept_of("Onbekende bron")
    assert (empty.count, empty.current, empty.encounter_identifiers) == (0, {}, frozenset())


def test_sources_read_while_the_others_are_fetched_give_the_same_data(servers) -> None:
    patient = next(p for p in PATIENTS if p.key == "devries")
    pairs = [
        (
            Source(s.name, s.base_url, primary=s is HOSPITAL),
            FhirClient(s.base_url, transport=servers[s.base_url]),
        )
        for s in TRAINING_SOURCES
    ]
    released_when_reported: list[bool] = []
    reader = SourceReader()

    def on_finished(result: SourceResult) -> None:
        reader.read(result)
        released_when_reported.append(result.fetch is None or len(result.fetch.resources) == 0)

    results = fetch_sources(pairs, PatientQuery(bsn=patient.bsn), on_finished=on_finished)
    assert released_when_reported == [True] * len(TRAINING_SOURCES)
    early = reader.combine(results)
    late = combine(fetch(servers, "devries"))

    def summary(data: PatientData) -> object:
        return (
            data.source_order,
            [(i.source, i.key, i.signature, i.origin) for i in data.items],
            [c.ref for c in data.conversations],
            data.problems,
            data.duplicates_removed,
            {
                n: (k.count, sorted(k.current), k.encounter_identifiers)
                for n, k in data.kept.items()
            },
        )

    assert early.items
    assert summary(early) == summary(late)
