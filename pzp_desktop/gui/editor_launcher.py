"""The main window's side of the editor (issue 6): the action "Nieuw PZP-gesprek
vastleggen…", the one open editor, the one draft store, and unsaved drafts offered when a
patient opens.

The main window owns one :class:`EditorLauncher` and tells it what happens to the patient
(:meth:`~EditorLauncher.show_patient`, :meth:`~EditorLauncher.close_patient`,
:meth:`~EditorLauncher.discard`, :meth:`~EditorLauncher.shutdown`); the launcher calls
:func:`~pzp_desktop.gui.editor.open_editor` and nothing else of the editor package (besides
:func:`~pzp_desktop.gui.editor.find_pending_draft`).

* **When**: the action is visible and enabled only while a patient is shown and the session
  may record (not view-only by the session or by the configuration). In view-only mode it is
  hidden *and* disabled, and ``open_editor`` refuses anyway: no window, no request.
* **One editor**: triggering the action while an editor is open brings that editor (or its
  offer of a draft) to the front.
* **Saved**: :attr:`EditorLauncher.conversation_saved` — the main window says so in the status
  bar and reloads the patient, so the new conversation appears under "Gesprekken".
* **Another patient / closing the window**: the editor closes at once and keeps what was typed
  as a draft (``close(keep_draft=True)``); it is offered again when that patient is opened.
  **Resetting the training environment** throws it away (``close(keep_draft=False)``), and
  every other training draft too: the data they were based on is gone.
* **Drafts left behind** (a crash, a failed push, a patient switch): as soon as a patient is
  opened, the launcher looks (in the background) for an unsaved draft of this user for this
  patient and, if there is one, opens the editor, which offers it
  (:class:`~pzp_desktop.gui.editor.recovery_dialog.RecoveryDialog`: continue, throw away, or
  not now).
* **The professional** of a new conversation is the session's user when the launch said who
  they are as a ``PractitionerRole`` (:attr:`SessionUser.fhir_user
  <pzp_desktop.sources.session.SessionUser.fhir_user>`); the training user has one in the
  training sources. Otherwise the editor records the user by name.
* **Settings**: double-registration settings and draft retention come from the configuration
  (:class:`~pzp_desktop.config.Config`, the ``config`` argument); without one, the defaults
  (30 days; the launching system does not record PZP itself; drafts kept 14 days).

Draft store (decision): one per run of the app, chosen by the mode of the session that first
needs it. A training session gets :func:`~pzp_desktop.sources.drafts.training_draft_store`
(a temporary directory and an in-memory key, removed at :meth:`~EditorLauncher.shutdown`), so
drafts of fictitious patients never mix with real ones and a trainer's machine keeps no trace
(the same decision as the training audit log); a launched or standalone session gets the
installation's :class:`~pzp_desktop.sources.drafts.DraftStore` (encrypted, key in the OS
keyring). Within one training run a draft therefore survives switching patients or closing
the editor, not a restart. A ``draft_store`` passed in (tests) is used for every mode.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from pzp_desktop import describe_exception
from pzp_desktop.config import Config
from pzp_desktop.domain.items import Professional
from pzp_desktop.gui.editor import (
    EditorController,
    editor_settings,
    find_pending_draft,
    open_editor,
)
from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.tasks import TaskRunner
from pzp_desktop.sources.drafts import (
    DEFAULT_RETENTION,
    DraftStore,
    PendingDraft,
    training_draft_store,
)
from pzp_desktop.sources.patient_data import PatientData
from pzp_desktop.sources.push import PushOutcome
from pzp_desktop.sources.session import Session, SessionUser

__all__ = ["EditorLauncher", "launch_professional"]

log = logging.getLogger(__name__)


def launch_professional(user: SessionUser) -> Professional | None:
    """The professional of a new conversation: the user, when the launch identified them as
    a ``PractitionerRole`` in the launching source; ``None`` otherwise (the editor then
    records the user by name)."""
    reference = user.fhir_user
    if reference is None or not reference.startswith("PractitionerRole/"):
        return None
    return Professional(name=user.display or None, function=user.role_code, reference=reference)


class EditorLauncher(QObject):
    """See the module docstring."""

    #: A conversation was saved in the launching source (carries the ``PushOutcome``).
    conversation_saved = Signal(object)
    #: The editor was opened (carries the :class:`EditorController`; its window, or first
    #: the offer of an unsaved draft, appears shortly after).
    editor_started = Signal(object)

    def __init__(
        self,
        window: QWidget,
        *,
        config: Config | None = None,
        draft_store: DraftStore | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._config = config
        self._given_store = draft_store
        self._stores: dict[bool, DraftStore] = {}  # by training or not
        self._session: Session | None = None
        self._data: PatientData | None = None
        self._controller: EditorController | None = None
        # The patient being shown, as a number: a draft looked up for an earlier one is
        # never offered under another.
        self._generation = 0
        self._runner = TaskRunner(self, max_threads=1)

        self.action = QAction(window)
        self.action.setObjectName("newConversationAction")
        self.action.setShortcut(QKeySequence("Ctrl+N"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setIcon(
            QIcon(editor_pixmap(EditorIcon.CHANGED, 32, window.devicePixelRatioF()))
        )
        self.action.triggered.connect(self.open_editor)
        window.addAction(self.action)
        self.retranslate()
        self._update_action()

    # -- state -----------------------------------------------------------------------------

    @property
    def controller(self) -> EditorController | None:
        """The open editor, if any."""
        controller = self._controller
        return controller if controller is not None and not controller.closed else None

    @property
    def may_record(self) -> bool:
        """A patient is shown and the session may record."""
        session = self._session
        return session is not None and self._data is not None and not self._view_only(session)

    def _view_only(self, session: Session) -> bool:
        forced = self._config is not None and self._config.view_only
        return bool(session.view_only or forced)

    def _update_action(self) -> None:
        allowed = self.may_record
        self.action.setVisible(allowed)
        self.action.setEnabled(allowed)

    def retranslate(self, toolbar: QToolBar | None = None) -> None:
        """The action's texts in the interface language (and the toolbar button's
        accessible name, once the action is on ``toolbar``)."""
        self.action.setText(self.tr("&Nieuw PZP-gesprek vastleggen…"))
        tip = self.tr("Een nieuw PZP-gesprek met deze patiënt vastleggen (Ctrl+N)")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        if toolbar is not None:
            button = toolbar.widgetForAction(self.action)
            if button is not None:
                button.setAccessibleName(self.tr("Nieuw PZP-gesprek vastleggen"))
                button.setAccessibleDescription(tip)

    # -- what the main window reports --------------------------------------------------------

    def show_patient(self, session: Session, data: PatientData, *, first_time: bool) -> None:
        """A patient was loaded (``first_time``) or loaded again (a refresh, after a save)."""
        self._session, self._data = session, data
        self._update_action()
        if first_time:
            self._generation += 1
            if self.may_record:
                self._offer_pending(session, data, self._generation)

    def close_patient(self) -> None:
        """Another patient is being opened: close the editor, keep what was typed."""
        self._generation += 1
        self._close_editor(keep_draft=True)
        self._session, self._data = None, None
        self._update_action()

    def discard(self) -> None:
        """The training environment is reset: close the editor and throw its draft away,
        and every other training draft with it (they were based on the data the reset
        throws away; the next training draft gets a fresh store)."""
        self._generation += 1
        controller = self._controller
        self._close_editor(keep_draft=False)
        training_store = self._stores.pop(True, None)
        if training_store is not None:
            if controller is not None:
                controller.wait_for_done(5000)  # a draft being kept, before removing it
            self._runner.wait_for_done(5000)
            training_store.close()

    def shutdown(self) -> None:
        """The main window closes: close the editor (keeping its draft), wait for
        background work, and remove a training store."""
        self._generation += 1
        controller = self._controller
        self._close_editor(keep_draft=True)
        if controller is not None:
            controller.wait_for_done(5000)
        self._runner.wait_for_done(5000)
        for store in self._stores.values():
            store.close()
        self._stores.clear()

    # -- opening -----------------------------------------------------------------------------

    def open_editor(self) -> EditorController | None:
        """The action: open the editor for the patient shown, or bring the open one to the
        front. Nothing happens in view-only mode."""
        current = self.controller
        if current is not None:
            self._raise(current)
            return current
        session, data = self._session, self._data
        if session is None or data is None:
            return None
        view_only = self._view_only(session)
        primary = next((r.source.name for r in data.results if r.source.primary), "")
        controller = open_editor(
            self._window,
            session,
            data,
            view_only=view_only,
            training=session.is_training,
            store=None if view_only else self._store_for(session),
            on_pushed=self._on_pushed,
            settings=editor_settings(self._config.app if self._config else None, primary),
            professional=launch_professional(session.user),
        )
        if controller is None:
            return None
        self._controller = controller
        controller.editor_closed.connect(lambda: self._on_editor_closed(controller))
        self.editor_started.emit(controller)
        return controller

    def _store_for(self, session: Session) -> DraftStore:
        if self._given_store is not None:
            return self._given_store
        training = session.is_training
        store = self._stores.get(training)
        if store is None:
            retention = DEFAULT_RETENTION
            if self._config is not None:
                retention = timedelta(days=self._config.app.draft_retention_days)
            store = (
                training_draft_store(retention=retention)
                if training
                else DraftStore(retention=retention)
            )
            self._stores[training] = store
        return store

    @staticmethod
    def _raise(controller: EditorController) -> None:
        shown = controller.recovery_dialog or controller.warnings_dialog or controller.window
        if shown is None:
            return
        if shown.isMinimized():
            shown.showNormal()
        shown.raise_()
        shown.activateWindow()

    def _offer_pending(self, session: Session, data: PatientData, generation: int) -> None:
        store = self._store_for(session)

        def look() -> PendingDraft | None:
            return find_pending_draft(session, data, store)

        def looked(pending: PendingDraft | None) -> None:
            if pending is None or generation != self._generation:
                return
            if self.controller is None and self.may_record:
                self.open_editor()  # it offers the draft first

        def failed(error: BaseException) -> None:
            log.warning("Concepten niet gelezen: %s", describe_exception(error))

        self._runner.submit(look, looked, failed)

    # -- closing -----------------------------------------------------------------------------

    def _close_editor(self, *, keep_draft: bool) -> None:
        controller = self.controller
        if controller is not None:
            controller.close(keep_draft=keep_draft)
        self._controller = None

    def _on_editor_closed(self, controller: EditorController) -> None:
        if self._controller is controller:
            self._controller = None

    def _on_pushed(self, outcome: PushOutcome) -> None:
        self.conversation_saved.emit(outcome)
