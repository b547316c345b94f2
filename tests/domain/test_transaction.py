"""One saved conversation as one transaction Bundle (spec §4, §6; product brief §5 "Push")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Answer, ItemId, ItemKey
from pzp_desktop.domain.writing.context import ItemChange, SoftwareInfo
from pzp_desktop.domain.writing.provenance import DATA_OPERATION, PARTICIPANT_TYPE
from pzp_desktop.domain.writing.transaction import build_transaction
from tests.domain.transaction_support import (
    NOW,
    ORGANIZATION_REF,
    PATIENT_REF,
    ROLE_REF,
    SimulatedServer,
    all_changes,
    conversation,
    existing_resources,
    new_identifier,
    patient,
    validate,
)

SHARING = ItemChange(ItemKey(ItemId.SHARING_CONSENT), (Answer("1201", Coding(SCT, "441898007")),))


def full_bundle(**kwargs: Any) -> Json:
    options: dict[str, Any] = {"current_patient": patient(), "now": NOW}
    options.update(kwargs)
    return build_transaction(
        PATIENT_REF,
        options.pop("conversation", conversation()),
        options.pop("changes", all_changes()),
        **options,
    )


def resources_of(bundle: Json, resource_type: str) -> list[Json]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]


def references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


def identifiers(resource: Json) -> list[Json]:
    raw = resource.get("identifier")
    return [raw] if isinstance(raw, dict) else list(raw or [])


def test_bundle_structure_and_order() -> None:
    bundle = full_bundle()
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "transaction"
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types[:2] == ["Encounter", "Procedure"]
    assert types[-2:] == ["QuestionnaireResponse", "Provenance"]
    assert all("request" in e for e in bundle["entry"])
    for kind in ("Consent", "Goal", "Observation", "DeviceUseStatement", "Communication"):
        assert kind in types


def test_every_resource_is_valid_r4() -> None:
    bundle = full_bundle()
    for entry in bundle["entry"]:
        validate(entry["resource"])
    validate(bundle)


def test_creates_are_conditional_on_the_business_identifier() -> None:
    bundle = full_bundle()
    posts = [e for e in bundle["entry"] if e["request"]["method"] == "POST"]
    assert posts
    for entry in posts:
        resource = entry["resource"]
        assert entry["fullUrl"].startswith("urn:uuid:")
        assert entry["request"]["url"] == resource["resourceType"]
        condition = entry["request"]["ifNoneExist"]
        if resource["resourceType"] == "Provenance":
            continue
        (identifier,) = identifiers(resource)
        assert identifier["system"] == profiles.BUSINESS_IDENTIFIER_SYSTEM
        assert condition == f"identifier={identifier['system']}|{identifier['value']}"


def test_the_provenance_is_conditional_on_its_questionnaire_response() -> None:
    """R4's Provenance has no identifier: its condition is its target."""
    bundle = full_bundle()
    (qr_entry,) = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    provenance_entry = bundle["entry"][-1]
    assert provenance_entry["request"]["ifNoneExist"] == f"target={qr_entry['fullUrl']}"
    assert "identifier" not in provenance_entry["resource"]


def test_in_place_updates_carry_if_match() -> None:
    bundle = full_bundle()
    puts = [e for e in bundle["entry"] if e["request"]["method"] == "PUT"]
    assert [e["request"]["url"] for e in puts] == [PATIENT_REF]
    assert puts[0]["request"]["ifMatch"] == 'W/"3"'
    assert puts[0]["resource"]["id"] == "pat-jansen"


def test_references_inside_the_bundle_resolve_to_entries() -> None:
    bundle = full_bundle()
    full_urls = [e["fullUrl"] for e in bundle["entry"] if "fullUrl" in e]
    assert len(full_urls) == len(set(full_urls))
    internal = [
        r for e in bundle["entry"] for r in references(e["resource"]) if r.startswith("urn:")
    ]
    assert internal
    assert set(internal) <= set(full_urls)
    external = {
        r for e in bundle["entry"] for r in references(e["resource"]) if not r.startswith("urn:")
    }
    assert external <= {PATIENT_REF, ROLE_REF, ORGANIZATION_REF}


def test_the_questionnaire_response_belongs_to_the_conversation() -> None:
    bundle = full_bundle()
    (response,) = resources_of(bundle, "QuestionnaireResponse")
    (encounter_entry,) = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "Encounter"
    ]
    assert response["encounter"] == {"reference": encounter_entry["fullUrl"]}
    assert response["subject"] == {"reference": PATIENT_REF}
    assert response["author"] == {"reference": ROLE_REF}
    assert response["questionnaire"] == profiles.QUESTIONNAIRE_CANONICAL


def test_provenance_targets_agents_and_activity() -> None:
    bundle = full_bundle(software=SoftwareInfo("PZP Desktop", "1.2.3"))
    (provenance,) = resources_of(bundle, "Provenance")
    created = [
        e["fullUrl"]
        for e in bundle["entry"]
        if e["request"]["method"] == "POST" and e["resource"]["resourceType"] != "Provenance"
    ]
    targets = [t["reference"] for t in provenance["target"]]
    assert targets == [*created, PATIENT_REF]
    assert provenance["recorded"] == "2024-03-12T15:05:00+00:00"
    author, assembler = provenance["agent"]
    assert author["type"]["coding"][0] == {
        "system": PARTICIPANT_TYPE,
        "code": "author",
        "display": "Author",
    }
    assert author["who"] == {"reference": ROLE_REF}
    assert author["onBehalfOf"] == {"reference": ORGANIZATION_REF}
    assert assembler["type"]["coding"][0]["code"] == "assembler"
    assert assembler["who"] == {"type": "Device", "display": "PZP Desktop 1.2.3"}
    assert provenance["activity"]["coding"][0]["system"] == DATA_OPERATION
    assert provenance["activity"]["coding"][0]["code"] == "UPDATE"


def test_a_transaction_that_only_creates_is_a_create() -> None:
    bundle = full_bundle(changes=[SHARING], current_patient=None)
    types = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert types == ["Encounter", "Procedure", "QuestionnaireResponse", "Provenance"]
    (provenance,) = resources_of(bundle, "Provenance")
    assert provenance["activity"]["coding"][0]["code"] == "CREATE"
    assert len(provenance["target"]) == 3


def test_same_inputs_give_the_same_identifiers() -> None:
    """Retry-safe: building again (later) gives the same business identifiers and fullUrls."""
    first = full_bundle()
    again = full_bundle(now=NOW + timedelta(minutes=7))
    assert [e.get("fullUrl") for e in first["entry"]] == [e.get("fullUrl") for e in again["entry"]]
    assert [identifiers(e["resource"]) for e in first["entry"]] == [
        identifiers(e["resource"]) for e in again["entry"]
    ]
    assert [e["request"] for e in first["entry"]] == [e["request"] for e in again["entry"]]
    other = full_bundle(conversation=conversation(identifier=new_identifier()))
    assert not {e.get("fullUrl") for e in first["entry"]} & {
        e.get("fullUrl") for e in other["entry"]
    } - {None}


def test_a_retried_push_creates_nothing_twice() -> None:
    server = SimulatedServer(existing_resources())
    server.transact(full_bundle())
    stored = len(server.all_versions())
    # The retry is built from the Patient as it is now (the first push updated it).
    (current,) = [r for r in server.current() if r["resourceType"] == "Patient"]
    server.transact(full_bundle(current_patient=current, now=NOW + timedelta(minutes=2)))
    created_again = len(server.all_versions()) - stored
    assert created_again == 1  # only the Patient's new version; no resource twice
    kinds = [r["resourceType"] for r in server.current()]
    assert kinds.count("Provenance") == 1
    assert kinds.count("QuestionnaireResponse") == 1


def test_changes_are_checked() -> None:
    with pytest.raises(ValueError, match="at least one"):
        full_bundle(changes=[])
    with pytest.raises(ValueError, match="changed twice"):
        full_bundle(changes=[SHARING, SHARING])
    directive = ItemChange(
        ItemKey(ItemId.ADVANCE_DIRECTIVE, "NR:1"),
        (Answer("AD.type", Coding("urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.14.1", "NR")),),
    )
    with pytest.raises(ValueError, match="advance directives"):
        full_bundle(changes=[directive])
    toelichting_only = ItemChange(
        ItemKey(ItemId.RESUSCITATION), (Answer("1002", "Alleen een toelichting"),)
    )
    with pytest.raises(ValueError, match="needs an answer to '1386'"):
        full_bundle(changes=[toelichting_only])


def test_two_other_limits_are_two_items() -> None:
    bb = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1"
    changes = [
        ItemChange(
            ItemKey(ItemId.OTHER_LIMIT, name.lower()),
            (Answer("1422", name), Answer("1402", Coding(bb, "2"))),
        )
        for name in ("Dialyse", "Sondevoeding")
    ]
    bundle = full_bundle(changes=changes, current_patient=None)
    assert len(resources_of(bundle, "Consent")) == 2
    for entry in bundle["entry"]:
        validate(entry["resource"])
