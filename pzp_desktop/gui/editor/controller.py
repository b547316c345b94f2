"""The editor's one entry point and its operations: open, autosave, save, recover.

The main window calls :func:`open_editor` (and nothing else of this package, besides
:func:`find_pending_draft`), through :class:`pzp_desktop.gui.editor_launcher.EditorLauncher`::

    controller = open_editor(
        self, session, patient_data,
        view_only=session.view_only or config.view_only,
        training=session.is_training,
        store=draft_store,                     # one DraftStore for the app
        on_pushed=lambda outcome: self.refresh(),
        settings=editor_settings(config.app, launching_source_name),
        professional=launch_professional(session.user),   # the user's PractitionerRole
    )

* View-only is checked first: ``open_editor`` then returns ``None`` without a window and
  without any request (the editor is never shown in view-only mode).
* The conversation is recorded in the launching (primary) source of ``patient_data``.
* An unsaved draft of this user for this patient and source is offered first
  (:class:`~pzp_desktop.gui.editor.recovery_dialog.RecoveryDialog`).
* While the clinician types, the draft is kept encrypted (``store.save(draft.copy())``) at
  most every 2 seconds, in a worker thread.
* "Opslaan": the sources are read again (worker), the four double-registration warnings are
  checked and shown (:class:`~pzp_desktop.gui.editor.double_registration_dialog.
  DoubleRegistrationDialog`; a source change needs a review), the draft is rebased on what
  was reviewed and pushed as one transaction (worker). SUCCESS closes the editor and calls
  ``on_pushed(outcome)`` (the viewer reloads and shows the new conversation); CONFLICT shows
  what changed and asks for a review again; FAILURE keeps the draft and offers "Opnieuw
  proberen" (which first checks whether the earlier attempt committed); REFUSED and INVALID
  say why.

Everything that can wait on the network or the keyring runs through
:class:`~pzp_desktop.gui.tasks.TaskRunner`; results for an editor that was closed meanwhile
are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from pzp_desktop import describe_exception
from pzp_desktop.domain.display import display_value
from pzp_desktop.domain.editing import (
    DoubleRegistrationReport,
    DoubleRegistrationSettings,
    Draft,
    check_double_registration,
)
from pzp_desktop.domain.editing.draft import ConversationFields
from pzp_desktop.domain.items import ItemKey, Professional
from pzp_desktop.domain.writing.context import WriteContext
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.editor.double_registration_dialog import (
    DoubleRegistrationChoice,
    DoubleRegistrationDialog,
)
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.editor_window import EditorWindow, OutcomeTone
from pzp_desktop.gui.editor.form_texts import localized
from pzp_desktop.gui.editor.recovery_dialog import RecoveryChoice, RecoveryDialog
from pzp_desktop.gui.errors import show_error, user_message
from pzp_desktop.gui.tasks import TaskRunner
from pzp_desktop.sources.audit_log import LogAction, Outcome
from pzp_desktop.sources.drafts import DraftStore, PendingDraft
from pzp_desktop.sources.fetch import PatientQuery, Source, SourceResult, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, combine
from pzp_desktop.sources.push import PushOutcome, PushStatus, PushTarget, push_draft, start_draft
from pzp_desktop.sources.session import audit_patient

__all__ = [
    "AUTOSAVE_INTERVAL_MS",
    "EditorController",
    "EditorSession",
    "editor_settings",
    "find_pending_draft",
    "open_editor",
]

log = logging.getLogger(__name__)

#: Drafts are kept at most this long after the last keystroke.
AUTOSAVE_INTERVAL_MS = 2000

#: Controllers whose editor is open: they live as long as their editor, also when the
#: caller keeps no reference (or passed no parent).
_OPEN: set[EditorController] = set()


class EditorSession(Protocol):
    """What the editor needs of the session (``sources.session.Session`` is one): the user,
    every source with its client, and how each source knows the patient."""

    @property
    def user(self) -> Any: ...

    @property
    def sources(self) -> Sequence[tuple[Source, FhirClient]]: ...

    @property
    def query(self) -> PatientQuery: ...


def editor_settings(app_config: Any, launching_source: str) -> DoubleRegistrationSettings:
    """The double-registration settings from the configuration's ``[app]`` section
    (``double_registration_days``, ``launching_system_records_pzp``)."""
    native = (
        launching_source if getattr(app_config, "launching_system_records_pzp", False) else None
    )
    return DoubleRegistrationSettings(
        recent_days=int(getattr(app_config, "double_registration_days", 30)),
        native_pzp_system=native,
    )


def _user_key(session: EditorSession) -> str:
    user = session.user
    return str(getattr(user, "user_id", "") or getattr(user, "display", "") or "gebruiker")


def find_pending_draft(
    session_like: EditorSession, patient_data: PatientData, store: DraftStore
) -> PendingDraft | None:
    """The unsaved draft of this user for this patient in the launching source, if any: what
    :func:`open_editor` would offer. Blocking (keyring, disk): call it from a worker thread.
    The main window uses it to offer a draft left behind as soon as the patient is open."""
    target = _target_result(patient_data)
    if target is None:
        return None
    return store.load(
        user=_user_key(session_like),
        source=target.source.name,
        patient_reference=f"Patient/{target.patient_id}",
    )


def _professional_of(session: EditorSession) -> Professional:
    own = getattr(session, "professional", None)
    if isinstance(own, Professional):
        return own
    user = session.user
    return Professional(
        name=getattr(user, "display", None),
        function=getattr(user, "role_code", None),
        reference=None,
    )


def _target_result(data: PatientData) -> SourceResult | None:
    """The launching (primary) source, when it answered; else None."""
    for result in data.results:
        if result.source.primary:
            return result if result.ok and result.patient_id else None
    return None


def _current_values(data: PatientData) -> dict[ItemKey, str]:
    """What every item holds now (one line each), for the list of source changes."""
    values: dict[ItemKey, str] = {}
    for _item_id, consolidated_items in data.overview.in_form_order():
        for consolidated in consolidated_items:
            values[consolidated.key] = display_value(consolidated.current)
    return values


def _record_write(
    session: EditorSession, data: PatientData, source: str, outcome: PushOutcome
) -> None:
    """The write in the local audit log (NEN 7513); the source got its AuditEvent from the
    push. A log that cannot be written is logged (without patient data), never raised: the
    conversation is in the source either way."""
    audit_log = getattr(session, "audit_log", None)
    audit = getattr(getattr(session, "user", None), "audit_actor", None)
    if audit_log is None or not callable(audit):
        return
    try:
        audit_log.record(
            actor=audit(),
            action=LogAction.WRITE,
            patient=audit_patient(session, data),  # type: ignore[arg-type]
            sources=[source],
            outcome=Outcome.SUCCESS if outcome.ok else Outcome.FAILURE,
            code=outcome.status.value,
        )
    except Exception as exc:
        log.error("Schrijven niet in het lokale auditlog vastgelegd: %s", describe_exception(exc))


@dataclass(frozen=True)
class _Context:
    session: EditorSession
    source: Source
    user: str
    professional: Professional
    organization: str | None
    settings: DoubleRegistrationSettings
    view_only: bool
    training: bool


def open_editor(
    parent: QWidget | None,
    session_like: EditorSession,
    patient_data: PatientData,
    *,
    view_only: bool,
    training: bool,
    store: DraftStore | None,
    on_pushed: Callable[[PushOutcome], None] | None = None,
    settings: DoubleRegistrationSettings | None = None,
    professional: Professional | None = None,
    organization: str | None = None,
) -> EditorController | None:
    """Open the editor for the patient of ``patient_data`` (module docstring).

    ``professional``: the clinician from the launch context (``PractitionerRole/<id>`` in the
    launching source, name, UZI role); default: the session's user by name only.
    ``organization``: ``Organization/<id>`` in the launching source, for the Provenance.

    Returns the :class:`EditorController` (its window appears once any unsaved draft was
    offered), or ``None`` when nothing may be recorded: view-only (no window, no request),
    or the launching source was not read or is read-only (a message says so).
    """
    if view_only or bool(getattr(session_like, "view_only", False)):
        log.info("Editor niet geopend: alleen-lezen")
        return None
    target = _target_result(patient_data)
    if target is None or target.source.read_only:
        name = next((r.source.name for r in patient_data.results if r.source.primary), "")
        show_error(
            parent,
            QCoreApplication.translate(
                "EditorController",
                "Het gesprek kan nu niet worden vastgelegd: de bron waarin het wordt "
                "opgeslagen (%1) is niet gelezen of staat alleen lezen toe. Vernieuw de "
                "gegevens (F5) en probeer het opnieuw.",
            ).replace(
                "%1", name or QCoreApplication.translate("EditorController", "het eigen systeem")
            ),
        )
        return None
    context = _Context(
        session=session_like,
        source=target.source,
        user=_user_key(session_like),
        professional=professional or _professional_of(session_like),
        organization=organization,
        settings=settings or DoubleRegistrationSettings(),
        view_only=False,
        training=training,
    )
    controller = EditorController(parent, context, patient_data, store=store, on_pushed=on_pushed)
    controller.start()
    return controller


class EditorController(QObject):
    """One editing session for one patient (see the module docstring)."""

    #: The editor window is shown (with a new or a recovered draft).
    editor_opened = Signal(object)  # EditorWindow
    #: An unsaved draft is offered.
    recovery_offered = Signal(object)  # RecoveryDialog
    #: The double-registration warnings are shown.
    warnings_shown = Signal(object)  # DoubleRegistrationDialog
    #: The draft was kept in the store (autosave).
    draft_kept = Signal()
    #: A push ended (any status).
    push_finished = Signal(object)  # PushOutcome
    #: The editor is closed (saved, discarded or kept as a draft).
    editor_closed = Signal()

    def __init__(
        self,
        parent: QObject | None,
        context: _Context,
        patient_data: PatientData,
        *,
        store: DraftStore | None,
        on_pushed: Callable[[PushOutcome], None] | None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._data = patient_data
        self._store = store
        self._on_pushed = on_pushed
        # One worker thread, so that keeping drafts, reading the sources and pushing happen in
        # the order they were started (a draft kept late never undoes the push's clean-up).
        self._runner = TaskRunner(self, max_threads=1)
        self._parent_widget = parent if isinstance(parent, QWidget) else None
        self.model: EditorModel | None = None
        self.window: EditorWindow | None = None
        self.recovery_dialog: RecoveryDialog | None = None
        self.warnings_dialog: DoubleRegistrationDialog | None = None
        self._closed = False
        self._saving_draft = False
        self._save_again = False
        self._initial_conversation: ConversationFields | None = None
        self._conflicts = 0
        self._conflict_message: str | None = None
        self.last_outcome: PushOutcome | None = None
        self.close_question: QMessageBox | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave.timeout.connect(self._on_autosave_due)

    # -- opening ---------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def draft(self) -> Draft | None:
        return self.model.draft if self.model is not None else None

    def wait_for_done(self, msecs: int = 5000) -> bool:
        """Block until the editor's background work (keeping a draft, a push) has ended; at
        shutdown, after :meth:`close`. False on timeout."""
        return self._runner.wait_for_done(msecs)

    @property
    def has_unsaved_changes(self) -> bool:
        """Something was typed that is not in the source yet (e.g. before switching patient:
        ask first)."""
        return not self._closed and self._worth_keeping()

    @property
    def can_keep_draft(self) -> bool:
        """Drafts can be kept on this computer (the encrypted store works)."""
        return self._store is not None and self._store.available

    def start(self) -> None:
        """Look for an unsaved draft (worker: the keyring may block), then open."""
        _OPEN.add(self)
        store = self._store
        if store is None:
            self._open_with(None)
            return
        reference = f"Patient/{_target_result(self._data).patient_id}"  # type: ignore[union-attr]
        user, source = self._context.user, self._context.source.name

        def look() -> PendingDraft | None:
            return store.load(user=user, source=source, patient_reference=reference)

        self._runner.submit(look, self._on_pending_looked_up, self._on_pending_failed)

    def _on_pending_failed(self, error: BaseException) -> None:
        log.warning("Concepten niet gelezen: %s", describe_exception(error))
        self._open_with(None)

    def _on_pending_looked_up(self, pending: PendingDraft | None) -> None:
        if self._closed:
            return
        if pending is None:
            self._open_with(None)
            return
        dialog = RecoveryDialog(
            pending, training=self._context.training, parent=self._parent_widget
        )
        self.recovery_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_recovery_chosen(dialog))
        dialog.open()
        self.recovery_offered.emit(dialog)

    def _on_recovery_chosen(self, dialog: RecoveryDialog) -> None:
        self.recovery_dialog = None
        dialog.deleteLater()
        if dialog.choice is RecoveryChoice.CONTINUE:
            self._open_with(dialog.pending.draft)
        elif dialog.choice is RecoveryChoice.DISCARD:
            if self._store is not None:
                self._store.delete(dialog.pending.draft)
            self._open_with(None)
        else:
            self._finish()

    def _open_with(self, recovered: Draft | None) -> None:
        if self._closed:
            return
        context = self._context
        if recovered is not None:
            draft = recovered
        else:
            draft = start_draft(
                self._data,
                source=context.source.name,
                user=context.user,
                professional=context.professional,
                organization=context.organization,
            )
        self._initial_conversation = draft.conversation if recovered is None else None
        self.model = EditorModel(draft, self)
        patient = self._data.patient
        title = (
            patient.name
            if patient is not None and patient.name
            else QCoreApplication.translate("EditorController", "Patiënt")
        )
        if patient is not None and patient.birth_date is not None:
            title += " · " + QCoreApplication.translate("EditorController", "geboren %1").replace(
                "%1", patient.birth_date.display_date()
            )
        note = QCoreApplication.translate(
            "EditorController", "Uit de aanmelding; kan hier niet worden gewijzigd."
        )
        window = EditorWindow(
            self.model,
            patient_title=title,
            target_source=context.source.name,
            training=context.training,
            professional_note=note,
            parent=self._parent_widget,
        )
        self.window = window
        window.save_requested.connect(self.save)
        window.retry_requested.connect(self.save)
        window.close_requested.connect(self._on_close_requested)
        window.destroyed.connect(self._on_window_destroyed)
        self.model.draft_changed.connect(self._on_draft_changed)
        if self._store is not None:
            window.show_store_problem(self._store.problem)
        if recovered is not None:
            window.show_outcome(
                OutcomeTone.INFO,
                QCoreApplication.translate(
                    "EditorController",
                    "U gaat verder met een gesprek dat nog niet was opgeslagen. Bij opslaan "
                    "wordt gecontroleerd of er intussen iets is veranderd.",
                ),
            )
        window.show()
        window.raise_()
        window.activateWindow()
        window.conversation_form.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor_opened.emit(window)

    # -- autosave --------------------------------------------------------------------------

    def _worth_keeping(self) -> bool:
        draft = self.draft
        if draft is None:
            return False
        return bool(draft.edited) or draft.conversation != self._initial_conversation

    def _on_draft_changed(self) -> None:
        if self._store is not None and not self._autosave.isActive():
            self._autosave.start()

    def _on_autosave_due(self) -> None:
        store, draft = self._store, self.draft
        if store is None or draft is None or self._closed:
            return
        if self._saving_draft:
            self._save_again = True
            return
        keep = self._worth_keeping()
        copy = draft.copy()
        self._saving_draft = True

        def work() -> bool:
            if keep:
                return store.save(copy)
            store.delete(copy)
            return True

        self._runner.submit(work, self._on_draft_saved, self._on_draft_save_failed)

    def _on_draft_saved(self, ok: bool) -> None:
        self._saving_draft = False
        if self._closed:
            return
        if self.window is not None and self._store is not None:
            self.window.show_store_problem(None if ok else self._store.problem)
        if ok:
            self.draft_kept.emit()
        if self._save_again and not self._closed:
            self._save_again = False
            self._autosave.start()

    def _on_draft_save_failed(self, error: BaseException) -> None:
        self._saving_draft = False
        log.warning("Concept niet bewaard: %s", describe_exception(error))

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """ "Opslaan": read the sources again, warn, review, push (module docstring)."""
        window, model = self.window, self.model
        if window is None or model is None or self._closed or window.busy:
            return
        if not model.report.can_save:
            window.go_to_first_error()
            return
        self._autosave.stop()
        window.hide_outcome()
        window.set_busy(
            True,
            QCoreApplication.translate("EditorController", "De bronnen worden opnieuw gelezen…"),
        )
        session, store = self._context.session, self._store
        keep = self._worth_keeping()
        copy = model.draft.copy()

        def fetch() -> PatientData:
            if store is not None and keep:
                store.save(copy)  # first keep what was typed, then go to the network
            results = fetch_sources(list(session.sources), session.query)
            return combine(results)

        self._runner.submit(fetch, self._on_fresh, self._on_fetch_failed)

    def _on_fetch_failed(self, error: BaseException) -> None:
        if self._closed or self.window is None:
            return
        self.window.set_busy(False)
        self.window.show_outcome(
            OutcomeTone.ERROR,
            QCoreApplication.translate(
                "EditorController",
                "Het gesprek is niet opgeslagen: de bronnen konden niet worden gelezen. %1 "
                "Wat u hebt ingevuld, blijft bewaard.",
            ).replace("%1", user_message(error)),
            retry=True,
        )

    def _on_fresh(self, fresh: PatientData) -> None:
        if self._closed or self.window is None or self.model is None:
            return
        window, draft = self.window, self.model.draft
        target = _target_result(fresh)
        if target is None or target.source.name != draft.source:
            result = next((r for r in fresh.results if r.source.name == draft.source), None)
            reason = localized(result.message) if result is not None and result.message else ""
            window.set_busy(False)
            window.show_outcome(
                OutcomeTone.ERROR,
                QCoreApplication.translate(
                    "EditorController",
                    "Het gesprek is niet opgeslagen: %1 kon niet worden gelezen. %2 Wat u hebt "
                    "ingevuld, blijft bewaard.",
                )
                .replace("%1", draft.source)
                .replace("%2", reason),
                retry=True,
            )
            return
        if draft.push_attempts > 0 and self._committed_in(fresh, draft):
            # An earlier attempt got through: the push recognises it, nothing twice.
            self._push(fresh)
            return
        report = check_double_registration(draft, fresh, self._context.settings)
        if not report.warnings:
            self._conflict_message = None
            self._push(fresh)
            return
        window.set_busy(
            True, QCoreApplication.translate("EditorController", "Controleer de meldingen…")
        )
        intro, self._conflict_message = self._conflict_message, None
        dialog = DoubleRegistrationDialog(
            report,
            training=self._context.training,
            intro=intro,
            new_values=_current_values(fresh),
            own_changes=self.model.changed_keys(),
            parent=window,
        )
        self.warnings_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_warnings_answered(dialog, fresh, report))
        dialog.open()
        self.warnings_shown.emit(dialog)

    @staticmethod
    def _committed_in(fresh: PatientData, draft: Draft) -> bool:
        """Whether the source already holds this draft's conversation (an earlier push
        committed but its answer was lost)."""
        try:
            ident = WriteContext(
                patient_reference=draft.patient_reference, conversation=draft.new_conversation()
            ).identifier("Encounter")
        except ValueError:
            return False
        system, value = ident.get("system"), ident.get("value")
        if not isinstance(system, str) or not isinstance(value, str):
            return False
        return (system, value.strip()) in fresh.kept_of(draft.source).encounter_identifiers

    def _on_warnings_answered(
        self,
        dialog: DoubleRegistrationDialog,
        fresh: PatientData,
        report: DoubleRegistrationReport,
    ) -> None:
        self.warnings_dialog = None
        dialog.deleteLater()
        window, model = self.window, self.model
        if self._closed or window is None or model is None:
            return
        choice = dialog.choice
        if choice is DoubleRegistrationChoice.BACK:
            window.set_busy(False)
            window.show_outcome(
                OutcomeTone.INFO,
                QCoreApplication.translate(
                    "EditorController",
                    "Het gesprek is nog niet opgeslagen. Pas het zo nodig aan en kies opnieuw "
                    "Opslaan.",
                ),
            )
            self._on_draft_changed()
            return
        if report.review_required:
            changed = model.rebase(fresh)
            self._on_draft_changed()
            if choice is DoubleRegistrationChoice.REVIEW_IN_FORM:
                window.set_busy(False)
                window.show_outcome(
                    OutcomeTone.INFO,
                    QCoreApplication.translate(
                        "EditorController",
                        "De nieuwe gegevens uit de bron staan nu in het formulier (%n "
                        "onderdeel/onderdelen bijgewerkt, gemarkeerd met ‘Bijgewerkt uit de "
                        "bron’). Wat u zelf had ingevuld, staat er nog. Controleer het en kies "
                        "opnieuw Opslaan.",
                    ).replace("%n", str(len(changed))),
                )
                if changed:
                    window.go_to_item(changed[0])
                return
            if not model.report.can_save:
                window.set_busy(False)
                window.show_outcome(
                    OutcomeTone.ERROR,
                    QCoreApplication.translate(
                        "EditorController",
                        "Na het bijwerken kan het gesprek niet worden opgeslagen: %1",
                    ).replace("%1", " ".join(localized(f.message) for f in model.report.errors)),
                )
                return
        self._push(fresh)

    def _push(self, fresh: PatientData) -> None:
        window, model = self.window, self.model
        assert window is not None
        assert model is not None
        draft = model.draft
        try:
            target = PushTarget.from_patient_data(fresh, draft.source)
        except ValueError:
            window.set_busy(False)
            window.show_outcome(
                OutcomeTone.ERROR,
                QCoreApplication.translate(
                    "EditorController",
                    "Het gesprek is niet opgeslagen: %1 kon niet worden gelezen.",
                ).replace("%1", draft.source),
                retry=True,
            )
            return
        client = next((c for s, c in self._context.session.sources if s.name == draft.source), None)
        if client is None:
            window.set_busy(False)
            window.show_outcome(
                OutcomeTone.ERROR,
                QCoreApplication.translate("EditorController", "De bron is niet meer beschikbaar."),
            )
            return
        window.set_busy(
            True,
            QCoreApplication.translate(
                "EditorController", "Het gesprek wordt opgeslagen in %1…"
            ).replace("%1", draft.source),
        )
        sent = draft.copy()
        store = self._store
        actor = None
        audit = getattr(self._context.session.user, "audit_actor", None)
        if callable(audit):
            actor = audit()
        view_only = self._context.view_only

        session = self._context.session

        def push() -> PushOutcome:
            outcome = push_draft(
                sent, client, target, view_only=view_only, store=store, audit_actor=actor
            )
            if outcome.request_sent or outcome.already_saved:
                _record_write(session, fresh, sent.source, outcome)
            return outcome

        self._runner.submit(
            push,
            lambda outcome: self._on_push_finished(outcome, sent, fresh),
            self._on_push_crashed,
        )

    def _on_push_crashed(self, error: BaseException) -> None:
        if self._closed or self.window is None:
            return
        self.window.set_busy(False)
        self.window.show_outcome(
            OutcomeTone.ERROR,
            QCoreApplication.translate(
                "EditorController",
                "Het gesprek is niet opgeslagen. %1 Wat u hebt ingevuld, blijft bewaard.",
            ).replace("%1", user_message(error)),
            retry=True,
        )

    def _on_push_finished(self, outcome: PushOutcome, sent: Draft, fresh: PatientData) -> None:
        self.last_outcome = outcome
        if self.model is not None:
            self.model.draft.push_attempts = max(self.model.draft.push_attempts, sent.push_attempts)
        self.push_finished.emit(outcome)
        window = self.window
        if self._closed or window is None:
            return
        status = outcome.status
        if status is PushStatus.SUCCESS:
            self._conflicts = 0
            self._finish()
            if self._on_pushed is not None:
                self._on_pushed(outcome)
            return
        window.set_busy(False)
        if status is PushStatus.CONFLICT:
            self._conflicts += 1
            if self._conflicts <= 2:
                # Read again: the dialog shows what changed and asks for a review.
                self._conflict_message = localized(outcome.message)
                self.save()
                return
            window.show_outcome(OutcomeTone.ERROR, localized(outcome.message), retry=True)
        elif status is PushStatus.FAILURE:
            window.show_outcome(
                OutcomeTone.ERROR, localized(outcome.message), retry=outcome.retryable
            )
        elif status is PushStatus.INVALID:
            extra = " ".join(localized(f.message) for f in outcome.findings)
            window.show_outcome(OutcomeTone.ERROR, f"{localized(outcome.message)} {extra}".strip())
            window.go_to_first_error()
        else:  # REFUSED
            window.show_outcome(OutcomeTone.ERROR, localized(outcome.message))
        self._on_draft_changed()

    # -- closing ---------------------------------------------------------------------------

    def close(self, *, keep_draft: bool | None = None) -> None:
        """Close the editor. ``keep_draft=None`` asks the user, as closing the window does;
        ``True`` keeps what was typed as a draft (offered again next time) and closes at
        once (e.g. when the main window closes or another patient is opened); ``False``
        throws it away."""
        if keep_draft is None:
            if self.window is not None:
                self.window.close()
            elif self.recovery_dialog is None:
                self._finish()
            return
        for dialog in (self.recovery_dialog, self.warnings_dialog, self.close_question):
            if dialog is not None:
                dialog.blockSignals(True)
                dialog.close()
        draft = self.draft
        if self._store is not None and draft is not None and not self._closed:
            if keep_draft and self._worth_keeping():
                self._store.save(draft.copy())
            elif not keep_draft:
                self._store.delete(draft)
        self._finish()

    def _on_close_requested(self) -> None:
        window = self.window
        if window is None or self._closed or self.close_question is not None:
            return
        if window.busy:
            return  # saving: wait for the outcome
        if not self._worth_keeping():
            if self._store is not None and self.draft is not None:
                self._store.delete(self.draft)
            self._finish()
            return
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(window.windowTitle())
        box.setText(
            QCoreApplication.translate("EditorController", "Het gesprek is nog niet opgeslagen.")
        )
        store_ok = self._store is not None and self._store.available
        if store_ok:
            box.setInformativeText(
                QCoreApplication.translate(
                    "EditorController",
                    "Bewaar het als concept om er later mee verder te gaan, of gooi het weg.",
                )
            )
            keep = box.addButton(
                QCoreApplication.translate("EditorController", "Concept &bewaren en sluiten"),
                QMessageBox.ButtonRole.AcceptRole,
            )
        else:
            box.setInformativeText(
                QCoreApplication.translate(
                    "EditorController",
                    "Concepten kunnen op deze computer niet worden bewaard: bij sluiten gaat "
                    "wat u hebt ingevuld verloren.",
                )
            )
            keep = None
        discard = box.addButton(
            QCoreApplication.translate("EditorController", "&Weggooien en sluiten"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        back = box.addButton(
            QCoreApplication.translate("EditorController", "&Terug naar het gesprek"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(keep or back)
        box.setEscapeButton(back)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered() -> None:
            self.close_question = None
            clicked = box.clickedButton()
            box.deleteLater()
            draft = self.draft
            if keep is not None and clicked is keep and draft is not None:
                assert self._store is not None
                self._store.save(draft.copy())
                self._finish()
            elif clicked is discard and draft is not None:
                if self._store is not None:
                    self._store.delete(draft)
                self._finish()

        box.finished.connect(answered)
        box.open()
        self.close_question = box

    def _on_window_destroyed(self) -> None:
        """The window went away without closing (its parent was deleted, the app is being
        torn down): stop, and keep the draft as it was last kept."""
        self.window = None
        if not self._closed:
            self._closed = True
            self._autosave.stop()
            draft = self.draft
            if self._store is not None and draft is not None and self._worth_keeping():
                self._store.save(draft.copy())  # nothing typed is lost, not even the last 2 s
            _OPEN.discard(self)
            self.editor_closed.emit()

    def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._autosave.stop()
        window = self.window
        if window is not None:
            window.close_now()
            window.deleteLater()
        self.window = None
        _OPEN.discard(self)
        self.editor_closed.emit()
