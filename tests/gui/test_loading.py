"""Loading as a user sees it: progress per source, a busy indicator only when it takes a
while, one failing source among good ones, results of a patient that is no longer open
dropped, F5, the training reset — and nothing of it on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.items import ItemId
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.sources.fetch import Source
from pzp_desktop.sources.session import Session, SessionMode, TrainingEnvironment
from pzp_desktop.sources.status import SourceStatus
from tests.gui.conftest import LOAD_TIMEOUT_MS, save_screenshot, show_window

pytestmark = pytest.mark.gui

Handler = Callable[[httpx.Request], httpx.Response]


class Gate:
    """A transport that waits for ``open()`` before answering (or failing)."""

    def __init__(self, inner: httpx.BaseTransport, *, fail: bool = False) -> None:
        self.inner = inner
        self.fail = fail
        self.event = threading.Event()
        self.threads: set[str] = set()
        self.waiting = threading.Event()

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.threads.add(threading.current_thread().name)
        self.waiting.set()
        if not self.event.wait(timeout=30):
            raise httpx.ConnectError("gate never opened")
        if self.fail:
            raise httpx.ConnectError("connection refused")
        return self.inner.handle_request(request)

    def open(self) -> None:
        self.event.set()

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def custom_session(
    environment: TrainingEnvironment,
    patient: str,
    transports: dict[str, httpx.BaseTransport],
) -> Session:
    """The training patient's sources (own clients), with some transports replaced."""
    servers = environment.servers()
    pairs: list[tuple[Source, FhirClient]] = []
    for source in environment.sources:
        transport = transports.get(source.name) or servers[source.name]
        pairs.append((source, FhirClient(source.base_url, transport=transport, max_retry_wait=0)))
    return Session(
        mode=SessionMode.TRAINING,
        user=environment.session_for(patient).user,
        view_only=False,
        query=environment.query_for(patient),
        fixed_sources=pairs,
        patient_key=patient,
    )


@pytest.fixture
def window(
    qtbot: QtBot, styled_app: QApplication, training_environment: TrainingEnvironment
) -> MainWindow:
    return show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment))


def server(environment: TrainingEnvironment, index: int) -> httpx.BaseTransport:
    """The in-memory server behind the ``index``-th training source."""
    return environment.servers()[environment.sources[index].name]


def test_one_unreachable_source_among_good_ones(
    qtbot: QtBot, window: MainWindow, training_environment: TrainingEnvironment
) -> None:
    gp = training_environment.sources[1].name
    session = custom_session(training_environment, "devries", {gp: httpx.MockTransport(refuse)})
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_session(session)
    status = window.source_status
    assert status.status_of(gp) is SourceStatus.UNREACHABLE
    assert status.text_of(gp).startswith(f"{gp}: Niet bereikbaar — De bron is niet bereikbaar")
    hospital, home_care = training_environment.sources[0].name, training_environment.sources[2].name
    assert status.text_of(hospital) == f"{hospital}: Geladen"
    assert status.text_of(home_care) == f"{home_care}: Geladen"
    assert status.warning_text.startswith("Let op: niet alle bronnen konden worden gelezen")
    # The other sources' data is there; the banner says it may be incomplete.
    tile = window.key_decisions.tile(ItemId.RESUSCITATION)
    assert tile.headline == "NIET REANIMEREN"
    assert hospital in tile.meta  # the GP's later record could not be read
    assert window.key_decisions.incomplete_text.startswith("Let op: niet alle bronnen")
    save_screenshot(window, "source_unreachable")


def test_progress_per_source_and_busy_indicator_after_a_while(
    qtbot: QtBot, window: MainWindow, training_environment: TrainingEnvironment
) -> None:
    hospital = training_environment.sources[0].name
    gate = Gate(server(training_environment, 0))
    session = custom_session(training_environment, "mulder", {hospital: gate.transport})
    try:
        window.open_session(session)
        # Not busy at once: a fast load shows no busy cursor at all.
        assert not window.source_status.busy_visible
        assert QApplication.overrideCursor() is None
        gp, home = training_environment.sources[1].name, training_environment.sources[2].name
        qtbot.waitUntil(
            lambda: (
                window.source_status.status_of(gp) is SourceStatus.OK
                and window.source_status.status_of(home) is SourceStatus.OK
            ),
            timeout=LOAD_TIMEOUT_MS,
        )
        assert window.source_status.text_of(hospital) == f"{hospital}: Bezig met laden…"
        # After about 300 ms: the busy indicator and cursor.
        qtbot.waitUntil(lambda: window.source_status.busy_visible, timeout=5000)
        assert QApplication.overrideCursor() is not None
        assert window.banner.name_text == "Patiënt wordt geopend…"
        assert not window.key_decisions.isVisible()  # never "nog niet besproken" yet
        save_screenshot(window, "loading_in_progress")
        with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
            gate.open()
    finally:
        gate.open()
    assert not window.source_status.busy_visible
    assert QApplication.overrideCursor() is None
    assert window.banner.name_text == "Aaltje Mulder"
    # The network ran in worker threads, never on the GUI thread.
    assert gate.threads
    assert threading.main_thread().name not in gate.threads


def test_results_of_a_patient_no_longer_open_are_dropped(
    qtbot: QtBot, window: MainWindow, training_environment: TrainingEnvironment
) -> None:
    gates = {
        source.name: Gate(server(training_environment, index), fail=True)
        for index, source in enumerate(training_environment.sources)
    }
    stale = custom_session(
        training_environment, "devries", {name: gate.transport for name, gate in gates.items()}
    )
    try:
        window.open_session(stale)
        qtbot.waitUntil(lambda: all(g.waiting.is_set() for g in gates.values()), timeout=10_000)
        with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
            window.open_training_patient("mulder")
        # Now the first patient's sources answer (all unreachable): none of it may show.
        for gate in gates.values():
            gate.open()
        qtbot.waitUntil(lambda: window.loader.runner.active == 0, timeout=LOAD_TIMEOUT_MS)
    finally:
        for gate in gates.values():
            gate.open()
    assert window.banner.name_text == "Aaltje Mulder"
    assert window.patient_data is not None
    patient = window.patient_data.patient
    assert patient is not None
    assert patient.name == "Aaltje Mulder"
    assert all(
        window.source_status.status_of(source.name) is SourceStatus.OK
        for source in training_environment.sources
    )
    assert window.key_decisions.tile(ItemId.VENTILATION).headline == "Geen besluit vastgelegd"


def test_f5_reads_every_source_again(
    qtbot: QtBot, window: MainWindow, training_environment: TrainingEnvironment
) -> None:
    gp = training_environment.sources[1].name
    inner = server(training_environment, 1)
    down = {"value": True}

    def flaky(request: httpx.Request) -> httpx.Response:
        if down["value"]:
            raise httpx.ConnectError("connection refused")
        return inner.handle_request(request)

    session = custom_session(training_environment, "devries", {gp: httpx.MockTransport(flaky)})
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_session(session)
    assert window.source_status.status_of(gp) is SourceStatus.UNREACHABLE
    down["value"] = False
    assert window.refresh_action.isEnabled()
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
        # While refreshing, the open patient stays on screen.
        assert window.banner.name_text == "Johanna de Vries-Bakker"
    assert window.source_status.status_of(gp) is SourceStatus.OK
    assert window.source_status.warning_text == ""
    tile = window.key_decisions.tile(ItemId.RESUSCITATION)
    assert gp in tile.meta  # now the GP's latest record is there


def test_a_failed_open_says_so_in_dutch_without_patient_data(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    class BrokenEnvironment(TrainingEnvironment):
        def session_for(self, patient_key: str) -> Session:
            raise RuntimeError("BSN 999990007 kon niet")

    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=BrokenEnvironment()))
    with qtbot.waitSignal(window.loader.loading_failed, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("devries")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    qtbot.waitUntil(lambda: any(box.isVisible() for box in boxes))
    box = next(box for box in boxes if box.isVisible())
    assert box.text() == "De patiënt kon niet worden geopend."
    assert "OEFENOMGEVING" in box.windowTitle()  # every window in training says so
    assert "999990007" not in box.text() + box.informativeText()
    assert "Traceback" not in box.informativeText()
    box.close()


def test_reset_asks_first_then_restores_the_training_data(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    environment = TrainingEnvironment()
    window = show_window(qtbot, MainWindow(WindowMode.TRAINING, environment=environment))
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("devries")
    before = [client for _source, client in environment.pairs()]

    def confirmation() -> QMessageBox:
        box = window.findChild(QMessageBox, "resetConfirmation")
        assert box is not None
        return box

    window.reset_action.trigger()
    qtbot.waitUntil(lambda: confirmation().isVisible())
    assert confirmation().text() == "Oefenomgeving herstellen?"
    assert confirmation().windowTitle() == "Oefenomgeving herstellen — OEFENOMGEVING"
    cancel = next(b for b in confirmation().findChildren(QPushButton) if b.text() == "Annuleren")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert [client for _source, client in environment.pairs()] == before

    window.reset_action.trigger()
    qtbot.waitUntil(lambda: confirmation().isVisible())
    restore = next(b for b in confirmation().findChildren(QPushButton) if b.text() == "Herstellen")
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    after = [client for _source, client in environment.pairs()]
    assert all(a is not b for a, b in zip(after, before, strict=True))
    assert window.banner.name_text == "Johanna de Vries-Bakker"
    assert window.key_decisions.tile(ItemId.RESUSCITATION).headline == "NIET REANIMEREN"


def test_f5_while_another_patient_is_opening_reloads_that_patient(
    qtbot: QtBot, window: MainWindow, training_environment: TrainingEnvironment
) -> None:
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.open_training_patient("devries")
    window.open_training_patient("bos")  # still opening ...
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        window.refresh()  # ... F5 must not bring the previous patient back
    assert window.banner.name_text == "Gerrit Bos"
