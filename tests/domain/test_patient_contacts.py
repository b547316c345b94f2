"""The legal representative / first contact person recorded only in ``Patient.contact``
(spec §3 item 1: "optionally mirrored in Patient.contact"): read as the same items as a
RelatedPerson gives, never twice, never in place of a RelatedPerson."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import ROL472, ROLE_CODE, SCT
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    DateBasis,
    ItemId,
    OriginKind,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading import read_source

SOURCE = "HIS"
PATIENT_REF = "Patient/p1"
V2_0131 = "http://terminology.hl7.org/CodeSystem/v2-0131"


def role(system: str, code: str) -> Json:
    return {"coding": [{"system": system, "code": code}]}


def person(*roles: Json, given: str = "Gert-Jan", family: str = "de Jong") -> Json:
    """What a Patient.contact and a RelatedPerson share: relationship, name, telecom."""
    return {
        "relationship": [*roles, role(ROLE_CODE, "HUSB")],
        "name": {"family": family, "given": [given]},
        "telecom": [
            {"system": "phone", "value": "0611111111", "use": "mobile"},
            {"system": "email", "value": "gj@example.org", "use": "home"},
        ],
    }


REPRESENTATIVE = person(role(ROL472, "24"))
FIRST_CONTACT = person(role(ROL472, "01"), given="Lotte", family="Bakker")


def patient(
    *contacts: Json, version: str = "1", updated: str = "2024-05-01T10:00:00Z", **extra: Any
) -> Json:
    return {
        "resourceType": "Patient",
        "id": "p1",
        "meta": {"versionId": version, "lastUpdated": updated},
        "name": [{"text": "J. Test"}],
        "contact": [copy.deepcopy(c) for c in contacts],
        **extra,
    }


def related_person(rid: str, shared: Json) -> Json:
    resource = copy.deepcopy(shared)
    resource["name"] = [resource["name"]]
    return {
        "resourceType": "RelatedPerson",
        "id": rid,
        "meta": {"versionId": "1", "lastUpdated": "2024-05-01T10:00:00Z"},
        "patient": {"reference": PATIENT_REF},
        **resource,
    }


def linked(contact: Json, reference: str) -> Json:
    out = copy.deepcopy(contact)
    out["extension"] = [
        {"url": profiles.EXT_PATIENT_RELATED_PERSON, "valueReference": {"reference": reference}}
    ]
    return out


def people(*resources: Json) -> list[RecordedItem]:
    record = read_source(SOURCE, list(resources), PATIENT_REF)
    return [
        i
        for i in record.items
        if i.key.item in (ItemId.LEGAL_REPRESENTATIVE, ItemId.FIRST_CONTACT_PERSON)
    ]


def answers(item: RecordedItem) -> list[Any]:
    return sorted(a.comparable() for a in item.answers)


def test_a_representative_only_in_patient_contact_is_read_as_a_related_person_would_be() -> None:
    [from_contact] = people(patient(REPRESENTATIVE))
    [from_person] = people(patient(), related_person("rp1", REPRESENTATIVE))
    assert from_contact.key.item is ItemId.LEGAL_REPRESENTATIVE
    assert answers(from_contact) == answers(from_person)
    assert from_contact.answers_to("975") == ["de Jong"]
    assert from_contact.status is RecordStatus.CURRENT
    # Dated by the Patient version it was read from.
    assert from_contact.origin.kind is OriginKind.RESOURCE
    assert (from_contact.origin.reference, from_contact.origin.version) == (PATIENT_REF, "1")
    assert from_contact.recorded == ClinicalDate.parse("2024-05-01T10:00:00Z")
    assert from_contact.date_basis is DateBasis.LAST_UPDATED


def test_a_first_contact_person_only_in_patient_contact_is_read() -> None:
    items = people(patient(REPRESENTATIVE, FIRST_CONTACT))
    by_item = {i.key.item: i for i in items}
    assert set(by_item) == {ItemId.LEGAL_REPRESENTATIVE, ItemId.FIRST_CONTACT_PERSON}
    assert by_item[ItemId.FIRST_CONTACT_PERSON].answers_to("985") == ["Lotte"]
    # As for RelatedPersons: a separate first contact person means "not also first contact".
    is_also_first = by_item[ItemId.LEGAL_REPRESENTATIVE].answer("984")
    assert getattr(is_also_first, "code", None) == "0"
    expected = people(
        patient(),
        related_person("rp1", REPRESENTATIVE),
        related_person("rp2", FIRST_CONTACT),
    )
    assert sorted(answers(i) for i in items) == sorted(answers(i) for i in expected)


@pytest.mark.parametrize("code", ["03", "15"])
def test_other_representative_roles_count(code: str) -> None:
    [item] = people(patient(person(role(ROL472, code))))
    assert item.key.item is ItemId.LEGAL_REPRESENTATIVE


def test_written_authorisation_is_a_representative_role() -> None:
    [item] = people(patient(person(role(SCT, "310141000146103"))))
    assert item.key.item is ItemId.LEGAL_REPRESENTATIVE


def test_a_contact_that_mirrors_a_related_person_is_not_read_twice() -> None:
    items = people(
        patient(linked(REPRESENTATIVE, "RelatedPerson/rp1")),
        related_person("rp1", REPRESENTATIVE),
    )
    assert [i.origin.reference for i in items] == ["RelatedPerson/rp1"]


def test_a_link_to_a_related_person_the_source_does_not_hold_is_still_read() -> None:
    [item] = people(patient(linked(REPRESENTATIVE, "RelatedPerson/elsewhere")))
    assert (item.key.item, item.origin.reference) == (ItemId.LEGAL_REPRESENTATIVE, PATIENT_REF)


def test_a_related_person_with_the_role_takes_precedence() -> None:
    other = person(role(ROL472, "24"), given="Karel", family="Jansen")
    items = people(patient(other, FIRST_CONTACT), related_person("rp1", REPRESENTATIVE))
    representatives = [i for i in items if i.key.item is ItemId.LEGAL_REPRESENTATIVE]
    assert [i.origin.reference for i in representatives] == ["RelatedPerson/rp1"]
    # The first contact person is recorded by no RelatedPerson: read from Patient.contact.
    [first] = [i for i in items if i.key.item is ItemId.FIRST_CONTACT_PERSON]
    assert first.origin.reference == PATIENT_REF
    # A RelatedPerson that is (also) the first contact person takes precedence as well.
    both = person(role(ROL472, "24"), role(ROL472, "01"))
    items = people(patient(FIRST_CONTACT), related_person("rp1", both))
    assert [i.origin.reference for i in items] == ["RelatedPerson/rp1"]


def test_unknown_roles_are_kept_and_other_contacts_give_no_item() -> None:
    with_unknown = person(role(ROL472, "24"), role(V2_0131, "C"))
    [item] = people(patient(with_unknown))
    roles = [getattr(v, "concept", None) for v in item.answers_to("982")]
    assert roles == [(ROL472, "24"), (V2_0131, "C")]
    # Only an emergency contact (no representative or first-contact role): as a RelatedPerson
    # with that role, no item.
    assert people(patient(person(role(V2_0131, "C")))) == []


def test_an_ended_contact_is_ended() -> None:
    ended = {**REPRESENTATIVE, "period": {"start": "2020-01-01", "end": "2023-01-01"}}
    [item] = people(patient(ended))
    assert item.status is RecordStatus.ENDED


def test_dated_by_the_first_patient_version_with_the_same_contact() -> None:
    v1 = patient(REPRESENTATIVE, version="1", updated="2024-01-01T10:00:00Z")
    v2 = patient(
        REPRESENTATIVE, version="2", updated="2024-06-01T10:00:00Z", gender="male"
    )  # another change of the Patient
    [item] = people(v1, v2)
    assert item.origin.version == "1"
    assert item.recorded == ClinicalDate.parse("2024-01-01T10:00:00Z")
    # Written differently (an element that is not read), the same value: still that contact.
    v0 = patient({**REPRESENTATIVE, "gender": "male"}, version="0", updated="2023-01-01T10:00:00Z")
    [item] = people(v0, v1, v2)
    assert item.origin.version == "0"
    assert item.recorded == ClinicalDate.parse("2023-01-01T10:00:00Z")
    changed = {**REPRESENTATIVE, "telecom": [{"system": "phone", "value": "0622222222"}]}
    v3 = patient(changed, version="3", updated="2024-09-01T10:00:00Z")
    [item] = people(v1, v2, v3)
    assert item.origin.version == "3"
    assert item.answers_to("976") == ["0622222222"]


def test_a_contact_removed_from_the_patient_is_no_longer_read() -> None:
    v1 = patient(REPRESENTATIVE, version="1", updated="2024-01-01T10:00:00Z")
    v2 = patient(version="2", updated="2024-06-01T10:00:00Z")
    assert people(v1, v2) == []


def is_also_first_contact(item: RecordedItem) -> str | None:
    """Item 984 ("is ook eerste contactpersoon") of a representative: "1", "0" or None."""
    return getattr(item.answer("984"), "code", None)


def representative_of(items: list[RecordedItem]) -> RecordedItem:
    [item] = [i for i in items if i.key.item is ItemId.LEGAL_REPRESENTATIVE]
    return item


def test_a_first_contact_only_in_patient_contact_is_separate_for_a_related_person() -> None:
    # The control: a representative RelatedPerson and no first contact anywhere: no 984.
    alone = representative_of(people(patient(), related_person("rp1", REPRESENTATIVE)))
    assert is_also_first_contact(alone) is None
    # The first contact as a RelatedPerson: "0", a separate first contact person.
    as_person = people(
        patient(), related_person("rp1", REPRESENTATIVE), related_person("rp2", FIRST_CONTACT)
    )
    assert is_also_first_contact(representative_of(as_person)) == "0"
    # The first contact only in Patient.contact: the same.
    items = people(patient(FIRST_CONTACT), related_person("rp1", REPRESENTATIVE))
    representative = representative_of(items)
    assert representative.origin.reference == "RelatedPerson/rp1"
    assert is_also_first_contact(representative) == "0"
    assert answers(representative) == answers(representative_of(as_person))
    [first] = [i for i in items if i.key.item is ItemId.FIRST_CONTACT_PERSON]
    assert first.origin.reference == PATIENT_REF


def test_a_patient_contact_that_is_not_read_as_first_contact_does_not_count() -> None:
    rp1 = related_person("rp1", REPRESENTATIVE)
    # Ended: no longer the first contact person (as an inactive RelatedPerson).
    ended = {**FIRST_CONTACT, "period": {"start": "2020-01-01", "end": "2023-01-01"}}
    assert is_also_first_contact(representative_of(people(patient(ended), rp1))) is None
    # A mirror of the representative's own RelatedPerson: that one, read there.
    mirror = linked(FIRST_CONTACT, "RelatedPerson/rp1")
    assert is_also_first_contact(representative_of(people(patient(mirror), rp1))) is None
    # Only in an older Patient version: removed, no longer the patient's.
    v1 = patient(FIRST_CONTACT, version="1", updated="2024-01-01T10:00:00Z")
    v2 = patient(version="2", updated="2024-06-01T10:00:00Z")
    assert is_also_first_contact(representative_of(people(v1, v2, rp1))) is None


def test_the_representative_that_is_also_first_contact_keeps_1() -> None:
    both = person(role(ROL472, "24"), role(ROL472, "01"))
    items = people(patient(FIRST_CONTACT), related_person("rp1", both))
    assert is_also_first_contact(representative_of(items)) == "1"
