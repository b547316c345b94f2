"""Set-up for the editor's GUI tests: fresh training sources per test (the tests write), an
encrypted draft store in a temporary directory with a file-based test keyring, and a small
harness that opens the editor, saves, and reads the training servers like a tester would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.editing import DoubleRegistrationSettings
from pzp_desktop.domain.items import ItemId, ItemKey
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.gui.editor import EditorController, open_editor
from pzp_desktop.gui.editor.editor_window import EditorWindow
from pzp_desktop.gui.editor.section_widgets import ItemWidget
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.fetch import Source
from pzp_desktop.sources.patient_data import PatientData
from pzp_desktop.sources.push import PushOutcome
from pzp_desktop.sources.session import (
    TRAINING_USER,
    Session,
    SessionMode,
    TrainingEnvironment,
    load_patient,
)
from pzp_desktop.sources.training import HOSPITAL
from tests.gui.conftest import ARTIFACTS
from tests.gui.editor.file_keyring import FileKeyring

TIMEOUT_MS = 20_000
HOSPITAL_NAME = HOSPITAL.name
CONVERSATION_TYPES = ("Encounter", "Procedure", "QuestionnaireResponse", "Provenance")


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path: Path, file_keyring: FileKeyring) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


@pytest.fixture
def environment() -> TrainingEnvironment:
    """Fresh training sources: these tests record conversations in them."""
    env = TrainingEnvironment()
    env.pairs()
    return env


@dataclass
class Harness:
    qtbot: QtBot
    environment: TrainingEnvironment
    store: DraftStore
    pushed: list[PushOutcome] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    controllers: list[EditorController] = field(default_factory=list)

    # -- sources ---------------------------------------------------------------------------

    def session(self, key: str) -> Session:
        session = self.environment.session_for(key)
        self.sessions.append(session)
        return session

    def load(self, session: Session) -> PatientData:
        return load_patient(session)

    def server(self, name: str = HOSPITAL_NAME) -> InMemoryFhirServer:
        return self.environment.servers()[name]

    def snapshot(self, name: str = HOSPITAL_NAME) -> set[str]:
        return {f"{r['resourceType']}/{r['id']}" for r in self.server(name).all_current()}

    def new_resources(self, before: set[str], name: str = HOSPITAL_NAME) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for resource in self.server(name).all_current():
            if f"{resource['resourceType']}/{resource['id']}" not in before:
                out.setdefault(resource["resourceType"], []).append(resource)
        return out

    # -- the editor ------------------------------------------------------------------------

    def open(
        self,
        key: str,
        *,
        session: Session | None = None,
        settings: DoubleRegistrationSettings | None = None,
        parent: QWidget | None = None,
    ) -> EditorController:
        """Open the editor for a training patient; waits for the window (or the offer of an
        unsaved draft)."""
        session = session or self.session(key)
        data = self.load(session)
        controller = open_editor(
            parent,
            session,
            data,
            view_only=False,
            training=True,
            store=self.store,
            on_pushed=self.pushed.append,
            settings=settings,
        )
        assert controller is not None
        self.controllers.append(controller)
        self.qtbot.waitUntil(
            lambda: controller.window is not None or controller.recovery_dialog is not None,
            timeout=TIMEOUT_MS,
        )
        if controller.window is not None:
            # Closed (and deleted) by close_all(), not by qtbot: the editor asks first.
            self.qtbot.waitExposed(controller.window)
        return controller

    def save(self, controller: EditorController) -> None:
        """Press "Opslaan" and wait until the editor asks something, closes or reports."""
        window = controller.window
        assert window is not None
        assert window.save_button.isEnabled(), window.blocked_label.text()
        window.save_button.click()
        self.wait_after_save(controller)

    def wait_after_save(self, controller: EditorController) -> None:
        self.qtbot.waitUntil(
            lambda: (
                controller.warnings_dialog is not None
                or controller.closed
                or (controller.window is not None and not controller.window.busy)
            ),
            timeout=TIMEOUT_MS,
        )

    def close_all(self) -> None:
        for controller in self.controllers:
            if not controller.closed:
                controller.close(keep_draft=False)
        settle()
        for session in self.sessions:
            session.close()


@pytest.fixture
def harness(
    qtbot: QtBot, styled_app: QApplication, environment: TrainingEnvironment, store: DraftStore
) -> Iterator[Harness]:
    h = Harness(qtbot, environment, store)
    try:
        yield h
    finally:
        h.close_all()


def session_with_transport(harness: Harness, key: str, transport: httpx.BaseTransport) -> Session:
    """The training patient's sources, with the hospital EPD behind ``transport``."""
    environment = harness.environment
    servers = environment.servers()
    pairs: list[tuple[Source, FhirClient]] = []
    for source in environment.sources:
        chosen = transport if source.name == HOSPITAL_NAME else servers[source.name]
        pairs.append((source, FhirClient(source.base_url, transport=chosen, max_retry_wait=0)))
    session = Session(
        mode=SessionMode.TRAINING,
        user=TRAINING_USER,
        view_only=False,
        query=environment.query_for(key),
        fixed_sources=pairs,
        patient_key=key,
    )
    harness.sessions.append(session)
    return session


def window_of(controller: EditorController) -> EditorWindow:
    assert controller.window is not None
    return controller.window


def item(controller: EditorController, item_id: ItemId, qualifier: str = "") -> ItemWidget:
    widget = window_of(controller).sections.item_widget(ItemKey(item_id, qualifier))
    assert widget is not None
    return widget


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button, radio button or check box where a user would: on its indicator or
    text (a radio button stretched over the width only reacts there)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, max(1, button.height() // 2)))


def click_option(qtbot: QtBot, widget: ItemWidget, link_id: str, label: str) -> None:
    """Choose the option ``label`` of question ``link_id`` with the mouse."""
    choice = widget.choice(link_id)
    if choice.combo is not None:
        choice.select(label)
        return
    radio = next(r for r in choice.radios if r.text() == label)
    click(qtbot, radio)


def settle() -> None:
    """Let layouts and deferred deletions settle (before asserting visibility or grabbing)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def save_screenshot(widget: QWidget, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    settle()
    assert widget.grab().save(str(path))
    return path


OpenEditor = Callable[..., EditorController]
