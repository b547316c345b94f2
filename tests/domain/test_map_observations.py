"""Observations 5a–5d and 6, both ways (spec §3, §6 rows 1428–1436, §7 item 9)."""

from __future__ import annotations

from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    AGB_SPECIALISM,
    DATA_ABSENT_REASON,
    NULL_FLAVOR,
    SCT,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    Answer,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.observations import read_observation
from pzp_desktop.domain.reading.patient import OTHER_PATIENT
from pzp_desktop.domain.writing.context import ItemChange, WriteContext
from pzp_desktop.domain.writing.conversation import write_conversation
from pzp_desktop.domain.writing.observations import observation_what, write_observation
from tests.domain.test_map_conversations import (
    SOURCE,
    apply_transaction,
    business_id,
    hendrik,
    new_conversation,
    no_urn_left,
    pat1_resources,
    read_context,
    validate,
    write_context,
)

ENCOUNTER_REF = ConversationRef(SOURCE, "Encounter/enc-pat1")
WISHES = "Hendrik wil er alles aan doen om zo lang mogelijk in goede gezondheid te leven."


def observation(code: str, **fields: Any) -> Json:
    """An Observation like the IG's Pat 1 examples, linked to ACP-Encounter-Pat1."""
    resource: Json = {
        "resourceType": "Observation",
        "id": f"obs-{code}",
        "meta": {"versionId": "1", "lastUpdated": "2020-10-02T08:00:00Z"},
        "identifier": business_id("c68d0feb-ee43-45d5-86f5-a7f43a20f167"),
        "encounter": {"reference": "Encounter/enc-pat1"},
        "subject": {"reference": "Patient/hendrik"},
        "performer": [{"reference": "PractitionerRole/role-vanhuissen"}],
        "status": "final",
        "code": {"coding": [{"system": SCT, "code": code}]},
        "effectiveDateTime": "2020-10-01",
    }
    resource.update(fields)
    return resource


def care_wishes(**fields: Any) -> Json:
    resource = observation(
        "153851000146100",
        valueString=WISHES,
        method={"coding": [{"system": SCT, "code": "370819000"}]},
    )
    resource.update(fields)
    return resource


def read_one(resource: Json, extra: list[Json] | None = None) -> tuple[ReadContext, RecordedItem]:
    ctx = read_context([*pat1_resources(), resource, *(extra or [])])
    items = read_observation(resource, ctx)
    assert len(items) == 1, items
    return ctx, items[0]


def concept(value: object) -> object:
    return value.concept if isinstance(value, Coding) else value


def simple(item: RecordedItem) -> list[tuple[str, object]]:
    return [(a.link_id, concept(a.value)) for a in item.answers]


# ---------------------------------------------------------------------------------------------
# Reading


def test_care_wishes_from_ig_example() -> None:
    ctx, item = read_one(care_wishes())
    assert item.key == ItemKey(ItemId.CARE_WISHES)
    assert item.answers == (Answer("1190", WISHES),)
    assert item.source == SOURCE
    assert item.origin.kind is OriginKind.RESOURCE
    assert item.origin.reference == "Observation/obs-153851000146100"
    assert item.origin.version == "1"
    assert item.recorded == ClinicalDate.parse("2020-10-01")
    assert item.date_basis is DateBasis.RECORD
    assert item.conversation == ENCOUNTER_REF
    assert item.professional == Professional(
        name="van Huissen",
        function=Coding(AGB_SPECIALISM, "0100", "Huisartsen, niet nader gespecificeerd"),
        reference="PractitionerRole/role-vanhuissen",
    )
    assert item.last_updated == ClinicalDate.parse("2020-10-02T08:00:00Z")
    assert item.status is RecordStatus.CURRENT
    assert item.notes == ()
    assert ctx.problems == []


def test_place_of_death_asked_unknown_reads_as_not_yet_known() -> None:
    """ACP-PreferredPlaceOfDeath-Pat1: dataAbsentReason asked-unknown + note."""
    resource = observation(
        "395091006",
        dataAbsentReason={"coding": [{"system": DATA_ABSENT_REASON, "code": "asked-unknown"}]},
        note=[{"text": "Nog niet besproken"}],
    )
    _, item = read_one(resource)
    assert item.key == ItemKey(ItemId.PLACE_OF_DEATH)
    assert simple(item) == [("1191", (NULL_FLAVOR, "UNK")), ("1192", "Nog niet besproken")]
    assert item.answers[0].value == Coding(NULL_FLAVOR, "UNK", "Nog onbekend")


def test_euthanasia_unknown_as_value() -> None:
    """ACP-PositionRegardingEuthanasia-Pat1: valueCodeableConcept NF UNK + note."""
    resource = observation(
        "340171000146104",
        valueCodeableConcept={"coding": [{"system": NULL_FLAVOR, "code": "UNK"}]},
        note=[{"text": "Nog niet besproken"}],
    )
    _, item = read_one(resource)
    assert item.key == ItemKey(ItemId.EUTHANASIA_POSITION)
    assert simple(item) == [("1193", (NULL_FLAVOR, "UNK")), ("1194", "Nog niet besproken")]


def test_both_unknown_encodings_are_the_same_value() -> None:
    absent = observation(
        "340171000146104",
        dataAbsentReason={"coding": [{"system": DATA_ABSENT_REASON, "code": "asked-unknown"}]},
    )
    value = observation(
        "340171000146104",
        id="obs-2",
        valueCodeableConcept={"coding": [{"system": NULL_FLAVOR, "code": "UNK"}]},
    )
    ctx = read_context([*pat1_resources(), absent, value])
    (first,) = read_observation(absent, ctx)
    (second,) = read_observation(value, ctx)
    assert first.same_value(second)


def test_not_asked_is_kept_as_data_absent_reason() -> None:
    resource = observation(
        "570801000146104",
        dataAbsentReason={"coding": [{"system": DATA_ABSENT_REASON, "code": "not-asked"}]},
    )
    _, item = read_one(resource)
    assert item.key == ItemKey(ItemId.ORGAN_DONATION)
    assert simple(item) == [("dataAbsentReason", (DATA_ABSENT_REASON, "not-asked"))]


def test_care_wishes_data_absent() -> None:
    resource = observation(
        "153851000146100",
        dataAbsentReason={"coding": [{"system": DATA_ABSENT_REASON, "code": "asked-unknown"}]},
    )
    _, item = read_one(resource)
    assert simple(item) == [("dataAbsentReason", (DATA_ABSENT_REASON, "asked-unknown"))]


@pytest.mark.parametrize(
    ("code", "value", "item_id", "link_id"),
    [
        ("395091006", Coding(SCT, "264362003", "thuis"), ItemId.PLACE_OF_DEATH, "1191"),
        (
            "340171000146104",
            Coding(SCT, "340201000146103", "wil geen euthanasie"),
            ItemId.EUTHANASIA_POSITION,
            "1193",
        ),
        ("570801000146104", Coding(SCT, "373066001", "ja"), ItemId.ORGAN_DONATION, "1435"),
    ],
)
def test_coded_values_get_the_form_display(
    code: str, value: Coding, item_id: ItemId, link_id: str
) -> None:
    resource = observation(code, valueCodeableConcept={"coding": [value.to_fhir()]})
    _, item = read_one(resource)
    assert item.key == ItemKey(item_id)
    (answer,) = item.answers
    assert answer.link_id == link_id
    assert answer.value.concept == value.concept  # type: ignore[union-attr]
    assert answer.value != value  # the IG's display was replaced by the form's Dutch one
    assert item.notes == ()


def test_other_important_information() -> None:
    resource = observation("247751003", valueString="Geloof is belangrijk")
    _, item = read_one(resource)
    assert item.key == ItemKey(ItemId.OTHER_IMPORTANT)
    assert item.answers == (Answer("1196", "Geloof is belangrijk"),)


def test_unknown_value_code_is_kept() -> None:
    unknown = {"system": SCT, "code": "1234567", "display": "bij mijn dochter"}
    resource = observation("395091006", valueCodeableConcept={"coding": [unknown]})
    _, item = read_one(resource)
    assert item.answers == (Answer("1191", Coding(SCT, "1234567", "bij mijn dochter")),)
    assert "unknown-code" in item.notes


def test_known_code_preferred_among_several() -> None:
    resource = observation(
        "395091006",
        valueCodeableConcept={
            "coding": [
                {"system": "urn:oid:1.2.3", "code": "T"},
                {"system": SCT, "code": "284546000"},
            ]
        },
    )
    _, item = read_one(resource)
    assert simple(item) == [("1191", (SCT, "284546000"))]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("final", RecordStatus.CURRENT),
        ("amended", RecordStatus.CURRENT),
        ("preliminary", RecordStatus.CURRENT),
        ("entered-in-error", RecordStatus.ERROR),
        ("cancelled", RecordStatus.ERROR),
        (None, RecordStatus.CURRENT),
    ],
)
def test_status(status: str | None, expected: RecordStatus) -> None:
    _, item = read_one(care_wishes(status=status))
    assert item.status is expected


def test_date_falls_back_to_conversation_then_last_updated() -> None:
    resource = care_wishes()
    del resource["effectiveDateTime"]
    _, item = read_one(resource)
    assert item.recorded == ClinicalDate.parse("2020-10-01")
    assert item.date_basis is DateBasis.CONVERSATION

    del resource["encounter"]
    _, item = read_one(resource)
    assert item.recorded == ClinicalDate.parse("2020-10-02T08:00:00Z")
    assert item.date_basis is DateBasis.LAST_UPDATED
    assert item.conversation is None
    # Without a performer and a conversation there is no professional.
    del resource["performer"]
    _, item = read_one(resource)
    assert item.professional is None


def test_effective_period_start() -> None:
    resource = care_wishes(effectivePeriod={"start": "2020-10-01T10:00:00+02:00"})
    del resource["effectiveDateTime"]
    _, item = read_one(resource)
    assert item.recorded == ClinicalDate.parse("2020-10-01T10:00:00+02:00")
    assert item.date_basis is DateBasis.RECORD


def test_date_mismatch_with_conversation() -> None:
    _, item = read_one(care_wishes(effectiveDateTime="2022-11-08"))
    assert item.recorded == ClinicalDate.parse("2022-11-08")
    assert "date-mismatch" in item.notes


def test_professional_from_conversation_when_no_performer() -> None:
    resource = care_wishes()
    del resource["performer"]
    _, item = read_one(resource)
    assert item.professional is not None
    assert item.professional.name == "van Huissen"


def test_performer_that_is_the_patient_is_not_a_professional() -> None:
    _, item = read_one(care_wishes(performer=[{"reference": "Patient/hendrik"}]))
    assert item.professional is not None
    assert item.professional.reference == "PractitionerRole/role-vanhuissen"  # conversation's


def test_missing_performer_resource_keeps_the_reference() -> None:
    _, item = read_one(care_wishes(performer=[{"reference": "PractitionerRole/elders"}]))
    assert item.professional == Professional(reference="PractitionerRole/elders")


def test_unknown_encounter_is_a_problem() -> None:
    ctx, item = read_one(care_wishes(encounter={"reference": "Encounter/onbekend"}))
    assert item.conversation is None
    assert len(ctx.problems) == 1


def test_recognised_by_profile_without_code() -> None:
    resource = care_wishes(meta={"profile": [profiles.SPECIFIC_CARE_WISHES]})
    del resource["code"]
    ctx, item = read_one(resource)
    assert item.key == ItemKey(ItemId.CARE_WISHES)
    assert len(ctx.problems) == 1


def test_other_observations_and_other_patients_are_ignored() -> None:
    ctx = read_context(pat1_resources())
    weight = observation("27113001", valueString="80 kg")
    assert read_observation(weight, ctx) == []
    assert ctx.problems == []  # not a PZP Observation: nothing to report
    foreign = care_wishes(subject={"reference": "Patient/iemand-anders"})
    assert read_observation(foreign, ctx) == []
    # Reported (never silently dropped), without naming the other patient.
    assert [(p.reference, p.message) for p in ctx.problems] == [
        (f"Observation/{foreign['id']}", OTHER_PATIENT)
    ]
    assert "iemand-anders" not in ctx.problems[0].message


def test_unknown_modifier_extension_is_noted() -> None:
    resource = care_wishes(
        modifierExtension=[{"url": "https://example.org/x", "valueBoolean": True}]
    )
    _, item = read_one(resource)
    assert "unknown-modifier" in item.notes


@pytest.mark.parametrize(
    ("fields", "expected_answers", "problems"),
    [
        ({"effectiveDateTime": "01-10-2020"}, 1, 1),
        ({"effectiveDateTime": 20201001}, 1, 1),
        ({"valueString": 12}, 0, 1),
        ({"valueString": ""}, 0, 0),
        ({"valueCodeableConcept": {"coding": [{"code": "x"}]}}, 1, 1),
        ({"valueQuantity": {"value": 3}}, 1, 1),
        (
            {"dataAbsentReason": {"coding": [{"system": DATA_ABSENT_REASON, "code": "masked"}]}},
            1,
            1,
        ),
        ({"note": "tekst"}, 1, 0),
        ({"encounter": "Encounter/enc-pat1"}, 1, 0),
        ({"performer": {"reference": 5}}, 1, 0),
        ({"status": ["final"]}, 1, 0),
        ({"meta": {"lastUpdated": "gisteren", "versionId": 2}}, 1, 0),
    ],
)
def test_malformed_care_wishes_never_raise(
    fields: Json, expected_answers: int, problems: int
) -> None:
    ctx, item = read_one(care_wishes(**fields))
    assert len(item.answers) == expected_answers, item.answers
    assert len(ctx.problems) == problems, ctx.problems


def test_wrong_value_type_on_coded_item() -> None:
    ctx, item = read_one(observation("395091006", valueString="thuis"))
    assert item.answers == ()
    assert "no-value" in item.notes
    assert len(ctx.problems) == 1


def test_value_and_data_absent_reason_together() -> None:
    resource = observation(
        "395091006",
        valueCodeableConcept={"coding": [{"system": SCT, "code": "264362003"}]},
        dataAbsentReason={"coding": [{"system": DATA_ABSENT_REASON, "code": "asked-unknown"}]},
    )
    ctx, item = read_one(resource)
    assert simple(item) == [("1191", (SCT, "264362003"))]
    assert len(ctx.problems) == 1


# ---------------------------------------------------------------------------------------------
# Writing


CASES: list[tuple[ItemId, tuple[Answer, ...]]] = [
    (ItemId.CARE_WISHES, (Answer("1190", "Zo lang mogelijk thuis blijven wonen."),)),
    (
        ItemId.CARE_WISHES,
        (Answer("dataAbsentReason", Coding(DATA_ABSENT_REASON, "not-asked", "Not Asked")),),
    ),
    (
        ItemId.PLACE_OF_DEATH,
        (
            Answer("1191", Coding(SCT, "264362003", "Thuis")),
            Answer("1192", "Het liefst rustig thuis"),
        ),
    ),
    (ItemId.PLACE_OF_DEATH, (Answer("1191", Coding(NULL_FLAVOR, "UNK", "Nog onbekend")),)),
    (ItemId.PLACE_OF_DEATH, (Answer("1191", Coding(NULL_FLAVOR, "OTH", "Anders")),)),
    (ItemId.PLACE_OF_DEATH, (Answer("1192", "Nog niet over gesproken"),)),
    (
        ItemId.EUTHANASIA_POSITION,
        (
            Answer("1193", Coding(SCT, "340181000146102", "Heeft euthanasieverklaring")),
            Answer("1194", "Verklaring ligt bij de huisarts"),
        ),
    ),
    (
        ItemId.EUTHANASIA_POSITION,
        (Answer("dataAbsentReason", Coding(DATA_ABSENT_REASON, "not-asked")),),
    ),
    (ItemId.ORGAN_DONATION, (Answer("1435", Coding(SCT, "373067005", "Nee")),)),
    (ItemId.ORGAN_DONATION, (Answer("1435", Coding(NULL_FLAVOR, "UNK", "Nog onbekend")),)),
    (ItemId.OTHER_IMPORTANT, (Answer("1196", "Muziek van Bach bij het afscheid."),)),
]


def write_one(item_id: ItemId, answers: tuple[Answer, ...]) -> tuple[WriteContext, Json]:
    ctx = write_context()
    write_observation(ItemChange(ItemKey(item_id), answers), ctx)
    (entry,) = ctx.entries
    validate(entry["resource"])
    return ctx, entry


@pytest.mark.parametrize(("item_id", "answers"), CASES)
def test_write_observation(item_id: ItemId, answers: tuple[Answer, ...]) -> None:
    ctx, entry = write_one(item_id, answers)
    resource = entry["resource"]
    change = ItemChange(ItemKey(item_id), answers)
    assert entry["fullUrl"] == ctx.full_url(observation_what(change))
    assert entry["request"]["method"] == "POST"
    assert resource["identifier"] == [ctx.identifier(observation_what(change))]
    assert resource["status"] == "final"
    assert resource["subject"]["reference"] == "Patient/hendrik"
    assert resource["encounter"]["reference"] == ctx.encounter_url
    assert resource["effectiveDateTime"] == "2025-01-02"
    assert resource["performer"] == [
        {"reference": "PractitionerRole/role-vanhuissen", "type": "PractitionerRole"}
    ]
    assert len(resource["meta"]["profile"]) == 1
    assert not ("valueCodeableConcept" in resource and "dataAbsentReason" in resource)
    if item_id is ItemId.CARE_WISHES:
        assert resource["method"]["coding"][0]["code"] == "370819000"
    else:
        assert "method" not in resource


def test_write_unknown_as_value_and_not_asked_as_data_absent_reason() -> None:
    _, entry = write_one(
        ItemId.PLACE_OF_DEATH, (Answer("1191", Coding(NULL_FLAVOR, "UNK", "Nog onbekend")),)
    )
    assert entry["resource"]["valueCodeableConcept"]["coding"][0]["code"] == "UNK"
    assert "dataAbsentReason" not in entry["resource"]
    _, entry = write_one(
        ItemId.EUTHANASIA_POSITION,
        (Answer("dataAbsentReason", Coding(DATA_ABSENT_REASON, "not-asked")),),
    )
    assert entry["resource"]["dataAbsentReason"] == {
        "coding": [{"system": DATA_ABSENT_REASON, "code": "not-asked"}]
    }
    assert "valueCodeableConcept" not in entry["resource"]


def test_write_profiles_and_codes() -> None:
    expected = {
        ItemId.CARE_WISHES: (profiles.SPECIFIC_CARE_WISHES, "153851000146100"),
        ItemId.PLACE_OF_DEATH: (profiles.PREFERRED_PLACE_OF_DEATH, "395091006"),
        ItemId.EUTHANASIA_POSITION: (profiles.POSITION_REGARDING_EUTHANASIA, "340171000146104"),
        ItemId.ORGAN_DONATION: (profiles.ORGAN_DONATION_CHOICE, "570801000146104"),
        ItemId.OTHER_IMPORTANT: (profiles.OTHER_IMPORTANT_INFORMATION, "247751003"),
    }
    for item_id, answers in CASES:
        _, entry = write_one(item_id, answers)
        resource = entry["resource"]
        profile, code = expected[item_id]
        assert resource["meta"]["profile"] == [profile]
        assert resource["code"]["coding"][0] == {
            "system": SCT,
            "code": code,
            "display": resource["code"]["coding"][0]["display"],
        }


@pytest.mark.parametrize(("item_id", "answers"), CASES)
def test_round_trip(item_id: ItemId, answers: tuple[Answer, ...]) -> None:
    """items → resources (with the conversation) → server → items is the identity."""
    ctx = write_context()
    write_conversation(ctx)
    write_observation(ItemChange(ItemKey(item_id), answers), ctx)
    stored = apply_transaction(ctx.entries)
    assert list(no_urn_left(stored)) == []
    read = read_context([hendrik(), *pat1_resources()[1:3], *stored])
    observations = [r for r in stored if r["resourceType"] == "Observation"]
    (item,) = read_observation(observations[0], read)
    assert item.key == ItemKey(item_id)
    assert sorted(a.comparable() for a in item.answers) == sorted(a.comparable() for a in answers)
    encounter = next(r for r in stored if r["resourceType"] == "Encounter")
    assert item.conversation == ConversationRef(SOURCE, f"Encounter/{encounter['id']}")
    assert item.recorded == ClinicalDate.parse("2025-01-02")
    assert item.date_basis is DateBasis.RECORD
    assert item.professional is not None
    assert item.professional.reference == "PractitionerRole/role-vanhuissen"
    assert item.professional.name == "van Huissen"
    assert item.status is RecordStatus.CURRENT
    assert "date-mismatch" not in item.notes
    assert read.problems == []


def test_round_trip_answers_are_equal_including_form_displays() -> None:
    answers = (
        Answer("1191", Coding(SCT, "22232009", "Ziekenhuis")),
        Answer("1192", "Dicht bij de IC"),
    )
    ctx = write_context()
    write_conversation(ctx)
    write_observation(ItemChange(ItemKey(ItemId.PLACE_OF_DEATH), answers), ctx)
    stored = apply_transaction(ctx.entries)
    read = read_context([hendrik(), *stored])
    (item,) = read_observation(stored[-1], read)
    assert item.answers == answers


def test_write_nothing_for_empty_change() -> None:
    ctx = write_context()
    write_observation(ItemChange(ItemKey(ItemId.CARE_WISHES), ()), ctx)
    assert ctx.entries == []


@pytest.mark.parametrize(
    ("item_id", "answers"),
    [
        (ItemId.RESUSCITATION, (Answer("1386", Coding(None, "x")),)),
        (ItemId.CARE_WISHES, (Answer("1191", Coding(SCT, "264362003")),)),
        (ItemId.CARE_WISHES, (Answer("1190", Coding(SCT, "264362003")),)),
        (ItemId.PLACE_OF_DEATH, (Answer("1191", "thuis"),)),
        (
            ItemId.PLACE_OF_DEATH,
            (
                Answer("1191", Coding(SCT, "264362003")),
                Answer("dataAbsentReason", Coding(DATA_ABSENT_REASON, "not-asked")),
            ),
        ),
        (ItemId.ORGAN_DONATION, (Answer("dataAbsentReason", Coding(SCT, "1")),)),
    ],
)
def test_write_rejects_what_cannot_be_written(item_id: ItemId, answers: tuple[Answer, ...]) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        write_observation(ItemChange(ItemKey(item_id), answers), write_context())


def test_write_without_professional_reference() -> None:
    ctx = write_context(new_conversation(professional=Professional(name="Onbekend")))
    write_observation(
        ItemChange(ItemKey(ItemId.OTHER_IMPORTANT), (Answer("1196", "Familie"),)), ctx
    )
    resource = ctx.entries[0]["resource"]
    assert "performer" not in resource
    validate(resource)
