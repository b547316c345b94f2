"""In English the editor shows the domain's messages in English: the findings in the warnings
panel and the form, and the double-registration dialog (the domain renders them in both
languages; the widgets pick the interface language)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from pzp_desktop.domain.editing.double_registration import (
    DoubleRegistrationSettings,
    check_double_registration,
)
from pzp_desktop.domain.items import Answer, ItemId
from pzp_desktop.gui import i18n
from pzp_desktop.gui.editor.double_registration_dialog import DoubleRegistrationDialog
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.warnings_panel import FindingsArea, WarningsPanelWidget
from tests.domain.editing.support import (
    CURATIVE,
    GP,
    HOME,
    HOSPITAL,
    NIET,
    decision,
    key,
    loaded,
    new_draft,
    record,
)

pytestmark = pytest.mark.gui


@pytest.fixture(params=["nl", "en"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    i18n.install_translation(qapp, request.param)
    yield request.param
    i18n.install_translation(qapp, "nl")


def conflicting_draft():  # type: ignore[no-untyped-def]
    """A curative goal on record, "Niet reanimeren" new in this conversation."""
    draft = new_draft(
        [record(ItemId.TREATMENT_GOAL, [Answer("999", CURATIVE)], reference="Goal/g1")]
    )
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    return draft


EXPECTED_PANEL = {
    "nl": (
        "Reanimatie: ‘Niet uitvoeren’ (nieuw in dit gesprek)",
        "De patiënt heeft (nog) geen toestemming gegeven",
    ),
    "en": (
        "Resuscitation: ‘Do not perform’ (new in this conversation)",
        "The patient has not (yet) consented to sharing",
    ),
}


def test_the_warnings_panel_speaks_the_interface_language(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    model = EditorModel(conflicting_draft())
    panel = WarningsPanelWidget(model)
    qtbot.addWidget(panel)
    texts = " | ".join(panel.finding_texts())
    pair, sharing = EXPECTED_PANEL[language]
    assert pair in texts
    assert sharing in texts
    other = EXPECTED_PANEL["nl" if language == "en" else "en"]
    assert not any(text in texts for text in other)


def test_inline_findings_speak_the_interface_language(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    model = EditorModel(conflicting_draft())
    area = FindingsArea()
    qtbot.addWidget(area)
    area.show_findings(model.report.findings)
    shown = " | ".join(area.texts())
    assert EXPECTED_PANEL[language][0] in shown
    assert all(label.accessibleName().endswith(label.message) for label in area.labels)


def test_the_double_registration_dialog_speaks_the_interface_language(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    draft = new_draft(
        [record(ItemId.PLACE_OF_DEATH, [Answer("1191", HOME)], reference="Observation/o")]
    )
    report = check_double_registration(
        draft,
        loaded([], [], sources=[GP]),
        DoubleRegistrationSettings(native_pzp_system="HiX"),
    )
    dialog = DoubleRegistrationDialog(report)
    qtbot.addWidget(dialog)
    texts = [entry.message_label.text() for entry in dialog.entries]
    if language == "en":
        assert any(text.startswith("HiX records advance care planning itself.") for text in texts)
        assert any(text.startswith(f"{HOSPITAL} could not be read now") for text in texts), texts
    else:
        assert any(text.startswith("HiX legt proactieve zorgplanning zelf vast.") for text in texts)
        assert any(text.startswith(f"{HOSPITAL} kon nu niet worden gelezen") for text in texts)
