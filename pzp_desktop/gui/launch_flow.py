"""From a launch request to an open patient, in the window (product brief §2).

A live start (EHR launch, standalone with a BSN or SMART) shows the main window at once with
"Bezig met aanmelden bij <server>…" and an "Annuleren" button, while
:func:`~pzp_desktop.launch.context.resolve_launch` runs in a worker (it may wait for the
login in the system browser). Then, still in the worker, :func:`build_launched_session`
makes the session — the launching source plus the configured extra sources, the user,
view-only, the installation's audit log — and the window opens the patient.

A failed launch ends in the one Dutch error display (:func:`~pzp_desktop.gui.errors.
show_error`) that says what to do, never a traceback; the window stays usable and offers
"Opnieuw proberen". Cancelling sets the launch's cancel event (the loopback listener stops
waiting) and drops whatever the worker still returns (generation counter).

A second start hands its request over (:mod:`pzp_desktop.gui.single_instance`) to
:meth:`LaunchFlow.handle_request`:

* training mode, or a second ``--demo``: the window comes to the front, nothing else (real
  and fictitious patients never share a window);
* the same patient (the same launch, or the same BSN at the same source): to the front;
* another patient: when the editor holds unsaved changes the user is asked first ("keep as
  draft" or "stay with this patient"); then the previous patient is closed completely — the
  banner, key decisions, overview and conversations are emptied and a load still running
  is dropped — *before* the new launch is resolved and loaded, so the previous patient's
  data can never appear under the new patient's name.

An EHR launch's ``launch`` value is opaque: whether it names the same patient is only known
after resolving it, so a new EHR launch always counts as another patient.
"""

from __future__ import annotations

import dataclasses
import getpass
import logging
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.config import Authentication, Config, ConfigError, SourceConfig
from pzp_desktop.domain.messages import render
from pzp_desktop.fhir.client import FhirClient, StaticToken, TokenProvider
from pzp_desktop.fhir.errors import FhirError
from pzp_desktop.gui import i18n
from pzp_desktop.gui.errors import error_text, show_error
from pzp_desktop.gui.key_decisions_widget import scaled_font
from pzp_desktop.gui.tasks import Generation, TaskRunner
from pzp_desktop.launch.arguments import (
    EhrLaunch,
    LaunchRequest,
    StandaloneBsn,
    StandaloneSmart,
    Training,
)
from pzp_desktop.launch.context import LaunchContext, create_client, resolve_launch
from pzp_desktop.launch.errors import LaunchError
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.sources.audit_log import BSN_SYSTEM, AuditLog
from pzp_desktop.sources.fetch import Source, make_client
from pzp_desktop.sources.session import Session, SessionUser, launched_session

if TYPE_CHECKING:
    from pzp_desktop.gui.main_window import MainWindow
    from pzp_desktop.gui.single_instance import SingleInstanceServer

__all__ = [
    "EditorLike",
    "LaunchFlow",
    "LaunchState",
    "LaunchStatusWidget",
    "Resolver",
    "attach_launch_flow",
    "bring_to_front",
    "build_launched_session",
    "server_host",
    "session_user",
]

log = logging.getLogger(__name__)

#: ``resolve_launch`` or a test's stand-in: ``(request, settings, cancel) -> LaunchContext``;
#: blocking, run in a worker thread.
Resolver = Callable[[LaunchRequest, LaunchSettings, threading.Event], LaunchContext]
#: Builds the session for a resolved launch (blocking, worker thread).
SessionBuilder = Callable[[LaunchContext, LaunchRequest], Session]
#: ``(configured source, source) -> client`` for the configured extra sources.
ExtraClientFactory = Callable[[SourceConfig, Source], FhirClient]


class EditorLike(Protocol):
    """What the flow needs of the open editor (``gui.editor.EditorController`` is one)."""

    @property
    def closed(self) -> bool: ...

    @property
    def has_unsaved_changes(self) -> bool: ...

    @property
    def can_keep_draft(self) -> bool: ...

    def close(self, *, keep_draft: bool | None = None) -> None: ...


def _resolve(
    request: LaunchRequest, settings: LaunchSettings, cancel: threading.Event
) -> LaunchContext:
    return resolve_launch(request, settings, cancel=cancel)


# ----------------------------------------------------------------------------- the session


def server_host(request: LaunchRequest) -> str:
    """The host name of the server a request signs in at ("" in training)."""
    if isinstance(request, EhrLaunch):
        url = request.iss
    elif isinstance(request, StandaloneBsn | StandaloneSmart):
        url = request.fhir_base
    else:
        return ""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return ""


def session_user(context: LaunchContext, config: Config) -> SessionUser:
    """The clinician as the window and the audit log show them: ``fhirUser`` and its name
    from the launch, the organisation from the launch or the configuration. Without a login
    (a source without SMART) the user is the operating system's account."""
    organisation = config.app.organisation
    user = context.user
    display = (user.display if user is not None else None) or ""
    user_id = (user.reference if user is not None else None) or ""
    if not display and not user_id:
        display = user_id = _os_user()
    launched_org = context.organisation
    return SessionUser(
        display=display or user_id,
        role="",
        organisation=(launched_org.display if launched_org is not None else None)
        or (organisation.name if organisation is not None else ""),
        user_id=user_id,
        organisation_id=organisation.identifier if organisation is not None else None,
        organisation_id_system=organisation.system if organisation is not None else None,
        fhir_user=user.reference
        if user is not None
        and user.reference
        and user.reference.startswith(("Practitioner/", "PractitionerRole/"))
        else None,
    )


def _default_extra_client(configured: SourceConfig, source: Source) -> FhirClient:
    """A configured extra source's client. The launch's token is never sent there: such a
    source is read with its own bearer token (``authentication = "bearer-env"``) or
    without one; a source that needs its own SMART login shows "geen toegang"."""
    token: TokenProvider | None = None
    if configured.authentication is Authentication.BEARER_ENV:
        try:
            token = StaticToken(configured.bearer_token())
        except ConfigError as exc:  # names the variable, never a token
            log.warning("Bron %s zonder token: %s", configured.name, exc.user_message)
    elif configured.authentication is Authentication.SMART:
        log.info("Bron %s vraagt een eigen SMART-aanmelding; gelezen zonder token", configured.name)
    return make_client(source, token_provider=token)


def _patient_bsn(client: FhirClient, patient_id: str) -> str | None:
    """The BSN of the launched patient (the extra sources find the patient by it)."""
    try:
        patient = client.read("Patient", patient_id)
    except FhirError as exc:
        log.info("BSN van de patiënt niet gelezen (%s)", type(exc).__name__)
        return None
    for identifier in patient.get("identifier") or []:
        if isinstance(identifier, dict) and identifier.get("system") == BSN_SYSTEM:
            value = identifier.get("value")
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _normalised(url: str) -> str:
    return url.rstrip("/")


def build_launched_session(
    context: LaunchContext,
    request: LaunchRequest,
    config: Config,
    settings: LaunchSettings,
    *,
    extra_client: ExtraClientFactory = _default_extra_client,
    audit_log_factory: Callable[[Path], AuditLog] = AuditLog,
) -> Session:
    """The session for a resolved launch (blocking: it may read the patient's BSN).

    The launching source is primary; it keeps its configured name when the configuration
    lists its address, else it is named after its host. The other configured sources are
    extra sources that find the patient by BSN. View-only when the launch says so (no write
    scope) or the installation forces it; every client is read-only then. The local audit
    log is the installation's (``app.audit_log``); :class:`~pzp_desktop.sources.audit_log.
    AuditLogError` when it cannot be written.
    """
    if context.fhir_base is None or context.patient_id is None:
        raise ValueError("a launched session needs a FHIR base and a patient")
    audit_log = audit_log_factory(config.app.audit_log)
    view_only = context.view_only or config.view_only
    base = _normalised(context.fhir_base)
    own = next((s for s in config.sources if _normalised(s.base_url) == base), None)
    read_only = view_only or (own is not None and own.read_only)
    name = own.name if own is not None else f"Eigen systeem ({server_host(request) or base})"
    launching = Source(name=name, base_url=base, primary=True, read_only=read_only)
    client = create_client(dataclasses.replace(context, view_only=read_only), settings)

    extras: list[tuple[Source, FhirClient]] = []
    try:
        for configured in config.sources:
            if configured is own:
                continue
            source = Source(
                name=configured.name,
                base_url=configured.base_url,
                primary=False,
                read_only=configured.read_only or view_only,
            )
            extras.append((source, extra_client(configured, source)))
        bsn: str | None = request.bsn if isinstance(request, StandaloneBsn) else None
        if bsn is None and extras:
            bsn = _patient_bsn(client, context.patient_id)
    except BaseException:
        client.close()
        for _source, extra in extras:
            extra.close()
        raise
    return launched_session(
        (launching, client),
        patient_id=context.patient_id,
        user=session_user(context, config),
        view_only=view_only,
        audit_log=audit_log,
        bsn=bsn,
        standalone=not isinstance(request, EhrLaunch),
        extra_sources=extras,
    )


# ----------------------------------------------------------------------------- the view


class LaunchState(Enum):
    IDLE = "idle"
    SIGNING_IN = "signing-in"
    OPENED = "opened"
    FAILED = "failed"
    CANCELLED = "cancelled"


class LaunchStatusWidget(QFrame):
    """The start page while a launch runs or after it failed: what is happening (or what
    went wrong and what to do), with "Annuleren" or "Opnieuw proberen"."""

    cancel_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("launchStatus")
        self._title = QLabel(self)
        self._title.setObjectName("launchStatusTitle")
        self._title.setFont(scaled_font(self.font(), 1.3, bold=True))
        self._title.setWordWrap(True)
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message = QLabel(self)
        self._message.setObjectName("launchStatusMessage")
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("launchCancelButton")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("launchRetryButton")
        self.retry_button.clicked.connect(self.retry_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._message)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self._state = LaunchState.IDLE
        self._host = ""
        self._error_text = ""
        self._retranslate()

    @property
    def title_text(self) -> str:
        return self._title.text()

    @property
    def message_text(self) -> str:
        return self._message.text()

    def show_signing_in(self, host: str) -> None:
        self._state, self._host, self._error_text = LaunchState.SIGNING_IN, host, ""
        self._retranslate()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_failed(self, message: str) -> None:
        """The launch failed: ``message`` says why (a catalogue text follows the interface
        language, also when it changes while it is shown)."""
        self._state, self._error_text = LaunchState.FAILED, message
        self._retranslate()
        self.retry_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_cancelled(self) -> None:
        self._state, self._error_text = LaunchState.CANCELLED, ""
        self._retranslate()
        self.retry_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        state = self._state
        if state is LaunchState.SIGNING_IN:
            title = self.tr("Bezig met aanmelden bij %1…").replace("%1", self._host)
            message = self.tr(
                "Rond het aanmelden zo nodig af in de webbrowser. Daarna opent PZP Desktop "
                "de patiënt uit uw eigen systeem."
            )
        elif state is LaunchState.FAILED:
            title = self.tr("Aanmelden is niet gelukt")
            message = render(self._error_text, i18n.current_language())
        elif state is LaunchState.CANCELLED:
            title = self.tr("Het aanmelden is afgebroken")
            message = self.tr(
                "Er is geen patiënt geopend. Kies Opnieuw proberen, of open de patiënt "
                "opnieuw vanuit uw eigen systeem."
            )
        else:
            title = message = ""
        self._title.setText(title)
        self._message.setText(message)
        self._message.setVisible(bool(message))
        self.cancel_button.setText(self.tr("&Annuleren"))
        self.cancel_button.setToolTip(self.tr("Het aanmelden afbreken"))
        self.retry_button.setText(self.tr("&Opnieuw proberen"))
        self.retry_button.setToolTip(self.tr("Opnieuw aanmelden en de patiënt openen"))
        self.cancel_button.setVisible(state is LaunchState.SIGNING_IN)
        self.retry_button.setVisible(state in (LaunchState.FAILED, LaunchState.CANCELLED))
        self.setAccessibleName(self.tr("Aanmelden"))
        self.setAccessibleDescription(f"{title} {message}".strip())


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` on top (a second start asked for it)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


# ----------------------------------------------------------------------------- the flow


class LaunchFlow(QObject):
    """Resolves launches for one main window and opens their patients (module docstring).

    ``resolver`` and ``session_builder`` replace :func:`resolve_launch` and
    :func:`build_launched_session` (tests); ``editor`` returns the open editor, if any, so
    that a patient switch can ask about unsaved changes (default: the window's).
    """

    #: A launch is being resolved (the request; never log it: it holds a launch value).
    launch_started = Signal(object)  # LaunchRequest
    #: The launch is resolved and its session handed to the window, which loads the patient.
    session_opened = Signal(object)  # Session
    #: The launch failed; the error was shown.
    launch_failed = Signal(object)  # BaseException
    #: The user cancelled the launch.
    launch_cancelled = Signal()
    #: A second start asked for another patient while the editor has unsaved changes.
    switch_question_shown = Signal(object)  # QMessageBox
    #: The user chose to stay with the current patient.
    switch_cancelled = Signal()
    #: A second start was handled by bringing the window to the front only.
    raised_only = Signal()

    def __init__(
        self,
        window: MainWindow,
        config: Config | None = None,
        settings: LaunchSettings | None = None,
        *,
        resolver: Resolver | None = None,
        session_builder: SessionBuilder | None = None,
        editor: Callable[[], EditorLike | None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._config = config or Config()
        self._settings = settings or LaunchSettings.from_config(self._config)
        self._resolver: Resolver = resolver or _resolve
        self._session_builder: SessionBuilder = session_builder or self._build_session
        self._editor: Callable[[], EditorLike | None] = editor or (lambda: window.editor_controller)
        self._runner = TaskRunner(self, max_threads=2)
        self._generation = Generation()
        self._cancel: threading.Event | None = None
        self._request: LaunchRequest | None = None
        self._state = LaunchState.IDLE
        self._pending_switch: LaunchRequest | None = None
        #: The session handed to the window last (closed here when the window never got to
        #: adopt it: a switch while it was still loading).
        self._session: Session | None = None
        self.switch_question: QMessageBox | None = None
        self.status = LaunchStatusWidget()
        self.status.cancel_requested.connect(self.cancel)
        self.status.retry_requested.connect(self.retry)
        window.installEventFilter(self)

    # -- state -----------------------------------------------------------------------------

    @property
    def state(self) -> LaunchState:
        return self._state

    @property
    def request(self) -> LaunchRequest | None:
        """The launch being resolved or last resolved."""
        return self._request

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    # -- launching -------------------------------------------------------------------------

    def start(self, request: LaunchRequest) -> None:
        """Resolve ``request`` in the background and open its patient."""
        if isinstance(request, Training):
            raise ValueError("training mode is not launched (it has its own window)")
        self._stop_running_launch()
        generation = self._generation.next()
        cancel = threading.Event()
        self._cancel = cancel
        self._request = request
        self._state = LaunchState.SIGNING_IN
        self.status.show_signing_in(server_host(request))
        self._window.show_start_panel(self.status)
        self.launch_started.emit(request)
        # The browser's page after the login speaks the interface language too.
        self._settings.language = i18n.current_language()
        resolver, settings, build = self._resolver, self._settings, self._session_builder

        def work() -> Session | None:
            try:
                context = resolver(request, settings, cancel)
            except LaunchError:
                if cancel.is_set():
                    return None  # cancelled: the error is the cancel itself, not a failure
                raise
            if cancel.is_set():
                return None
            return build(context, request)

        self._runner.submit(
            work,
            on_done=lambda session: self._on_resolved(generation, session),
            on_failed=lambda error: self._on_failed(generation, error),
        )

    def retry(self) -> None:
        """ "Opnieuw proberen": the same request again."""
        if self._request is not None and self._state is not LaunchState.SIGNING_IN:
            self.start(self._request)

    def cancel(self) -> None:
        """ "Annuleren": stop waiting for the login; whatever the worker returns is dropped."""
        if self._state is not LaunchState.SIGNING_IN:
            return
        self._stop_running_launch()
        self._state = LaunchState.CANCELLED
        self.status.show_cancelled()
        self._window.show_start_panel(self.status)
        log.info("Aanmelden afgebroken door de gebruiker")
        self.launch_cancelled.emit()

    def shutdown(self) -> None:
        """The window closes: stop a launch that still waits (the loopback listener)."""
        self._stop_running_launch()

    def _stop_running_launch(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
        self._generation.next()

    def _build_session(self, context: LaunchContext, request: LaunchRequest) -> Session:
        return build_launched_session(context, request, self._config, self._settings)

    def _on_resolved(self, generation: int, session: Session | None) -> None:
        if not self._generation.is_current(generation) or session is None:
            # Cancelled or replaced meanwhile: nothing of it is shown; release its clients.
            if session is not None:
                self._runner.submit(session.close, lambda _r: None, lambda _e: None)
            return
        self._cancel = None
        self._state = LaunchState.OPENED
        self._session = session
        self._window.show_start_panel(None)
        self._window.open_session(session)
        self.session_opened.emit(session)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        if not self._generation.is_current(generation):
            return
        self._cancel = None
        self._state = LaunchState.FAILED
        self.status.show_failed(error_text(error))
        self._window.show_start_panel(self.status)
        show_error(
            self._window,
            self.tr("PZP Desktop kon de patiënt uit uw eigen systeem niet openen."),
            error,
        )
        self.launch_failed.emit(error)

    # -- a second start --------------------------------------------------------------------

    def handle_request(self, request: LaunchRequest) -> None:
        """A second start handed ``request`` over (module docstring)."""
        window = self._window
        bring_to_front(window)
        if window.training:
            if not isinstance(request, Training):
                show_error(
                    window,
                    self.tr(
                        "Deze PZP Desktop is de oefenomgeving, met fictieve patiënten. Sluit "
                        "de oefenomgeving en open de patiënt daarna opnieuw vanuit uw eigen "
                        "systeem."
                    ),
                )
            self.raised_only.emit()
            return
        if isinstance(request, Training):
            show_error(
                window,
                self.tr(
                    "PZP Desktop is al geopend met echte patiëntgegevens; de oefenomgeving "
                    "opent niet in hetzelfde venster. Sluit PZP Desktop eerst en start dan de "
                    "oefenomgeving."
                ),
            )
            self.raised_only.emit()
            return
        if self._is_current_patient(request):
            log.info("Tweede start voor dezelfde patiënt: venster naar voren")
            self.raised_only.emit()
            return
        if self.switch_question is not None:
            self._pending_switch = request  # the question is open: answer it for the latest
            return
        editor = self._editor()
        if editor is not None and not editor.closed and editor.has_unsaved_changes:
            self._ask_before_switch(editor, request)
            return
        self._switch(request, editor)

    def _is_current_patient(self, request: LaunchRequest) -> bool:
        if self._state not in (LaunchState.SIGNING_IN, LaunchState.OPENED):
            return False
        if request == self._request:
            return True
        if isinstance(request, StandaloneBsn):
            session = self._window.session
            if session is None or not session.query.bsn or session.query.bsn != request.bsn:
                return False
            primary = next((s for s in session.source_list if s.primary), None)
            return primary is not None and _normalised(primary.base_url) == _normalised(
                request.fhir_base
            )
        return False

    def _switch(self, request: LaunchRequest, editor: EditorLike | None) -> None:
        """Close everything of the previous patient first, then launch the new one."""
        log.info("Andere patiënt vanuit een tweede start: vorige patiënt gesloten")
        if editor is not None and not editor.closed:
            editor.close(keep_draft=True)  # keeps only what is worth keeping
        previous, self._session = self._session, None
        self._window.close_patient()
        if previous is not None and previous is not self._window.session:
            # Still loading when the switch came (the window closes only what it shows):
            # release its clients and the token with them. Closing twice is harmless.
            self._runner.submit(previous.close, lambda _r: None, lambda _e: None)
        self.start(request)

    def _ask_before_switch(self, editor: EditorLike, request: LaunchRequest) -> None:
        self._pending_switch = request
        window = self._window
        box = QMessageBox(window)
        box.setObjectName("switchPatientQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(window.dialog_title(self.tr("Andere patiënt openen")))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr(
                "Uw eigen systeem opent een andere patiënt, maar het gesprek in de editor is "
                "nog niet opgeslagen."
            )
        )
        if editor.can_keep_draft:
            box.setInformativeText(
                self.tr(
                    "Bewaar het als concept: het wordt u weer aangeboden als u deze patiënt "
                    "opnieuw opent. Of blijf bij deze patiënt om het eerst af te maken."
                )
            )
            switch_text = self.tr("Concept &bewaren en andere patiënt openen")
        else:
            box.setInformativeText(
                self.tr(
                    "Concepten kunnen op deze computer niet worden bewaard: als u de andere "
                    "patiënt opent, gaat wat u hebt ingevuld verloren."
                )
            )
            switch_text = self.tr("&Toch andere patiënt openen")
        switch = box.addButton(switch_text, QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(
            self.tr("Bij deze patiënt &blijven"), QMessageBox.ButtonRole.RejectRole
        )
        switch.setObjectName("switchButton")
        stay.setObjectName("stayButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered() -> None:
            self.switch_question = None
            chosen = box.clickedButton() is switch
            box.deleteLater()
            pending, self._pending_switch = self._pending_switch, None
            if chosen and pending is not None:
                self._switch(pending, self._editor())
            else:
                window.statusBar().showMessage(
                    self.tr("De andere patiënt is niet geopend; u werkt verder aan het gesprek."),
                    10000,
                )
                self.switch_cancelled.emit()

        box.finished.connect(answered)
        self.switch_question = box
        box.open()
        self.switch_question_shown.emit(box)

    def show_rejected_handover(self, error: BaseException | None) -> None:
        """A second start handed over something unusable (it was told so too)."""
        bring_to_front(self._window)
        show_error(self._window, self.tr("Een tweede start van PZP Desktop is genegeerd."), error)

    # -- the window ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False


def attach_launch_flow(
    window: MainWindow,
    config: Config | None,
    request: LaunchRequest | None,
    *,
    instance: SingleInstanceServer | None = None,
    session: Session | None = None,
) -> LaunchFlow:
    """Wire ``window`` for launching: second starts arrive from ``instance``, and a live
    ``request`` is resolved as soon as the event loop runs (unless a ready ``session`` was
    given). The flow lives as long as the window."""
    flow = LaunchFlow(window, config)
    if instance is not None:
        instance.request_received.connect(flow.handle_request)
        instance.handover_rejected.connect(flow.show_rejected_handover)
    live = request is not None and not isinstance(request, Training)
    if live and session is None and not window.training:
        assert request is not None
        QTimer.singleShot(0, lambda: flow.start(request))
    return flow
