"""The main window as a user sees it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFrame, QLabel
from pytestqt.qtbot import QtBot

from pzp_desktop.gui.app import GuiOptions, load_stylesheet, run_gui
from pzp_desktop.gui.main_window import MainWindow, WindowMode

pytestmark = pytest.mark.gui

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TRAINING_TEXT = "OEFENOMGEVING — fictieve patiënten, er verlaat niets deze computer"


@pytest.fixture
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    previous = qapp.styleSheet()
    qapp.setStyleSheet(load_stylesheet())
    yield qapp
    qapp.setStyleSheet(previous)


@pytest.fixture
def training_window(qtbot: QtBot, styled_app: QApplication) -> MainWindow:
    window = MainWindow(WindowMode.TRAINING)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def label(window: MainWindow, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_title(training_window: MainWindow) -> None:
    assert training_window.windowTitle() == "PZP Desktop — Proactieve zorgplanning"


def test_training_mode_is_visible_and_says_so(training_window: MainWindow) -> None:
    mode = label(training_window, "modeLabel")
    assert mode.isVisible()
    assert mode.text() == TRAINING_TEXT
    assert mode.accessibleName() == "Omgeving"
    assert mode.accessibleDescription() == TRAINING_TEXT


def test_training_band_has_its_own_background(training_window: MainWindow) -> None:
    image = training_window.grab().toImage()
    mode = label(training_window, "modeLabel")
    top_left = mode.mapTo(training_window, mode.rect().topLeft())
    inside = image.pixelColor(top_left.x() + 4, top_left.y() + mode.height() // 2)
    bar = training_window.findChild(QFrame, "topBar")
    assert bar is not None
    outside = image.pixelColor(bar.mapTo(training_window, bar.rect().topLeft()).x() + 2, 4)
    assert inside != outside


def test_no_patient_open(training_window: MainWindow) -> None:
    assert label(training_window, "noPatientLabel").isVisible()
    assert label(training_window, "noPatientLabel").text() == "Geen patiënt geopend"
    banner = training_window.findChild(QFrame, "patientBannerArea")
    assert banner is not None
    assert not banner.isVisible()


def test_live_mode_does_not_claim_training(qtbot: QtBot) -> None:
    window = MainWindow(WindowMode.LIVE)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    mode = label(window, "modeLabel")
    assert mode.isVisible()
    assert "OEFENOMGEVING" not in mode.text()


def test_widgets_have_accessible_names(training_window: MainWindow) -> None:
    for name in ("topBar", "patientBannerArea", "centralArea"):
        frame = training_window.findChild(QFrame, name)
        assert frame is not None
        assert frame.accessibleName(), name
    for name in ("appTitleLabel", "modeLabel", "noPatientLabel"):
        assert label(training_window, name).accessibleName(), name


def test_screenshot(training_window: MainWindow) -> None:
    """Saves test-artifacts/main_window_training.png for a human (and CI) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "main_window_training.png"
    assert training_window.grab().save(str(path))
    assert path.stat().st_size > 0


def test_run_gui_shows_window_and_exits(qapp: QApplication) -> None:
    previous = qapp.styleSheet()
    try:
        assert run_gui(GuiOptions(training=True, exit_after_ms=0)) == 0
    finally:
        qapp.setStyleSheet(previous)


def test_error_in_a_slot_shows_dutch_dialog_and_logs_no_message(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "pzp_desktop.gui.app.QMessageBox.critical",
        lambda _parent, _title, text: shown.append(text),
    )

    def broken_slot() -> None:
        raise ValueError("patient 999911120 not found")

    QTimer.singleShot(0, broken_slot)
    previous = qapp.styleSheet()
    try:
        assert run_gui(GuiOptions(training=True, exit_after_ms=50)) == 0
    finally:
        qapp.setStyleSheet(previous)
    assert len(shown) == 1
    assert shown[0].startswith("Er ging iets onverwachts mis.")
    assert "ValueError" in caplog.text
    assert "broken_slot" in caplog.text
    assert "999911120" not in caplog.text
