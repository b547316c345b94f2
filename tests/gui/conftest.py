"""Shared set-up for the GUI tests: the style sheet, the training sources, open windows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.gui import i18n
from pzp_desktop.gui.app import load_stylesheet
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.sources.session import Session, TrainingEnvironment

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOAD_TIMEOUT_MS = 20_000


@pytest.fixture
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    previous = qapp.styleSheet()
    i18n.install_translation(qapp, "nl")
    qapp.setStyleSheet(load_stylesheet())
    yield qapp
    qapp.setStyleSheet(previous)
    i18n.install_translation(qapp, "nl")


@pytest.fixture(scope="session")
def training_environment() -> TrainingEnvironment:
    """The training sources, built once (about a second) and shared by tests that only read."""
    environment = TrainingEnvironment()
    environment.pairs()
    return environment


OpenWindow = Callable[[str], MainWindow]


def show_window(qtbot: QtBot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def open_training_patient(
    qtbot: QtBot, styled_app: QApplication, training_environment: TrainingEnvironment
) -> OpenWindow:
    """A training window with the patient ``key`` opened (waits until it is loaded)."""

    def open_patient(key: str) -> MainWindow:
        window = show_window(
            qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment)
        )
        with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
            window.open_training_patient(key)
        return window

    return open_patient


def open_session_window(qtbot: QtBot, session: Session, mode: WindowMode) -> MainWindow:
    """A window that opens ``session`` and waits until it is loaded."""
    window = show_window(qtbot, MainWindow(mode))
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_session(session)
    return window


def save_screenshot(window: MainWindow, name: str) -> Path:
    """Saves test-artifacts/<name>.png for a human (and CI) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # Let pending layout requests (labels that just got their text) settle first.
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    assert window.grab().save(str(path))
    assert path.stat().st_size > 0
    return path
