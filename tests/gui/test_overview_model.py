"""The overview model and the key decisions for the cases the training data does not
cover: notes, unknown codes, uncertain dates, ended agreements, unclear decisions,
conflicts in the banner, reading problems."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, SCT, Coding
from pzp_desktop.domain.consolidation import consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    ReadProblem,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.gui.key_decisions_widget import Tone, describe_key_decision
from pzp_desktop.gui.overview_model import Column, OverviewModel
from pzp_desktop.gui.overview_widget import problem_lines

pytestmark = pytest.mark.gui

DENY = Answer("1386", Coding(BEHANDEL_BESLUIT, "2"))
PERMIT = Answer("1386", Coding(BEHANDEL_BESLUIT, "0"))


def record(
    item: ItemId,
    *answers: Answer,
    source: str = "Ziekenhuis",
    when: str | None = "2026-03-01T10:00:00+01:00",
    basis: DateBasis = DateBasis.RECORD,
    status: RecordStatus = RecordStatus.CURRENT,
    notes: tuple[str, ...] = (),
    reference: str = "Consent/1",
) -> RecordedItem:
    return RecordedItem(
        key=ItemKey(item),
        answers=answers,
        source=source,
        origin=Origin(OriginKind.RESOURCE, reference),
        recorded=ClinicalDate.parse(when) if when else None,
        date_basis=basis,
        status=status,
        professional=Professional(name="Dr. Test"),
        notes=notes,
    )


def model_of(*records: RecordedItem, incomplete: bool = False) -> OverviewModel:
    model = OverviewModel()
    model.set_overview(
        consolidate(records, ["Ziekenhuis", "Huisarts"]), "nl", incomplete=incomplete
    )
    return model


def test_notes_and_uncertain_dates_are_remarks(qapp: object) -> None:
    model = model_of(
        record(
            ItemId.PLACE_OF_DEATH,
            Answer("1191", Coding(SCT, "264362003")),
            basis=DateBasis.AUTHORED,
            notes=("date-mismatch", "a-note-nobody-knows"),
            reference="QuestionnaireResponse/9",
        )
    )
    remarks = model.text(ItemId.PLACE_OF_DEATH, Column.REMARKS)
    assert "Datum onzeker: invuldatum van het formulier" in remarks
    assert "Datum van gesprek en vastlegging verschillen" in remarks
    assert "Bijzonderheid: a-note-nobody-knows" in remarks
    assert model.text(ItemId.PLACE_OF_DEATH, Column.DATE) == "01-03-2026 (onzeker)"
    accessible = model.index_of(ItemId.PLACE_OF_DEATH).data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible.startswith("5b  Gewenste plek van overlijden: Thuis. 01-03-2026 (onzeker).")


def test_unknown_codes_are_shown_as_received(qapp: object) -> None:
    model = model_of(
        record(
            ItemId.PLACE_OF_DEATH,
            Answer("1191", Coding(SCT, "999999999", "ergens anders")),
            notes=("unknown-code",),
        )
    )
    assert model.text(ItemId.PLACE_OF_DEATH, Column.VALUE) == (
        "onbekende code SNOMED CT 999999999 (ergens anders)"
    )
    assert "Onbekende code, getoond zoals ontvangen" in model.text(
        ItemId.PLACE_OF_DEATH, Column.REMARKS
    )


def test_an_ended_agreement_is_shown_as_ended(qapp: object) -> None:
    ended = record(ItemId.RESUSCITATION, DENY, status=RecordStatus.ENDED)
    model = model_of(ended)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Beëindigd: Niet uitvoeren"
    assert "Afspraak beëindigd; geldt niet meer" in model.text(ItemId.RESUSCITATION, Column.REMARKS)
    view = describe_key_decision(ItemId.RESUSCITATION, consolidate([ended]))
    assert view.headline == "Afspraak beëindigd"
    assert view.tone is Tone.NEUTRAL
    assert "Was: NIET REANIMEREN" in view.details


@pytest.mark.parametrize(
    ("note", "remark"),
    [
        ("status-proposed", "Voorstel, nog niet van kracht"),
        ("status-draft", "Concept, nog niet van kracht"),
        ("status-other:suspended", "Status 'suspended' in de bron, niet van kracht"),
    ],
)
def test_a_proposal_is_shown_as_not_in_force(qapp: object, note: str, remark: str) -> None:
    proposal = record(ItemId.RESUSCITATION, PERMIT, status=RecordStatus.PROPOSED, notes=(note,))
    model = model_of(proposal)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Niet van kracht: Wel uitvoeren"
    assert remark in model.text(ItemId.RESUSCITATION, Column.REMARKS)


def test_a_newer_proposal_stays_below_the_agreement_in_force(qapp: object) -> None:
    active = record(ItemId.RESUSCITATION, DENY, when="2026-01-10")
    proposal = record(
        ItemId.RESUSCITATION,
        PERMIT,
        when="2026-03-01",
        status=RecordStatus.PROPOSED,
        notes=("status-proposed",),
        reference="Consent/2",
    )
    model = model_of(active, proposal)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Niet uitvoeren"


def test_the_banner_shows_a_conflict_instead_of_picking_one() -> None:
    overview = consolidate(
        [
            record(ItemId.RESUSCITATION, DENY, source="Ziekenhuis"),
            record(ItemId.RESUSCITATION, PERMIT, source="Huisarts", reference="Consent/2"),
        ],
        ["Ziekenhuis", "Huisarts"],
    )
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Bronnen spreken elkaar tegen"
    assert view.tone is Tone.WARNING
    assert "NIET REANIMEREN — Ziekenhuis" in view.details
    assert "Wel reanimeren — Huisarts" in view.details
    assert view.meta.startswith("01-03-2026")
    assert "NIET REANIMEREN" not in view.headline


def test_unclear_and_unknown_decisions() -> None:
    unclear = record(ItemId.VENTILATION, Answer("1387", Coding(BEHANDEL_BESLUIT, "7")))
    view = describe_key_decision(ItemId.VENTILATION, consolidate([unclear]))
    assert view.headline == "Niet eenduidig vastgelegd"
    assert view.tone is Tone.WARNING
    unknown = record(
        ItemId.ICU_ADMISSION,
        Answer("1390", Coding(NULL_FLAVOR, "UNK")),
    )
    assert describe_key_decision(ItemId.ICU_ADMISSION, consolidate([unknown])).headline == (
        "Onbekend"
    )
    other = record(
        ItemId.HOSPITAL_ADMISSION,
        Answer("1393", Coding(BEHANDEL_BESLUIT, "1")),
        Answer("1394", "alleen bij een heupfractuur"),
    )
    view = describe_key_decision(ItemId.HOSPITAL_ADMISSION, consolidate([other]))
    assert view.headline == "Anders: alleen bij een heupfractuur"
    assert view.tone is Tone.CONDITIONAL


def test_nothing_found_is_not_called_not_discussed_when_a_source_is_missing(
    qapp: object,
) -> None:
    model = model_of(incomplete=True)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "niet gevonden in de gelezen bronnen"
    view = describe_key_decision(ItemId.RESUSCITATION, consolidate([]), incomplete=True)
    assert view.headline == "Niet gevonden"
    assert view.tone is Tone.WARNING


def test_problems_are_counted_per_source_without_content() -> None:
    lines = problem_lines(
        [
            ReadProblem("Ziekenhuis", "Consent/1", "provision.type heeft een ongeldig formaat"),
            ReadProblem("Huisarts", "Goal/2", "behandeldoel zonder code"),
            ReadProblem("Huisarts", "Goal/3", "behandeldoel zonder code"),
            ReadProblem("Huisarts", None, "Niet alle gegevens konden worden opgehaald."),
        ]
    )
    assert lines == [
        "Ziekenhuis: 1 record kon niet volledig worden gelezen",
        "Huisarts: 2 records konden niet volledig worden gelezen",
        "Huisarts: Niet alle gegevens konden worden opgehaald.",
    ]


def test_nested_provisions_are_said_by_the_value_not_repeated_as_a_remark(qapp: object) -> None:
    nested = record(ItemId.RESUSCITATION, notes=("nested-provision", "multiple-treatments"))
    model = model_of(nested)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == (
        "Niet eenduidig vastgelegd (uitzonderingen in geneste bepalingen) — raadpleeg de bron"
    )
    remarks = model.text(ItemId.RESUSCITATION, Column.REMARKS)
    assert "geneste bepalingen" not in remarks
    # Other notes of the same record are still remarks.
    assert "Eén afspraak in de bron voor meerdere behandelingen" in remarks


def test_a_record_of_a_withdrawn_conversation_keeps_its_value_with_a_remark(
    qapp: object,
) -> None:
    model = model_of(record(ItemId.RESUSCITATION, DENY, notes=("conversation-withdrawn",)))
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Niet uitvoeren"
    assert model.text(ItemId.RESUSCITATION, Column.REMARKS) == (
        "Het gesprek van deze vastlegging is in de bron ingetrokken; deze vastlegging zelf niet"
    )


MAYBE_INCOMPLETE = "mogelijk onvolledig: een behandelgrens in de bron kon niet worden gelezen"
TREATMENT_LIMITS = (
    ItemId.RESUSCITATION,
    ItemId.VENTILATION,
    ItemId.ICU_ADMISSION,
    ItemId.HOSPITAL_ADMISSION,
    ItemId.ANTIBIOTICS,
    ItemId.BLOOD_PRODUCTS,
    ItemId.OTHER_LIMIT,
    ItemId.ICD_DEACTIVATION,
)


def test_an_unreadable_directive_makes_empty_treatment_limits_possibly_incomplete(
    qapp: object,
) -> None:
    overview = consolidate([record(ItemId.VENTILATION, DENY)], ["Ziekenhuis"])
    model = OverviewModel()
    # The control: without the flag an empty treatment limit was "nog niet besproken".
    model.set_overview(overview, "nl")
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "nog niet besproken"
    model.set_overview(overview, "nl", unreadable=True)
    for item_id in TREATMENT_LIMITS:
        if item_id is ItemId.VENTILATION:  # recorded: its value, not a warning
            continue
        assert model.text(item_id, Column.VALUE) == MAYBE_INCOMPLETE, item_id
        index = model.index_of(item_id)
        assert index.data(Qt.ItemDataRole.AccessibleTextRole).endswith(f": {MAYBE_INCOMPLETE}")
        assert not index.siblingAtColumn(Column.VALUE).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.text(ItemId.VENTILATION, Column.VALUE) != MAYBE_INCOMPLETE
    # Items a treatment directive does not hold are still not discussed (4h: has an ICD).
    assert model.text(ItemId.ICD, Column.VALUE) == "nog niet besproken"
    assert model.text(ItemId.PLACE_OF_DEATH, Column.VALUE) == "nog niet besproken"
    # A source that could not be read as well: both are said.
    model.set_overview(overview, "nl", incomplete=True, unreadable=True)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == (
        "niet gevonden in de gelezen bronnen; een behandelgrens in de bron kon niet worden gelezen"
    )
    assert model.text(ItemId.ICD, Column.VALUE) == "niet gevonden in de gelezen bronnen"
    # Switching the language keeps the flag.
    model.retranslate("nl")
    assert "een behandelgrens in de bron kon niet worden gelezen" in model.text(
        ItemId.RESUSCITATION, Column.VALUE
    )


def test_a_conflicting_value_of_a_withdrawn_conversation_says_so_in_the_banner() -> None:
    overview = consolidate(
        [
            record(ItemId.RESUSCITATION, DENY, notes=("conversation-withdrawn",)),
            record(ItemId.RESUSCITATION, PERMIT, source="Huisarts", reference="Consent/2"),
        ],
        ["Ziekenhuis", "Huisarts"],
    )
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Bronnen spreken elkaar tegen"
    assert "NIET REANIMEREN (gesprek ingetrokken) — Ziekenhuis" in view.details
    assert "Wel reanimeren — Huisarts" in view.details
