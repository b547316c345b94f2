"""The editor as a clinician reaches it: "Nieuw PZP-gesprek vastleggen…" in the main window,
saving shows the new conversation under "Gesprekken", view-only never offers it, and
switching patients keeps what was typed."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QListView, QTableView, QToolBar
from pytestqt.qtbot import QtBot

from pzp_desktop.config import AppConfig, Config
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.editor.editor_window import EditorWindow
from pzp_desktop.gui.editor.recovery_dialog import RecoveryDialog
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.overview_model import Column
from pzp_desktop.sources.session import (
    Session,
    SessionUser,
    TrainingEnvironment,
    launched_session,
)
from pzp_desktop.sources.training import HOSPITAL, TRAINING_USER_ROLE
from tests.gui.conftest import LOAD_TIMEOUT_MS, open_session_window, show_window
from tests.gui.editor.conftest import TIMEOUT_MS, click, click_option, save_screenshot, settle

pytestmark = pytest.mark.gui

PLACE = ItemKey(ItemId.PLACE_OF_DEATH)
CARE_WISHES = ItemKey(ItemId.CARE_WISHES)
PREFILL = "Wil zo lang mogelijk thuis blijven met hulp van haar dochter"


def editors() -> list[EditorWindow]:
    """The editor windows a user can see."""
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow) and w.isVisible()
    ]


def recovery_dialogs() -> list[RecoveryDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecoveryDialog) and w.isVisible()
    ]


def wait_for_editor(qtbot: QtBot) -> EditorWindow:
    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=TIMEOUT_MS)
    [editor] = editors()
    qtbot.waitExposed(editor)
    return editor


def open_patient(qtbot: QtBot, window: MainWindow, key: str) -> None:
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient(key)


def timeline_rows(window: MainWindow) -> list[str]:
    view = window.history.findChild(QListView, "conversationList")
    assert view is not None
    model = view.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def recorded_rows(window: MainWindow) -> list[list[str]]:
    table = window.history.findChild(QTableView, "entriesTable")
    assert table is not None
    model = table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def writes(environment: TrainingEnvironment) -> list[tuple[str, str]]:
    """Every request that could change a training source, except AuditEvents (opening a
    patient records one where that is allowed)."""
    return [
        (method, str(url))
        for server in environment.servers().values()
        for method, url in server.requests
        if method != "GET" and "AuditEvent" not in str(url)
    ]


@pytest.fixture
def window(qtbot: QtBot, styled_app: QApplication, environment: TrainingEnvironment) -> MainWindow:
    """The training window on fresh training sources (these tests record in them)."""
    return show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=environment))


def test_record_5b_hospice_from_the_main_window(
    qtbot: QtBot, window: MainWindow, environment: TrainingEnvironment
) -> None:
    action = window.new_conversation_action
    # No patient yet: nothing to record for.
    assert not action.isVisible()
    assert not action.isEnabled()

    open_patient(qtbot, window, "devries")
    assert action.isVisible()
    assert action.isEnabled()
    assert action.text() == "&Nieuw PZP-gesprek vastleggen…"
    assert action.shortcut() == QKeySequence("Ctrl+N")
    patient_menu = window.menuBar().actions()[0]
    assert patient_menu.text() == "&Patiënt"
    assert patient_menu.menu().actions()[0] is action
    toolbar = window.findChild(QToolBar, "mainToolBar")
    assert toolbar is not None
    button = toolbar.widgetForAction(action)
    assert button is not None
    qtbot.waitUntil(button.isVisible)  # the toolbar lays itself out again
    assert button.accessibleName() == "Nieuw PZP-gesprek vastleggen"
    save_screenshot(window, "main-window-new-conversation-action")

    action.trigger()
    editor = wait_for_editor(qtbot)
    assert editor.windowTitle().startswith(
        "OEFENOMGEVING — Nieuw PZP-gesprek vastleggen — Johanna de Vries-Bakker"
    )
    # The professional comes from the (training) launch: the training user.
    assert editor.conversation_form.professional_edit.text() == "Oefengebruiker (Arts)"
    # Triggered again (Ctrl+N): the same editor comes to the front, no second one.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    action.trigger()
    settle()
    assert editors() == [editor]

    place = editor.sections.item_widget(PLACE)
    assert place is not None
    editor.sections.go_to_item(PLACE)
    click_option(qtbot, place, "1191", "Hospice")
    settle()
    assert editor.save_button.isEnabled()
    editor.save_button.click()

    # The editor closes, the main window reads the patient again and shows the new
    # conversation under "Gesprekken".
    qtbot.waitUntil(lambda: editors() == [], timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: (
            window.tabs.currentIndex() == 1
            and any(row[1].startswith("Hospice") for row in recorded_rows(window))
        ),
        timeout=TIMEOUT_MS,
    )
    assert (
        window.statusBar()
        .currentMessage()
        .startswith(f"Het gesprek is opgeslagen in {HOSPITAL.name}. Gegevens opgehaald om ")
    )
    today = datetime.now(AMSTERDAM).strftime("%d-%m-%Y")
    newest = timeline_rows(window)[0].splitlines()
    assert newest[0].startswith(today)
    assert newest[1:3] == ["Oefengebruiker, Arts", HOSPITAL.name]
    title = window.history.findChild(QLabel, "detailTitleLabel")
    assert title is not None
    assert title.text().startswith(f"Gesprek van {today}")
    [hospice] = [row for row in recorded_rows(window) if row[1].startswith("Hospice")]
    assert hospice[0].startswith("5b")
    # The overview has Hospice as the current value too.
    assert window.overview_model.text(ItemId.PLACE_OF_DEATH, Column.VALUE).startswith("Hospice")
    save_screenshot(window, "main-window-after-recording")
    # In the EPD: the conversation is the training user's (their PractitionerRole).
    server = environment.servers()[HOSPITAL.name]
    [encounter] = [
        e
        for e in server.all_current("Encounter")
        if any(
            p.get("individual", {}).get("reference") == TRAINING_USER_ROLE
            for p in e.get("participant", [])
        )
    ]
    assert encounter["subject"]["reference"] == "Patient/ziekenhuis-devries"
    assert action.isVisible()
    assert action.isEnabled()


def view_only_session(environment: TrainingEnvironment) -> Session:
    servers = environment.servers()
    pairs = [
        (source, FhirClient(source.base_url, transport=servers[source.name], read_only=True))
        for source in environment.sources
    ]
    return launched_session(
        pairs[0],
        patient_id="ziekenhuis-devries",
        bsn="999990007",
        user=SessionUser(
            "K. Smit",
            "Wijkverpleegkundige",
            "Thuiszorg Oefendal",
            fhir_user="PractitionerRole/rol-verpleegkundige",
        ),
        view_only=True,
        extra_sources=pairs[1:],
        audit_log=None,
    )


def test_view_only_offers_no_editor_and_sends_nothing(
    qtbot: QtBot, styled_app: QApplication, environment: TrainingEnvironment
) -> None:
    session = view_only_session(environment)
    window = open_session_window(qtbot, session, WindowMode.LIVE)
    assert window.banner.name_text == "Johanna de Vries-Bakker"
    action = window.new_conversation_action
    assert not action.isVisible()
    assert not action.isEnabled()
    menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in menu.actions() if a.isVisible() and a.text()] == [
        "&Vernieuwen",
        "&Afdrukken…",
        "&Exporteren als PDF…",
        "A&fsluiten",
    ]
    before = writes(environment)
    assert before == []
    action.trigger()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # Even an action enabled by mistake opens nothing: the editor refuses view-only itself.
    action.setEnabled(True)
    action.trigger()
    settle()
    assert editors() == []
    assert recovery_dialogs() == []
    assert writes(environment) == []
    assert all(
        method == "GET"
        for server in environment.servers().values()
        for method, _ in server.requests
    )


def test_view_only_forced_by_the_configuration(
    qtbot: QtBot, styled_app: QApplication, environment: TrainingEnvironment
) -> None:
    forced = Config(app=AppConfig(force_view_only=True, audit_log=Path("unused.jsonl")))
    window = show_window(
        qtbot, MainWindow(WindowMode.TRAINING, environment=environment, config=forced)
    )
    open_patient(qtbot, window, "devries")
    action = window.new_conversation_action
    assert not action.isVisible()
    assert not action.isEnabled()
    action.trigger()
    # Even an action enabled by mistake opens nothing: the editor refuses view-only itself.
    action.setEnabled(True)
    action.trigger()
    settle()
    assert editors() == []
    assert recovery_dialogs() == []
    assert writes(environment) == []


def training_draft_dirs() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("pzp-oefen-concepten-*"))


def test_switching_patient_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, environment: TrainingEnvironment
) -> None:
    drafts_before = training_draft_dirs()
    open_patient(qtbot, window, "devries")
    window.new_conversation_action.trigger()
    editor = wait_for_editor(qtbot)
    wishes = editor.sections.item_widget(CARE_WISHES)
    assert wishes is not None
    edit = wishes.text_input("1190").text_edit
    assert edit is not None
    assert edit.toPlainText() == PREFILL
    editor.sections.go_to_item(CARE_WISHES)
    edit.setFocus()
    qtbot.keyClicks(edit, " en wil thuis sterven")

    # Another patient: the editor closes at once, without asking, and nothing is saved.
    open_patient(qtbot, window, "mulder")
    settle()
    assert editors() == []
    assert recovery_dialogs() == []
    assert window.banner.name_text == "Aaltje Mulder"
    assert window.new_conversation_action.isEnabled()
    assert writes(environment) == []

    # De Vries again: what was typed is offered at once.
    open_patient(qtbot, window, "devries")
    qtbot.waitUntil(lambda: len(recovery_dialogs()) == 1, timeout=TIMEOUT_MS)
    [dialog] = recovery_dialogs()
    assert "Niet opgeslagen concept" in dialog.description_label.text()
    assert "1 gewijzigd onderdeel" in dialog.description_label.text()
    assert dialog.windowTitle().startswith("OEFENOMGEVING")
    click(qtbot, dialog.continue_button)
    editor = wait_for_editor(qtbot)
    wishes = editor.sections.item_widget(CARE_WISHES)
    assert wishes is not None
    restored = wishes.text_input("1190").text_edit
    assert restored is not None
    assert restored.toPlainText() == PREFILL + " en wil thuis sterven"
    assert wishes.marker_text().startswith("Gewijzigd")
    # Ctrl+N brings this editor to the front; it does not start another one.
    window.new_conversation_action.trigger()
    settle()
    assert editors() == [editor]

    # Closing the app keeps nothing of the training run on disk.
    window.close()
    settle()
    assert editors() == []
    assert training_draft_dirs() <= drafts_before
    assert writes(environment) == []


def test_resetting_the_training_environment_throws_the_draft_away(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_patient(qtbot, window, "devries")
    window.new_conversation_action.trigger()
    editor = wait_for_editor(qtbot)
    wishes = editor.sections.item_widget(CARE_WISHES)
    assert wishes is not None
    edit = wishes.text_input("1190").text_edit
    assert edit is not None
    editor.sections.go_to_item(CARE_WISHES)
    edit.setFocus()
    qtbot.keyClicks(edit, " en wil thuis sterven")

    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.reset_training()
    settle()
    assert editors() == []
    # A new editor starts from the (reset) sources: no draft is offered first.
    window.new_conversation_action.trigger()
    editor = wait_for_editor(qtbot)
    wishes = editor.sections.item_widget(CARE_WISHES)
    assert wishes is not None
    edit = wishes.text_input("1190").text_edit
    assert edit is not None
    assert edit.toPlainText() == PREFILL
