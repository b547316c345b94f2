"""Recording one section only, as a clinician in training mode: prefilled, the change marked,
saved as exactly one conversation in the training EPD, and shown by the viewer afterwards."""

from __future__ import annotations

import json

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT
from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.sources.push import PushStatus
from tests.gui.editor.conftest import (
    HOSPITAL_NAME,
    Harness,
    click,
    click_option,
    item,
    save_screenshot,
    settle,
    window_of,
)

pytestmark = pytest.mark.gui

PLACE = ItemKey(ItemId.PLACE_OF_DEATH)
GP_NAME = "Huisartsenpraktijk De Oefenlinde (HIS)"


def test_record_only_5b_for_de_vries(harness: Harness) -> None:
    session = harness.session("devries")
    controller = harness.open("devries", session=session)
    window = window_of(controller)
    assert window.windowTitle().startswith("OEFENOMGEVING")
    assert window.training_band.isVisible()
    assert "OEFENOMGEVING" in window.training_band.text()
    assert window.patient_label.text().startswith("Johanna de Vries-Bakker")
    assert HOSPITAL_NAME in window.target_label.text()
    # Nothing changed yet: saving is not possible, and the window says why.
    assert not window.save_button.isEnabled()
    assert "Er is nog niets gewijzigd" in window.blocked_label.text()
    save_screenshot(window, "editor-empty")

    place = item(controller, ItemId.PLACE_OF_DEATH)
    choice = place.choice("1191")
    # Prefilled with the current value, with who/when/where.
    checked = [r.text() for r in choice.radios if r.isChecked()]
    assert checked == ["Thuis"]
    assert "Huidige waarde: ‘Thuis’" in place.current_label.text()
    assert GP_NAME in place.current_label.text()
    assert place.marker_text() == ""

    window.sections.go_to_item(PLACE)
    click_option(harness.qtbot, place, "1191", "Hospice")
    settle()

    marker = place.marker_text()
    assert marker.startswith("Gewijzigd — was: ‘Thuis’, ")
    assert GP_NAME in marker
    assert place.marker.revert_button.isVisible()
    assert place.property("changed") is True
    # Untouched items are not marked.
    others = [w for w in window.sections.item_widgets() if w.key != PLACE]
    assert others
    assert all(w.marker_text() == "" for w in others)
    assert window.panel.change_texts() == ["5b Gewenste plek van overlijden: Hospice"]
    assert window.save_button.isEnabled()
    window.scroll_to(place)
    save_screenshot(window, "editor-changes-marked")

    before = harness.snapshot()
    harness.save(controller)
    assert controller.closed, window.outcome_text()
    [outcome] = harness.pushed
    assert outcome.status is PushStatus.SUCCESS
    assert outcome.message == f"Het gesprek is opgeslagen in {HOSPITAL_NAME}."

    created = harness.new_resources(before)
    counts = {t: len(rs) for t, rs in created.items() if t != "AuditEvent"}
    assert counts == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }
    assert len(created.get("AuditEvent", [])) <= 1
    [observation] = created["Observation"]
    assert observation["meta"]["profile"] == [profiles.PREFERRED_PLACE_OF_DEATH]
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "284546000"
    [encounter] = created["Encounter"]
    assert outcome.encounter == f"Encounter/{encounter['id']}"
    # Only section 5b (besides the header and section 2) is in the form that was written.
    [response] = created["QuestionnaireResponse"]
    assert {i["linkId"] for i in response["item"]} & {
        "26",
        "586",
        "83",
        "598",
        "115",
        "119",
    } == set()

    # The viewer, reloading, shows the new conversation and Hospice as the current value.
    again = harness.load(harness.session("devries"))
    assert any(c.ref.reference == outcome.encounter for c in again.conversations)
    current = again.overview.get(ItemId.PLACE_OF_DEATH)
    assert current is not None
    value = current.current.answer("1191")
    assert value is not None
    assert getattr(value, "code", None) == "284546000"
    assert getattr(value, "system", None) == SCT
    assert current.current.source == HOSPITAL_NAME
    # The write is in the local audit log (NEN 7513), with the source it went to.
    assert session.audit_log is not None
    entries = [json.loads(line) for line in session.audit_log.path.read_text().splitlines()]
    writes = [e for e in entries if e.get("action") == "write"]
    assert len(writes) == 1, entries
    assert HOSPITAL_NAME in json.dumps(writes[0], ensure_ascii=False)
    # The draft is gone after the successful push.
    assert harness.store.list_pending() == []


def test_revert_takes_the_item_back_to_its_prefill(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    place = item(controller, ItemId.PLACE_OF_DEATH)
    click_option(harness.qtbot, place, "1191", "Hospice")
    place.text_input("1192").line.setFocus()  # type: ignore[union-attr]
    harness.qtbot.keyClicks(place.text_input("1192").line, "bij haar zoon")
    assert place.marker_text().startswith("Gewijzigd")
    assert window.panel.change_texts() == [
        "5b Gewenste plek van overlijden: Hospice — bij haar zoon"
    ]
    click(harness.qtbot, place.marker.revert_button)
    settle()
    assert [r.text() for r in place.choice("1191").radios if r.isChecked()] == ["Thuis"]
    assert place.text_input("1192").text() == ""
    assert place.marker_text() == ""
    assert window.panel.change_texts() == []
    assert not window.save_button.isEnabled()
