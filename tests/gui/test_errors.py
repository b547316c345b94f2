"""The one place that shows errors: Dutch, what to do, no traceback, no patient data."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from pzp_desktop.fhir.errors import Unreachable
from pzp_desktop.gui.errors import show_error, user_message

pytestmark = pytest.mark.gui


def test_messages_for_errors() -> None:
    assert user_message(Unreachable()).startswith("De bron is niet bereikbaar")
    assert "andere map" in user_message(PermissionError(13, "denied", "/x/999990007.pdf"))
    assert "niet worden geschreven" in user_message(OSError(28, "No space left"))
    unexpected = user_message(KeyError("999990007"))
    assert unexpected.startswith("Er ging iets onverwachts mis.")
    assert "999990007" not in unexpected


def test_show_error_is_dutch_and_safe(
    qtbot: QtBot, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QWidget()
    parent.setWindowTitle("OEFENOMGEVING — PZP Desktop")
    qtbot.addWidget(parent)
    parent.show()
    try:
        raise RuntimeError("Johanna de Vries-Bakker 999990007")
    except RuntimeError as exc:
        box = show_error(parent, "Het overzicht kon niet worden afgedrukt.", exc)
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Het overzicht kon niet worden afgedrukt."
    assert box.informativeText().startswith("Er ging iets onverwachts mis.")
    assert box.windowTitle() == "OEFENOMGEVING — PZP Desktop"
    shown = box.text() + box.informativeText() + box.detailedText()
    assert "999990007" not in shown
    assert "Traceback" not in shown
    assert "RuntimeError" in caplog.text  # what and where, for the administrator ...
    assert "999990007" not in caplog.text  # ... but not what it said
    box.close()
