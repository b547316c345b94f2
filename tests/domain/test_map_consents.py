"""Consent ↔ items: treatment limits 4a-4g, ICD deactivation 4i, advance directives (spec §3.1)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from pzp_desktop.domain import agreements as ag
from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    CONSENT_CATEGORY,
    CONSENT_SCOPE,
    NULL_FLAVOR,
    ROLE_CODE,
    SCT,
    WILSVERKLARING_TYPE,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.display import Decision, decision_of, display_value, starts_later
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    RecordedItem,
    RecordStatus,
    value_signature,
)
from pzp_desktop.domain.reading.consents import (
    UNREADABLE_TREATMENT_DIRECTIVE,
    hides_treatment_directive,
    read_consent,
)
from pzp_desktop.domain.reading.patient import OTHER_PATIENT
from pzp_desktop.domain.writing.consents import write_icd_deactivation, write_treatment_limit
from pzp_desktop.domain.writing.context import ItemChange
from tests.domain.agreements_support import (
    ENCOUNTER_2020,
    ENCOUNTER_2022,
    NEW_CONVERSATION,
    PATIENT_REF,
    ROLE_REF,
    SOURCE,
    VAN_HUISSEN,
    WRITE_DATE,
    encounter_extension,
    ig_identifier,
    make_context,
    raw_date,
    read_back,
    reference_of_professional,
    round_trip,
    write_context,
)

ICD_TEXT = ag.ICD_DEACTIVATION_TEXT


def sct(code: str, display: str | None = None) -> Json:
    return {"coding": [Coding(SCT, code, display).to_fhir()]}


def other(text: str | None) -> Json:
    concept: Json = {"coding": [{"system": NULL_FLAVOR, "code": "OTH"}]}
    if text is not None:
        concept["text"] = text
    return concept


def treatment_directive(
    code: Json | None,
    *,
    cid: str = "F1-ACP-TreatmentDirective-89666000",
    ptype: str | None = "permit",
    specification: str | None = None,
    comment: str | None = None,
    date: str | None = "2020-10-01",
    encounter: str | None = ENCOUNTER_2020,
    status: str = "active",
    actors: list[Json] | None = None,
) -> Json:
    """A Consent ACP-TreatmentDirective shaped like the IG's F1 examples."""
    extensions: list[Json] = []
    if encounter:
        extensions.append(encounter_extension(encounter))
    if comment is not None:
        extensions.append({"url": profiles.EXT_COMMENT, "valueString": comment})
    provision: Json = {
        "actor": actors
        if actors is not None
        else [
            {
                "role": {"coding": [{"system": ROLE_CODE, "code": "CONSENTER"}]},
                "reference": {"reference": PATIENT_REF, "type": "Patient"},
            },
            {
                "role": {"coding": [{"system": ROLE_CODE, "code": "CONSENTER"}]},
                "reference": {"reference": ROLE_REF, "type": "PractitionerRole"},
            },
        ]
    }
    if ptype is not None:
        provision["type"] = ptype
    if code is not None:
        provision["code"] = [code]
    resource: Json = {
        "resourceType": "Consent",
        "id": cid,
        "meta": {
            "profile": [profiles.TREATMENT_DIRECTIVE],
            "versionId": "1",
            "lastUpdated": "2025-07-10T09:00:00Z",
        },
        "extension": extensions,
        "identifier": ig_identifier(f"id-{cid}"),
        "status": status,
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [{"coding": [{"system": SCT, "code": "129125009"}]}],
        "patient": {"reference": PATIENT_REF},
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
        "provision": provision,
    }
    if date is not None:
        resource["dateTime"] = date
    if specification is not None:
        resource["modifierExtension"] = [
            {"url": profiles.EXT_SPECIFICATION_OTHER, "valueString": specification}
        ]
    return resource


def read_one(resource: Json) -> tuple[RecordedItem, Any]:
    ctx = make_context([resource])
    items = read_consent(resource, ctx)
    assert len(items) == 1
    return items[0], ctx


# --- reading 4a-4f -------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ag.TREATMENT_LIMITS, ids=lambda lim: lim.item.value)
def test_ig_example_permit_reads_as_wel_uitvoeren(limit: ag.TreatmentLimit) -> None:
    resource = treatment_directive(sct(limit.treatment.code, "Admit to ITU"))
    item, ctx = read_one(resource)

    assert item.key == ItemKey(limit.item)
    assert item.answers == (Answer(limit.decision, ag.DECISION_PERMIT),)
    assert item.answer(limit.decision) == Coding(
        "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1", "0", "Wel uitvoeren"
    )
    assert item.source == SOURCE
    assert item.origin.kind is OriginKind.RESOURCE
    assert item.origin.reference == "Consent/F1-ACP-TreatmentDirective-89666000"
    assert item.origin.version == "1"
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2020}"
    assert item.professional == VAN_HUISSEN
    assert raw_date(item.recorded) == "2020-10-01"
    assert item.date_basis is DateBasis.RECORD
    assert item.status is RecordStatus.CURRENT
    assert item.last_updated is not None
    assert item.notes == ()
    assert ctx.problems == []


def test_deny_reads_as_niet_uitvoeren() -> None:
    item, _ = read_one(treatment_directive(sct("40617009"), ptype="deny"))
    assert item.key == ItemKey(ItemId.VENTILATION)
    assert item.answers == (Answer("1387", ag.DECISION_DENY),)


def test_specification_other_reads_as_anders_with_text() -> None:
    resource = treatment_directive(
        sct("89666000"), ptype=None, specification="Alleen bij reversibele oorzaak"
    )
    item, _ = read_one(resource)
    assert item.answers == (
        Answer("1386", ag.DECISION_OTHER),
        Answer("1001", "Alleen bij reversibele oorzaak"),
    )
    assert item.notes == ()


@pytest.mark.parametrize("text", ["Onbekend", "nog onbekend", "  Unknown ", "Onbekend."])
def test_specification_other_unknown_text_reads_as_unk(text: str) -> None:
    item, _ = read_one(treatment_directive(sct("305351004"), ptype=None, specification=text))
    assert item.answers == (Answer("1390", ag.DECISION_UNKNOWN),)


def test_neither_type_nor_specification_is_no_decision_never_permit() -> None:
    resource = treatment_directive(sct("89666000"), ptype=None, comment="Besproken met zoon")
    item, ctx = read_one(resource)

    assert item.answer("1386") is None
    assert all(a.value != ag.DECISION_PERMIT for a in item.answers)
    assert item.answers == (Answer("1002", "Besproken met zoon"),)
    assert "no-decision" in item.notes
    assert ctx.problems == []


def test_unknown_modifier_extension_makes_the_decision_unreadable() -> None:
    resource = treatment_directive(sct("89666000"), ptype="permit")
    resource["modifierExtension"] = [
        {"url": "http://example.org/fhir/ext-onder-voorwaarde", "valueString": "x"}
    ]
    item, ctx = read_one(resource)

    assert item.answer("1386") is None
    assert item.notes == ("unknown-modifier",)
    assert len(ctx.problems) == 1
    assert ctx.problems[0].reference == "Consent/F1-ACP-TreatmentDirective-89666000"


def test_unknown_modifier_on_the_provision_is_unreadable_too() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["provision"]["modifierExtension"] = [
        {"url": "http://example.org/x", "valueBoolean": True}
    ]
    item, _ = read_one(resource)
    assert item.answer("1386") is None
    assert "unknown-modifier" in item.notes


@pytest.mark.parametrize(
    "place",
    ["actor", "root-junk", "two-specifications"],
)
def test_other_unreadable_modifier_shapes(place: str) -> None:
    resource = treatment_directive(sct("89666000"), ptype=None, specification="Alleen thuis")
    if place == "actor":
        resource["provision"]["actor"][0]["modifierExtension"] = [
            {"url": "http://example.org/x", "valueBoolean": True}
        ]
    elif place == "root-junk":
        resource["modifierExtension"] = {"url": profiles.EXT_SPECIFICATION_OTHER}
    else:
        resource["modifierExtension"].append(
            {"url": profiles.EXT_SPECIFICATION_OTHER, "valueString": "Onbekend"}
        )
    item, ctx = read_one(resource)
    assert item.answer("1386") is None
    assert "unknown-modifier" in item.notes
    assert ctx.problems


def test_modifier_in_a_contained_resource_is_not_the_consents() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["contained"] = [
        {
            "resourceType": "Basic",
            "id": "b",
            "modifierExtension": [{"url": "http://example.org/x", "valueBoolean": True}],
        }
    ]
    item, _ = read_one(resource)
    assert item.answer("1386") == ag.DECISION_DENY


def test_specification_other_without_text_is_unreadable() -> None:
    resource = treatment_directive(sct("89666000"), ptype=None)
    resource["modifierExtension"] = [
        {"url": profiles.EXT_SPECIFICATION_OTHER, "valueCodeableConcept": {"text": "x"}}
    ]
    item, ctx = read_one(resource)
    assert item.answer("1386") is None
    assert "unknown-modifier" in item.notes
    assert ctx.problems


def test_type_and_specification_together_conflict() -> None:
    resource = treatment_directive(sct("89666000"), ptype="permit", specification="Alleen thuis")
    item, ctx = read_one(resource)
    assert item.answer("1386") is None
    assert item.answer(ag.DECISION_TYPE) == "permit"
    assert item.answer(ag.DECISION_TEXT) == "Alleen thuis"
    assert "conflicting-decision" in item.notes
    assert "unknown-modifier" in item.notes  # shown as "niet eenduidig vastgelegd"
    assert decision_of(item) is Decision.UNCLEAR
    assert ctx.problems


def test_invalid_provision_type_is_kept_and_reported() -> None:
    item, ctx = read_one(treatment_directive(sct("89666000"), ptype="misschien"))
    assert item.answer("1386") is None
    assert item.answer(ag.DECISION_TYPE) == "misschien"
    assert "unmapped-decision-type" in item.notes
    assert ctx.problems


def test_comment_extension_is_the_toelichting() -> None:
    item, _ = read_one(
        treatment_directive(sct("116762002"), ptype="deny", comment=" Geen transfusie ")
    )
    assert item.key == ItemKey(ItemId.BLOOD_PRODUCTS)
    assert item.answers == (Answer("1399", ag.DECISION_DENY), Answer("1401", "Geen transfusie"))


# --- reading 4g ----------------------------------------------------------------------------------


def test_other_limits_are_keyed_by_their_normalised_text() -> None:
    first = treatment_directive(other("Sondevoeding"), cid="c1", ptype="deny")
    same = treatment_directive(other("  SONDEVOEDING "), cid="c2", ptype="permit")
    different = treatment_directive(other("Dialyse"), cid="c3", ptype="deny")
    ctx = make_context([first, same, different])
    items = [i for r in (first, same, different) for i in read_consent(r, ctx)]

    assert [i.key for i in items] == [
        ItemKey(ItemId.OTHER_LIMIT, "sondevoeding"),
        ItemKey(ItemId.OTHER_LIMIT, "sondevoeding"),
        ItemKey(ItemId.OTHER_LIMIT, "dialyse"),
    ]
    assert items[0].answers == (Answer("1422", "Sondevoeding"), Answer("1402", ag.DECISION_DENY))
    assert items[1].answer("1422") == "SONDEVOEDING"


def test_other_limit_without_name() -> None:
    item, _ = read_one(treatment_directive(other(None), ptype="deny"))
    assert item.key == ItemKey(ItemId.OTHER_LIMIT, "")
    assert item.answer("1422") is None
    assert item.answers == (Answer("1402", ag.DECISION_DENY),)
    assert "no-name" in item.notes


def test_other_limit_unknown_and_unmapped_texts() -> None:
    unknown, _ = read_one(
        treatment_directive(other("Dialyse"), ptype=None, specification="Onbekend")
    )
    assert unknown.answer("1402") == ag.DECISION_UNKNOWN

    free, _ = read_one(
        treatment_directive(other("Dialyse"), ptype=None, specification="Alleen kort")
    )
    assert free.answer("1402") is None
    assert free.answer(ag.DECISION_TEXT) == "Alleen kort"
    assert "unmapped-decision-text" in free.notes


def test_treatment_code_outside_the_code_list_is_kept_as_other_limit() -> None:
    code = {"coding": [{"system": SCT, "code": "265764009", "display": "Renal dialysis"}]}
    item, _ = read_one(treatment_directive(code, ptype="deny"))
    assert item.key == ItemKey(ItemId.OTHER_LIMIT, "renal dialysis")
    assert item.answer("1422") == "Renal dialysis"
    assert item.answer(ag.TREATMENT_CODE) == Coding(SCT, "265764009", "Renal dialysis")
    assert item.answer("1402") == ag.DECISION_DENY
    assert "unknown-treatment-code" in item.notes


# --- reading 4i ----------------------------------------------------------------------------------


def test_ig_icd_example_niet_besproken() -> None:
    """F1-ACP-TreatmentDirective-400231000146108: NF OTH + ICD text, SpecificationOther."""
    resource = treatment_directive(
        other(ICD_TEXT),
        cid="F1-ACP-TreatmentDirective-400231000146108",
        ptype=None,
        specification="Niet besproken",
    )
    item, _ = read_one(resource)
    assert item.key == ItemKey(ItemId.ICD_DEACTIVATION)
    assert item.answers == (Answer("1005", ag.ICD_NOT_DISCUSSED),)
    assert item.notes == ()


@pytest.mark.parametrize(
    ("ptype", "specification", "expected"),
    [
        ("permit", None, ag.DECISION_PERMIT),
        (None, "Nee, nog geen besluit genomen", ag.ICD_NOT_DECIDED),
        (None, "nee, nog geen besluit genomen.", ag.ICD_NOT_DECIDED),
        (None, "NIET BESPROKEN", ag.ICD_NOT_DISCUSSED),
    ],
)
def test_icd_decisions(ptype: str | None, specification: str | None, expected: Coding) -> None:
    resource = treatment_directive(other(ICD_TEXT), ptype=ptype, specification=specification)
    item, _ = read_one(resource)
    assert item.answer("1005") == expected  # Coding equality includes the Dutch display


def test_icd_unmapped_text_deny_and_nothing() -> None:
    text_item, _ = read_one(treatment_directive(other(ICD_TEXT), ptype=None, specification="Later"))
    assert text_item.answer("1005") is None
    assert text_item.answer(ag.DECISION_TEXT) == "Later"
    assert "unmapped-decision-text" in text_item.notes

    # No ICD answer maps to "deny": kept as received, unclear, and reported.
    deny_item, ctx = read_one(treatment_directive(other(ICD_TEXT), ptype="deny"))
    assert deny_item.answer("1005") is None
    assert deny_item.answer(ag.DECISION_TYPE) == "deny"
    assert decision_of(deny_item) is Decision.UNCLEAR
    assert len(ctx.problems) == 1

    nothing, _ = read_one(treatment_directive(other(ICD_TEXT), ptype=None))
    assert nothing.answers == ()
    assert "no-decision" in nothing.notes


def test_icd_text_decides_between_icd_and_other_limit() -> None:
    near_miss, _ = read_one(treatment_directive(other("Uitzetten van ICD"), ptype="permit"))
    assert near_miss.key == ItemKey(ItemId.OTHER_LIMIT, "uitzetten van icd")

    coded, _ = read_one(treatment_directive(sct("400231000146108"), ptype="permit"))
    assert coded.key == ItemKey(ItemId.ICD_DEACTIVATION)
    assert coded.answer("1005") == ag.DECISION_PERMIT


# --- status, dates, conversation, professional ---------------------------------------------------


@pytest.mark.parametrize(
    ("status", "end", "expected"),
    [
        ("entered-in-error", None, RecordStatus.ERROR),
        ("inactive", None, RecordStatus.ENDED),
        ("rejected", None, RecordStatus.ENDED),
        ("active", "2021-01-01", RecordStatus.ENDED),
        ("active", "2999-01-01", RecordStatus.CURRENT),
        ("active", None, RecordStatus.CURRENT),
    ],
)
def test_status(status: str, end: str | None, expected: RecordStatus) -> None:
    resource = treatment_directive(sct("89666000"), status=status)
    if end:
        resource["provision"]["period"] = {"end": end}
    item, _ = read_one(resource)
    assert item.status is expected
    assert item.answer("1386") == ag.DECISION_PERMIT


@pytest.mark.parametrize(
    ("status", "note"),
    [
        ("draft", "status-draft"),
        ("proposed", "status-proposed"),
        ("suspended", "status-other:suspended"),
    ],
)
def test_a_consent_not_yet_agreed_is_proposed_and_noted(status: str, note: str) -> None:
    item, _ = read_one(treatment_directive(sct("89666000"), status=status))
    assert item.status is RecordStatus.PROPOSED  # never the agreement in force
    assert note in item.notes


def test_ig_f2_example_dated_2022_linked_to_2020_conversation() -> None:
    resource = treatment_directive(sct("305351004"), cid="F2", date="2022-11-08")
    item, _ = read_one(resource)
    assert raw_date(item.recorded) == "2022-11-08"
    assert item.date_basis is DateBasis.RECORD
    assert item.conversation is not None
    assert item.conversation.reference == f"Encounter/{ENCOUNTER_2020}"
    assert "date-mismatch" in item.notes


def test_date_falls_back_to_conversation_then_last_updated() -> None:
    linked, _ = read_one(treatment_directive(sct("89666000"), date=None, encounter=ENCOUNTER_2022))
    assert raw_date(linked.recorded) == "2022-11-08"
    assert linked.date_basis is DateBasis.CONVERSATION

    unlinked, _ = read_one(treatment_directive(sct("89666000"), date=None, encounter=None))
    assert unlinked.conversation is None
    assert unlinked.date_basis is DateBasis.LAST_UPDATED
    assert unlinked.date_basis.uncertain


def test_invalid_date_is_reported_and_skipped() -> None:
    item, ctx = read_one(treatment_directive(sct("89666000"), date="01-10-2020"))
    assert item.date_basis is DateBasis.CONVERSATION
    assert any("datum" in p.message for p in ctx.problems)


def test_professional_falls_back_to_the_conversation() -> None:
    patient_only = [
        {
            "role": {"coding": [{"system": ROLE_CODE, "code": "CONSENTER"}]},
            "reference": {"reference": PATIENT_REF},
        }
    ]
    item, _ = read_one(treatment_directive(sct("89666000"), actors=patient_only))
    assert item.professional == VAN_HUISSEN

    unresolvable = [
        {"reference": {"reference": "PractitionerRole/elders", "display": "Dr. Elders"}}
    ]
    item, _ = read_one(treatment_directive(sct("89666000"), actors=unresolvable))
    assert item.professional is not None
    assert item.professional.name == "Dr. Elders"
    assert item.professional.reference == "PractitionerRole/elders"


# --- not ours, malformed -------------------------------------------------------------------------


def test_consents_that_are_not_pzp_are_ignored_silently() -> None:
    privacy = treatment_directive(sct("89666000"))
    privacy["scope"] = {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy"}]}
    privacy["meta"] = {}
    other_category = treatment_directive(sct("89666000"))
    other_category["category"] = [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}]
    other_category["meta"] = {}
    ctx = make_context([privacy, other_category])
    assert read_consent(privacy, ctx) == []
    assert read_consent(other_category, ctx) == []
    assert ctx.problems == []


def test_profile_without_scope_is_read_and_reported() -> None:
    resource = treatment_directive(sct("89666000"))
    del resource["scope"]
    item, ctx = read_one(resource)
    assert item.key == ItemKey(ItemId.RESUSCITATION)
    assert len(ctx.problems) == 1


def test_treatment_directive_without_provision_is_reported() -> None:
    resource = treatment_directive(sct("89666000"))
    del resource["provision"]
    ctx = make_context([resource])
    assert read_consent(resource, ctx) == []
    assert [p.message for p in ctx.problems] == [UNREADABLE_TREATMENT_DIRECTIVE]
    assert hides_treatment_directive(ctx.problems[0])


_JUNK: list[Any] = [None, 7, "x", [], {}, [1, "a"], {"coding": "x"}, True]


def _mutations(resource: Json) -> list[Json]:
    """``resource`` with every element (top level and in provision) replaced by junk."""
    variants: list[Json] = []
    for key, junk in itertools.product(list(resource), _JUNK):
        if key in ("resourceType",):
            continue
        variant = dict(resource)
        variant[key] = junk
        variants.append(variant)
    for key, junk in itertools.product(list(resource["provision"]), _JUNK):
        variant = dict(resource)
        variant["provision"] = {**resource["provision"], key: junk}
        variants.append(variant)
    return variants


@pytest.mark.parametrize(
    "resource",
    [
        treatment_directive(sct("89666000"), comment="x", specification="Anders"),
        treatment_directive(other(ICD_TEXT), ptype=None, specification="Niet besproken"),
        treatment_directive(other("Dialyse"), ptype="deny"),
    ],
)
def test_malformed_consents_never_raise(resource: Json) -> None:
    for variant in _mutations(resource):
        ctx = make_context([variant])
        items = read_consent(variant, ctx)
        provision = variant.get("provision")
        if not (isinstance(provision, dict) and provision.get("type") == "permit"):
            # "Wel uitvoeren" only ever comes from provision.type = permit.
            assert all(a.value != ag.DECISION_PERMIT for i in items for a in i.answers)


# --- advance directives --------------------------------------------------------------------------


def advance_directive(
    cid: str,
    code: str | None = "NR",
    *,
    identifier: str | None = None,
    attachment: Json | None = None,
    representative: str | None = None,
    comment: str | None = None,
    date: str = "2019-05-14",
) -> Json:
    """A Consent ACP-AdvanceDirective shaped like the IG's DNR example."""
    resource: Json = {
        "resourceType": "Consent",
        "id": cid,
        "meta": {"profile": [profiles.ADVANCE_DIRECTIVE], "lastUpdated": "2025-04-28T10:00:00Z"},
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "adr"}]},
        "category": [{"coding": [{"system": CONSENT_CATEGORY, "code": "acd"}]}],
        "patient": {"reference": PATIENT_REF},
        "dateTime": date,
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
        "provision": {},
    }
    if identifier is not None:
        resource["identifier"] = ig_identifier(identifier)
    if code is not None:
        resource["provision"]["code"] = [
            {
                "coding": [
                    {"system": WILSVERKLARING_TYPE, "code": code, "display": "Niet reanimeren"}
                ]
            }
        ]
    if attachment is not None:
        resource["sourceAttachment"] = attachment
    if representative is not None:
        resource["provision"]["actor"] = [
            {
                "role": {"coding": [{"system": ROLE_CODE, "code": "RESPRSN"}]},
                "reference": {"reference": representative},
            }
        ]
    if comment is not None:
        resource["extension"] = [{"url": profiles.EXT_COMMENT, "valueString": comment}]
    return resource


def test_ig_dnr_directive_with_embedded_document() -> None:
    resource = advance_directive(
        "ACP-AdvanceDirective-DNR-Pat1",
        identifier="f3a859f9-9ce4-4bc9-b744-2e9b4ab00f53",
        attachment={"contentType": "application/pdf", "data": "JVBERi0xLjYN"},
        comment="Wenst niet meer gereanimeerd te worden",
    )
    item, ctx = read_one(resource)
    assert item.key == ItemKey(ItemId.ADVANCE_DIRECTIVE, "NR:f3a859f9-9ce4-4bc9-b744-2e9b4ab00f53")
    assert item.answer(ag.AD_TYPE) == Coding(WILSVERKLARING_TYPE, "NR", "Niet reanimeren")
    assert item.answer(ag.AD_COMMENT) == "Wenst niet meer gereanimeerd te worden"
    assert item.answer(ag.AD_DOCUMENT) is None
    assert "document-attached" in item.notes
    assert raw_date(item.recorded) == "2019-05-14"
    assert item.date_basis is DateBasis.RECORD
    assert item.conversation is None
    assert ctx.problems == []


def test_every_document_is_its_own_item() -> None:
    first = advance_directive("ad-1", "EU", identifier="a", attachment={"title": "Verklaring 2019"})
    second = advance_directive("ad-2", "EU", attachment={"url": "https://dms.example/doc/2"})
    ctx = make_context([first, second])
    items = [*read_consent(first, ctx), *read_consent(second, ctx)]
    assert [i.key.qualifier for i in items] == ["EU:a", "EU:ad-2"]
    assert items[0].answer(ag.AD_DOCUMENT) == "Verklaring 2019"
    assert items[1].answer(ag.AD_DOCUMENT) == "https://dms.example/doc/2"


def test_directive_representative_and_status() -> None:
    contact = {
        "resourceType": "RelatedPerson",
        "id": "F1-ACP-ContactPerson-HendrikHartman",
        "patient": {"reference": PATIENT_REF},
        "name": [{"given": ["Michiel"], "family": "Hartman"}],
    }
    resource = advance_directive(
        "ad-vol", "VOL", representative="RelatedPerson/F1-ACP-ContactPerson-HendrikHartman"
    )
    resource["status"] = "inactive"
    ctx = make_context([contact, resource])
    (item,) = read_consent(resource, ctx)
    assert item.answer(ag.AD_REPRESENTATIVE) == "Michiel Hartman"
    assert item.status is RecordStatus.ENDED


def test_directive_without_type() -> None:
    item, _ = read_one(advance_directive("ad-x", None))
    assert item.key == ItemKey(ItemId.ADVANCE_DIRECTIVE, ":ad-x")
    assert "no-type" in item.notes


def test_malformed_advance_directives_never_raise() -> None:
    resource = advance_directive(
        "ad-m", representative="RelatedPerson/x", attachment={"title": "t"}
    )
    for variant in _mutations(resource):
        read_consent(variant, make_context([variant]))


# --- writing -------------------------------------------------------------------------------------

_A_F_DECISIONS: list[tuple[Coding, str | None]] = [
    (ag.DECISION_PERMIT, None),
    (ag.DECISION_DENY, None),
    (ag.DECISION_OTHER, "Alleen bij een reversibele oorzaak"),
    (ag.DECISION_OTHER, None),
    (ag.DECISION_UNKNOWN, None),
]


def _limit_answers(
    limit: ag.TreatmentLimit, decision: Coding, specification: str | None, comment: str | None
) -> list[Answer]:
    answers = [Answer(limit.decision, decision)]
    if specification and limit.specification:
        answers.append(Answer(limit.specification, specification))
    if comment:
        answers.append(Answer(limit.comment, comment))
    return answers


def _assert_same(item: RecordedItem, key: ItemKey, answers: list[Answer]) -> None:
    assert item.key == key
    assert item.signature == value_signature(tuple(answers))
    assert item.conversation == NEW_CONVERSATION.ref
    assert reference_of_professional(item.professional) == ROLE_REF
    assert raw_date(item.recorded) == WRITE_DATE
    assert item.date_basis is DateBasis.RECORD
    assert item.status is RecordStatus.CURRENT
    assert item.notes == ()


@pytest.mark.parametrize("limit", ag.TREATMENT_LIMITS, ids=lambda lim: lim.item.value)
@pytest.mark.parametrize(("decision", "specification"), _A_F_DECISIONS)
@pytest.mark.parametrize("comment", [None, "Besproken met partner en dochter"])
def test_round_trip_limits_a_to_f(
    limit: ag.TreatmentLimit, decision: Coding, specification: str | None, comment: str | None
) -> None:
    answers = _limit_answers(limit, decision, specification, comment)
    items, _ = round_trip(ItemKey(limit.item), answers)
    (item,) = items
    _assert_same(item, ItemKey(limit.item), answers)
    assert item.answer(limit.decision) == decision  # including the form's Dutch display


def test_written_consent_follows_the_profile() -> None:
    ctx = write_context()
    answers = (
        Answer("1386", ag.DECISION_OTHER),
        Answer("1001", "Alleen bij reversibele oorzaak"),
        Answer("1002", "Toelichting"),
    )
    write_treatment_limit(ItemChange(ItemKey(ItemId.RESUSCITATION), answers), ctx)
    (entry,) = ctx.entries
    consent = entry["resource"]
    ident = ctx.identifier("Consent:limit_resuscitation")

    assert entry["fullUrl"].startswith("urn:uuid:")
    assert entry["request"] == {
        "method": "POST",
        "url": "Consent",
        "ifNoneExist": f"identifier={ident['system']}|{ident['value']}",
    }
    assert consent["identifier"] == [ident]
    assert consent["meta"] == {"profile": [profiles.TREATMENT_DIRECTIVE]}
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "treatment"
    assert consent["category"] == [{"coding": [{"system": SCT, "code": "129125009"}]}]
    assert consent["policy"] == [{"uri": "https://wetten.overheid.nl/"}]
    assert consent["patient"]["reference"] == PATIENT_REF
    assert consent["dateTime"] == WRITE_DATE
    assert "type" not in consent["provision"]
    assert consent["modifierExtension"] == [
        {"url": profiles.EXT_SPECIFICATION_OTHER, "valueString": "Alleen bij reversibele oorzaak"}
    ]
    assert consent["provision"]["code"] == [
        {"coding": [{"system": SCT, "code": "89666000", "display": "cardiopulmonale resuscitatie"}]}
    ]
    actors = consent["provision"]["actor"]
    assert [a["reference"]["reference"] for a in actors] == [PATIENT_REF, ROLE_REF]
    assert all(a["role"]["coding"][0]["code"] == "CONSENTER" for a in actors)
    assert ctx.encounter_extension() in consent["extension"]
    assert {"url": profiles.EXT_COMMENT, "valueString": "Toelichting"} in consent["extension"]
    read_back(ctx)  # validates


@pytest.mark.parametrize("decision", [ag.DECISION_PERMIT, ag.DECISION_DENY, ag.DECISION_UNKNOWN])
@pytest.mark.parametrize("comment", [None, "Bespreken bij verslechtering"])
def test_round_trip_other_limits(decision: Coding, comment: str | None) -> None:
    answers = [Answer("1422", "Sondevoeding"), Answer("1402", decision)]
    if comment:
        answers.append(Answer("1404", comment))
    key = ItemKey(ItemId.OTHER_LIMIT, "sondevoeding")
    items, ctx = round_trip(key, answers)
    (item,) = items
    _assert_same(item, key, answers)
    consent = ctx.entries[0]["resource"]
    assert consent["provision"]["code"] == [
        {"coding": [{"system": NULL_FLAVOR, "code": "OTH"}], "text": "Sondevoeding"}
    ]


def test_two_other_limits_get_their_own_identifiers() -> None:
    ctx = write_context()
    for name in ("Sondevoeding", "Dialyse"):
        key = ItemKey(ItemId.OTHER_LIMIT, name.lower())
        change = ItemChange(key, (Answer("1422", name), Answer("1402", ag.DECISION_DENY)))
        write_treatment_limit(change, ctx)
    identifiers = {e["resource"]["identifier"][0]["value"] for e in ctx.entries}
    assert len(identifiers) == 2
    items, _ = read_back(ctx)
    assert {i.key.qualifier for i in items} == {"sondevoeding", "dialyse"}


@pytest.mark.parametrize("decision", [ag.DECISION_PERMIT, ag.ICD_NOT_DECIDED, ag.ICD_NOT_DISCUSSED])
@pytest.mark.parametrize("comment", [None, "Uitzetten bij start palliatieve sedatie"])
def test_round_trip_icd_deactivation(decision: Coding, comment: str | None) -> None:
    answers = [Answer("1005", decision)]
    if comment:
        answers.append(Answer("1010", comment))
    items, ctx = round_trip(ItemKey(ItemId.ICD_DEACTIVATION), answers)
    (item,) = items
    _assert_same(item, ItemKey(ItemId.ICD_DEACTIVATION), answers)
    consent = ctx.entries[0]["resource"]
    assert consent["provision"]["code"] == [
        {
            "coding": [{"system": NULL_FLAVOR, "code": "OTH"}],
            "text": "Uitzetten van cardioverter-defibrillator in laatste levensfase (verrichting) "
            "(SNOMED CT - 400231000146108)",
        }
    ]
    if decision == ag.DECISION_PERMIT:
        assert consent["provision"]["type"] == "permit"
        assert "modifierExtension" not in consent
    else:
        assert "type" not in consent["provision"]
        assert consent["modifierExtension"][0]["valueString"] == decision.display


@pytest.mark.parametrize(
    ("key", "answers"),
    [
        (ItemKey(ItemId.ICD_DEACTIVATION), [Answer(ag.DECISION_TEXT, "Na overleg met cardioloog")]),
        (ItemKey(ItemId.ICD_DEACTIVATION), [Answer(ag.DECISION_TYPE, "deny")]),
        (
            ItemKey(ItemId.OTHER_LIMIT, "dialyse"),
            [Answer("1422", "Dialyse"), Answer(ag.DECISION_TEXT, "Alleen kortdurend")],
        ),
    ],
)
def test_round_trip_of_values_without_form_option(key: ItemKey, answers: list[Answer]) -> None:
    items, _ = round_trip(key, answers)
    (item,) = items
    assert item.key == key
    assert item.signature == value_signature(tuple(answers))


def test_no_decision_writes_nothing() -> None:
    ctx = write_context()
    write_treatment_limit(ItemChange(ItemKey(ItemId.ANTIBIOTICS), ()), ctx)
    write_icd_deactivation(ItemChange(ItemKey(ItemId.ICD_DEACTIVATION), ()), ctx)
    assert ctx.entries == []


@pytest.mark.parametrize(
    ("key", "answers"),
    [
        (ItemKey(ItemId.RESUSCITATION), [Answer("1386", Coding(SCT, "12345"))]),
        (ItemKey(ItemId.RESUSCITATION), [Answer("1386", "Wel")]),
        (
            ItemKey(ItemId.OTHER_LIMIT, "x"),
            [Answer("1422", "X"), Answer("1402", ag.DECISION_OTHER)],
        ),
        (ItemKey(ItemId.ICD_DEACTIVATION), [Answer("1005", ag.DECISION_DENY)]),
        (ItemKey(ItemId.ICD_DEACTIVATION), [Answer("1005", ag.DECISION_UNKNOWN)]),
        (ItemKey(ItemId.TREATMENT_GOAL), [Answer("1386", ag.DECISION_PERMIT)]),
        (
            ItemKey(ItemId.ICD_DEACTIVATION),
            [Answer(ag.DECISION_TYPE, "permit"), Answer(ag.DECISION_TEXT, "x")],
        ),
    ],
)
def test_writing_is_strict(key: ItemKey, answers: list[Answer]) -> None:
    writer = (
        write_icd_deactivation if key.item is ItemId.ICD_DEACTIVATION else write_treatment_limit
    )
    with pytest.raises(ValueError, match=r"."):
        writer(ItemChange(key, tuple(answers)), write_context())


def test_written_decision_never_reads_back_as_another_decision() -> None:
    """Every a-f decision maps to a distinct resource shape (spec §3.1)."""
    shapes = set()
    for decision, specification in _A_F_DECISIONS:
        ctx = write_context()
        change = ItemChange(
            ItemKey(ItemId.RESUSCITATION),
            tuple(
                _limit_answers(
                    ag.LIMIT_BY_ITEM[ItemId.RESUSCITATION], decision, specification, None
                )
            ),
        )
        write_treatment_limit(change, ctx)
        consent = ctx.entries[0]["resource"]
        shapes.add(
            (
                consent["provision"].get("type"),
                tuple(e["valueString"] for e in consent.get("modifierExtension", [])),
            )
        )
    assert len(shapes) == len(_A_F_DECISIONS)


# --- agreement with the form and the display ---------------------------------------------------


@pytest.mark.parametrize(
    ("link_id", "coding"),
    [
        *[
            (lim.decision, c)
            for lim in ag.TREATMENT_LIMITS
            for c in (ag.DECISION_PERMIT, ag.DECISION_OTHER, ag.DECISION_DENY, ag.DECISION_UNKNOWN)
        ],
        *[("1402", c) for c in (ag.DECISION_PERMIT, ag.DECISION_DENY, ag.DECISION_UNKNOWN)],
        *[("1005", c) for c in (ag.DECISION_PERMIT, ag.ICD_NOT_DECIDED, ag.ICD_NOT_DISCUSSED)],
        *[
            ("999", c)
            for c in (
                ag.GOAL_CURATIVE,
                ag.GOAL_LIFE_PROLONGING,
                ag.GOAL_SYMPTOM_RELIEF,
                ag.GOAL_UNKNOWN,
            )
        ],
        *[("1006", c) for c in (ag.ICD_YES, ag.ICD_NO, ag.ICD_UNKNOWN)],
        ("1008", ag.ICD_PRODUCT),
        ("1200", ag.INFORMED_YES),
        ("1200", ag.INFORMED_NO),
    ],
)
def test_constants_are_the_forms_options(link_id: str, coding: Coding) -> None:
    assert ag.form_option(link_id, coding) == coding


def test_treatment_codes_are_the_forms_fixed_concepts() -> None:
    fixed = ("1410", "1412", "1414", "1416", "1418", "1420")  # in the order of 4a-4f
    for link_id, limit in zip(fixed, ag.TREATMENT_LIMITS, strict=True):
        assert ag.form_option(link_id, limit.treatment) == limit.treatment
    assert ag.form_option("1426", ag.ICD_DEACTIVATION.treatment) == ag.ICD_DEACTIVATION.treatment


@pytest.mark.parametrize(
    ("resource", "decision", "shown"),
    [
        (treatment_directive(sct("89666000"), ptype="permit"), Decision.PERMIT, "Wel uitvoeren"),
        (treatment_directive(sct("89666000"), ptype="deny"), Decision.DENY, "Niet uitvoeren"),
        (
            treatment_directive(sct("89666000"), ptype=None, specification="Alleen thuis"),
            Decision.OTHER,
            "Anders: Alleen thuis",
        ),
        (
            treatment_directive(sct("89666000"), ptype=None, specification="Onbekend"),
            Decision.UNKNOWN,
            "Onbekend",
        ),
        (
            treatment_directive(sct("89666000"), ptype=None),
            Decision.NONE,
            "Geen besluit vastgelegd",
        ),
        (
            treatment_directive(other(ICD_TEXT), ptype=None, specification="Later beslissen"),
            Decision.OTHER,
            "Anders: Later beslissen",
        ),
    ],
)
def test_read_items_display_as_the_decision_they_record(
    resource: Json, decision: Decision, shown: str
) -> None:
    item, _ = read_one(resource)
    assert decision_of(item) is decision
    assert display_value(item) == shown


def test_unknown_modifier_displays_as_unclear() -> None:
    resource = treatment_directive(sct("89666000"), ptype="permit")
    resource["modifierExtension"] = [{"url": "http://example.org/x", "valueString": "x"}]
    item, _ = read_one(resource)
    assert decision_of(item) is Decision.UNCLEAR
    assert "Wel" not in display_value(item)


# --- shapes that must never read as a plain decision ----------------------------------------------


def test_nested_deny_exception_under_a_permit_is_unclear_never_permit() -> None:
    resource = treatment_directive(sct("89666000"), ptype="permit")
    resource["provision"]["provision"] = [{"type": "deny", "period": {"start": "2024-01-01"}}]
    item, ctx = read_one(resource)
    assert item.key == ItemKey(ItemId.RESUSCITATION)
    assert item.answer("1386") is None
    assert "nested-provision" in item.notes
    assert decision_of(item) is Decision.UNCLEAR
    assert display_value(item) == (
        "Niet eenduidig vastgelegd (uitzonderingen in geneste bepalingen) — raadpleeg de bron"
    )
    assert ctx.problems


def test_treatment_named_only_in_a_nested_provision_is_shown_as_unclear() -> None:
    resource = treatment_directive(None, ptype="permit")
    resource["provision"]["provision"] = [{"type": "deny", "code": [sct("89666000")]}]
    item, ctx = read_one(resource)
    assert item.key == ItemKey(ItemId.RESUSCITATION)
    assert decision_of(item) is Decision.UNCLEAR
    assert not any(p.message == UNREADABLE_TREATMENT_DIRECTIVE for p in ctx.problems)


def test_every_treatment_code_gets_its_own_record() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["provision"]["code"].append(sct("305351004"))
    ctx = make_context([resource])
    items = read_consent(resource, ctx)
    assert [i.key for i in items] == [ItemKey(ItemId.RESUSCITATION), ItemKey(ItemId.ICU_ADMISSION)]
    assert items[0].answers == (Answer("1386", ag.DECISION_DENY),)
    assert items[1].answers == (Answer("1390", ag.DECISION_DENY),)
    assert all("multiple-treatments" in i.notes for i in items)
    assert {i.origin.reference for i in items} == {"Consent/F1-ACP-TreatmentDirective-89666000"}


def test_codes_of_two_treatments_in_one_concept_are_both_read() -> None:
    concept = {
        "coding": [{"system": SCT, "code": "305351004"}, {"system": SCT, "code": "89666000"}]
    }
    resource = treatment_directive(concept, ptype="deny")
    items = read_consent(resource, make_context([resource]))
    assert {i.key.item for i in items} == {ItemId.ICU_ADMISSION, ItemId.RESUSCITATION}
    assert all(decision_of(i) is Decision.DENY for i in items)


def test_an_unknown_treatment_next_to_a_known_one_is_kept() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["provision"]["code"].append(sct("265764009", "Renal dialysis"))
    items = read_consent(resource, make_context([resource]))
    assert [i.key for i in items] == [
        ItemKey(ItemId.RESUSCITATION),
        ItemKey(ItemId.OTHER_LIMIT, "renal dialysis"),
    ]


def test_the_same_treatment_twice_is_one_record_and_problems_are_not_repeated() -> None:
    resource = treatment_directive(sct("89666000"), ptype="Deny")
    resource["provision"]["code"] += [sct("89666000"), sct("305351004")]
    ctx = make_context([resource])
    items = read_consent(resource, ctx)
    assert [i.key.item for i in items] == [ItemId.RESUSCITATION, ItemId.ICU_ADMISSION]
    assert len(ctx.problems) == 1


@pytest.mark.parametrize("ptype", ["Deny", "DENY", "weigeren", "misschien"])
def test_non_standard_provision_type_is_unclear_with_the_raw_value(ptype: str) -> None:
    item, ctx = read_one(treatment_directive(sct("89666000"), ptype=ptype))
    assert decision_of(item) is Decision.UNCLEAR
    assert display_value(item) == (
        f"Niet eenduidig vastgelegd (onbekend type '{ptype}') — raadpleeg de bron"
    )
    assert f"unknown type '{ptype}'" in display_value(item, "en")
    assert ctx.problems


def test_icd_deny_is_unclear_and_says_why() -> None:
    item, _ = read_one(treatment_directive(other(ICD_TEXT), ptype="deny"))
    assert "type 'deny'" in display_value(item)
    assert display_value(item).startswith("Niet eenduidig vastgelegd")


def test_malformed_type_without_specification_is_unclear_not_no_decision() -> None:
    item, ctx = read_one(treatment_directive(sct("89666000"), ptype=None))
    assert decision_of(item) is Decision.NONE  # the control: nothing recorded at all
    resource = treatment_directive(sct("89666000"), ptype=None)
    resource["provision"]["type"] = 5
    item, ctx = read_one(resource)
    assert decision_of(item) is Decision.UNCLEAR
    assert ctx.problems


def test_a_future_start_is_noted() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["provision"]["period"] = {"start": "2999-01-01"}
    item, ctx = read_one(resource)
    assert item.status is RecordStatus.CURRENT
    assert "starts-later:2999-01-01" in item.notes
    assert starts_later(item) == ClinicalDate.parse("2999-01-01")
    assert ctx.problems == []


def test_a_past_start_is_not_noted_and_an_invalid_one_is_reported() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["provision"]["period"] = {"start": "2020-01-01"}
    item, _ = read_one(resource)
    assert starts_later(item) is None
    resource["provision"]["period"] = {"start": "morgen"}
    item, ctx = read_one(resource)
    assert starts_later(item) is None
    assert ctx.problems


def test_consent_of_another_patient_is_reported_and_not_read() -> None:
    resource = treatment_directive(sct("89666000"), ptype="deny")
    resource["patient"] = {"reference": "Patient/someone-else"}
    ctx = make_context([resource])
    assert read_consent(resource, ctx) == []
    assert [(p.reference, p.message) for p in ctx.problems] == [
        ("Consent/F1-ACP-TreatmentDirective-89666000", OTHER_PATIENT)
    ]


def test_unreadable_directive_problems() -> None:
    """Only a current directive without a recognisable treatment hides a key decision."""
    no_code = treatment_directive(None, ptype="deny")
    ctx = make_context([no_code])
    assert read_consent(no_code, ctx) == []
    assert [hides_treatment_directive(p) for p in ctx.problems] == [True]

    withdrawn = treatment_directive(None, ptype="deny", status="entered-in-error")
    ctx = make_context([withdrawn])
    assert read_consent(withdrawn, ctx) == []
    assert ctx.problems == []

    older = treatment_directive(None, ptype="deny")
    newer = treatment_directive(sct("89666000"), ptype="deny")
    newer["meta"] = {**newer["meta"], "versionId": "2"}
    ctx = make_context([older, newer])
    assert read_consent(older, ctx) == []
    assert len(ctx.problems) == 1
    assert not hides_treatment_directive(ctx.problems[0])
