"""The key decisions for treatment directives that cannot be read as one plain decision:
never a reassuring "Wel …" or "Nog niet besproken" where the record says otherwise or could
not be read; the raw value and the reason are shown."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.domain import profiles
from pzp_desktop.domain.agreements import ICD_DEACTIVATION_TEXT
from pzp_desktop.domain.codes import CONSENT_SCOPE, NULL_FLAVOR, SCT
from pzp_desktop.domain.consolidation import Overview, consolidate
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import ItemId, ReadProblem
from pzp_desktop.domain.reading import read_source
from pzp_desktop.domain.reading.consents import hides_treatment_directive
from pzp_desktop.domain.reading.record_helpers import NOTE_CONVERSATION_WITHDRAWN
from pzp_desktop.gui import i18n
from pzp_desktop.gui.key_decisions_widget import (
    KeyDecisionsWidget,
    Tone,
    describe_key_decision,
)
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.overview_model import Column, OverviewModel
from pzp_desktop.sources.session import TrainingEnvironment
from pzp_desktop.sources.training import HOSPITAL, patient_id
from tests.domain.test_consolidation_safety_fhir import (
    date_only_deny_and_timed_permit_of_one_conversation,
)
from tests.gui.conftest import LOAD_TIMEOUT_MS, show_window

pytestmark = pytest.mark.gui

SOURCE = "EPD"
PATIENT: Json = {"resourceType": "Patient", "id": "p1", "name": [{"family": "Test"}]}
CPR = "89666000"
ICU = "305351004"


def concept(code: str) -> Json:
    return {"coding": [{"system": SCT, "code": code}]}


def directive(provision: Json | None, **fields: Any) -> Json:
    resource: Json = {
        "resourceType": "Consent",
        "id": "c1",
        "meta": {"profile": [profiles.TREATMENT_DIRECTIVE]},
        "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]},
        "category": [concept("129125009")],
        "patient": {"reference": "Patient/p1"},
        "dateTime": "2024-01-10",
        "policy": [{"uri": "https://wetten.overheid.nl/"}],
    }
    if provision is not None:
        resource["provision"] = provision
    resource.update(fields)
    return resource


def read(*resources: Json) -> tuple[Overview, list[ReadProblem]]:
    record = read_source(SOURCE, [PATIENT, *resources], "Patient/p1")
    return consolidate(record.items, [SOURCE]), record.problems


def test_a_nested_deny_exception_never_shows_as_wel_reanimeren() -> None:
    overview, _ = read(
        directive(
            {
                "type": "permit",
                "code": [concept(CPR)],
                "provision": [{"type": "deny", "period": {"start": "2024-01-01"}}],
            }
        )
    )
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Niet eenduidig vastgelegd"
    assert view.tone is Tone.WARNING
    assert "Uitzonderingen in geneste bepalingen." in view.details
    assert "Raadpleeg de bron." in view.details


def test_a_deny_only_in_a_nested_provision_is_not_dropped() -> None:
    overview, _ = read(
        directive({"type": "permit", "provision": [{"type": "deny", "code": [concept(CPR)]}]})
    )
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Niet eenduidig vastgelegd"


def test_every_treatment_of_one_directive_has_its_tile(qapp: object) -> None:
    overview, problems = read(directive({"type": "deny", "code": [concept(CPR), concept(ICU)]}))
    assert describe_key_decision(ItemId.RESUSCITATION, overview).headline == "NIET REANIMEREN"
    assert describe_key_decision(ItemId.ICU_ADMISSION, overview).headline == "GEEN IC-OPNAME"
    assert problems == []
    model = OverviewModel()
    model.set_overview(overview, "nl")
    for item_id in (ItemId.RESUSCITATION, ItemId.ICU_ADMISSION):
        assert "Eén afspraak in de bron voor meerdere behandelingen" in model.text(
            item_id, Column.REMARKS
        )


@pytest.mark.parametrize("ptype", ["Deny", "denied"])
def test_a_non_standard_type_is_unclear_and_shows_the_raw_value(ptype: str) -> None:
    overview, _ = read(directive({"type": ptype, "code": [concept(CPR)]}))
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Niet eenduidig vastgelegd"
    assert view.tone is Tone.WARNING
    assert f"Onbekend type '{ptype}'." in view.details


def test_icd_free_text_is_shown_on_the_tile() -> None:
    icd = {"coding": [{"system": NULL_FLAVOR, "code": "OTH"}], "text": ICD_DEACTIVATION_TEXT}
    overview, _ = read(
        directive(
            {"code": [icd]},
            modifierExtension=[
                {
                    "url": profiles.EXT_SPECIFICATION_OTHER,
                    "valueString": "Uitzetten bij opname hospice",
                }
            ],
        )
    )
    view = describe_key_decision(ItemId.ICD_DEACTIVATION, overview)
    assert view.headline == "Anders: Uitzetten bij opname hospice"
    assert view.tone is Tone.CONDITIONAL


def test_a_future_start_is_shown_on_the_tile_and_in_the_overview(qapp: object) -> None:
    overview, _ = read(
        directive({"type": "deny", "code": [concept(CPR)], "period": {"start": "2999-01-01"}})
    )
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "NIET REANIMEREN"
    assert "Geldt pas vanaf 01-01-2999." in view.details
    model = OverviewModel()
    model.set_overview(overview, "nl")
    assert "Geldt pas vanaf 01-01-2999" in model.text(ItemId.RESUSCITATION, Column.REMARKS)


def test_an_unreadable_directive_makes_empty_tiles_possibly_incomplete() -> None:
    overview, problems = read(directive(None))
    assert any(hides_treatment_directive(p) for p in problems)
    # The control: the same overview without the flag claims nothing was discussed.
    assert describe_key_decision(ItemId.RESUSCITATION, overview).headline == "Nog niet besproken"
    view = describe_key_decision(ItemId.RESUSCITATION, overview, unreadable=True)
    assert view.headline == "Mogelijk onvolledig"
    assert view.tone is Tone.WARNING
    assert any("kon niet worden gelezen" in d for d in view.details)


def test_the_banner_says_a_directive_could_not_be_read(qtbot: QtBot) -> None:
    widget = KeyDecisionsWidget()
    qtbot.addWidget(widget)
    overview, _ = read(directive({"type": "deny", "code": [concept(ICU)]}))
    widget.show_overview(overview, "nl", unreadable=True)
    assert "behandelgrens in de bron kon niet worden gelezen" in widget.incomplete_text
    assert "mogelijk onvolledig" in widget.incomplete_text
    assert widget.tile(ItemId.RESUSCITATION).headline == "Mogelijk onvolledig"
    assert widget.tile(ItemId.ICU_ADMISSION).headline == "GEEN IC-OPNAME"
    widget.show_overview(overview, "nl")
    assert widget.incomplete_text == ""
    assert widget.tile(ItemId.RESUSCITATION).headline == "Nog niet besproken"


def test_the_main_window_flags_an_unreadable_directive(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    environment = TrainingEnvironment()
    patient = next(p for p in environment.patients if p.key == "elidrissi")
    hospital = environment.servers()[HOSPITAL.name]
    reference = f"Patient/{patient_id(patient, HOSPITAL)}"
    unreadable = directive(None, id="zonder-provision", patient={"reference": reference})
    hospital.load_transaction(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "resource": unreadable,
                    "request": {"method": "PUT", "url": "Consent/zonder-provision"},
                }
            ],
        }
    )
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=environment))
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient(patient.key)
    assert "behandelgrens in de bron kon niet worden gelezen" in (
        window.key_decisions.incomplete_text
    )
    # The overview says the same for an empty treatment limit (this patient has none
    # recorded), not "nog niet besproken"; other empty items are not discussed.
    model = window.overview_model
    for item_id in (ItemId.RESUSCITATION, ItemId.VENTILATION, ItemId.OTHER_LIMIT):
        assert model.text(item_id, Column.VALUE) == (
            "mogelijk onvolledig: een behandelgrens in de bron kon niet worden gelezen"
        )
    assert model.text(ItemId.PLACE_OF_DEATH, Column.VALUE) == "nog niet besproken"


def conversation(encounter_status: str) -> list[Json]:
    """An advance care planning conversation: the Encounter and its Procedure."""
    return [
        {
            "resourceType": "Encounter",
            "id": "e1",
            "status": encounter_status,
            "subject": {"reference": "Patient/p1"},
            "period": {"start": "2024-01-10T10:00:00+01:00"},
            "reasonReference": [{"reference": "Procedure/proc1"}],
        },
        {
            "resourceType": "Procedure",
            "id": "proc1",
            "status": "completed",
            "code": {"coding": [{"system": SCT, "code": "713603004"}]},
            "subject": {"reference": "Patient/p1"},
            "encounter": {"reference": "Encounter/e1"},
        },
    ]


def directive_in_conversation() -> Json:
    link = {
        "url": profiles.EXT_ENCOUNTER_REFERENCE,
        "valueReference": {"reference": "Encounter/e1"},
    }
    return directive({"type": "deny", "code": [concept(CPR)]}, extension=[link])


def test_a_withdrawn_conversation_is_said_on_the_tile(qtbot: QtBot) -> None:
    # The control: the same directive of a conversation that stands says nothing about it.
    overview, _ = read(*conversation("finished"), directive_in_conversation())
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "NIET REANIMEREN"
    assert not any("ingetrokken" in detail for detail in view.details)
    overview, _ = read(*conversation("entered-in-error"), directive_in_conversation())
    assert NOTE_CONVERSATION_WITHDRAWN in overview.of(ItemId.RESUSCITATION)[0].current.notes
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    # The record itself stands: its value is shown, with the remark.
    assert view.headline == "NIET REANIMEREN"
    assert view.tone is Tone.LIMIT
    assert "Het gesprek van deze vastlegging is in de bron ingetrokken." in view.details
    assert "Het gesprek van deze vastlegging is in de bron ingetrokken." in view.accessible_text
    widget = KeyDecisionsWidget()
    qtbot.addWidget(widget)
    widget.show_overview(overview, "nl")
    tile = widget.tile(ItemId.RESUSCITATION)
    assert "Het gesprek van deze vastlegging is in de bron ingetrokken." in tile.details
    assert "ingetrokken" not in widget.tile(ItemId.VENTILATION).details


def test_the_new_warnings_in_english(qapp: QApplication) -> None:
    if not i18n.install_translation(qapp, "en"):
        i18n.install_translation(qapp, "nl")
        pytest.skip("LOUD SKIP: the English catalogue could not be built (no lrelease)")
    try:
        overview, _ = read(*conversation("entered-in-error"), directive_in_conversation())
        view = describe_key_decision(ItemId.RESUSCITATION, overview, "en")
        assert "The conversation of this record was withdrawn in the source." in view.details
        model = OverviewModel()
        model.set_overview(overview, "en", unreadable=True)
        assert model.text(ItemId.VENTILATION, Column.VALUE) == (
            "possibly incomplete: a treatment limit in the source could not be read"
        )
    finally:
        i18n.install_translation(qapp, "nl")


def test_a_proposed_permit_does_not_override_an_active_deny() -> None:
    deny = directive({"type": "deny", "code": [concept(CPR)]}, id="c1", dateTime="2024-01-10")
    proposal = directive(
        {"type": "permit", "code": [concept(CPR)]},
        id="c2",
        dateTime="2024-03-01",
        status="proposed",
    )
    overview, _ = read(deny, proposal)
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "NIET REANIMEREN"
    assert view.tone is Tone.LIMIT
    # The newer proposal is said on the tile, as not in force.
    assert "Nieuwer: Wel reanimeren — voorstel, nog niet van kracht" in view.details


def test_only_a_draft_is_not_shown_as_in_force() -> None:
    draft = directive(
        {"type": "permit", "code": [concept(CPR)]}, id="c2", dateTime="2024-03-01", status="draft"
    )
    overview, _ = read(draft)
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Nog niet van kracht"
    assert view.tone is Tone.NEUTRAL
    assert "Wel reanimeren — concept, nog niet van kracht" in view.details


def test_a_date_only_deny_and_a_timed_permit_of_that_day_are_a_conflict() -> None:
    deny = directive({"type": "deny", "code": [concept(CPR)]}, id="c1", dateTime="2024-01-10")
    permit = directive(
        {"type": "permit", "code": [concept(CPR)]}, id="c2", dateTime="2024-01-10T10:00:00+01:00"
    )
    overview, _ = read(deny, permit)
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Bronnen spreken elkaar tegen"
    assert view.tone is Tone.WARNING


def test_the_banner_shows_a_conflict_for_one_conversation_disagreeing() -> None:
    # A date-only deny Consent and the 10:00 permit form of one Encounter.
    overview, _ = read(*date_only_deny_and_timed_permit_of_one_conversation())
    view = describe_key_decision(ItemId.RESUSCITATION, overview)
    assert view.headline == "Bronnen spreken elkaar tegen"
    assert view.headline != "Wel reanimeren"
    assert view.tone is Tone.WARNING
