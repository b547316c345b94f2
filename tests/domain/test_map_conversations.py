"""Conversations (Encounter + Procedure) and professionals, both ways (spec §4, §7 items 1–2).

This module also holds the fixtures modelled on the IG example patients (Hendrik Hartman,
Samira van der Sluijs) and the small "server" that the round-trip tests of the other mapping
modules share: it gives created resources an id and a version and rewrites ``urn:uuid:``
references, as a FHIR server does with a transaction.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    ACT_CODE,
    AGB_SPECIALISM,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    UZI_ROLE,
    V2_0203,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Attendee, Conversation, Professional, RecordStatus
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.conversations import read_conversations
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, read_patient
from pzp_desktop.domain.reading.professionals import resolve_professional
from pzp_desktop.domain.writing.context import NewConversation, WriteContext
from pzp_desktop.domain.writing.conversation import write_conversation

SOURCE = "bron-test"
IG_IDENTIFIER = profiles.IG_EXAMPLE_IDENTIFIER_SYSTEM
DRAFT_ID = "6f1c1d7e-3f0e-4c55-9d55-0c2d7d8f9a10"


# ---------------------------------------------------------------------------------------------
# Fixtures modelled on the IG examples


def business_id(value: str) -> list[Json]:
    return [
        {
            "type": {"coding": [{"system": V2_0203, "code": "RI"}]},
            "system": IG_IDENTIFIER,
            "value": value,
        }
    ]


def hendrik() -> Json:
    """ACP-Patient-HendrikHartman-Pat1 (plus a version and lastUpdated)."""
    return {
        "resourceType": "Patient",
        "id": "hendrik",
        "meta": {
            "versionId": "1",
            "lastUpdated": "2020-10-01T12:00:00Z",
            "profile": [profiles.PATIENT],
        },
        "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999911120"}],
        "name": [
            {
                "extension": [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL1"}],
                "use": "official",
                "text": "Hendrik Hartman",
                "family": "Hartman",
                "_family": {
                    "extension": [{"url": profiles.EXT_OWN_NAME, "valueString": "Hartman"}]
                },
                "given": ["Hendrik"],
                "_given": [{"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "BR"}]}],
            },
            {"use": "usual", "given": ["Hendrik"]},
        ],
        "birthDate": "1961-01-01",
    }


def samira() -> Json:
    """ACP-Patient-SamiraVanDerSluijs-Pat2 without ``name.text`` (read from the parts)."""
    return {
        "resourceType": "Patient",
        "id": "samira",
        "meta": {"versionId": "3", "lastUpdated": "2025-08-07T10:00:00Z"},
        "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999998298"}],
        "name": [
            {
                "use": "official",
                "family": "van der Sluijs",
                "_family": {
                    "extension": [
                        {"url": profiles.EXT_OWN_NAME, "valueString": "Sluijs"},
                        {"url": profiles.EXT_OWN_PREFIX, "valueString": "van der"},
                    ]
                },
                "given": ["Samira", "Louise"],
            },
            {"use": "usual", "given": ["Samira"]},
        ],
        "gender": "female",
        "birthDate": "1959-07-31",
    }


def van_huissen() -> list[Json]:
    """PractitionerRole (AGB specialism 0100) + Practitioner "van Huissen"."""
    return [
        {
            "resourceType": "PractitionerRole",
            "id": "role-vanhuissen",
            "identifier": business_id("ff6d8146-1014-4ef4-9645-e8207364c942"),
            "practitioner": {"reference": "Practitioner/vanhuissen", "type": "Practitioner"},
            "specialty": [
                {
                    "coding": [
                        {
                            "system": AGB_SPECIALISM,
                            "code": "0100",
                            "display": "Huisartsen, niet nader gespecificeerd",
                        }
                    ]
                }
            ],
        },
        {
            "resourceType": "Practitioner",
            "id": "vanhuissen",
            "identifier": [
                {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "01999999"}
            ],
            "name": [
                {
                    "use": "official",
                    "family": "van Huissen",
                    "_family": {
                        "extension": [
                            {"url": profiles.EXT_OWN_PREFIX, "valueString": "van"},
                            {"url": profiles.EXT_OWN_NAME, "valueString": "Huissen"},
                        ]
                    },
                }
            ],
        },
    ]


def michiel() -> Json:
    """ACP-ContactPerson-MichielHartman-Pat1: first contact + representative + brother."""
    return {
        "resourceType": "RelatedPerson",
        "id": "michiel",
        "meta": {"versionId": "1", "lastUpdated": "2020-10-01T12:00:00Z"},
        "identifier": business_id("ebe579d0-fda9-4440-ac6c-6afb0b338006"),
        "patient": {"reference": "Patient/hendrik", "type": "Patient"},
        "relationship": [
            {
                "coding": [
                    {"system": ROL472, "code": "01", "display": "Eerste relatie/contactpersoon"}
                ]
            },
            {
                "coding": [
                    {"system": ROL472, "code": "24", "display": "Wettelijke vertegenwoordiger"}
                ]
            },
            {
                "coding": [
                    {
                        "system": SCT,
                        "code": "310141000146103",
                        "display": "Schriftelijk gemachtigde zorg en behandeling",
                    }
                ]
            },
            {"coding": [{"system": ROLE_CODE, "code": "BRO", "display": "brother"}]},
        ],
        "name": [
            {
                "extension": [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL1"}],
                "use": "official",
                "text": "Michiel Hartman",
                "family": "Hartman",
                "_family": {
                    "extension": [{"url": profiles.EXT_OWN_NAME, "valueString": "Hartman"}]
                },
                "given": ["Michiel"],
            },
            {"use": "usual", "given": ["Michiel"]},
        ],
        "telecom": [{"system": "email", "value": "michiel.hartman@iknl.nl", "use": "work"}],
    }


def encounter_pat1(**changes: Any) -> Json:
    """ACP-Encounter-Pat1 (linked both ways with :func:`procedure_pat1`)."""
    resource: Json = {
        "resourceType": "Encounter",
        "id": "enc-pat1",
        "meta": {"versionId": "1", "lastUpdated": "2020-10-01T15:00:00Z"},
        "identifier": business_id("64627bfa-a127-4d3a-8187-39426d7937dc"),
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "IMP", "display": "inpatient encounter"},
        "subject": {"reference": "Patient/hendrik", "type": "Patient"},
        "participant": [
            {
                "individual": {
                    "reference": "PractitionerRole/role-vanhuissen",
                    "type": "PractitionerRole",
                }
            },
            {"individual": {"reference": "RelatedPerson/michiel", "type": "RelatedPerson"}},
        ],
        "period": {"start": "2020-10-01", "end": "2020-10-01"},
        "reasonReference": [{"reference": "Procedure/proc-pat1", "display": "Procedure, ACP"}],
    }
    resource.update(changes)
    return resource


def procedure_pat1(**changes: Any) -> Json:
    resource: Json = {
        "resourceType": "Procedure",
        "id": "proc-pat1",
        "identifier": business_id("64627bfa-f127-4d3a-2387-39426d7937dc"),
        "status": "completed",
        "encounter": {"reference": "Encounter/enc-pat1"},
        "subject": {"reference": "Patient/hendrik", "type": "Patient"},
        "performer": [
            {
                "actor": {
                    "reference": "PractitionerRole/role-vanhuissen",
                    "type": "PractitionerRole",
                }
            },
            {"actor": {"reference": "RelatedPerson/michiel", "type": "RelatedPerson"}},
            {"actor": {"reference": "Patient/hendrik", "type": "Patient"}},
        ],
        "performedPeriod": {"start": "2020-10-01", "end": "2020-10-01"},
        "code": {
            "coding": [{"system": SCT, "code": "713603004", "display": "advance care planning"}]
        },
    }
    resource.update(changes)
    return resource


def pat1_resources() -> list[Json]:
    return [hendrik(), *van_huissen(), michiel(), encounter_pat1(), procedure_pat1()]


def read_context(resources: Iterable[Json], patient: str = "Patient/hendrik") -> ReadContext:
    """A context as ``read_source`` prepares it: patient first, then the conversations."""
    ctx = ReadContext(SOURCE, resources)
    read_patient(ctx, patient)
    ctx.conversations.update(read_conversations(ctx))
    return ctx


# ---------------------------------------------------------------------------------------------
# Writing helpers: validation and a minimal server


def validate(resource: Json) -> None:
    """The resource must parse as its FHIR R4(B) model."""
    model = get_fhir_model_class(resource["resourceType"])
    model.model_validate(resource)


_URN = re.compile(r"^urn:uuid:[0-9a-f-]{36}$")


def apply_transaction(entries: list[Json], *, now: str = "2025-01-02T09:30:00Z") -> list[Json]:
    """What a server stores for the transaction entries: POSTs get an id and version 1, PUTs
    the next version (from If-Match), and every ``urn:uuid:`` reference becomes Type/id."""
    counter = itertools.count(1)
    ids: dict[str, str] = {}
    stored: list[Json] = []
    for entry in entries:
        resource = copy.deepcopy(entry["resource"])
        request = entry["request"]
        meta = resource.setdefault("meta", {})
        if request["method"] == "POST":
            resource["id"] = f"{resource['resourceType'].lower()}-{next(counter)}"
            ids[entry["fullUrl"]] = f"{resource['resourceType']}/{resource['id']}"
            meta["versionId"] = "1"
        else:
            assert request["method"] == "PUT"
            assert request["url"] == f"{resource['resourceType']}/{resource['id']}"
            previous = re.sub(r"\D", "", request.get("ifMatch", "")) or "0"
            meta["versionId"] = str(int(previous) + 1)
        meta["lastUpdated"] = now
        stored.append(resource)

    def rewrite(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "reference" and isinstance(value, str) and _URN.match(value):
                    node[key] = ids[value]
                else:
                    rewrite(value)
        elif isinstance(node, list):
            for value in node:
                rewrite(value)

    rewrite(stored)
    return stored


def no_urn_left(node: Any) -> Iterator[str]:
    """Every reference that is still a transaction-local ``urn:uuid:``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str) and value.startswith("urn:"):
                yield value
            else:
                yield from no_urn_left(value)
    elif isinstance(node, list):
        for value in node:
            yield from no_urn_left(value)


def new_conversation(**changes: Any) -> NewConversation:
    values: dict[str, Any] = {
        "identifier": DRAFT_ID,
        "date": ClinicalDate.parse("2025-01-02"),
        "professional": Professional(
            name="van Huissen",
            function=Coding(AGB_SPECIALISM, "0100", "Huisartsen, niet nader gespecificeerd"),
            reference="PractitionerRole/role-vanhuissen",
        ),
    }
    values.update(changes)
    return NewConversation(**values)


def write_context(
    conversation: NewConversation | None = None,
    *,
    current_patient: Json | None = None,
    current_related_persons: list[Json] | None = None,
) -> WriteContext:
    return WriteContext(
        patient_reference="Patient/hendrik",
        conversation=conversation or new_conversation(),
        current_patient=current_patient,
        current_related_persons=current_related_persons or [],
    )


# ---------------------------------------------------------------------------------------------
# Reading conversations


def only(conversations: dict[str, Conversation]) -> Conversation:
    assert len(conversations) == 1, conversations
    return next(iter(conversations.values()))


def test_ig_example_linked_both_ways() -> None:
    ctx = read_context(pat1_resources())
    conversations = read_conversations(ctx)
    assert list(conversations) == ["Encounter/enc-pat1"]
    conversation = conversations["Encounter/enc-pat1"]
    assert conversation.ref.source == SOURCE
    assert conversation.ref.reference == "Encounter/enc-pat1"
    assert conversation.date == ClinicalDate.parse("2020-10-01")
    assert conversation.encounter == "Encounter/enc-pat1"
    assert conversation.procedure == "Procedure/proc-pat1"
    assert conversation.patient_present is True
    assert conversation.contact_class is not None
    assert conversation.contact_class.is_(ACT_CODE, "IMP")
    assert conversation.comment is None
    assert conversation.status is RecordStatus.CURRENT
    assert conversation.notes == ()
    professional = conversation.professional
    assert professional is not None
    assert professional.name == "van Huissen"
    assert professional.reference == "PractitionerRole/role-vanhuissen"
    assert professional.function is not None
    assert professional.function.is_(AGB_SPECIALISM, "0100")
    # Michiel is both participant and performer: one attendee.
    assert len(conversation.attendees) == 1
    attendee = conversation.attendees[0]
    assert attendee.name == "Michiel Hartman"
    assert attendee.reference == "RelatedPerson/michiel"
    assert [c.code for c in attendee.roles] == ["01", "24", "310141000146103"]
    assert [c.concept for c in attendee.relations] == [(ROLE_CODE, "BRO")]
    assert ctx.problems == []


def test_encounter_only_linked_via_reason_reference_with_comment() -> None:
    """ACP-Encounter-1-Pat2: the Procedure has no ``encounter`` (spec §7 item 2)."""
    encounter = encounter_pat1(
        reasonReference=[
            {
                "reference": "Procedure/proc-pat1",
                "extension": [
                    {"url": profiles.EXT_COMMENT, "valueString": "Derde PZP gesprek van mevrouw"}
                ],
            }
        ]
    )
    procedure = procedure_pat1()
    del procedure["encounter"]
    ctx = read_context([hendrik(), *van_huissen(), michiel(), encounter, procedure])
    conversation = only(read_conversations(ctx))
    assert conversation.ref.reference == "Encounter/enc-pat1"
    assert conversation.procedure == "Procedure/proc-pat1"
    assert conversation.comment == "Derde PZP gesprek van mevrouw"


def test_procedure_links_encounter_without_reason_reference() -> None:
    encounter = encounter_pat1()
    del encounter["reasonReference"]
    ctx = read_context([hendrik(), *van_huissen(), michiel(), encounter, procedure_pat1()])
    conversation = only(read_conversations(ctx))
    assert conversation.ref.reference == "Encounter/enc-pat1"
    assert conversation.procedure == "Procedure/proc-pat1"


def test_encounter_without_subject_means_patient_absent() -> None:
    """Spec §7 item 1: found from the Procedure; no subject ⇒ patient not present."""
    encounter = encounter_pat1()
    del encounter["subject"]
    procedure = procedure_pat1(performer=procedure_pat1()["performer"][:2])
    ctx = read_context([hendrik(), *van_huissen(), michiel(), encounter, procedure])
    conversation = only(read_conversations(ctx))
    assert conversation.patient_present is False


def test_patient_as_performer_counts_as_present() -> None:
    encounter = encounter_pat1()
    del encounter["subject"]
    ctx = read_context([hendrik(), *van_huissen(), michiel(), encounter, procedure_pat1()])
    assert only(read_conversations(ctx)).patient_present is True


def test_procedure_without_any_encounter_is_its_own_conversation() -> None:
    procedure = procedure_pat1()
    del procedure["encounter"]
    ctx = read_context([hendrik(), *van_huissen(), michiel(), procedure])
    conversation = only(read_conversations(ctx))
    assert conversation.ref.reference == "Procedure/proc-pat1"
    assert conversation.encounter is None
    assert conversation.date == ClinicalDate.parse("2020-10-01")
    assert conversation.patient_present is True  # the Patient is a performer
    assert conversation.professional is not None
    assert conversation.professional.name == "van Huissen"
    assert "no-encounter" in conversation.notes


def test_procedure_with_performed_date_time_only() -> None:
    procedure = procedure_pat1(performedDateTime="2020-10-01T14:30:00+02:00")
    del procedure["encounter"]
    del procedure["performedPeriod"]
    ctx = read_context([hendrik(), procedure])
    conversation = only(read_conversations(ctx))
    assert conversation.date == ClinicalDate.parse("2020-10-01T14:30:00+02:00")


def test_date_falls_back_from_bad_encounter_period_to_procedure() -> None:
    encounter = encounter_pat1(period={"start": "01-10-2020"})
    ctx = read_context([hendrik(), *van_huissen(), michiel(), encounter, procedure_pat1()])
    conversation = only(read_conversations(ctx))
    assert conversation.date == ClinicalDate.parse("2020-10-01")
    assert any("datum" in p.message for p in ctx.problems)


def test_missing_period_everywhere_gives_no_date() -> None:
    encounter = encounter_pat1()
    del encounter["period"]
    procedure = procedure_pat1()
    del procedure["performedPeriod"]
    ctx = read_context([hendrik(), encounter, procedure])
    assert only(read_conversations(ctx)).date is None


@pytest.mark.parametrize(
    ("encounter_status", "procedure_status", "expected"),
    [
        ("finished", "completed", RecordStatus.CURRENT),
        ("entered-in-error", "completed", RecordStatus.ERROR),
        ("cancelled", "completed", RecordStatus.ERROR),
        ("finished", "entered-in-error", RecordStatus.ERROR),
    ],
)
def test_status(encounter_status: str, procedure_status: str, expected: RecordStatus) -> None:
    resources = [
        hendrik(),
        encounter_pat1(status=encounter_status),
        procedure_pat1(status=procedure_status),
    ]
    assert only(read_conversations(read_context(resources))).status is expected


def test_unrelated_and_foreign_encounters_are_ignored() -> None:
    other_contact = encounter_pat1(id="enc-other", reasonReference=[])
    foreign = encounter_pat1(
        id="enc-foreign",
        subject={"reference": "Patient/someone-else"},
        reasonReference=[{"reference": "Procedure/proc-foreign"}],
    )
    foreign_procedure = procedure_pat1(
        id="proc-foreign",
        encounter={"reference": "Encounter/enc-foreign"},
        subject={"reference": "Patient/someone-else"},
    )
    other_procedure = procedure_pat1(
        id="proc-knee",
        encounter={"reference": "Encounter/enc-other"},
        code={"coding": [{"system": SCT, "code": "179344006"}]},
    )
    resources = [
        hendrik(),
        encounter_pat1(),
        procedure_pat1(),
        other_contact,
        other_procedure,
        foreign,
        foreign_procedure,
    ]
    ctx = read_context(resources)  # reads the conversations
    assert list(ctx.conversations) == ["Encounter/enc-pat1"]
    # The conversation of another patient is reported, without naming that patient; an
    # unrelated contact of this patient is no PZP record and is not.
    assert [(p.reference, p.message) for p in ctx.problems] == [
        ("Encounter/enc-foreign", OTHER_PATIENT)
    ]
    assert "someone-else" not in ctx.problems[0].message


def test_acp_profiled_encounter_without_procedure_is_kept() -> None:
    encounter = encounter_pat1(meta={"profile": [profiles.ENCOUNTER]}, reasonReference=[])
    conversation = only(read_conversations(read_context([hendrik(), encounter])))
    assert conversation.procedure is None
    assert "no-procedure" in conversation.notes


def test_procedure_with_profile_but_other_code_is_accepted_with_note() -> None:
    procedure = procedure_pat1(
        meta={"profile": [profiles.PROCEDURE]},
        code={"coding": [{"system": "urn:oid:2.16.840.1.113883.2.4.3.11.22.39", "code": "190099"}]},
    )
    conversation = only(read_conversations(read_context([hendrik(), encounter_pat1(), procedure])))
    assert "procedure-code-other" in conversation.notes


def test_history_versions_use_the_newest() -> None:
    old = encounter_pat1(meta={"versionId": "1"}, period={"start": "2020-09-30"})
    new = encounter_pat1(meta={"versionId": "2"}, period={"start": "2020-10-01"})
    ctx = read_context([hendrik(), old, new, procedure_pat1()])
    assert only(read_conversations(ctx)).date == ClinicalDate.parse("2020-10-01")


def test_unresolved_attendee_and_professional_are_kept_as_references() -> None:
    ctx = read_context([hendrik(), encounter_pat1(), procedure_pat1()])
    conversation = only(read_conversations(ctx))
    assert conversation.professional == Professional(reference="PractitionerRole/role-vanhuissen")
    assert conversation.attendees == (Attendee(reference="RelatedPerson/michiel"),)


@pytest.mark.parametrize(
    "broken",
    [
        {"participant": "iemand"},
        {"participant": [{"individual": "PractitionerRole/x"}, 7, None]},
        {"class": "AMB"},
        {"class": [{"coding": [{"system": ACT_CODE, "code": "HH"}]}]},
        {"reasonReference": {"reference": 12}},
        {"subject": "Patient/hendrik"},
        {"period": ["2020-10-01"]},
        {"status": 3},
        {"meta": "v1"},
    ],
)
def test_malformed_encounters_never_raise(broken: Json) -> None:
    ctx = read_context([hendrik(), encounter_pat1(**broken), procedure_pat1()])
    conversations = read_conversations(ctx)
    assert list(conversations) == ["Encounter/enc-pat1"]


@pytest.mark.parametrize(
    "broken",
    [
        {"performer": [{"actor": ["x"]}]},
        {"encounter": "Encounter/enc-pat1"},
        {"code": "713603004"},
        {"performedPeriod": {"start": 2020}},
        {"subject": None},
    ],
)
def test_malformed_procedures_never_raise(broken: Json) -> None:
    ctx = read_context([hendrik(), encounter_pat1(), procedure_pat1(**broken)])
    read_conversations(ctx)


# ---------------------------------------------------------------------------------------------
# Professionals


def test_practitioner_role_prefers_uzi_over_agb() -> None:
    role, practitioner = van_huissen()
    role["specialty"].append(
        {"coding": [{"system": UZI_ROLE, "code": "01.015", "display": "Huisarts"}]}
    )
    ctx = ReadContext(SOURCE, [role, practitioner])
    professional = resolve_professional(ctx, "PractitionerRole/role-vanhuissen", None)
    assert professional is not None
    assert professional.function is not None
    assert professional.function.is_(UZI_ROLE, "01.015")
    assert professional.name == "van Huissen"


def test_unknown_specialty_code_is_kept() -> None:
    role, practitioner = van_huissen()
    role["specialty"] = [{"coding": [{"system": "urn:oid:9.9", "code": "X", "display": "Iets"}]}]
    professional = resolve_professional(
        ReadContext(SOURCE, [role, practitioner]), "PractitionerRole/role-vanhuissen", None
    )
    assert professional is not None
    assert professional.function == Coding("urn:oid:9.9", "X", "Iets")


def test_bare_practitioner_is_tolerated() -> None:
    _, practitioner = van_huissen()
    ctx = ReadContext(SOURCE, [practitioner])
    professional = resolve_professional(ctx, "Practitioner/vanhuissen", None)
    assert professional == Professional(name="van Huissen", reference="Practitioner/vanhuissen")


def test_contained_practitioner_role_and_practitioner() -> None:
    role, practitioner = van_huissen()
    role = {**role, "id": "r1", "practitioner": {"reference": "#p1"}}
    practitioner = {**practitioner, "id": "p1"}
    observation = {
        "resourceType": "Observation",
        "id": "obs",
        "contained": [role, practitioner],
        "performer": [{"reference": "#r1"}],
    }
    ctx = ReadContext(SOURCE, [observation])
    professional = ctx.professional("#r1", observation)
    assert professional is not None
    assert professional.name == "van Huissen"
    assert professional.reference is None  # a contained id is not an identity
    assert professional.function is not None


def test_missing_resources_give_a_reference_without_name() -> None:
    ctx = ReadContext(SOURCE, [])
    assert resolve_professional(ctx, "PractitionerRole/x", None) == Professional(
        reference="PractitionerRole/x"
    )
    assert resolve_professional(ctx, "https://fhir.example.org/Practitioner/y", None) == (
        Professional(reference="Practitioner/y")
    )


def test_role_without_practitioner_uses_display() -> None:
    role, _ = van_huissen()
    role["practitioner"] = {"reference": "Practitioner/gone", "display": "Dr. van Huissen"}
    professional = resolve_professional(
        ReadContext(SOURCE, [role]), "PractitionerRole/role-vanhuissen", None
    )
    assert professional is not None
    assert professional.name == "Dr. van Huissen"


def test_non_professionals_are_not_professionals() -> None:
    ctx = ReadContext(SOURCE, [hendrik(), michiel()])
    assert resolve_professional(ctx, "Patient/hendrik", None) is None
    assert resolve_professional(ctx, "RelatedPerson/michiel", None) is None
    assert resolve_professional(ctx, "Organization/zh", None) is None


def test_practitioner_with_initials_only() -> None:
    practitioner: Json = {
        "resourceType": "Practitioner",
        "id": "p",
        "name": [
            {
                "family": "Wolters",
                "given": ["D.", "M."],
                "_given": [
                    {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "IN"}]},
                    {"extension": [{"url": profiles.EXT_EN_QUALIFIER, "valueCode": "IN"}]},
                ],
            }
        ],
    }
    professional = resolve_professional(ReadContext(SOURCE, [practitioner]), "Practitioner/p", None)
    assert professional is not None
    assert professional.name == "D. M. Wolters"


# ---------------------------------------------------------------------------------------------
# Writing conversations


def test_write_conversation_resources() -> None:
    conversation = new_conversation(
        attendees=(
            Attendee(
                name="Maya van der Sluijs-Mulder",
                roles=(Coding(ROL472, "09", "Anders"),),
                relations=(Coding(ROLE_CODE, "SIS", "Zuster"),),
            ),
            Attendee(reference="RelatedPerson/michiel"),
        ),
        comment="Eerste PZP-gesprek",
        contact_class=Coding(ACT_CODE, "HH", "home health"),
    )
    ctx = write_context(conversation)
    write_conversation(ctx)
    entries = ctx.entries
    assert [e["resource"]["resourceType"] for e in entries] == [
        "Encounter",
        "Procedure",
        "RelatedPerson",
    ]
    for entry in entries:
        validate(entry["resource"])
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["ifNoneExist"].startswith("identifier=")
    encounter, procedure, maya = (e["resource"] for e in entries)
    assert entries[0]["fullUrl"] == ctx.encounter_url
    assert entries[1]["fullUrl"] == ctx.procedure_url
    assert entries[2]["fullUrl"] == ctx.full_url("RelatedPerson:attendee:0")

    assert encounter["meta"]["profile"] == [profiles.ENCOUNTER]
    assert encounter["status"] == "finished"
    assert encounter["class"] == {"system": ACT_CODE, "code": "HH", "display": "home health"}
    assert encounter["subject"]["reference"] == "Patient/hendrik"
    assert encounter["period"] == {"start": "2025-01-02", "end": "2025-01-02"}
    assert [p["individual"]["reference"] for p in encounter["participant"]] == [
        "PractitionerRole/role-vanhuissen",
        ctx.full_url("RelatedPerson:attendee:0"),
        "RelatedPerson/michiel",
    ]
    assert encounter["reasonReference"] == [
        {
            "reference": ctx.procedure_url,
            "type": "Procedure",
            "extension": [{"url": profiles.EXT_COMMENT, "valueString": "Eerste PZP-gesprek"}],
        }
    ]

    assert procedure["meta"]["profile"] == [profiles.PROCEDURE]
    assert procedure["code"]["coding"][0]["code"] == "713603004"
    assert procedure["status"] == "completed"
    assert procedure["encounter"]["reference"] == ctx.encounter_url
    assert procedure["performedPeriod"] == {"start": "2025-01-02", "end": "2025-01-02"}
    assert [p["actor"]["reference"] for p in procedure["performer"]] == [
        "PractitionerRole/role-vanhuissen",
        ctx.full_url("RelatedPerson:attendee:0"),
        "RelatedPerson/michiel",
        "Patient/hendrik",
    ]

    assert maya["meta"]["profile"] == [profiles.CONTACT_PERSON]
    assert maya["patient"]["reference"] == "Patient/hendrik"
    assert maya["name"] == [{"text": "Maya van der Sluijs-Mulder"}]
    assert [c["coding"][0]["code"] for c in maya["relationship"]] == ["09", "SIS"]


def test_write_conversation_patient_absent_and_default_class() -> None:
    ctx = write_context(new_conversation(patient_present=False))
    write_conversation(ctx)
    encounter, procedure = (e["resource"] for e in ctx.entries)
    assert "subject" not in encounter
    assert encounter["class"]["system"] == ACT_CODE
    assert encounter["class"]["code"] == "AMB"
    assert "extension" not in encounter["reasonReference"][0]
    assert procedure["subject"]["reference"] == "Patient/hendrik"  # 1..1 in R4
    assert all(p["actor"]["type"] != "Patient" for p in procedure["performer"])
    for entry in ctx.entries:
        validate(entry["resource"])


def test_write_conversation_is_deterministic_per_draft() -> None:
    first, second = write_context(), write_context()
    write_conversation(first)
    write_conversation(second)
    assert first.entries == second.entries


def round_trip_conversation(conversation: NewConversation) -> Conversation:
    ctx = write_context(conversation)
    write_conversation(ctx)
    stored = apply_transaction(ctx.entries)
    assert list(no_urn_left(stored)) == []
    read = read_context([hendrik(), *van_huissen(), michiel(), *stored])
    return only(read_conversations(read))


@pytest.mark.parametrize("patient_present", [True, False])
def test_round_trip_conversation(patient_present: bool) -> None:
    conversation = new_conversation(
        patient_present=patient_present,
        attendees=(
            Attendee(
                name="Maya van der Sluijs-Mulder",
                roles=(Coding(ROL472, "09", "Anders"),),
                relations=(Coding(ROLE_CODE, "SIS", "Zuster"),),
            ),
            Attendee(name="Gert-Jan de Jong", relations=(Coding(ROLE_CODE, "HUSB", "Echtgenoot"),)),
        ),
        comment="Tweede PZP-gesprek",
        contact_class=Coding(ACT_CODE, "HH", "home health"),
    )
    read = round_trip_conversation(conversation)
    assert read.date == conversation.date
    assert read.patient_present is patient_present
    assert read.comment == conversation.comment
    assert read.contact_class == conversation.contact_class
    assert read.professional is not None
    assert read.professional.same_person(conversation.professional)
    assert read.professional.name == "van Huissen"
    assert read.professional.function == conversation.professional.function
    assert [(a.name, a.roles, a.relations) for a in read.attendees] == [
        (a.name, a.roles, a.relations) for a in conversation.attendees
    ]
    assert read.status is RecordStatus.CURRENT
    assert read.notes == ()


def test_round_trip_other_role_and_relation_texts() -> None:
    """The free text of "Anders" travels as the coding's display (as in the QR reader)."""
    conversation = new_conversation(
        attendees=(
            Attendee(
                name="Piet Buur",
                roles=(Coding(ROL472, "09", "Buurman"),),
                relations=(Coding(NULL_FLAVOR, "OTH", "Zwager"),),
            ),
        )
    )
    ctx = write_context(conversation)
    write_conversation(ctx)
    person = ctx.entries[2]["resource"]
    assert person["relationship"] == [
        {"coding": [{"system": ROL472, "code": "09", "display": "Anders"}], "text": "Buurman"},
        {"coding": [{"system": NULL_FLAVOR, "code": "OTH", "display": "Anders"}], "text": "Zwager"},
    ]
    read = round_trip_conversation(conversation)
    assert read.attendees[0].roles == (Coding(ROL472, "09", "Buurman"),)
    assert read.attendees[0].relations == (Coding(NULL_FLAVOR, "OTH", "Zwager"),)


def test_round_trip_existing_attendee() -> None:
    read = round_trip_conversation(
        new_conversation(attendees=(Attendee(reference="RelatedPerson/michiel"),))
    )
    assert [a.reference for a in read.attendees] == ["RelatedPerson/michiel"]
    assert read.attendees[0].name == "Michiel Hartman"


def test_round_trip_time_of_day_is_kept() -> None:
    moment = ClinicalDate.parse("2025-01-02T14:05:00+01:00")
    read = round_trip_conversation(new_conversation(date=moment))
    assert read.date == moment
    assert read.date is not None
    assert read.date.raw == "2025-01-02T14:05:00+01:00"


def test_write_rejects_role_and_relation_swapped() -> None:
    conversation = new_conversation(
        attendees=(Attendee(name="X", roles=(Coding(ROLE_CODE, "SIS"),)),)
    )
    with pytest.raises(ValueError, match="verwisseld"):
        write_conversation(write_context(conversation))


def test_write_without_professional_reference_still_validates() -> None:
    ctx = write_context(new_conversation(professional=Professional(name="Onbekend")))
    write_conversation(ctx)
    encounter, procedure = (e["resource"] for e in ctx.entries)
    assert "participant" not in encounter
    validate(encounter)
    validate(procedure)
