"""What a clinician sees for an item's value (spec §3.1, §7 items 13 and 14)."""

from __future__ import annotations

import pytest

from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    AGB_SPECIALISM,
    BEHANDEL_BESLUIT,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    WILSVERKLARING_TYPE,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.display import (
    DECISION_ITEMS,
    Decision,
    coding_label,
    decision_of,
    display_value,
)
from pzp_desktop.domain.items import (
    KEY_DECISIONS,
    Answer,
    AnswerValue,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    RecordedItem,
)

DAR = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
BB0 = Coding(BEHANDEL_BESLUIT, "0", "Wel uitvoeren")
BB1 = Coding(BEHANDEL_BESLUIT, "1", "Anders")
BB2 = Coding(BEHANDEL_BESLUIT, "2", "Niet uitvoeren")
UNK = Coding(NULL_FLAVOR, "UNK", "Onbekend")


def recorded(
    item_id: ItemId,
    *answers: tuple[str, AnswerValue] | tuple[str, AnswerValue, int],
    notes: tuple[str, ...] = (),
    qualifier: str = "",
    date: str | None = None,
) -> RecordedItem:
    """A RecordedItem as the readers produce it (answers: (linkId, value[, repeat]))."""
    return RecordedItem(
        key=ItemKey(item_id, qualifier),
        answers=tuple(Answer(*a) for a in answers),
        source="test",
        origin=Origin(OriginKind.RESOURCE, "Consent/1", "1"),
        recorded=ClinicalDate.parse(date) if date else None,
        notes=notes,
    )


# --- treatment decisions -------------------------------------------------------------------


def test_permit() -> None:
    item = recorded(ItemId.RESUSCITATION, ("1386", BB0))
    assert decision_of(item) is Decision.PERMIT
    assert display_value(item) == "Wel uitvoeren"


def test_deny_with_comment() -> None:
    item = recorded(ItemId.RESUSCITATION, ("1386", BB2), ("1002", "Besproken met dochter"))
    assert decision_of(item) is Decision.DENY
    assert display_value(item) == "Niet uitvoeren — Besproken met dochter"


def test_other_shows_its_specification() -> None:
    item = recorded(ItemId.VENTILATION, ("1387", BB1), ("1388", "alleen bij reversibele oorzaak"))
    assert decision_of(item) is Decision.OTHER
    assert display_value(item) == "Anders: alleen bij reversibele oorzaak"
    assert display_value(item, "en") == "Other: alleen bij reversibele oorzaak"


def test_other_without_specification() -> None:
    item = recorded(ItemId.ICU_ADMISSION, ("1390", BB1))
    assert display_value(item) == "Anders"


def test_unknown_decision() -> None:
    item = recorded(ItemId.HOSPITAL_ADMISSION, ("1393", UNK), ("1395", "Nog niet over nagedacht"))
    assert decision_of(item) is Decision.UNKNOWN
    assert display_value(item) == "Onbekend — Nog niet over nagedacht"


def test_no_decision_is_never_a_permit() -> None:
    item = recorded(ItemId.RESUSCITATION, ("1002", "Zie brief"), notes=("no-decision",))
    assert decision_of(item) is Decision.NONE
    assert display_value(item) == "Geen besluit vastgelegd — Zie brief"
    assert "uitvoeren" not in display_value(item)


@pytest.mark.parametrize("item_id", sorted(DECISION_ITEMS))
def test_no_decision_for_every_decision_item(item_id: ItemId) -> None:
    item = recorded(item_id, notes=("no-decision",))
    assert decision_of(item) is Decision.NONE
    assert "Wel uitvoeren" not in display_value(item)
    assert "Geen besluit vastgelegd" in display_value(item)
    assert "No decision recorded" in display_value(item, "en")


def test_unknown_modifier_is_unclear_even_with_a_decision_code() -> None:
    item = recorded(ItemId.RESUSCITATION, ("1386", BB0), notes=("unknown-modifier",))
    assert decision_of(item) is Decision.UNCLEAR
    assert display_value(item) == (
        "Niet eenduidig vastgelegd (onbekende modifier-extensie) — raadpleeg de bron"
    )
    assert "Wel" not in display_value(item)


def test_unknown_modifier_without_decision() -> None:
    item = recorded(ItemId.ANTIBIOTICS, notes=("unknown-modifier",))
    assert decision_of(item) is Decision.UNCLEAR
    assert display_value(item, "en") == (
        "Not clearly recorded (unknown modifier extension) — consult the source"
    )


def test_unknown_decision_code_is_unclear_and_shown_raw() -> None:
    item = recorded(ItemId.BLOOD_PRODUCTS, ("1399", Coding(BEHANDEL_BESLUIT, "7", "Misschien")))
    assert decision_of(item) is Decision.UNCLEAR
    assert display_value(item) == (
        "Niet eenduidig vastgelegd (geen besluit van het formulier: onbekende code "
        "BehandelBesluit 7 (Misschien)) — raadpleeg de bron"
    )


def test_decision_display_ignores_the_display_as_received() -> None:
    item = recorded(ItemId.RESUSCITATION, ("1386", Coding(BEHANDEL_BESLUIT, "2", "permit")))
    assert display_value(item) == "Niet uitvoeren"


def test_other_limit_shows_the_treatment_name() -> None:
    item = recorded(
        ItemId.OTHER_LIMIT,
        ("1422", "Dialyse"),
        ("1402", BB2),
        ("1404", "Patiënt wil niet meer naar het ziekenhuis"),
        qualifier="dialyse",
    )
    assert decision_of(item) is Decision.DENY
    assert (
        display_value(item) == "Dialyse: Niet uitvoeren — Patiënt wil niet meer naar het ziekenhuis"
    )
    assert display_value(item, "en") == (
        "Dialyse: Do not perform — Patiënt wil niet meer naar het ziekenhuis"
    )


def test_other_limit_without_name() -> None:
    item = recorded(ItemId.OTHER_LIMIT, ("1402", UNK), notes=("no-name",))
    assert display_value(item) == "Onbekende behandeling: Onbekend"


@pytest.mark.parametrize(
    ("decision", "expected", "kind"),
    [
        (BB0, "Wel uitvoeren", Decision.PERMIT),
        (Coding(NULL_FLAVOR, "ASKU"), "Nee, nog geen besluit genomen", Decision.UNKNOWN),
        (Coding(NULL_FLAVOR, "NASK"), "Niet besproken", Decision.UNKNOWN),
    ],
)
def test_icd_deactivation(decision: Coding, expected: str, kind: Decision) -> None:
    item = recorded(ItemId.ICD_DEACTIVATION, ("1005", decision), ("1010", "Met cardioloog"))
    assert decision_of(item) is kind
    assert display_value(item) == f"{expected} — Met cardioloog"


def test_icd_deactivation_unmapped_text() -> None:
    item = recorded(
        ItemId.ICD_DEACTIVATION,
        ("DECISION.text", "Pas bij opname in hospice"),
        notes=("unmapped-decision-text",),
    )
    assert decision_of(item) is Decision.OTHER
    assert display_value(item) == "Anders: Pas bij opname in hospice"


def test_decision_of_other_items_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a treatment decision"):
        decision_of(recorded(ItemId.TREATMENT_GOAL))


def test_key_decisions_are_decision_items() -> None:
    assert set(KEY_DECISIONS) <= DECISION_ITEMS


def test_decision_labels() -> None:
    for lang in ("nl", "en"):
        labels = [d.label(lang) for d in Decision]
        assert all(labels)
        assert len(set(labels)) == len(labels)
    assert Decision.PERMIT.label() == "Wel"
    assert Decision.DENY.label() == "Niet"
    assert Decision.NONE.label() == "Geen besluit vastgelegd"
    assert Decision.DENY.label("en") == "Do not perform"


# --- codes ---------------------------------------------------------------------------------


def test_form_label_for_the_link_id() -> None:
    assert coding_label(Coding(SCT, "264362003", "Home"), "1191") == "Thuis"
    assert coding_label(Coding(SCT, "264362003"), "1191", "en") == "Home"
    # The same code has another label in another item.
    assert coding_label(Coding(ADDRESS_USE, "HP"), "978") == "Telefoonnummer thuis"
    assert coding_label(Coding(ADDRESS_USE, "HP"), "981") == "Privé e-mailadres"
    assert coding_label(UNK, "999") == "Nog onbekend"
    assert coding_label(UNK, "1386") == "Onbekend"


def test_system_less_codes_only_with_their_link_id() -> None:
    assert coding_label(Coding(None, "1"), "1406") == "Ja"
    assert coding_label(Coding(None, "0"), "1200", "en") == "No"
    assert coding_label(Coding(None, "ICD"), "1008") == "ICD"
    assert coding_label(Coding(None, "1")) == "onbekende code zonder codesysteem 1"
    assert coding_label(Coding(None, "1"), lang="en") == "unknown code without code system 1"


def test_code_table_labels() -> None:
    assert coding_label(Coding(WILSVERKLARING_TYPE, "EU")) == "Euthanasieverzoek"
    assert coding_label(Coding(WILSVERKLARING_TYPE, "EU"), lang="en") == "Euthanasia request"
    assert coding_label(Coding(AGB_SPECIALISM, "0100", "General practice")) == "Huisartsen"
    assert coding_label(Coding(ROLE_CODE, "GRMTH")) == "Grootmoeder"
    assert coding_label(Coding(DAR, "not-asked")) == "Niet gevraagd"
    # A code of a code table used for an item whose form does not offer it.
    assert coding_label(Coding(ROL472, "02"), "982") == "Tweede relatie/contactpersoon"


def test_goal_code_713148004_reads_like_225353007() -> None:
    form_label = coding_label(Coding(SCT, "225353007"), "999")
    assert coding_label(Coding(SCT, "713148004"), "999") == form_label
    assert form_label.startswith("Palliatief met als doel symptoomverlichting")


def test_form_option_without_link_id() -> None:
    assert coding_label(Coding(SCT, "340201000146103", "Wil geen euthanasie (bevinding)")) == (
        "Wenst geen euthanasie"
    )


def test_unknown_codes_are_shown_as_received() -> None:
    coding = Coding(SCT, "12345", "Iets nieuws")
    assert coding_label(coding) == "onbekende code SNOMED CT 12345 (Iets nieuws)"
    assert coding_label(coding, "1191", "en") == "unknown code SNOMED CT 12345 (Iets nieuws)"
    assert coding_label(Coding("urn:example", "X")) == "onbekende code urn:example X"
    item = recorded(ItemId.PLACE_OF_DEATH, ("1191", coding), ("1192", "bij dochter"))
    assert display_value(item) == "onbekende code SNOMED CT 12345 (Iets nieuws) — bij dochter"


def test_unsupported_language() -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        coding_label(UNK, "999", "de")
    with pytest.raises(ValueError, match="unsupported language"):
        display_value(recorded(ItemId.TREATMENT_GOAL, ("999", UNK)), "fr")


# --- other items ---------------------------------------------------------------------------


def test_legal_capacity() -> None:
    item = recorded(
        ItemId.LEGAL_CAPACITY, ("1406", Coding(None, "0")), ("1407", "Ernstige dementie")
    )
    assert display_value(item) == "Nee — Ernstige dementie"
    assert display_value(item, "en") == "No — Ernstige dementie"
    assert display_value(recorded(ItemId.LEGAL_CAPACITY, ("1406", Coding(None, "1")))) == "Ja"


def test_informed_relatives() -> None:
    assert display_value(recorded(ItemId.INFORMED_RELATIVES, ("1200", Coding(None, "1")))) == "Ja"
    assert display_value(recorded(ItemId.INFORMED_RELATIVES, ("1200", Coding(None, "0")))) == "Nee"


def test_treatment_goal() -> None:
    item = recorded(ItemId.TREATMENT_GOAL, ("999", Coding(SCT, "385987000")))
    assert display_value(item) == "Curatief / actief ziektebeleid"
    assert display_value(item, "en") == "Curative / active disease management"


def test_free_texts_stay_as_written() -> None:
    item = recorded(ItemId.CARE_WISHES, ("1190", "Wil thuis blijven, met muziek"))
    assert display_value(item) == "Wil thuis blijven, met muziek"
    assert display_value(item, "en") == "Wil thuis blijven, met muziek"


def test_data_absent_reason() -> None:
    item = recorded(ItemId.CARE_WISHES, ("dataAbsentReason", Coding(DAR, "not-asked")))
    assert display_value(item) == "Niet gevraagd"
    item = recorded(ItemId.EUTHANASIA_POSITION, ("dataAbsentReason", Coding(DAR, "asked-unknown")))
    assert display_value(item, "en") == "Not yet known"


def test_place_of_death_unknown() -> None:
    item = recorded(ItemId.PLACE_OF_DEATH, ("1191", UNK))
    assert display_value(item) == "Nog onbekend"


def test_icd() -> None:
    item = recorded(
        ItemId.ICD,
        ("1006", Coding(SCT, "373066001")),
        ("1008", Coding(None, "ICD")),
        ("1009", "Geplaatst in 2019"),
    )
    assert display_value(item) == "Ja (ICD) — Geplaatst in 2019"
    assert display_value(item, "en") == "Yes (ICD) — Geplaatst in 2019"


def test_icd_with_an_unknown_device_type() -> None:
    item = recorded(
        ItemId.ICD,
        ("1006", Coding(SCT, "373066001")),
        ("DEVICE.type", Coding(SCT, "999999", "Pacemaker")),
        notes=("unknown-device-type",),
    )
    assert display_value(item) == "Ja (onbekende code SNOMED CT 999999 (Pacemaker))"


def test_icd_with_a_known_device_type() -> None:
    item = recorded(
        ItemId.ICD, ("1006", Coding(SCT, "373066001")), ("DEVICE.type", Coding(SCT, "465460004"))
    )
    assert display_value(item) == "Ja (Univentriculaire implanteerbare hartdefibrillator)"


def test_advance_directive() -> None:
    item = recorded(
        ItemId.ADVANCE_DIRECTIVE,
        ("AD.type", Coding(WILSVERKLARING_TYPE, "EU")),
        ("AD.document", "euthanasieverklaring.pdf"),
        ("AD.representative", "Anna de Vries"),
        ("AD.comment", "Kopie bij huisarts"),
        qualifier="EU:123",
        date="2019-03-12",
    )
    assert display_value(item) == (
        "Euthanasieverzoek, 12-03-2019 (document: euthanasieverklaring.pdf; "
        "vertegenwoordiger: Anna de Vries) — Kopie bij huisarts"
    )
    assert display_value(item, "en").startswith("Euthanasia request, 12-03-2019 (document: ")


def test_advance_directive_with_only_a_type() -> None:
    item = recorded(ItemId.ADVANCE_DIRECTIVE, ("AD.type", Coding(WILSVERKLARING_TYPE, "NR")))
    assert display_value(item) == "Niet-reanimerenverklaring"


# --- people --------------------------------------------------------------------------------


def test_legal_representative() -> None:
    item = recorded(
        ItemId.LEGAL_REPRESENTATIVE,
        ("973", "Anna Maria"),
        ("974", "de"),
        ("975", "Vries"),
        ("982", Coding(ROL472, "24")),
        ("983", Coding(ROLE_CODE, "DAUC")),
        ("984", Coding(None, "1")),
        ("976", "0612345678", 0),
        ("977", Coding(ADDRESS_USE, "MC"), 0),
        ("978", Coding(ADDRESS_USE, "HP"), 0),
        ("976", "0201234567", 1),
        ("979", "alleen overdag", 1),
        ("980", "anna@example.nl", 0),
        ("981", Coding(ADDRESS_USE, "HP"), 0),
    )
    assert display_value(item) == (
        "Anna Maria de Vries (Wettelijke vertegenwoordiger, Dochter, ook eerste contactpersoon)"
        " — 0612345678 (Mobiel telefoonnummer; Telefoonnummer thuis); "
        "0201234567 (alleen overdag); anna@example.nl (Privé e-mailadres)"
    )
    assert display_value(item, "en") == (
        "Anna Maria de Vries (Legal representative, Daughter, also first contact person)"
        " — 0612345678 (Mobile telephone number; Home telephone number); "
        "0201234567 (alleen overdag); anna@example.nl (Personal email address)"
    )


def test_representative_with_other_role_and_relation() -> None:
    item = recorded(
        ItemId.LEGAL_REPRESENTATIVE,
        ("973", "Kees"),
        ("975", "Bakker"),
        ("982", Coding(ROL472, "24")),
        ("982", Coding(ROL472, "09")),
        ("411", "bewindvoerder"),
        ("983", Coding(NULL_FLAVOR, "OTH")),
        ("408", "buurman"),
        ("984", Coding(None, "0")),
    )
    assert display_value(item) == (
        "Kees Bakker (Wettelijke vertegenwoordiger, Anders: bewindvoerder, Anders: buurman)"
    )


def test_first_contact_person() -> None:
    item = recorded(
        ItemId.FIRST_CONTACT_PERSON,
        ("985", "Piet"),
        ("987", "Jansen"),
        ("995", Coding(ROLE_CODE, "SONC")),
        ("988", "0687654321", 0),
    )
    assert display_value(item) == "Piet Jansen (Zoon) — 0687654321"
    assert display_value(item, "en") == "Piet Jansen (Son) — 0687654321"


def test_person_without_name() -> None:
    item = recorded(ItemId.FIRST_CONTACT_PERSON, ("995", Coding(ROLE_CODE, "WIFE")))
    assert display_value(item) == "Naam onbekend (Echtgenote)"


def test_unknown_relation_code_is_kept() -> None:
    item = recorded(
        ItemId.FIRST_CONTACT_PERSON,
        ("985", "Els"),
        ("995", Coding(ROLE_CODE, "NBOR", "buur")),
    )
    assert display_value(item) == "Els (onbekende code RoleCode NBOR (buur))"


# --- every item ----------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", list(ItemId))
def test_every_item_has_a_display(item_id: ItemId) -> None:
    text = display_value(recorded(item_id))
    assert text
    assert "Wel uitvoeren" not in text
    assert display_value(recorded(item_id), "en")


def test_empty_value() -> None:
    assert display_value(recorded(ItemId.OTHER_IMPORTANT)) == "Geen waarde vastgelegd"
    assert display_value(recorded(ItemId.OTHER_IMPORTANT), "en") == "No value recorded"


def test_empty_person() -> None:
    assert display_value(recorded(ItemId.LEGAL_REPRESENTATIVE)) == "Geen waarde vastgelegd"
