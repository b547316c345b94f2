"""The whole editor by keyboard: a sensible tab order, Alt+<number> to a section, arrow keys
in a choice, Ctrl+S to save; and an accessible name (the form's question) on every input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from pzp_desktop.domain.editing.draft import form_order_key
from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.gui.editor.form_texts import question_label
from pzp_desktop.gui.editor.section_widgets import ItemWidget, RepeatingGroupInput
from pzp_desktop.sources.push import PushStatus
from tests.gui.editor.conftest import Harness, item, settle, window_of

pytestmark = pytest.mark.gui

INPUT_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QRadioButton, QDateTimeEdit)


def activate(harness: Harness, window: QWidget) -> None:
    window.activateWindow()
    harness.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)


def test_record_5b_with_the_keyboard_only(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    activate(harness, window)
    qtbot = harness.qtbot
    # The editor starts in the date of the conversation.
    assert QApplication.focusWidget() is window.conversation_form.date_edit

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    section = window.sections.section("5")
    assert QApplication.focusWidget() is section.header
    qtbot.keyClick(section.header, Qt.Key.Key_Tab)
    wishes = item(controller, ItemId.CARE_WISHES)
    assert QApplication.focusWidget() is wishes.text_input("1190").text_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    place = item(controller, ItemId.PLACE_OF_DEATH)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QRadioButton)
    assert focused.text() == "Thuis"  # the checked option of the choice
    for _ in range(3):  # Thuis -> Ziekenhuis -> Verpleeghuis -> Hospice
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    settle()
    assert [r.text() for r in place.choice("1191").radios if r.isChecked()] == ["Hospice"]
    assert place.marker_text().startswith("Gewijzigd")

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    harness.wait_after_save(controller)
    assert controller.closed
    assert [o.status for o in harness.pushed] == [PushStatus.SUCCESS]


def test_ctrl_s_without_changes_goes_to_what_is_missing(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    activate(harness, window)
    harness.qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert not controller.closed
    assert harness.pushed == []
    assert "Er is nog niets gewijzigd" in window.blocked_label.text()


def _focus_chain(start: QWidget, stop_at: QWidget) -> list[QWidget]:
    chain: list[QWidget] = []
    widget = start
    for _ in range(5000):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(start.window())
            and widget.isEnabled()
        ):
            chain.append(widget)
        if widget is stop_at:
            break
    return chain


def _item_of(widget: QWidget) -> ItemWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, ItemWidget):
        parent = parent.parentWidget()
    return parent


def test_tab_order_follows_the_form(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    chain = _focus_chain(window.conversation_form.date_edit, window.cancel_button)
    assert window.cancel_button in chain
    assert window.conversation_form.comment_edit in chain
    keys: list[ItemKey] = []
    for widget in chain:
        owner = _item_of(widget)
        if owner is not None and (not keys or keys[-1] != owner.key):
            keys.append(owner.key)
    assert keys == sorted(keys, key=form_order_key)
    assert len(set(keys)) == len(keys)  # every item is visited in one go
    # The conversation fields come before the sections, the panel and buttons after.
    assert chain.index(window.conversation_form.comment_edit) < chain.index(
        window.sections.section("1").header
    )


def test_every_input_has_an_accessible_name_from_the_form(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    unnamed = [
        f"{type(w).__name__} {w.objectName()}"
        for w in window.findChildren(QWidget)
        if isinstance(w, INPUT_TYPES)
        and not w.objectName().startswith("qt_")  # a part of a Qt widget (the date's text)
        and not w.accessibleName().strip()
    ]
    assert unnamed == []
    unlabelled_buttons = [
        w
        for w in window.findChildren(QAbstractButton)
        if not (w.accessibleName().strip() or w.text().strip())
    ]
    assert unlabelled_buttons == []
    for widget in window.sections.item_widgets():
        heading = widget._question_heading
        for row in widget.rows.values():
            if isinstance(row.input, RepeatingGroupInput):
                expected = [question_label(child) for child in row.item.children]
            else:
                expected = [question_label(row.item)] + ([heading] if heading else [])
            for child in row.input.inputs():  # type: ignore[attr-defined]
                said = f"{child.accessibleName()} {child.accessibleDescription()}"
                assert any(e in said for e in expected), (widget.key, said, expected)
    place = item(controller, ItemId.PLACE_OF_DEATH)
    hospice = next(r for r in place.choice("1191").radios if r.text() == "Hospice")
    assert hospice.accessibleName() == "Hospice"
    assert hospice.accessibleDescription() == "Voorkeursplek"
    specification = item(controller, ItemId.HOSPITAL_ADMISSION).text_input("1394").line
    assert specification is not None
    assert specification.accessibleName() == (
        "4d Opname in ziekenhuis — Wat is er afgesproken bij ‘Anders’?"
    )
    assert window.conversation_form.date_edit.accessibleName() == "Datum en tijd van het gesprek"
    assert window.save_button.accessibleName() == "Opslaan (Ctrl+S)"


def test_labels_have_mnemonics(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    form = window.conversation_form
    for label, buddy in (
        (form.date_label, form.date_edit),
        (form.professional_label, form.professional_edit),
        (form.contact_label, form.contact_combo),
        (form.comment_label, form.comment_edit),
    ):
        assert "&" in label.text()
        assert label.buddy() is buddy
    for button in (window.save_button, window.cancel_button):
        assert "&" in button.text()
