"""Patient (summary, legal capacity) and RelatedPerson (representative, first contact person),
both ways (spec §3 item 1, §6 rows 1406–995, §7 items 11, 12, 16, 17)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    NULL_FLAVOR,
    ROL23,
    ROL472,
    ROLE_CODE,
    SCT,
    TELECOM_TYPE,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import (
    OTHER_PATIENT,
    display_name,
    name_parts,
    read_patient,
)
from pzp_desktop.domain.reading.related_persons import read_related_person
from pzp_desktop.domain.writing.context import ItemChange
from pzp_desktop.domain.writing.patient import write_legal_capacity
from pzp_desktop.domain.writing.related_persons import (
    WHAT_FIRST_CONTACT,
    WHAT_REPRESENTATIVE,
    write_first_contact_person,
    write_legal_representative,
)
from tests.domain.test_map_conversations import (
    SOURCE,
    apply_transaction,
    business_id,
    hendrik,
    michiel,
    read_context,
    samira,
    validate,
    write_context,
)

REPRESENTATIVE = ItemKey(ItemId.LEGAL_REPRESENTATIVE)
FIRST_CONTACT = ItemKey(ItemId.FIRST_CONTACT_PERSON)
CAPACITY = ItemKey(ItemId.LEGAL_CAPACITY)


def values(item: RecordedItem, link_id: str) -> list[Any]:
    """Answer values of ``link_id``; codings as (system, code)."""
    return [v.concept if isinstance(v, Coding) else v for v in item.answers_to(link_id)]


def concepts(answers: tuple[Answer, ...]) -> list[tuple[str, int, str, str]]:
    """Answers compared the way the application compares them (system + code, normalised
    text), in a stable order."""
    return sorted(a.comparable() for a in answers)


def with_capacity(
    resource: Json, capable: object | None, comment: str | None, version: str, updated: str
) -> Json:
    out = copy.deepcopy(resource)
    out["meta"] = {"versionId": version, "lastUpdated": updated}
    parts: list[Json] = []
    if capable is not None:
        parts.append({"url": "legallyCapable", "valueBoolean": capable})
    if comment is not None:
        parts.append({"url": "legallyCapableComment", "valueString": comment})
    out["extension"] = [{"url": profiles.EXT_LEGALLY_CAPABLE, "extension": parts}]
    return out


def gert_jan() -> Json:
    """ACP-ContactPerson-GertJanDeJong-Pat2: representative (24) + husband, of Samira, who
    is legally capable ("is/wordt")."""
    return {
        "resourceType": "RelatedPerson",
        "id": "gertjan",
        "meta": {"versionId": "4", "lastUpdated": "2024-07-28T10:00:00Z"},
        "identifier": business_id("944f2f14-ccec-47cb-a90f-d2401332a316"),
        "patient": {"reference": "Patient/samira", "type": "Patient"},
        "relationship": [
            {
                "coding": [
                    {"system": ROL472, "code": "24", "display": "Wettelijke vertegenwoordiger"}
                ]
            },
            {"coding": [{"system": ROLE_CODE, "code": "HUSB", "display": "husband"}]},
        ],
        "name": [
            {
                "extension": [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL1"}],
                "use": "official",
                "text": "Gert-Jan de Jong",
                "family": "de Jong",
                "_family": {
                    "extension": [
                        {"url": profiles.EXT_OWN_PREFIX, "valueString": "de"},
                        {"url": profiles.EXT_OWN_NAME, "valueString": "Jong"},
                    ]
                },
                "given": ["Gert-Jan"],
            }
        ],
        "telecom": [
            {
                "system": "phone",
                "_system": {
                    "extension": [
                        {
                            "url": profiles.EXT_CODE_SPECIFICATION,
                            "valueCodeableConcept": {
                                "coding": [
                                    {
                                        "system": ADDRESS_USE,
                                        "code": "MC",
                                        "display": "mobile contact",
                                    }
                                ]
                            },
                        }
                    ]
                },
                "value": "0611111111",
                "use": "home",
            },
            {"system": "email", "value": "Gert-Jan@test.nl", "use": "home"},
        ],
        "address": [{"line": ["Vasteland 78"], "city": "Rotterdam"}],
    }


def maya(**changes: Any) -> Json:
    """ACP-ContactPerson-MayaVanDerSluijsMulder-Pat2: contact person (23) + sister — an
    attendee, not a representative or first contact person."""
    resource: Json = {
        "resourceType": "RelatedPerson",
        "id": "maya",
        "meta": {"versionId": "1", "lastUpdated": "2025-08-07T10:00:00Z"},
        "patient": {"reference": "Patient/samira"},
        "relationship": [
            {"coding": [{"system": ROL472, "code": "23", "display": "contactpersoon"}]},
            {"coding": [{"system": ROLE_CODE, "code": "SIS", "display": "sister"}]},
        ],
        "name": [
            {
                "extension": [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL4"}],
                "use": "official",
                "family": "van der Sluijs-Mulder",
                "_family": {
                    "extension": [
                        {"url": profiles.EXT_OWN_PREFIX, "valueString": "van der"},
                        {"url": profiles.EXT_OWN_NAME, "valueString": "Sluijs"},
                        {"url": profiles.EXT_PARTNER_NAME, "valueString": "Mulder"},
                    ]
                },
                "given": ["Maya"],
            }
        ],
        "telecom": [{"system": "phone", "value": "0622222222", "use": "home"}],
    }
    resource.update(changes)
    return resource


def first_contact(**changes: Any) -> Json:
    """A separate first contact person (ROL472 01 + daughter) of Samira."""
    resource = maya(
        id="lotte",
        relationship=[
            {"coding": [{"system": ROL472, "code": "01"}]},
            {"coding": [{"system": ROLE_CODE, "code": "DAUC", "display": "daughter"}]},
        ],
        name=[{"family": "Bakker", "given": ["Lotte"]}],
    )
    resource.update(changes)
    return resource


def read_people(resources: list[Json], patient: str) -> tuple[ReadContext, list[RecordedItem]]:
    ctx = read_context(resources, patient)
    items = [
        item
        for resource in resources
        if resource["resourceType"] == "RelatedPerson"
        for item in read_related_person(resource, ctx)
    ]
    return ctx, items


def one(items: list[RecordedItem], key: ItemKey) -> RecordedItem:
    found = [i for i in items if i.key == key]
    assert len(found) == 1, items
    return found[0]


# ---------------------------------------------------------------------------------------------
# Patient summary and names


def test_patient_summary_from_ig_example() -> None:
    ctx = ReadContext(SOURCE, [hendrik()])
    summary, items = read_patient(ctx, "Patient/hendrik")
    assert summary is not None
    assert summary.reference == "Patient/hendrik"
    assert summary.name == "Hendrik Hartman"
    assert summary.bsn == "999911120"
    assert summary.birth_date == ClinicalDate.parse("1961-01-01")
    assert summary.gender is None
    assert summary.version == "1"
    assert items == []
    assert ctx.problems == []


def test_patient_name_from_dutch_parts() -> None:
    summary, _ = read_patient(ReadContext(SOURCE, [samira()]), "Patient/samira")
    assert summary is not None
    assert summary.name == "Samira Louise van der Sluijs"
    assert summary.gender == "female"
    assert summary.version == "3"


def dutch_name(order: str | None, **parts: str) -> Json:
    urls = {
        "own_prefix": profiles.EXT_OWN_PREFIX,
        "own_name": profiles.EXT_OWN_NAME,
        "partner_prefix": profiles.EXT_PARTNER_PREFIX,
        "partner_name": profiles.EXT_PARTNER_NAME,
    }
    name: Json = {
        "family": "genegeerd",
        "_family": {
            "extension": [{"url": urls[k], "valueString": v} for k, v in parts.items() if k in urls]
        },
        "given": ["Maya"],
    }
    if order:
        name["extension"] = [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": order}]
    return name


@pytest.mark.parametrize(
    ("order", "expected", "form"),
    [
        (None, "Maya van der Sluijs", ("van der", "Sluijs")),
        ("NL1", "Maya van der Sluijs", ("van der", "Sluijs")),
        ("NL2", "Maya de Mulder", ("de", "Mulder")),
        ("NL3", "Maya de Mulder-van der Sluijs", ("de", "Mulder-van der Sluijs")),
        ("NL4", "Maya van der Sluijs-de Mulder", ("van der", "Sluijs-de Mulder")),
    ],
)
def test_assembly_orders(order: str | None, expected: str, form: tuple[str, str]) -> None:
    name = dutch_name(
        order, own_prefix="van der", own_name="Sluijs", partner_prefix="de", partner_name="Mulder"
    )
    assert display_name([name]) == expected
    parts = name_parts(name)
    assert (parts.given, parts.prefix, parts.last_name) == ("Maya", *form)


def test_name_without_parts_uses_family_and_initials() -> None:
    name: Json = {
        "family": "Jansen",
        "given": ["J.", "P."],
        "_given": [
            {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "IN"}]},
            {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "IN"}]},
        ],
    }
    assert display_name([name]) == "J. P. Jansen"
    # Given names win over initials; the call name (CL) is not a given name.
    name["given"] = ["J.", "Johannes", "Hans"]
    name["_given"] = [
        {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "IN"}]},
        None,
        {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "CL"}]},
    ]
    assert display_name([name]) == "Johannes Jansen"


def test_official_name_preferred_and_empty_names_skipped() -> None:
    names = [{"use": "usual", "given": ["Sam"]}, {}, {"use": "official", "text": "Samira S."}]
    assert display_name(names) == "Samira S."
    assert display_name("geen lijst") is None


def test_patient_not_in_data() -> None:
    ctx = ReadContext(SOURCE, [samira()])
    assert read_patient(ctx, "Patient/hendrik") == (None, [])
    assert len(ctx.problems) == 1
    assert ctx.problems[0].reference == "Patient/hendrik"


def test_malformed_patient_never_raises() -> None:
    broken = hendrik()
    broken.update(
        birthDate="01-01-1961",
        name="Hendrik",
        identifier=[{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": 999}],
        gender=["male"],
        meta={"versionId": 1},
    )
    ctx = ReadContext(SOURCE, [broken])
    summary, items = read_patient(ctx, "Patient/hendrik")
    assert summary is not None
    assert summary.birth_date is None
    assert summary.name is None
    assert summary.bsn is None
    assert summary.gender is None
    assert items == []
    assert len(ctx.problems) == 1


# ---------------------------------------------------------------------------------------------
# Legal capacity


def test_legal_capacity_history_versions() -> None:
    v1 = with_capacity(hendrik(), True, None, "1", "2020-10-01T12:00:00Z")
    v2 = with_capacity(hendrik(), False, "Dementie, sinds 2022", "2", "2022-11-08T09:00:00Z")
    v3 = hendrik()
    v3["meta"] = {"versionId": "3", "lastUpdated": "2023-01-01T09:00:00Z"}
    # The newest version also arrives from the plain read: no duplicate item.
    ctx = ReadContext(SOURCE, [v3, v2, v1, copy.deepcopy(v2)])
    summary, items = read_patient(ctx, "Patient/hendrik")
    assert summary is not None
    assert summary.version == "3"
    assert [i.origin.version for i in items] == ["1", "2"]
    first, second = items
    assert first.key == CAPACITY
    assert first.answers == (Answer("1406", first.answers[0].value),)
    assert values(first, "1406") == [(None, "1")]
    assert values(second, "1406") == [(None, "0")]
    assert values(second, "1407") == ["Dementie, sinds 2022"]
    assert second.recorded == ClinicalDate.parse("2022-11-08T09:00:00Z")
    assert second.date_basis is DateBasis.LAST_UPDATED
    assert second.last_updated == second.recorded
    assert second.origin.kind is OriginKind.RESOURCE
    assert second.origin.reference == "Patient/hendrik"
    assert second.source == SOURCE
    assert second.conversation is None


def test_legal_capacity_malformed() -> None:
    not_boolean = with_capacity(hendrik(), "true", "toelichting", "1", "2020-10-01T12:00:00Z")
    ctx = ReadContext(SOURCE, [not_boolean])
    _, items = read_patient(ctx, "Patient/hendrik")
    assert [values(i, "1406") for i in items] == [[]]
    assert [values(i, "1407") for i in items] == [["toelichting"]]
    assert len(ctx.problems) == 1

    empty = with_capacity(hendrik(), None, None, "1", "not a date")
    ctx = ReadContext(SOURCE, [empty])
    assert read_patient(ctx, "Patient/hendrik")[1] == []
    assert len(ctx.problems) == 1


def capacity_change(*answers: Answer) -> ItemChange:
    return ItemChange(CAPACITY, answers)


def test_write_legal_capacity_updates_patient_in_place() -> None:
    current = with_capacity(hendrik(), True, "oud", "7", "2024-01-01T00:00:00Z")
    current["extension"].insert(0, {"url": "https://example.org/other", "valueString": "x"})
    ctx = write_context(current_patient=current)
    write_legal_capacity(
        capacity_change(Answer("1406", Coding(None, "0", "Nee")), Answer("1407", "Sinds CVA")),
        ctx,
    )
    (entry,) = ctx.entries
    assert entry["request"] == {"method": "PUT", "url": "Patient/hendrik", "ifMatch": 'W/"7"'}
    patient = entry["resource"]
    validate(patient)
    assert patient["extension"] == [
        {"url": "https://example.org/other", "valueString": "x"},
        {
            "url": profiles.EXT_LEGALLY_CAPABLE,
            "extension": [
                {"url": "legallyCapable", "valueBoolean": False},
                {"url": "legallyCapableComment", "valueString": "Sinds CVA"},
            ],
        },
    ]
    assert patient["meta"]["profile"] == [profiles.PATIENT]
    assert "versionId" not in patient["meta"]
    assert patient["name"] == hendrik()["name"]
    assert current["extension"][1]["extension"][0]["valueBoolean"] is True  # input untouched


def test_write_legal_capacity_needs_the_current_patient() -> None:
    with pytest.raises(ValueError, match="current_patient"):
        write_legal_capacity(capacity_change(Answer("1406", Coding(None, "1"))), write_context())


def test_write_legal_capacity_rejects_bad_answers() -> None:
    ctx = write_context(current_patient=hendrik())
    with pytest.raises(ValueError, match="1406"):
        write_legal_capacity(capacity_change(Answer("1406", Coding(None, "ja"))), ctx)


def test_write_legal_capacity_without_answers_removes_it() -> None:
    current = with_capacity(hendrik(), True, None, "2", "2024-01-01T00:00:00Z")
    ctx = write_context(current_patient=current)
    write_legal_capacity(capacity_change(), ctx)
    assert "extension" not in ctx.entries[0]["resource"]


@pytest.mark.parametrize(
    "answers",
    [
        (Answer("1406", Coding(None, "1")),),
        (Answer("1406", Coding(None, "0")), Answer("1407", "Wilsonbekwaam sinds 2022")),
        (Answer("1407", "Nog niet beoordeeld"),),
    ],
)
def test_round_trip_legal_capacity(answers: tuple[Answer, ...]) -> None:
    ctx = write_context(current_patient=hendrik())
    write_legal_capacity(capacity_change(*answers), ctx)
    stored = apply_transaction(ctx.entries)
    assert stored[0]["meta"]["versionId"] == "2"
    # The server keeps the old version too.
    _, items = read_patient(ReadContext(SOURCE, [hendrik(), *stored]), "Patient/hendrik")
    (item,) = items
    assert concepts(item.answers) == concepts(answers)
    assert item.origin.version == "2"


# ---------------------------------------------------------------------------------------------
# Representative and first contact person (reading)


def test_representative_who_is_also_first_contact() -> None:
    """Michiel: 01 + 24 + SCT 310141000146103 + BRO → 982 = [24, SCT], 984 = Ja, 983 = BRO."""
    ctx, items = read_people([hendrik(), michiel()], "Patient/hendrik")
    item = one(items, REPRESENTATIVE)
    assert values(item, "973") == ["Michiel"]
    assert values(item, "974") == []
    assert values(item, "975") == ["Hartman"]
    assert values(item, "982") == [(ROL472, "24"), (SCT, "310141000146103")]
    assert [a.repeat for a in item.answers if a.link_id == "982"] == [0, 1]
    assert values(item, "984") == [(None, "1")]
    assert values(item, "983") == [(ROLE_CODE, "BRO")]
    assert values(item, "980") == ["michiel.hartman@iknl.nl"]
    assert values(item, "981") == [(ADDRESS_USE, "WP")]
    assert item.recorded == ClinicalDate.parse("2020-10-01T12:00:00Z")
    assert item.date_basis is DateBasis.LAST_UPDATED
    assert item.origin.reference == "RelatedPerson/michiel"
    assert item.origin.version == "1"
    assert item.status is RecordStatus.CURRENT
    assert not [i for i in items if i.key == FIRST_CONTACT]
    assert ctx.problems == []


def test_representative_of_capable_patient_with_separate_first_contact() -> None:
    """§7 item 11: a representative is read whatever the legal capacity says."""
    patient = with_capacity(samira(), True, None, "3", "2025-08-07T10:00:00Z")
    _, items = read_people([patient, gert_jan(), first_contact(), maya()], "Patient/samira")
    representative = one(items, REPRESENTATIVE)
    assert values(representative, "973") == ["Gert-Jan"]
    assert values(representative, "974") == ["de"]
    assert values(representative, "975") == ["Jong"]
    assert values(representative, "976") == ["0611111111"]
    assert values(representative, "977") == [(ADDRESS_USE, "MC")]
    assert values(representative, "978") == [(ADDRESS_USE, "HP")]
    assert values(representative, "980") == ["Gert-Jan@test.nl"]
    assert values(representative, "981") == [(ADDRESS_USE, "HP")]
    assert values(representative, "982") == [(ROL472, "24")]
    assert values(representative, "983") == [(ROLE_CODE, "HUSB")]
    assert values(representative, "984") == [(None, "0")]

    contact = one(items, FIRST_CONTACT)
    assert values(contact, "985") == ["Lotte"]
    assert values(contact, "987") == ["Bakker"]
    assert values(contact, "988") == ["0622222222"]
    assert values(contact, "990") == [(ADDRESS_USE, "HP")]
    assert values(contact, "995") == [(ROLE_CODE, "DAUC")]
    assert len(items) == 2  # Maya (role 23) is an attendee only


def test_no_984_without_a_first_contact_person() -> None:
    _, items = read_people([samira(), gert_jan()], "Patient/samira")
    assert values(one(items, REPRESENTATIVE), "984") == []


def test_inactive_first_contact_person_does_not_count_and_is_ended() -> None:
    _, items = read_people([samira(), gert_jan(), first_contact(active=False)], "Patient/samira")
    assert values(one(items, REPRESENTATIVE), "984") == []
    assert one(items, FIRST_CONTACT).status is RecordStatus.ENDED


def test_role_relation_split_and_texts_and_unknown_codes() -> None:
    person = gert_jan()
    person["relationship"] = [
        {"coding": [{"system": ROL472, "code": "15", "display": "Mentor"}]},
        {"coding": [{"system": ROL472, "code": "09"}], "text": "Buurman en vriend"},
        {"coding": [{"system": ROL23, "code": "100001", "display": "Mantelzorger"}]},
        {"coding": [{"system": SCT, "code": "99999999", "display": "iets onbekends"}]},
        {"coding": [{"system": NULL_FLAVOR, "code": "OTH"}], "text": "Zwager"},
        {"text": "alleen tekst"},
        {"coding": [{"system": ROLE_CODE}]},
    ]
    _, items = read_people([samira(), person], "Patient/samira")
    item = one(items, REPRESENTATIVE)
    assert values(item, "982") == [
        (ROL472, "15"),
        (ROL472, "09"),
        (ROL23, "100001"),
        (SCT, "99999999"),
    ]
    unknown = item.answers_to("982")[3]
    assert unknown == Coding(SCT, "99999999", "iets onbekends")
    assert values(item, "411") == ["Buurman en vriend"]
    assert values(item, "983") == [(NULL_FLAVOR, "OTH")]
    assert values(item, "408") == ["Zwager"]


@pytest.mark.parametrize(
    ("role", "is_representative"),
    [("24", True), ("03", True), ("15", True), ("01", False), ("23", False)],
)
def test_representative_kinds(role: str, is_representative: bool) -> None:
    person = gert_jan()
    person["relationship"][0] = {"coding": [{"system": ROL472, "code": role}]}
    _, items = read_people([samira(), person], "Patient/samira")
    keys = [i.key for i in items]
    if is_representative:
        assert keys == [REPRESENTATIVE]
    elif role == "01":
        assert keys == [FIRST_CONTACT]
    else:
        assert keys == []


def test_written_authorisation_alone_is_a_representative() -> None:
    person = gert_jan()
    person["relationship"][0] = {"coding": [{"system": SCT, "code": "310141000146103"}]}
    _, items = read_people([samira(), person], "Patient/samira")
    assert values(one(items, REPRESENTATIVE), "982") == [(SCT, "310141000146103")]


def test_telecom_types() -> None:
    person = gert_jan()
    person["telecom"] = [
        {
            "system": "phone",
            "_system": {
                "extension": [
                    {
                        "url": profiles.EXT_CODE_SPECIFICATION,
                        "valueCodeableConcept": {
                            "coding": [{"system": TELECOM_TYPE, "code": "LL"}]
                        },
                    }
                ]
            },
            "value": "010-1234567",
            "use": "work",
            "extension": [{"url": profiles.EXT_COMMENT, "valueString": "alleen overdag"}],
        },
        {"system": "fax", "value": "010-7654321"},
        {"system": "pager", "value": "1234"},
        {"system": "phone", "value": "0687654321", "use": "mobile"},
        {"system": "phone", "value": "0101111111", "use": "temp"},
        {"system": "url", "value": "https://example.org"},
        {"system": "email", "value": "werk@example.org", "use": "work"},
        {"system": "email", "value": "prive@example.org"},
        "geen contactpunt",
    ]
    ctx, items = read_people([samira(), person], "Patient/samira")
    item = one(items, REPRESENTATIVE)
    phones: dict[int, dict[str, object]] = {
        a.repeat: {} for a in item.answers if a.link_id == "976"
    }
    for answer in item.answers:
        if answer.link_id in {"976", "977", "978", "979"}:
            value = answer.value.concept if isinstance(answer.value, Coding) else answer.value
            phones[answer.repeat][answer.link_id] = value
    assert phones == {
        0: {
            "976": "010-1234567",
            "977": (TELECOM_TYPE, "LL"),
            "978": (ADDRESS_USE, "WP"),
            "979": "alleen overdag",
        },
        1: {"976": "010-7654321", "977": (TELECOM_TYPE, "FAX")},
        2: {"976": "1234", "977": (ADDRESS_USE, "PG")},
        3: {"976": "0687654321", "977": (ADDRESS_USE, "MC")},
        4: {"976": "0101111111", "978": (ADDRESS_USE, "TMP")},
    }
    emails = [(a.repeat, a.value) for a in item.answers if a.link_id == "980"]
    assert emails == [(0, "werk@example.org"), (1, "prive@example.org")]
    assert [(a.repeat, values(item, "981")[0]) for a in item.answers if a.link_id == "981"] == [
        (0, (ADDRESS_USE, "WP"))
    ]
    assert len(ctx.problems) == 1  # the URL


def test_related_person_of_another_patient_is_ignored() -> None:
    ctx, items = read_people([hendrik(), gert_jan()], "Patient/hendrik")
    assert items == []
    # Reported (never silently dropped), without naming the other patient.
    assert [(p.reference, p.message) for p in ctx.problems] == [
        ("RelatedPerson/gertjan", OTHER_PATIENT)
    ]
    assert "samira" not in ctx.problems[0].message


def test_related_person_history_versions_are_items() -> None:
    old = gert_jan()
    old["meta"] = {"versionId": "3", "lastUpdated": "2023-01-01T10:00:00Z"}
    old["telecom"] = []
    _, items = read_people([samira(), old, gert_jan()], "Patient/samira")
    assert sorted(i.origin.version or "" for i in items) == ["3", "4"]


@pytest.mark.parametrize(
    "broken",
    [
        {"relationship": "24"},
        {"relationship": [{"coding": "24"}, {"coding": [None, {"code": 24}]}]},
        {"name": [{"family": ["de Jong"], "given": "Gert-Jan", "_family": []}]},
        {"telecom": [{"system": "phone", "_system": "MC", "value": 611111111}]},
        {"telecom": {"system": "email", "value": "x@y.nl", "use": ["home"]}},
        {"patient": "Patient/samira"},
        {"meta": {"lastUpdated": "gisteren"}},
        {"active": "nee"},
    ],
)
def test_malformed_related_persons_never_raise(broken: Json) -> None:
    person = gert_jan()
    person.update(broken)
    read_people([samira(), person], "Patient/samira")


# ---------------------------------------------------------------------------------------------
# Representative and first contact person (writing)


def representative_answers() -> tuple[Answer, ...]:
    return (
        Answer("973", "Gert-Jan"),
        Answer("974", "de"),
        Answer("975", "Jong"),
        Answer("976", "0611111111", 0),
        Answer("977", Coding(ADDRESS_USE, "MC", "Mobiel telefoonnummer"), 0),
        Answer("978", Coding(ADDRESS_USE, "HP", "Telefoonnummer thuis"), 0),
        Answer("979", "bereikbaar na 17 uur", 0),
        Answer("976", "010-1234567", 1),
        Answer("977", Coding(TELECOM_TYPE, "LL", "Land Line"), 1),
        Answer("978", Coding(ADDRESS_USE, "WP", "Zakelijk telefoonnummer"), 1),
        Answer("976", "010-7654321", 2),
        Answer("977", Coding(TELECOM_TYPE, "FAX", "Fax"), 2),
        Answer("980", "Gert-Jan@test.nl", 0),
        Answer("981", Coding(ADDRESS_USE, "HP", "Privé e-mailadres"), 0),
        Answer("980", "gj@werk.nl", 1),
        Answer("981", Coding(ADDRESS_USE, "WP", "Zakelijk e-mailadres"), 1),
        Answer("982", Coding(ROL472, "24", "Wettelijke vertegenwoordiger"), 0),
        Answer("982", Coding(ROL472, "09", "Anders"), 1),
        Answer("411", "Buurman"),
        Answer("983", Coding(NULL_FLAVOR, "OTH", "Anders"), 0),
        Answer("408", "Zwager"),
        Answer("984", Coding(None, "1", "Ja")),
    )


def write_and_read(
    write: Any, change: ItemChange, existing: list[Json], patient: Json
) -> tuple[list[Json], list[RecordedItem]]:
    ctx = write_context(current_related_persons=existing)
    ctx.patient_reference = f"Patient/{patient['id']}"
    write(change, ctx)
    for entry in ctx.entries:
        validate(entry["resource"])
    stored = apply_transaction(ctx.entries)
    untouched = [r for r in existing if all(s.get("id") != r.get("id") for s in stored)]
    _, items = read_people([patient, *untouched, *stored], ctx.patient_reference)
    return list(ctx.entries), items


def test_write_new_representative() -> None:
    answers = representative_answers()
    entries, items = write_and_read(
        write_legal_representative, ItemChange(REPRESENTATIVE, answers), [], samira()
    )
    (entry,) = entries
    ctx = write_context()
    assert entry["request"]["method"] == "POST"
    assert entry["fullUrl"] == ctx.full_url(WHAT_REPRESENTATIVE)
    person = entry["resource"]
    assert person["identifier"] == [ctx.identifier(WHAT_REPRESENTATIVE)]
    assert person["meta"]["profile"] == [profiles.CONTACT_PERSON]
    assert person["patient"] == {"reference": "Patient/samira", "type": "Patient"}
    assert person["name"] == [
        {
            "use": "official",
            "text": "Gert-Jan de Jong",
            "extension": [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL1"}],
            "family": "de Jong",
            "_family": {
                "extension": [
                    {"url": profiles.EXT_OWN_PREFIX, "valueString": "de"},
                    {"url": profiles.EXT_OWN_NAME, "valueString": "Jong"},
                ]
            },
            "given": ["Gert-Jan"],
        }
    ]
    mobile, landline, fax, home_mail, work_mail = person["telecom"]
    assert mobile["system"] == "phone"
    assert mobile["_system"]["extension"][0]["url"] == profiles.EXT_CODE_SPECIFICATION
    assert mobile["_system"]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "MC"
    assert mobile["use"] == "home"
    assert mobile["extension"] == [
        {"url": profiles.EXT_COMMENT, "valueString": "bereikbaar na 17 uur"}
    ]
    assert (landline["system"], landline["use"]) == ("phone", "work")
    assert fax["system"] == "fax"
    assert (home_mail["system"], home_mail["use"]) == ("email", "home")
    assert work_mail["use"] == "work"
    assert person["relationship"] == [
        {"coding": [{"system": ROL472, "code": "24", "display": "Wettelijke vertegenwoordiger"}]},
        {"coding": [{"system": ROL472, "code": "09", "display": "Anders"}], "text": "Buurman"},
        {"coding": [{"system": ROL472, "code": "01", "display": "Eerste relatie/contactpersoon"}]},
        {"coding": [{"system": NULL_FLAVOR, "code": "OTH", "display": "Anders"}], "text": "Zwager"},
    ]
    # Round trip: the same answers come back.
    assert concepts(one(items, REPRESENTATIVE).answers) == concepts(answers)


def test_write_representative_updates_existing_in_place() -> None:
    existing = gert_jan()
    existing["name"][0]["_family"]["extension"].append(
        {"url": profiles.EXT_PARTNER_NAME, "valueString": "Visser"}
    )
    _, before = read_people([samira(), existing], "Patient/samira")
    old_answers = one(before, REPRESENTATIVE).answers
    new_answers = (
        *(a for a in old_answers if a.link_id not in {"976", "977", "978"}),
        Answer("976", "0699999999", 0),
        Answer("977", Coding(ADDRESS_USE, "MC"), 0),
    )
    entries, items = write_and_read(
        write_legal_representative,
        ItemChange(REPRESENTATIVE, new_answers),
        [existing],
        samira(),
    )
    (entry,) = entries
    assert entry["request"] == {"method": "PUT", "url": "RelatedPerson/gertjan", "ifMatch": 'W/"4"'}
    person = entry["resource"]
    assert person["name"] == existing["name"]  # unchanged: kept as it was (partner part)
    assert person["address"] == existing["address"]
    assert person["relationship"] == existing["relationship"]
    assert person["identifier"] == existing["identifier"]
    assert [t.get("value") for t in person["telecom"]] == ["0699999999", "Gert-Jan@test.nl"]
    assert person["meta"]["profile"] == [profiles.CONTACT_PERSON]
    assert concepts(one(items, REPRESENTATIVE).answers) == concepts(new_answers)


def test_write_representative_always_carries_a_representative_role() -> None:
    answers = (
        Answer("975", "Jansen"),
        Answer("982", Coding(ROL472, "09", "Anders"), 0),
        Answer("411", "Buurvrouw"),
    )
    entries, items = write_and_read(
        write_legal_representative, ItemChange(REPRESENTATIVE, answers), [], samira()
    )
    codes = [c["coding"][0]["code"] for c in entries[0]["resource"]["relationship"]]
    assert codes == ["09", "24"]
    read = one(items, REPRESENTATIVE)
    assert values(read, "982") == [(ROL472, "09"), (ROL472, "24")]
    assert values(read, "411") == ["Buurvrouw"]


def test_write_new_first_contact_person_and_984_no() -> None:
    contact_answers = (
        Answer("985", "Lotte Anna"),
        Answer("987", "Bakker"),
        Answer("988", "0622222222", 0),
        Answer("989", Coding(ADDRESS_USE, "MC"), 0),
        Answer("990", Coding(ADDRESS_USE, "HP"), 0),
        Answer("992", "lotte@example.org", 0),
        Answer("993", Coding(ADDRESS_USE, "HP"), 0),
        Answer("995", Coding(ROLE_CODE, "DAUC", "Dochter")),
    )
    entries, items = write_and_read(
        write_first_contact_person,
        ItemChange(FIRST_CONTACT, contact_answers),
        [gert_jan()],
        samira(),
    )
    (entry,) = entries
    assert entry["fullUrl"] == write_context().full_url(WHAT_FIRST_CONTACT)
    person = entry["resource"]
    assert person["name"][0]["given"] == ["Lotte", "Anna"]
    assert [c["coding"][0]["code"] for c in person["relationship"]] == ["01", "DAUC"]
    assert concepts(one(items, FIRST_CONTACT).answers) == concepts(contact_answers)
    # The existing representative now reads 984 = Nee.
    assert values(one(items, REPRESENTATIVE), "984") == [(None, "0")]


def test_write_first_contact_person_keeps_other_roles() -> None:
    existing = first_contact()
    existing["relationship"].insert(1, {"coding": [{"system": ROL472, "code": "20"}]})
    change = ItemChange(
        FIRST_CONTACT, (Answer("985", "Lotte"), Answer("995", Coding(ROLE_CODE, "SIS")))
    )
    entries, _ = write_and_read(write_first_contact_person, change, [existing], samira())
    codes = [c["coding"][0]["code"] for c in entries[0]["resource"]["relationship"]]
    assert codes == ["01", "20", "SIS"]
    assert entries[0]["request"]["method"] == "PUT"


def test_write_person_without_answers_writes_nothing() -> None:
    ctx = write_context()
    write_legal_representative(ItemChange(REPRESENTATIVE, ()), ctx)
    write_first_contact_person(ItemChange(FIRST_CONTACT, ()), ctx)
    assert ctx.entries == []


@pytest.mark.parametrize(
    "answer",
    [
        Answer("978", Coding(ADDRESS_USE, "XX"), 0),
        Answer("976", Coding(ADDRESS_USE, "HP"), 0),
        Answer("982", "24"),
    ],
)
def test_write_representative_rejects_bad_answers(answer: Answer) -> None:
    with pytest.raises(ValueError, match=r"\d{3}"):
        write_legal_representative(ItemChange(REPRESENTATIVE, (answer,)), write_context())


def test_writers_check_the_item() -> None:
    with pytest.raises(ValueError, match="legal_representative"):
        write_legal_representative(ItemChange(FIRST_CONTACT, ()), write_context())
