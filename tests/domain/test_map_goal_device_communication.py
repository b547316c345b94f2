"""Goal, DeviceUseStatement/Device and Communication ↔ items (sections 3, 4h, 8a)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import NULL_FLAVOR, SCT, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    RecordedItem,
    RecordStatus,
    value_signature,
)
from pzp_desktop.domain.reading.communication import read_communication
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.devices import read_device_use_statement
from pzp_desktop.domain.reading.goal import read_goal
from pzp_desktop.domain.reading.patient import OTHER_PATIENT
from pzp_desktop.domain.writing.communication import write_informed_relatives
from pzp_desktop.domain.writing.context import ItemChange
from pzp_desktop.domain.writing.devices import write_icd
from pzp_desktop.domain.writing.goal import write_goal
from tests.domain.agreements_support import (
    BASE_CONVERSATIONS,
    DE_VRIES,
    ENCOUNTER_2020,
    ENCOUNTER_2022,
    NEW_CONVERSATION,
    OTHER_ROLE_REF,
    PATIENT_REF,
    ROLE_REF,
    SOURCE,
    VAN_HUISSEN,
    WRITE_DATE,
    base_resources,
    conversation,
    encounter,
    encounter_extension,
    ig_identifier,
    make_context,
    raw_date,
    read_back,
    reference_of_professional,
    round_trip,
    write_context,
)

Reader = Callable[[Json, ReadContext], list[RecordedItem]]


def read_one(reader: Reader, resource: Json, *others: Json) -> tuple[RecordedItem, ReadContext]:
    ctx = make_context([*others, resource])
    items = reader(resource, ctx)
    assert len(items) == 1
    return items[0], ctx


_JUNK: list[Any] = [None, 7, "x", [], {}, [1, "a"], {"coding": "x"}, False]


def assert_never_raises(reader: Reader, resource: Json, *others: Json) -> None:
    """Every top-level element replaced by junk: readers report, they never raise."""
    for key, junk in itertools.product(list(resource), _JUNK):
        if key == "resourceType":
            continue
        variant = {**resource, key: junk}
        reader(variant, make_context([*others, variant]))


# --- Goal ----------------------------------------------------------------------------------------


def goal(code: Coding | None, **fields: Any) -> Json:
    """Goal ACP-Medical-Policy-Goal shaped like the IG's examples (statusDate only)."""
    resource: Json = {
        "resourceType": "Goal",
        "id": "F1-ACP-MedicalPolicyGoal",
        "meta": {"profile": [profiles.MEDICAL_POLICY_GOAL], "lastUpdated": "2025-07-01T08:00:00Z"},
        "identifier": ig_identifier("a1e0d113-bf6d-4e5c-9bf4-044eda75b709"),
        "lifecycleStatus": "active",
        "subject": {"reference": PATIENT_REF},
        "statusDate": "2020-10-01",
        "extension": [encounter_extension(ENCOUNTER_2020)],
    }
    if code is not None:
        resource["description"] = {"coding": [code.to_fhir()]}
    resource.update(fields)
    return resource


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (Coding(SCT, "385987000", "zorg bij ziekte en/of letsel"), ag.GOAL_CURATIVE),
        (Coding(SCT, "1351964001", "levensverlengende behandeling"), ag.GOAL_LIFE_PROLONGING),
        (Coding(SCT, "225353007"), ag.GOAL_SYMPTOM_RELIEF),
        (Coding(NULL_FLAVOR, "UNK"), ag.GOAL_UNKNOWN),
    ],
)
def test_goal_codes_read_with_form_displays(received: Coding, expected: Coding) -> None:
    item, ctx = read_one(read_goal, goal(received))
    assert item.key == ItemKey(ItemId.TREATMENT_GOAL)
    assert item.answers == (Answer("999", expected),)
    assert item.notes == ()
    assert raw_date(item.recorded) == "2020-10-01"
    assert item.date_basis is DateBasis.RECORD
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2020}"
    assert item.professional == VAN_HUISSEN  # the conversation's
    assert ctx.problems == []


def test_goal_713148004_reads_as_225353007() -> None:
    received = Coding(SCT, "713148004", "voorkomen en behandelen van symptomen")
    item, _ = read_one(read_goal, goal(received))
    assert item.answers == (Answer("999", ag.GOAL_SYMPTOM_RELIEF),)
    assert item.notes == ("goal-code-713148004",)


def test_goal_unknown_code_is_kept_when_declared_pzp() -> None:
    item, _ = read_one(read_goal, goal(Coding(SCT, "99999999", "iets")))
    assert item.answers == (Answer("999", Coding(SCT, "99999999", "iets")),)
    assert "unknown-code" in item.notes


def test_goal_that_is_not_pzp_is_ignored() -> None:
    resource = goal(Coding(SCT, "289169006", "gewichtsverlies"))
    resource["meta"] = {}
    ctx = make_context([resource])
    assert read_goal(resource, ctx) == []
    assert ctx.problems == []


def test_goal_with_acp_category_of_later_ig_versions_is_pzp() -> None:
    resource = goal(Coding(SCT, "12345"))
    resource["meta"] = {}
    resource["category"] = [{"coding": [{"system": SCT, "code": "713603004"}]}]
    item, _ = read_one(read_goal, resource)
    assert "unknown-code" in item.notes


def test_goal_without_description_is_reported() -> None:
    item, ctx = read_one(read_goal, goal(None))
    assert item.answers == ()
    assert "no-value" in item.notes
    assert ctx.problems


@pytest.mark.parametrize(
    ("lifecycle", "expected"),
    [
        ("entered-in-error", RecordStatus.ERROR),
        ("cancelled", RecordStatus.ERROR),
        ("rejected", RecordStatus.ERROR),
        ("completed", RecordStatus.ENDED),
        ("active", RecordStatus.CURRENT),
        ("on-hold", RecordStatus.CURRENT),
    ],
)
def test_goal_status(lifecycle: str, expected: RecordStatus) -> None:
    item, _ = read_one(read_goal, goal(ag.GOAL_CURATIVE, lifecycleStatus=lifecycle))
    assert item.status is expected


def test_goal_dates_in_order_of_preference() -> None:
    start, _ = read_one(read_goal, goal(ag.GOAL_CURATIVE, startDate="2020-09-30"))
    assert raw_date(start.recorded) == "2020-09-30"
    assert "date-mismatch" in start.notes

    bad, ctx = read_one(read_goal, goal(ag.GOAL_CURATIVE, startDate="gisteren"))
    assert raw_date(bad.recorded) == "2020-10-01"
    assert ctx.problems

    no_dates = goal(ag.GOAL_CURATIVE)
    del no_dates["statusDate"]
    linked, _ = read_one(read_goal, no_dates)
    assert linked.date_basis is DateBasis.CONVERSATION

    del no_dates["extension"]
    unlinked, _ = read_one(read_goal, no_dates)
    assert unlinked.date_basis is DateBasis.LAST_UPDATED
    assert unlinked.conversation is None
    assert unlinked.professional is None


def test_goal_expressed_by_professional() -> None:
    resource = goal(ag.GOAL_CURATIVE, expressedBy={"reference": OTHER_ROLE_REF})
    item, _ = read_one(read_goal, resource)
    assert item.professional == DE_VRIES

    by_patient = goal(ag.GOAL_CURATIVE, expressedBy={"reference": PATIENT_REF})
    item, _ = read_one(read_goal, by_patient)
    assert item.professional == VAN_HUISSEN


def test_malformed_goals_never_raise() -> None:
    assert_never_raises(read_goal, goal(ag.GOAL_CURATIVE, startDate="2020-10-01"))


@pytest.mark.parametrize(
    "chosen", [ag.GOAL_CURATIVE, ag.GOAL_LIFE_PROLONGING, ag.GOAL_SYMPTOM_RELIEF]
)
def test_round_trip_goal(chosen: Coding) -> None:
    answers = [Answer("999", chosen)]
    items, ctx = round_trip(ItemKey(ItemId.TREATMENT_GOAL), answers)
    (item,) = items
    assert item.signature == value_signature(tuple(answers))
    assert item.answer("999") == chosen  # with the form's display
    assert item.conversation == NEW_CONVERSATION.ref
    assert reference_of_professional(item.professional) == ROLE_REF
    assert item.date_basis is DateBasis.RECORD

    resource = ctx.entries[0]["resource"]
    assert resource["meta"] == {"profile": [profiles.MEDICAL_POLICY_GOAL]}
    assert resource["lifecycleStatus"] == "active"
    assert resource["startDate"] == resource["statusDate"] == WRITE_DATE
    assert resource["subject"]["reference"] == PATIENT_REF
    assert resource["expressedBy"]["reference"] == ROLE_REF
    assert ctx.encounter_extension() in resource["extension"]
    written = resource["description"]["coding"]
    if chosen == ag.GOAL_SYMPTOM_RELIEF:
        assert written == [ag.GOAL_SYMPTOM_RELIEF_IN_GOAL.to_fhir()]
        assert item.notes == ("goal-code-713148004",)
    else:
        assert written == [chosen.to_fhir()]
        assert item.notes == ()


def test_goal_unknown_writes_nothing_and_date_time_becomes_a_date() -> None:
    ctx = write_context()
    write_goal(ItemChange(ItemKey(ItemId.TREATMENT_GOAL), (Answer("999", ag.GOAL_UNKNOWN),)), ctx)
    assert ctx.entries == []

    timed = write_context("2024-03-12T23:30:00Z")  # already the 13th in Amsterdam
    write_goal(
        ItemChange(ItemKey(ItemId.TREATMENT_GOAL), (Answer("999", ag.GOAL_CURATIVE),)), timed
    )
    assert timed.entries[0]["resource"]["startDate"] == "2024-03-13"


def test_goal_writer_is_strict() -> None:
    change = ItemChange(ItemKey(ItemId.TREATMENT_GOAL), (Answer("999", Coding(SCT, "1")),))
    with pytest.raises(ValueError, match="999"):
        write_goal(change, write_context())


# --- DeviceUseStatement / Device -----------------------------------------------------------------


def icd_device(did: str = "F1-ACP-MedicalDevice.Product-ICD", *codes: Coding) -> Json:
    types = codes or (Coding(SCT, "72506001", "implanteerbare cardioverter-defibrillator"),)
    return {
        "resourceType": "Device",
        "id": did,
        "meta": {"profile": [profiles.ICD_PRODUCT]},
        "identifier": ig_identifier("00e66024-84a5-44f8-84e9-f8ac339bfd5a"),
        "type": {"coding": [c.to_fhir() for c in types]},
    }


def device_use(device_ref: str | None, **fields: Any) -> Json:
    """DeviceUseStatement ACP-MedicalDevice shaped like the IG's ICD example."""
    resource: Json = {
        "resourceType": "DeviceUseStatement",
        "id": "F1-ACP-MedicalDevice-ICD",
        "meta": {"profile": [profiles.MEDICAL_DEVICE], "lastUpdated": "2025-07-01T08:00:00Z"},
        "identifier": ig_identifier("99a671c0-f756-4c29-bba2-ad8d6f05a5fe"),
        "extension": [encounter_extension(ENCOUNTER_2020)],
        "subject": {"reference": PATIENT_REF},
        "status": "active",
        "timingPeriod": {"start": "2018"},
        "note": [{"text": "Geïmplanteerd in 2018"}],
    }
    if device_ref is not None:
        resource["device"] = {"reference": device_ref}
    resource.update(fields)
    return resource


def test_ig_icd_example_with_referenced_device() -> None:
    item, ctx = read_one(
        read_device_use_statement,
        device_use("Device/F1-ACP-MedicalDevice.Product-ICD"),
        icd_device(),
    )
    assert item.key == ItemKey(ItemId.ICD)
    assert item.answers == (
        Answer("1006", ag.ICD_YES),
        Answer("1008", ag.ICD_PRODUCT),
        Answer("1009", "Geïmplanteerd in 2018"),
    )
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2020}"
    assert raw_date(item.recorded) == "2020-10-01"
    assert item.date_basis is DateBasis.CONVERSATION
    assert item.professional == VAN_HUISSEN
    assert item.notes == ()
    assert ctx.problems == []


def test_contained_device_and_specific_icd_type() -> None:
    device = icd_device("icd", Coding(SCT, "465460004"))
    resource = device_use("#icd", contained=[device])
    item, ctx = read_one(read_device_use_statement, resource)
    assert item.answer("1006") == ag.ICD_YES
    assert item.answer(ag.DEVICE_TYPE) == Coding(
        SCT, "465460004", "univentriculaire implanteerbare hartdefibrillator"
    )
    assert item.notes == ()
    assert ctx.problems == []


def test_device_of_unknown_type_is_shown_not_dropped() -> None:
    hearing_aid = icd_device("hoortoestel", Coding(SCT, "6012004", "hoortoestel"))
    hearing_aid["meta"] = {}
    item, _ = read_one(read_device_use_statement, device_use("Device/hoortoestel"), hearing_aid)
    assert item.answer("1006") is None
    assert item.answer(ag.DEVICE_TYPE) == Coding(SCT, "6012004", "hoortoestel")
    assert "unknown-device-type" in item.notes


def test_declared_icd_with_unknown_descendant_code() -> None:
    device = icd_device("icd2", Coding(SCT, "1234567890", "nieuw ICD-type"))
    item, _ = read_one(read_device_use_statement, device_use("Device/icd2"), device)
    assert item.answer("1006") == ag.ICD_YES
    assert item.answer(ag.DEVICE_TYPE) == Coding(SCT, "1234567890", "nieuw ICD-type")
    assert "unknown-device-type" in item.notes


@pytest.mark.parametrize("device_ref", ["Device/weg", "#weg", None])
def test_missing_device_is_reported_and_still_shown(device_ref: str | None) -> None:
    item, ctx = read_one(read_device_use_statement, device_use(device_ref))
    assert item.key == ItemKey(ItemId.ICD)
    assert item.answer("1006") is None
    assert item.answer("1009") == "Geïmplanteerd in 2018"
    assert "device-unresolved" in item.notes
    assert len(ctx.problems) == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("entered-in-error", RecordStatus.ERROR),
        ("completed", RecordStatus.ENDED),
        ("stopped", RecordStatus.ENDED),
        ("active", RecordStatus.CURRENT),
    ],
)
def test_device_use_status(status: str, expected: RecordStatus) -> None:
    resource = device_use("Device/F1-ACP-MedicalDevice.Product-ICD", status=status)
    item, _ = read_one(read_device_use_statement, resource, icd_device())
    assert item.status is expected


def test_device_use_dates() -> None:
    recorded = device_use("Device/x", recordedOn="2020-09-15")
    item, _ = read_one(read_device_use_statement, recorded, icd_device("x"))
    assert item.date_basis is DateBasis.CONVERSATION
    assert "date-mismatch" in item.notes  # recordedOn vs the linked conversation

    unlinked = device_use("Device/x", recordedOn="2020-09-15")
    del unlinked["extension"]
    item, _ = read_one(read_device_use_statement, unlinked, icd_device("x"))
    assert raw_date(item.recorded) == "2020-09-15"
    assert item.date_basis is DateBasis.RECORD
    assert item.notes == ()

    del unlinked["recordedOn"]
    item, _ = read_one(read_device_use_statement, unlinked, icd_device("x"))
    assert raw_date(item.recorded) == "2018"

    del unlinked["timingPeriod"]
    item, _ = read_one(read_device_use_statement, unlinked, icd_device("x"))
    assert item.date_basis is DateBasis.LAST_UPDATED


def test_malformed_device_uses_never_raise() -> None:
    assert_never_raises(read_device_use_statement, device_use("Device/x"), icd_device("x"))
    broken_device = {"resourceType": "Device", "id": "x", "type": "ICD"}
    item, _ = read_one(read_device_use_statement, device_use("Device/x"), broken_device)
    assert "unknown-device-type" in item.notes


@pytest.mark.parametrize(
    "answers",
    [
        [Answer("1006", ag.ICD_YES), Answer("1008", ag.ICD_PRODUCT)],
        [Answer("1006", ag.ICD_YES), Answer("1008", ag.ICD_PRODUCT), Answer("1009", "Sinds 2018")],
        [
            Answer("1006", ag.ICD_YES),
            Answer("1008", ag.ICD_PRODUCT),
            Answer(
                ag.DEVICE_TYPE,
                Coding(SCT, "465460004", "univentriculaire implanteerbare hartdefibrillator"),
            ),
        ],
        [
            Answer("1006", ag.ICD_YES),
            Answer("1008", ag.ICD_PRODUCT),
            Answer(ag.DEVICE_TYPE, Coding("urn:oid:2.16.840.1.113883.6.40", "H123", "HIBC")),
        ],
    ],
)
def test_round_trip_icd(answers: list[Answer]) -> None:
    items, ctx = round_trip(ItemKey(ItemId.ICD), answers)
    (item,) = items
    assert item.signature == value_signature(tuple(answers))
    assert item.conversation == NEW_CONVERSATION.ref
    assert reference_of_professional(item.professional) == ROLE_REF
    assert item.notes == ()

    device, use = (e["resource"] for e in ctx.entries)
    assert device["resourceType"] == "Device"
    assert device["meta"] == {"profile": [profiles.ICD_PRODUCT]}
    assert device["patient"]["reference"] == PATIENT_REF
    assert any(c["code"] in ag.ICD_DEVICE_TYPES for c in device["type"]["coding"])
    assert use["meta"] == {"profile": [profiles.MEDICAL_DEVICE]}
    assert use["status"] == "active"
    assert use["device"]["reference"] == ctx.entries[0]["fullUrl"]
    assert use["recordedOn"] == WRITE_DATE
    assert ctx.encounter_extension() in use["extension"]


@pytest.mark.parametrize("answer", [ag.ICD_NO, ag.ICD_UNKNOWN, None])
def test_icd_no_or_unknown_writes_nothing(answer: Coding | None) -> None:
    ctx = write_context()
    answers = (Answer("1006", answer),) if answer else ()
    write_icd(ItemChange(ItemKey(ItemId.ICD), answers), ctx)
    assert ctx.entries == []


def test_icd_writer_is_strict() -> None:
    with pytest.raises(ValueError, match="1006"):
        write_icd(
            ItemChange(ItemKey(ItemId.ICD), (Answer("1006", Coding(None, "1")),)), write_context()
        )


# --- Communication -------------------------------------------------------------------------------


def communication(**fields: Any) -> Json:
    """Communication ACP-Communication like the IG's F1 example: no conversation link."""
    resource: Json = {
        "resourceType": "Communication",
        "id": "F1-ACP-Communication-01-10-2020",
        "meta": {"profile": [profiles.COMMUNICATION], "lastUpdated": "2025-07-01T08:00:00Z"},
        "identifier": ig_identifier("dd6d7146-1014-4ef4-9145-e8207364c942"),
        "topic": {
            "coding": [
                {"system": SCT, "code": "223449006", "display": "adviseren om iemand te informeren"}
            ],
            "text": "Informing the patient about their own responsibility",
        },
        "status": "completed",
        "sent": "2020-10-01",
        "subject": {"reference": PATIENT_REF},
        "recipient": [{"reference": PATIENT_REF}],
        "sender": {"reference": ROLE_REF},
        "reasonCode": [{"coding": [{"system": SCT, "code": "713603004"}]}],
    }
    resource.update(fields)
    return resource


def test_ig_communication_matched_by_date_and_sender() -> None:
    item, ctx = read_one(read_communication, communication())
    assert item.key == ItemKey(ItemId.INFORMED_RELATIVES)
    assert item.answers == (Answer("1200", ag.INFORMED_YES),)
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2020}"
    assert item.professional == VAN_HUISSEN
    assert raw_date(item.recorded) == "2020-10-01"
    assert item.date_basis is DateBasis.RECORD
    assert item.notes == ()
    assert ctx.problems == []


def test_communication_matches_the_same_day_conversation_of_its_sender() -> None:
    same_day = [
        conversation(ENCOUNTER_2020, "2020-10-01T09:00:00+02:00", VAN_HUISSEN),
        conversation("encounter-de-vries", "2020-10-01T15:00:00+02:00", DE_VRIES),
    ]
    resource = communication(sender={"reference": OTHER_ROLE_REF}, sent="2020-10-01T16:10:00+02:00")
    ctx = make_context(
        [encounter("encounter-de-vries", "2020-10-01T15:00:00+02:00"), resource], same_day
    )
    (item,) = read_communication(resource, ctx)
    assert item.conversation is not None
    assert item.conversation.reference == "Encounter/encounter-de-vries"
    assert item.professional == DE_VRIES


def test_communication_without_match() -> None:
    other_day, _ = read_one(read_communication, communication(sent="2020-10-02"))
    assert other_day.conversation is None
    assert other_day.professional == VAN_HUISSEN

    no_sender = communication()
    del no_sender["sender"]
    item, _ = read_one(read_communication, no_sender)
    assert item.conversation is None
    assert item.professional is None


def test_communication_encounter_link_wins() -> None:
    resource = communication(encounter={"reference": f"Encounter/{ENCOUNTER_2022}"})
    item, _ = read_one(read_communication, resource)
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2022}"
    assert "date-mismatch" in item.notes


def test_ambiguous_conversation_is_not_guessed() -> None:
    twice = [
        conversation(ENCOUNTER_2020, "2020-10-01T09:00:00+02:00"),
        conversation("encounter-b", "2020-10-01T14:00:00+02:00"),
    ]
    resource = communication()
    ctx = make_context([encounter("encounter-b", "2020-10-01T14:00:00+02:00"), resource], twice)
    (item,) = read_communication(resource, ctx)
    assert item.conversation is None
    assert "conversation-ambiguous" in item.notes


@pytest.mark.parametrize(
    ("status", "answers", "record_status", "notes"),
    [
        ("not-done", (Answer("1200", ag.INFORMED_NO),), RecordStatus.CURRENT, ()),
        ("entered-in-error", (), RecordStatus.ERROR, ()),
        ("in-progress", (), RecordStatus.CURRENT, ("status-in-progress",)),
    ],
)
def test_communication_status(
    status: str, answers: tuple[Answer, ...], record_status: RecordStatus, notes: tuple[str, ...]
) -> None:
    item, _ = read_one(read_communication, communication(status=status))
    assert item.answers == answers
    assert item.status is record_status
    assert item.notes == notes


def test_communications_that_are_not_8a() -> None:
    no_reason = communication()
    del no_reason["reasonCode"]
    other_topic = communication(topic={"coding": [{"system": SCT, "code": "409073007"}]})
    ctx = make_context([no_reason, other_topic])
    assert read_communication(no_reason, ctx) == []
    assert read_communication(other_topic, ctx) == []
    assert ctx.problems == []

    no_topic = communication()
    del no_topic["topic"]
    item, _ = read_one(read_communication, no_topic)
    assert item.answer("1200") == ag.INFORMED_YES
    assert "no-topic" in item.notes


_UNKNOWN_MODIFIER = [{"url": "http://example.org/fhir/ext-negated", "valueBoolean": True}]


@pytest.mark.parametrize(
    ("reader", "resource", "others"),
    [
        (read_goal, goal(ag.GOAL_CURATIVE, modifierExtension=_UNKNOWN_MODIFIER), ()),
        (
            read_device_use_statement,
            device_use("Device/x", modifierExtension=_UNKNOWN_MODIFIER),
            (icd_device("x"),),
        ),
        (
            read_device_use_statement,
            device_use("Device/x"),
            ({**icd_device("x"), "modifierExtension": _UNKNOWN_MODIFIER},),
        ),
        (read_communication, communication(modifierExtension=_UNKNOWN_MODIFIER), ()),
    ],
)
def test_unknown_modifier_hides_the_value(
    reader: Reader, resource: Json, others: tuple[Json, ...]
) -> None:
    item, ctx = read_one(reader, resource, *others)
    assert item.answers == ()
    assert "unknown-modifier" in item.notes
    assert ctx.problems


def test_malformed_communications_never_raise() -> None:
    assert_never_raises(read_communication, communication())


def test_readers_with_the_applications_own_professional_resolver() -> None:
    """The same results through ReadContext.professional (reading.professionals)."""
    resources = [*base_resources(), communication(), goal(ag.GOAL_CURATIVE)]
    ctx = ReadContext(SOURCE, resources)
    for conv in BASE_CONVERSATIONS:
        ctx.conversations[conv.ref.reference] = conv
    (informed,) = read_communication(resources[-2], ctx)
    assert informed.conversation == BASE_CONVERSATIONS[0].ref
    assert reference_of_professional(informed.professional) == ROLE_REF
    (treatment_goal,) = read_goal(resources[-1], ctx)
    assert treatment_goal.professional == VAN_HUISSEN
    assert ctx.problems == []


def test_round_trip_informed_relatives() -> None:
    answers = [Answer("1200", ag.INFORMED_YES)]
    items, ctx = round_trip(ItemKey(ItemId.INFORMED_RELATIVES), answers)
    (item,) = items
    assert item.signature == value_signature(tuple(answers))
    assert item.answer("1200") == ag.INFORMED_YES
    assert item.conversation == NEW_CONVERSATION.ref
    assert reference_of_professional(item.professional) == ROLE_REF
    assert raw_date(item.recorded) == WRITE_DATE
    assert item.notes == ()

    resource = ctx.entries[0]["resource"]
    assert resource["meta"] == {"profile": [profiles.COMMUNICATION]}
    assert resource["status"] == "completed"
    assert resource["topic"]["coding"] == [ag.INFORM_TOPIC.to_fhir()]
    assert resource["reasonCode"] == [{"coding": [ag.ADVANCE_CARE_PLANNING.to_fhir()]}]
    assert resource["subject"]["reference"] == PATIENT_REF
    assert [r["reference"] for r in resource["recipient"]] == [PATIENT_REF]
    assert resource["sender"]["reference"] == ROLE_REF
    assert resource["sent"] == WRITE_DATE
    assert resource["encounter"]["reference"] == ctx.encounter_url


def test_written_communication_is_found_by_date_and_sender_without_encounter() -> None:
    ctx = write_context()
    change = ItemChange(ItemKey(ItemId.INFORMED_RELATIVES), (Answer("1200", Coding(None, "1")),))
    write_informed_relatives(change, ctx)
    items, _ = read_back(ctx)
    assert items[0].answer("1200") == ag.INFORMED_YES

    resource = {**ctx.entries[0]["resource"], "id": "c1"}
    del resource["encounter"]
    read_ctx = make_context(
        [encounter("encounter-new", WRITE_DATE), resource], [*BASE_CONVERSATIONS, NEW_CONVERSATION]
    )
    (item,) = read_communication(resource, read_ctx)
    assert item.conversation == NEW_CONVERSATION.ref


def test_informed_no_writes_nothing_and_writer_is_strict() -> None:
    ctx = write_context()
    change = ItemChange(ItemKey(ItemId.INFORMED_RELATIVES), (Answer("1200", ag.INFORMED_NO),))
    write_informed_relatives(change, ctx)
    assert ctx.entries == []
    bad = ItemChange(
        ItemKey(ItemId.INFORMED_RELATIVES), (Answer("1200", Coding(SCT, "373066001")),)
    )
    with pytest.raises(ValueError, match="1200"):
        write_informed_relatives(bad, ctx)


# --- records of another patient ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "resource", "others"),
    [
        (read_goal, goal(ag.GOAL_CURATIVE), ()),
        (
            read_device_use_statement,
            device_use("Device/F1-ACP-MedicalDevice.Product-ICD"),
            (icd_device(),),
        ),
        (read_communication, communication(), ()),
    ],
    ids=["Goal", "DeviceUseStatement", "Communication"],
)
def test_a_record_of_another_patient_is_reported_and_never_shown(
    reader: Reader, resource: Json, others: tuple[Json, ...]
) -> None:
    # The same record of this patient is read (the control) ...
    assert len(reader(resource, make_context([*others, resource]))) == 1
    # ... of another patient it is not, and the problem names only the record.
    other_patients = {**resource, "subject": {"reference": "Patient/someone-else"}}
    ctx = make_context([*others, other_patients])
    assert reader(other_patients, ctx) == []
    assert [(p.reference, p.message) for p in ctx.problems] == [
        (f"{resource['resourceType']}/{resource['id']}", OTHER_PATIENT)
    ]
