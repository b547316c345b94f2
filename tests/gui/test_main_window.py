"""The main window as a user sees it: mode, user, actions, the start page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QToolBar
from pytestqt.qtbot import QtBot

from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.sources.session import SessionUser, TrainingEnvironment, launched_session
from tests.gui.conftest import open_session_window, save_screenshot, show_window

pytestmark = pytest.mark.gui

REPO_ROOT = Path(__file__).resolve().parents[2]
TRAINING_TEXT = "OEFENOMGEVING — fictieve patiënten, er verlaat niets deze computer"


@pytest.fixture
def training_window(
    qtbot: QtBot, styled_app: QApplication, training_environment: TrainingEnvironment
) -> MainWindow:
    return show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))


def label(window: MainWindow, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_title_says_training(training_window: MainWindow) -> None:
    assert training_window.windowTitle() == "OEFENOMGEVING — PZP Desktop — Proactieve zorgplanning"


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
    corner = bar.mapTo(training_window, bar.rect().topLeft())
    outside = image.pixelColor(corner.x() + 2, corner.y() + 2)
    assert inside != outside


def test_user_role_and_access_are_shown(training_window: MainWindow) -> None:
    assert label(training_window, "userLabel").text() == (
        "Oefengebruiker · Arts · Oefenomgeving PZP Desktop"
    )
    assert label(training_window, "accessLabel").text() == "Raadplegen en vastleggen"


def test_start_page_offers_the_fictitious_patients(training_window: MainWindow) -> None:
    picker = training_window.picker
    assert picker is not None
    assert picker.isVisible()
    names = [card.accessibleName() for card in picker.cards]
    assert names == [
        "Johanna de Vries-Bakker",
        "Gerrit Bos",
        "Aaltje Mulder",
        "Mohammed El Idrissi",
    ]
    mulder = picker.card("mulder")
    assert "Bronnen die elkaar tegenspreken" in mulder.accessibleDescription()
    assert "BSN 9999.90.020" in mulder.accessibleDescription()
    # No patient yet: no banner, no key decisions, nothing to print.
    banner_area = training_window.findChild(QFrame, "patientBannerArea")
    assert banner_area is not None
    assert not banner_area.isVisible()
    assert not training_window.print_action.isEnabled()
    assert not training_window.pdf_action.isEnabled()
    save_screenshot(training_window, "start_page_training")


def test_choosing_a_patient_with_the_keyboard_opens_it(
    qtbot: QtBot, training_window: MainWindow
) -> None:
    picker = training_window.picker
    assert picker is not None
    picker.focus_first()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.card("bos")
    with qtbot.waitSignal(training_window.loader.patient_loaded, timeout=20_000):
        qtbot.keyClick(picker.card("bos"), Qt.Key.Key_Space)
    assert training_window.banner.name_text == "Gerrit Bos"


def test_training_menu_and_toolbar(training_window: MainWindow) -> None:
    assert menu_titles(training_window) == ["&Patiënt", "&Beeld", "&Oefenomgeving"]
    toolbar = training_window.findChild(QToolBar, "mainToolBar")
    assert toolbar is not None
    texts = [action.text() for action in toolbar.actions() if not action.isSeparator()]
    assert texts == [
        "&Nieuw PZP-gesprek vastleggen…",  # shown once a patient is open
        "&Vernieuwen",
        "&Afdrukken…",
        "&Exporteren als PDF…",
        "&Andere oefenpatiënt…",
        "Oefenomgeving &herstellen…",
    ]
    assert QKeySequence("F5") in training_window.refresh_action.shortcuts()
    assert training_window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)


def test_live_mode_does_not_claim_training_and_has_no_picker(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    window = show_window(qtbot, MainWindow(WindowMode.LIVE))
    mode = label(window, "modeLabel")
    assert mode.isVisible()
    assert "OEFENOMGEVING" not in mode.text()
    assert "OEFENOMGEVING" not in window.windowTitle()
    assert window.picker is None
    assert label(window, "noPatientLabel").isVisible()
    assert label(window, "noPatientLabel").text() == "Geen patiënt geopend"
    assert "&Oefenomgeving" not in menu_titles(window)
    assert not window.other_patient_action.isVisible()
    assert not window.reset_action.isEnabled()


def test_a_view_only_session_says_so(qtbot: QtBot, styled_app: QApplication) -> None:
    environment = TrainingEnvironment()
    servers = environment.servers()
    pairs = [
        (source, FhirClient(source.base_url, transport=servers[source.name], read_only=True))
        for source in environment.sources
    ]
    session = launched_session(
        pairs[0],
        patient_id="ziekenhuis-devries",
        bsn="999990007",
        user=SessionUser("K. Smit", "Wijkverpleegkundige", "Thuiszorg Oefendal"),
        view_only=True,
        extra_sources=pairs[1:],
        audit_log=None,
    )
    window = open_session_window(qtbot, session, WindowMode.LIVE)
    assert label(window, "accessLabel").text() == "Alleen raadplegen"
    assert label(window, "userLabel").text() == "K. Smit · Wijkverpleegkundige · Thuiszorg Oefendal"
    assert label(window, "modeLabel").text() == "Echte patiëntgegevens"
    assert window.windowTitle() == "PZP Desktop — Proactieve zorgplanning"
    assert window.banner.name_text == "Johanna de Vries-Bakker"
    assert not window.reset_action.isVisible()
    save_screenshot(window, "view_only_live")


def test_widgets_have_accessible_names(training_window: MainWindow) -> None:
    for name in ("topBar", "patientBannerArea", "keyDecisionsArea", "centralArea"):
        frame = training_window.findChild(QFrame, name)
        assert frame is not None
        assert frame.accessibleName(), name
    for name in ("appTitleLabel", "modeLabel", "accessLabel", "userLabel"):
        assert label(training_window, name).accessibleName(), name


# run_gui runs QApplication.exec() and quits it. Done inside the test process, that leaves
# Qt's posted events from other threads undelivered in later tests (seen with PySide6 6.11 and
# pytest-qt), so these two run in a child process, as the app itself does.


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def test_run_gui_shows_window_and_exits() -> None:
    result = run_python(
        "import sys\n"
        "from pzp_desktop.gui.app import GuiOptions, run_gui\n"
        "sys.exit(run_gui(GuiOptions(training=True, language='nl', exit_after_ms=0)))\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_error_in_a_slot_shows_dutch_dialog_and_logs_no_message() -> None:
    result = run_python(
        "import logging, sys\n"
        "logging.basicConfig(level=logging.ERROR)\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "from pzp_desktop.gui.app import GuiOptions, ensure_application, run_gui\n"
        "shown = []\n"
        "QMessageBox.critical = staticmethod(lambda parent, title, text: shown.append(text))\n"
        "ensure_application()\n"
        "def broken_slot():\n"
        "    raise ValueError('patient 999911120 not found')\n"
        "QTimer.singleShot(0, broken_slot)\n"
        "code = run_gui(GuiOptions(training=True, language='nl', exit_after_ms=200))\n"
        "print(repr(shown))\n"
        "sys.exit(code)\n"
    )
    assert result.returncode == 0, result.stderr
    shown = result.stdout.strip()
    assert shown.startswith("['Er ging iets onverwachts mis.")
    assert shown.count("Er ging iets onverwachts mis.") == 1
    assert "ValueError" in result.stderr
    assert "broken_slot" in result.stderr
    assert "999911120" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
