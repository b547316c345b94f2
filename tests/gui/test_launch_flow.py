"""A live launch in the window, as a user sees it: "Bezig met aanmelden…" with Annuleren,
then the patient; a failed launch in Dutch with "Opnieuw proberen"; a second start that
switches patient (the previous one closed first, an unsaved conversation asked about first).

The launch is resolved by a stand-in for ``resolve_launch`` that answers from the training
sources (each launch value names a training patient), so everything after it — building the
session with the configured extra sources, the BSN, the audit log, loading — is the real
code. The last test runs the real ``resolve_launch`` against the SMART test server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from pzp_desktop.config import AppConfig, Authentication, Config, SourceConfig
from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.oauth_http import OAuthHttp
from pzp_desktop.gui.launch_flow import LaunchFlow, LaunchState, build_launched_session
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.launch.arguments import EhrLaunch, LaunchRequest, StandaloneBsn, Training
from pzp_desktop.launch.context import LaunchContext, LaunchMode, Reference
from pzp_desktop.launch.errors import AccessDenied, LaunchExpired, LoginCancelled
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.launch.tokens import RefreshTokenStore
from pzp_desktop.sources.audit_log import AuditLog, StaticHmacKey
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.session import Session, TrainingEnvironment
from pzp_desktop.sources.status import SourceStatus
from pzp_desktop.sources.training import GP, HOME_CARE, HOSPITAL
from tests.gui.conftest import LOAD_TIMEOUT_MS, save_screenshot, show_window
from tests.smart_server.browser import HeadlessBrowser
from tests.smart_server.fixture import PATIENT_BSN, PATIENT_ID
from tests.smart_server.gateway import FhirGateway
from tests.smart_server.keyring_backend import MemoryKeyring
from tests.smart_server.server import SmartAuthServer

pytestmark = pytest.mark.gui

DE_VRIES = "Johanna de Vries-Bakker"
MULDER = "Aaltje Mulder"
HOST = "epd.oefen.pzp.invalid"
USER = Reference("PractitionerRole/oefen-arts", "Dr. P. van Dam")


class Gate:
    """Holds a launch (or a source) until ``open()``; a cancelled launch stops waiting."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def open(self) -> None:
        self.event.set()

    def wait(self, cancel: threading.Event | None = None) -> None:
        while not self.event.wait(0.02):
            if cancel is not None and cancel.is_set():
                raise LoginCancelled()


@dataclass
class FakeLaunches:
    """Stands in for ``resolve_launch``: launch value → the training patient it opens."""

    patients: dict[str, str] = field(default_factory=dict)  # launch value -> patient id
    errors: dict[str, BaseException] = field(default_factory=dict)
    gates: dict[str, Gate] = field(default_factory=dict)
    cancels: list[threading.Event] = field(default_factory=list)
    finished: int = 0
    view_only: bool = False

    def resolve(
        self, request: LaunchRequest, settings: LaunchSettings, cancel: threading.Event
    ) -> LaunchContext:
        self.cancels.append(cancel)
        try:
            assert isinstance(request, EhrLaunch | StandaloneBsn)
            key = request.launch if isinstance(request, EhrLaunch) else request.bsn
            gate = self.gates.get(key)
            if gate is not None:
                gate.wait(cancel)
            if key in self.errors:
                raise self.errors[key]
            base = request.iss if isinstance(request, EhrLaunch) else request.fhir_base
            return LaunchContext(
                mode=LaunchMode.EHR,
                fhir_base=base,
                patient_id=self.patients[key],
                view_only=settings.force_view_only or self.view_only,
                user=USER,
            )
        finally:
            self.finished += 1


class Tracked(httpx.BaseTransport):
    """A client's transport that knows whether the client was closed."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.closed = True


@dataclass
class Setup:
    qtbot: QtBot
    window: MainWindow
    flow: LaunchFlow
    fake: FakeLaunches
    config: Config
    store: DraftStore
    sessions: list[Session]
    #: Per launch value: transports in front of the training sources (a gated source).
    transports: dict[str, dict[str, httpx.BaseTransport]]
    #: Per launch value: the transports of its clients.
    tracked: dict[str, list[Tracked]]

    def launch(self, value: str) -> EhrLaunch:
        return EhrLaunch(HOSPITAL.base_url, value)

    def open(self, value: str) -> Session:
        """Launch ``value`` and wait until its patient is shown."""
        with self.qtbot.waitSignal(self.window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
            self.flow.start(self.launch(value))
        assert self.window.session is not None
        return self.window.session

    def message_boxes(self) -> list[QMessageBox]:
        return [
            box
            for box in self.window.findChildren(QMessageBox)
            if box.isVisible() and box.objectName() != "switchPatientQuestion"
        ]


@pytest.fixture
def setup(
    qtbot: QtBot,
    styled_app: QApplication,
    training_environment: TrainingEnvironment,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> Iterator[Setup]:
    servers = {
        source.base_url: server
        for source in training_environment.sources
        for name, server in training_environment.servers().items()
        if name == source.name
    }
    transports: dict[str, dict[str, httpx.BaseTransport]] = {}
    current: dict[str, str] = {}  # the launch value whose session is being built

    tracked: dict[str, list[Tracked]] = {}

    def transport(base: str) -> httpx.BaseTransport:
        value = current.get("value", "")
        chosen = Tracked(transports.get(value, {}).get(base) or servers[base])
        tracked.setdefault(value, []).append(chosen)
        return chosen

    def client_factory(base: str, provider: TokenProvider | None, read_only: bool) -> FhirClient:
        return FhirClient(
            base, transport=transport(base), token_provider=provider, read_only=read_only
        )

    config = Config(
        app=AppConfig(audit_log=tmp_path / "audit" / "audit.jsonl"),
        sources=(
            SourceConfig(GP.name, GP.base_url, authentication=Authentication.NONE),
            SourceConfig(HOME_CARE.name, HOME_CARE.base_url, authentication=Authentication.NONE),
        ),
    )
    settings = LaunchSettings.from_config(config, client_factory=client_factory)
    sessions: list[Session] = []

    def build(context: LaunchContext, request: LaunchRequest) -> Session:
        current["value"] = request.launch if isinstance(request, EhrLaunch) else ""
        session = build_launched_session(
            context,
            request,
            config,
            settings,
            extra_client=lambda _configured, source: FhirClient(
                source.base_url, transport=transport(source.base_url), read_only=source.read_only
            ),
            audit_log_factory=lambda path: AuditLog(path, key_provider=StaticHmacKey(b"k" * 32)),
        )
        sessions.append(session)
        return session

    store = DraftStore(tmp_path / "drafts")
    window = show_window(qtbot, MainWindow(WindowMode.LIVE, config=config, draft_store=store))
    fake = FakeLaunches(patients={"devries": "ziekenhuis-devries", "mulder": "ziekenhuis-mulder"})
    flow = LaunchFlow(
        window,
        config,
        settings,
        resolver=fake.resolve,
        session_builder=build,
        editor=lambda: window.editor_controller,
    )
    yield Setup(qtbot, window, flow, fake, config, store, sessions, transports, tracked)
    for gate in fake.gates.values():
        gate.open()
    qtbot.waitUntil(lambda: flow.runner.active == 0, timeout=LOAD_TIMEOUT_MS)


# ----------------------------------------------------------------------------- launching


def test_signing_in_is_shown_then_the_patient_opens(setup: Setup, tmp_path: Path) -> None:
    window, flow, fake = setup.window, setup.flow, setup.fake
    gate = fake.gates["devries"] = Gate()
    flow.start(setup.launch("devries"))

    # At once, while the login may still run in the browser:
    assert flow.status.isVisible()
    assert flow.status.title_text == f"Bezig met aanmelden bij {HOST}…"
    assert flow.status.cancel_button.isVisible()
    assert flow.status.cancel_button.text() == "&Annuleren"
    assert not flow.status.retry_button.isVisible()
    assert window.session is None
    access = window.findChild(QLabel, "accessLabel")
    assert access is not None
    assert access.text() == ""  # what this user may do is not known yet
    save_screenshot(window, "launch_signing_in")

    with setup.qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        gate.open()
    assert flow.state is LaunchState.OPENED
    assert not flow.status.isVisible()
    assert window.banner.name_text == DE_VRIES
    assert access.text() == "Raadplegen en vastleggen"
    # The launching source first, then the configured extra sources, which found the
    # patient by the BSN read from the launching source.
    sources = window.source_status
    assert sources.status_of(f"Eigen systeem ({HOST})") is SourceStatus.OK
    assert sources.status_of(GP.name) is SourceStatus.OK
    session = window.session
    assert session is not None
    assert [s.name for s in session.source_list] == [
        f"Eigen systeem ({HOST})",
        GP.name,
        HOME_CARE.name,
    ]
    assert session.query.bsn == "999990007"
    assert session.user.display == "Dr. P. van Dam"
    assert not session.view_only
    # Opening the patient is in the installation's audit log.
    audit = tmp_path / "audit" / "audit.jsonl"
    setup.qtbot.waitUntil(lambda: audit.exists() and audit.stat().st_size > 0)
    first = json.loads(audit.read_text(encoding="utf-8").splitlines()[0])
    assert "999990007" not in audit.read_text(encoding="utf-8")  # only its keyed hash
    assert first["who"]["id"] == "PractitionerRole/oefen-arts"
    assert first["patient"]["bsn_hmac"]
    assert {"source": f"Eigen systeem ({HOST})", "reference": "Patient/ziekenhuis-devries"} in (
        first["patient"]["references"]
    )
    save_screenshot(window, "launch_opened")


def test_view_only_when_the_installation_forces_it(
    setup: Setup, training_environment: TrainingEnvironment
) -> None:
    setup.fake.view_only = True  # no write scope granted
    session = setup.open("devries")
    assert session.view_only
    assert all(source.read_only for source in session.source_list)
    assert all(client.read_only for _source, client in session.sources)
    assert not setup.window.new_conversation_action.isVisible()


def test_a_failed_launch_says_what_to_do_and_can_be_retried(setup: Setup) -> None:
    window, flow, fake = setup.window, setup.flow, setup.fake
    fake.errors["devries"] = LaunchExpired()
    with setup.qtbot.waitSignal(flow.launch_failed, timeout=LOAD_TIMEOUT_MS):
        flow.start(setup.launch("devries"))

    boxes = setup.message_boxes()
    assert len(boxes) == 1
    box = boxes[0]
    assert box.text() == "PZP Desktop kon de patiënt uit uw eigen systeem niet openen."
    assert box.informativeText() == LaunchExpired.default_message
    assert "Open de patiënt opnieuw vanuit uw eigen systeem" in box.informativeText()
    assert "Traceback" not in box.text() + box.informativeText() + (box.detailedText() or "")
    # The window stays usable: what went wrong stays on screen, with "Opnieuw proberen".
    assert flow.state is LaunchState.FAILED
    assert flow.status.title_text == "Aanmelden is niet gelukt"
    assert flow.status.message_text == LaunchExpired.default_message
    assert flow.status.retry_button.isVisible()
    assert not flow.status.cancel_button.isVisible()
    save_screenshot(window, "launch_failed")
    box.close()

    del fake.errors["devries"]
    with setup.qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        flow.status.retry_button.click()
    assert window.banner.name_text == DE_VRIES


def test_an_unexpected_error_shows_no_details(setup: Setup) -> None:
    setup.fake.errors["devries"] = RuntimeError("stack of patient 999990007 in /tmp/x.py")
    with setup.qtbot.waitSignal(setup.flow.launch_failed, timeout=LOAD_TIMEOUT_MS):
        setup.flow.start(setup.launch("devries"))
    box = setup.message_boxes()[0]
    shown = box.text() + box.informativeText() + setup.flow.status.message_text
    assert "Er ging iets onverwachts mis" in box.informativeText()
    assert "999990007" not in shown
    assert "RuntimeError" not in shown
    box.close()


def test_user_denied_access(setup: Setup) -> None:
    setup.fake.errors["devries"] = AccessDenied()
    with setup.qtbot.waitSignal(setup.flow.launch_failed, timeout=LOAD_TIMEOUT_MS):
        setup.flow.start(setup.launch("devries"))
    assert setup.flow.status.message_text.startswith("De toegang is geweigerd")
    setup.message_boxes()[0].close()


def test_cancel_stops_waiting_and_drops_the_result(setup: Setup) -> None:
    window, flow, fake = setup.window, setup.flow, setup.fake
    fake.gates["devries"] = Gate()
    flow.start(setup.launch("devries"))
    setup.qtbot.waitUntil(lambda: len(fake.cancels) == 1)  # the login is under way
    with setup.qtbot.waitSignal(flow.launch_cancelled, timeout=LOAD_TIMEOUT_MS):
        flow.status.cancel_button.click()
    assert fake.cancels[-1].is_set()  # the login (loopback listener) stops waiting
    assert flow.state is LaunchState.CANCELLED
    assert flow.status.title_text == "Het aanmelden is afgebroken"
    assert flow.status.retry_button.isVisible()
    # The launch ends (LoginCancelled); nothing of it is shown, no error either.
    setup.qtbot.waitUntil(lambda: fake.finished == 1 and flow.runner.active == 0)
    QApplication.processEvents()
    assert window.session is None
    assert setup.message_boxes() == []
    assert flow.state is LaunchState.CANCELLED

    fake.gates["devries"].open()
    with setup.qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        flow.retry()
    assert window.banner.name_text == DE_VRIES


def test_a_late_result_after_cancel_is_dropped(setup: Setup) -> None:
    """The login ignores the cancel and succeeds anyway: no session is built or shown."""
    flow, fake = setup.flow, setup.fake
    gate = Gate()
    original = fake.resolve

    def stubborn(
        request: LaunchRequest, settings: LaunchSettings, cancel: threading.Event
    ) -> LaunchContext:
        gate.wait()  # does not look at cancel
        return original(request, settings, threading.Event())

    flow._resolver = stubborn  # type: ignore[assignment]
    flow.start(setup.launch("devries"))
    flow.cancel()
    gate.open()
    setup.qtbot.waitUntil(lambda: fake.finished == 1 and flow.runner.active == 0)
    QApplication.processEvents()
    assert setup.sessions == []
    assert setup.window.session is None
    assert flow.state is LaunchState.CANCELLED
    assert setup.message_boxes() == []


# ----------------------------------------------------------------------------- a second start


def test_another_patient_is_closed_before_the_new_one_arrives(setup: Setup) -> None:
    window, flow, fake = setup.window, setup.flow, setup.fake
    setup.open("devries")
    assert window.banner.name_text == DE_VRIES
    assert window.overview_model.rowCount() > 0

    gate = fake.gates["mulder"] = Gate()
    flow.handle_request(setup.launch("mulder"))
    # At once, long before the new launch is resolved: nothing of De Vries is left.
    assert window.session is None
    assert window.patient_data is None
    assert window.banner.name_text == ""
    assert window.banner.bsn_text == ""
    assert not window.key_decisions.isVisible()
    assert window.overview_model.rowCount() == 0
    assert window.source_status.texts() == []
    assert not window.refresh_action.isEnabled()  # F5 cannot bring the old patient back
    assert flow.status.title_text == f"Bezig met aanmelden bij {HOST}…"

    names: list[str] = []
    window.loader.patient_loaded.connect(lambda _s, data: names.append(data.patient.name))
    with setup.qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        gate.open()
    assert names == [MULDER]
    assert window.banner.name_text == MULDER


def test_the_old_patients_load_is_dropped(
    setup: Setup, training_environment: TrainingEnvironment
) -> None:
    """De Vries is still loading (its source hangs) when the EPD switches to Mulder: what
    arrives for De Vries afterwards is never shown."""
    window, flow = setup.window, setup.flow
    hanging = Gate()
    server = training_environment.servers()[HOSPITAL.name]

    def slow(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/Patient/ziekenhuis-devries"):
            return server.handle_request(request)  # the BSN for the extra sources
        hanging.wait()
        return server.handle_request(request)

    setup.transports["devries"] = {HOSPITAL.base_url: httpx.MockTransport(slow)}
    with setup.qtbot.waitSignal(flow.session_opened, timeout=LOAD_TIMEOUT_MS):
        flow.start(setup.launch("devries"))
    assert window.loader.loading

    names: list[str] = []
    window.loader.patient_loaded.connect(lambda _s, data: names.append(data.patient.name))
    with setup.qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        flow.handle_request(setup.launch("mulder"))
    hanging.open()
    setup.qtbot.waitUntil(lambda: window.loader.runner.active == 0, timeout=LOAD_TIMEOUT_MS)
    QApplication.processEvents()
    assert names == [MULDER]
    assert window.banner.name_text == MULDER
    # The De Vries session was closed (its clients, the token with them), not left open.
    setup.qtbot.waitUntil(lambda: all(t.closed for t in setup.tracked["devries"]))
    assert len(setup.tracked["devries"]) == 3
    assert not any(t.closed for t in setup.tracked["mulder"])


def test_the_same_launch_again_only_brings_the_window_forward(setup: Setup) -> None:
    window, flow = setup.window, setup.flow
    session = setup.open("devries")
    with setup.qtbot.waitSignal(flow.raised_only, timeout=1000):
        flow.handle_request(setup.launch("devries"))
    assert window.session is session
    assert window.banner.name_text == DE_VRIES


def test_the_same_bsn_at_the_same_source_only_brings_the_window_forward(setup: Setup) -> None:
    window, flow = setup.window, setup.flow
    session = setup.open("devries")
    with setup.qtbot.waitSignal(flow.raised_only, timeout=1000):
        flow.handle_request(StandaloneBsn(HOSPITAL.base_url, "999990007"))
    assert window.session is session


def test_a_second_demo_leaves_the_real_patient_alone(setup: Setup) -> None:
    window, flow = setup.window, setup.flow
    session = setup.open("devries")
    with setup.qtbot.waitSignal(flow.raised_only, timeout=1000):
        flow.handle_request(Training())
    assert window.session is session
    box = setup.message_boxes()[0]
    assert "oefenomgeving opent niet in hetzelfde venster" in box.text()
    box.close()


def test_unsaved_conversation_is_asked_about_before_switching(setup: Setup) -> None:
    window, flow, qtbot = setup.window, setup.flow, setup.qtbot
    de_vries = setup.open("devries")
    window.new_conversation_action.trigger()
    qtbot.waitUntil(lambda: window.editor_controller is not None, timeout=LOAD_TIMEOUT_MS)
    controller = window.editor_controller
    assert controller is not None
    qtbot.waitUntil(lambda: controller.model is not None, timeout=LOAD_TIMEOUT_MS)
    assert controller.model is not None
    controller.model.update_conversation(comment="Nog niet opgeslagen")
    assert controller.has_unsaved_changes

    # Stay with this patient: nothing changes.
    with qtbot.waitSignal(flow.switch_question_shown, timeout=1000) as shown:
        flow.handle_request(setup.launch("mulder"))
    box: QMessageBox = shown.args[0]
    assert box.text() == (
        "Uw eigen systeem opent een andere patiënt, maar het gesprek in de editor is nog "
        "niet opgeslagen."
    )
    assert window.session is de_vries  # not closed while the question is open
    assert window.banner.name_text == DE_VRIES
    save_screenshot(window, "launch_switch_question")
    stay = box.findChild(QPushButton, "stayButton")
    assert stay is not None
    assert stay.text() == "Bij deze patiënt &blijven"
    with qtbot.waitSignal(flow.switch_cancelled, timeout=1000):
        stay.click()
    assert window.session is de_vries
    assert window.banner.name_text == DE_VRIES
    assert not controller.closed
    assert setup.fake.finished == 1  # only De Vries: Mulder's launch was not started

    # Keep it as a draft and open the other patient.
    with qtbot.waitSignal(flow.switch_question_shown, timeout=1000) as shown:
        flow.handle_request(setup.launch("mulder"))
    switch = shown.args[0].findChild(QPushButton, "switchButton")
    assert switch is not None
    assert switch.text() == "Concept &bewaren en andere patiënt openen"
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        switch.click()
        assert window.banner.name_text == ""  # closed before Mulder is even resolved
    assert controller.closed
    assert window.banner.name_text == MULDER
    pending = setup.store.list_pending()
    assert [p.draft.patient_reference for p in pending] == ["Patient/ziekenhuis-devries"]


def test_no_question_without_unsaved_changes(setup: Setup) -> None:
    window, flow, qtbot = setup.window, setup.flow, setup.qtbot
    setup.open("devries")
    window.new_conversation_action.trigger()
    qtbot.waitUntil(lambda: window.editor_controller is not None, timeout=LOAD_TIMEOUT_MS)
    controller = window.editor_controller
    assert controller is not None
    qtbot.waitUntil(lambda: controller.model is not None, timeout=LOAD_TIMEOUT_MS)
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
        flow.handle_request(setup.launch("mulder"))
    assert controller.closed
    assert window.banner.name_text == MULDER
    assert setup.store.list_pending() == []


# ----------------------------------------------------------------------------- the real thing


def test_real_ehr_launch_against_the_smart_test_server(
    qtbot: QtBot,
    styled_app: QApplication,
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    """The real resolve_launch: discovery, PKCE, the (headless) system browser, the loopback
    redirect, the token — then the session is built and the patient loaded with the token."""
    browser = HeadlessBrowser()
    http = OAuthHttp()
    config = Config(app=AppConfig(audit_log=tmp_path / "audit.jsonl"))
    settings = LaunchSettings.from_config(
        config,
        open_browser=browser.open,
        callback_timeout=10,
        http=http,
        token_store=RefreshTokenStore(),
    )

    def build(context: LaunchContext, request: LaunchRequest) -> Session:
        return build_launched_session(
            context,
            request,
            config,
            settings,
            audit_log_factory=lambda path: AuditLog(path, key_provider=StaticHmacKey(b"k" * 32)),
        )

    window = show_window(qtbot, MainWindow(WindowMode.LIVE, config=config))
    flow = LaunchFlow(window, config, settings, session_builder=build)
    request = EhrLaunch(smart_fhir.base_url, smart_server.create_launch(PATIENT_ID, "enc-1"))
    try:
        with qtbot.waitSignal(window.loader.patient_loaded, timeout=LOAD_TIMEOUT_MS):
            flow.start(request)
        assert window.banner.name_text == "Fictief Test"
        session = window.session
        assert session is not None
        assert session.user.display == "Dr. A. Jansen"
        assert [s.base_url for s in session.source_list] == [smart_fhir.base_url]
        # Every FHIR request carried the token and went to the FHIR base only.
        assert smart_fhir.authorized_requests
        assert PATIENT_BSN not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    finally:
        flow.shutdown()
        qtbot.waitUntil(lambda: flow.runner.active == 0, timeout=LOAD_TIMEOUT_MS)
        http.close()


def test_real_launch_denied_by_the_user(
    qtbot: QtBot,
    styled_app: QApplication,
    smart_server: SmartAuthServer,
    smart_fhir: FhirGateway,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    browser = HeadlessBrowser(deny=True)
    http = OAuthHttp()
    smart_server.sso_user = None  # the login page, where the user refuses
    config = Config(app=AppConfig(audit_log=tmp_path / "audit.jsonl"))
    settings = LaunchSettings.from_config(
        config, open_browser=browser.open, callback_timeout=10, http=http
    )
    window = show_window(qtbot, MainWindow(WindowMode.LIVE, config=config))
    flow = LaunchFlow(window, config, settings)
    request = EhrLaunch(smart_fhir.base_url, smart_server.create_launch(PATIENT_ID, "enc-1"))
    try:
        with qtbot.waitSignal(flow.launch_failed, timeout=LOAD_TIMEOUT_MS) as failed:
            flow.start(request)
        assert isinstance(failed.args[0], AccessDenied)
        assert flow.status.message_text == AccessDenied.default_message
        assert window.session is None
    finally:
        for box in window.findChildren(QMessageBox):
            box.close()
        http.close()
