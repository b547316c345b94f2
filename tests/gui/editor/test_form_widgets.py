"""The generated form beyond single choices: the conversation (date, who was present, kind
of contact, comment) as stored, repeating groups, repeating choices with "Anders", and an
other treatment limit (4g) added and taken back."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDateTime, QTime, QTimeZone

from pzp_desktop.domain.codes import ACT_CODE
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.items import ItemId
from pzp_desktop.sources.push import PushStatus
from tests.gui.editor.conftest import (
    Harness,
    click,
    click_option,
    item,
    settle,
    window_of,
)

pytestmark = pytest.mark.gui


def test_the_conversation_fields_are_stored(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    window = window_of(controller)
    form = window.conversation_form
    yesterday = datetime.now(AMSTERDAM).date() - timedelta(days=1)
    form.date_edit.setDateTime(
        QDateTime(
            yesterday.year,
            yesterday.month,
            yesterday.day,
            14,
            30,
            0,
            0,
            QTimeZone(b"Europe/Amsterdam"),
        )
    )
    click(harness.qtbot, form.patient_present)
    assert not form.patient_present.isChecked()
    click(harness.qtbot, form.add_attendee_button)
    [row] = form.attendee_rows
    harness.qtbot.keyClicks(row.name_edit, "Fatima El Idrissi")
    row.relation_combo.setCurrentIndex(row.relation_combo.findText("Dochter"))
    row.relation_combo.activated.emit(row.relation_combo.currentIndex())
    form.contact_combo.setCurrentIndex(form.contact_combo.findData("HH"))
    form.contact_combo.activated.emit(form.contact_combo.currentIndex())
    form.comment_edit.setFocus()
    harness.qtbot.keyClicks(form.comment_edit, "Gesprek aan de keukentafel")
    assert form.contact_combo.currentText() == "Thuisbezoek"
    click_option(harness.qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Thuis")
    harness.save(controller)
    assert controller.closed, window.outcome_text()
    [outcome] = harness.pushed
    assert outcome.status is PushStatus.SUCCESS

    again = harness.load(harness.session("elidrissi"))
    [conversation] = [c for c in again.conversations if c.ref.reference == outcome.encounter]
    assert conversation.date is not None
    assert conversation.date.local_day == yesterday
    assert conversation.date.display().endswith("14:30")
    assert conversation.patient_present is False
    assert conversation.contact_class is not None
    assert conversation.contact_class.is_(ACT_CODE, "HH")
    assert conversation.comment == "Gesprek aan de keukentafel"
    [attendee] = conversation.attendees
    assert attendee.name == "Fatima El Idrissi"
    assert [r.code for r in attendee.relations] == ["DAUC"]
    assert conversation.professional is not None
    assert conversation.professional.name == "Oefengebruiker"


def test_a_conversation_cannot_be_dated_in_the_future(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    form = window_of(controller).conversation_form
    maximum = form.date_edit.maximumDateTime().toTimeZone(QTimeZone(b"Europe/Amsterdam"))
    assert maximum.date().toPython() == datetime.now(AMSTERDAM).date()
    assert maximum.time() == QTime(23, 59)


def test_telephone_numbers_can_be_added_and_removed(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    representative = item(controller, ItemId.LEGAL_REPRESENTATIVE)
    phones = representative.rows["40"].input
    assert len(phones.rows) == 1  # type: ignore[attr-defined]
    assert phones.rows[0].inputs["976"].text() == "06-12345678"  # type: ignore[attr-defined]
    click(harness.qtbot, phones.add_button)  # type: ignore[attr-defined]
    new_row = phones.rows[1]  # type: ignore[attr-defined]
    line = new_row.inputs["976"].line
    harness.qtbot.keyClicks(line, "020-1234567")
    new_row.inputs["978"].select("Telefoonnummer thuis")
    settle()
    assert representative.marker_text().startswith("Gewijzigd")
    [change] = window.panel.change_texts()
    assert "020-1234567 (Telefoonnummer thuis)" in change
    click(harness.qtbot, new_row.remove_button)
    settle()
    assert len(phones.rows) == 1  # type: ignore[attr-defined]
    assert representative.marker_text() == ""


def test_a_repeating_choice_with_other(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    representative = item(controller, ItemId.LEGAL_REPRESENTATIVE)
    roles = representative.rows["982"].input
    other = roles.other_line  # type: ignore[attr-defined]
    assert other is not None
    assert not other.isEnabled()
    box = next(b for b in roles.boxes if b.text() == "Anders")  # type: ignore[attr-defined]
    click(harness.qtbot, box)
    assert other.isEnabled()
    harness.qtbot.keyClicks(other, "Buurvrouw")
    mentor = next(b for b in roles.boxes if b.text() == "Mentor")  # type: ignore[attr-defined]
    click(harness.qtbot, mentor)
    settle()
    [change] = window_of(controller).panel.change_texts()
    assert "Mentor" in change
    assert "Anders: Buurvrouw" in change


def test_an_other_treatment_limit_is_added_and_taken_back(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    window = window_of(controller)
    limits = window.sections.section("4").other_limits
    assert limits is not None
    assert limits.items == {}
    harness.qtbot.keyClicks(limits.name_edit, "Sondevoeding")
    click(harness.qtbot, limits.add_button)
    settle()
    [widget] = limits.items.values()
    assert widget.title_label.text() == "4g Overige behandelgrens: Sondevoeding"
    assert any("kies een besluit" in t for t in widget.finding_texts())
    assert not window.save_button.isEnabled()
    click_option(harness.qtbot, widget, "1402", "Niet uitvoeren")
    settle()
    assert window.save_button.isEnabled()
    assert window.panel.change_texts() == ["4g Overige behandelgrens: Sondevoeding: Niet uitvoeren"]
    click(harness.qtbot, widget.marker.revert_button)
    settle()
    assert limits.items == {}
    assert window.panel.change_texts() == []
