"""The main window: who is working and in which mode, the patient, the key decisions, the
overview and the conversations.

Layout (``ui/main_window.ui``): a top bar (application, the always visible mode label —
"OEFENOMGEVING" in training —, view-only or not, the user with role and organisation), the
patient banner with every source's status, the key-decision banner, and the work area: a
start page (training: the patient picker) or the patient's tabs "Overzicht" and
"Gesprekken".

Data flows one way (house style): a user action (pick a patient, F5, reset) starts an
operation on the :class:`~pzp_desktop.gui.tasks.PatientLoader`; its signals (per source,
then the whole patient) update the models and widgets. Results for a patient that is no
longer open are dropped by the loader's generation counter. Nothing here waits on the
network: loading and audit records run in the loader's thread pool.

Switching to another patient clears everything of the previous one at once, so one
patient's data is never shown under another's name; the key decisions say "worden geladen"
until they are known (never "nog niet besproken" before the data is there). A refresh keeps
the current data on screen until the new data has arrived.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop import describe_exception
from pzp_desktop.config import Config
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.reading.consents import hides_treatment_directive
from pzp_desktop.gui import i18n
from pzp_desktop.gui.editor import EditorController
from pzp_desktop.gui.editor_launcher import EditorLauncher
from pzp_desktop.gui.errors import show_error
from pzp_desktop.gui.history_widget import HistoryWidget
from pzp_desktop.gui.key_decisions_widget import KeyDecisionsWidget, scaled_font
from pzp_desktop.gui.overview_model import OverviewModel
from pzp_desktop.gui.overview_widget import OverviewWidget
from pzp_desktop.gui.patient_banner import PatientBannerWidget
from pzp_desktop.gui.patient_picker import PatientPickerDialog, PatientPickerWidget
from pzp_desktop.gui.print_export import PrintContent, export_pdf, print_overview
from pzp_desktop.gui.source_status_widget import SourceStatusWidget
from pzp_desktop.gui.tasks import PatientLoader, TaskRunner
from pzp_desktop.gui.ui_loader import load_ui
from pzp_desktop.sources.audit_log import AuditLogError, LogAction
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.fetch import Source, SourceResult
from pzp_desktop.sources.patient_data import PatientData
from pzp_desktop.sources.push import PushOutcome
from pzp_desktop.sources.session import (
    TRAINING_USER,
    Session,
    SessionUser,
    TrainingEnvironment,
    record_audit,
)

__all__ = ["WINDOW_TITLE", "MainWindow", "WindowMode"]

log = logging.getLogger(__name__)

WINDOW_TITLE = str(QT_TRANSLATE_NOOP("MainWindow", "PZP Desktop — Proactieve zorgplanning"))
TRAINING_TITLE_PREFIX = str(QT_TRANSLATE_NOOP("MainWindow", "OEFENOMGEVING"))


class WindowMode(Enum):
    """Which environment the window works in; shown in the mode label at all times."""

    TRAINING = "training"
    LIVE = "live"


class MainWindow(QMainWindow):
    """The application's main window.

    * training: ``MainWindow(WindowMode.TRAINING)`` shows the patient picker; picking a
      patient opens it from the (in-memory) training sources.
    * live: ``MainWindow(WindowMode.LIVE, session=session)`` opens the launch context's
      patient at once; there is no patient search.

    ``config``: the loaded configuration (view-only forced by the installation, the
    double-registration settings and draft retention of the editor); ``None``: defaults.
    ``draft_store``: the editor's drafts (tests); default: one per run, chosen by the
    session's mode (:mod:`pzp_desktop.gui.editor_launcher`).
    """

    def __init__(
        self,
        mode: WindowMode = WindowMode.TRAINING,
        parent: QWidget | None = None,
        *,
        environment: TrainingEnvironment | None = None,
        session: Session | None = None,
        loader: PatientLoader | None = None,
        config: Config | None = None,
        draft_store: DraftStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._mode = mode
        self._environment = environment
        if mode is WindowMode.TRAINING and self._environment is None:
            self._environment = TrainingEnvironment()
        self._session: Session | None = None
        self._data: PatientData | None = None
        self._pending_key: str | None = None  # training patient being opened
        # The patient being shown or opened, as a load request: what F5 repeats.
        self._request: tuple[Callable[[], Session], list[Source]] | None = None
        self._lang = i18n.current_language()
        self._cursor_overridden = False
        self._opened_at: datetime | None = None
        # Shown on the start page instead of "Geen patiënt geopend" (launch_flow.py).
        self._start_panel: QWidget | None = None

        form = load_ui(
            "main_window.ui",
            self,
            required={
                QFrame: ["topBar", "patientBannerArea", "keyDecisionsArea", "centralArea"],
                QLabel: [
                    "appTitleLabel",
                    "modeLabel",
                    "accessLabel",
                    "userLabel",
                    "noPatientLabel",
                    "keyDecisionsLoadingLabel",
                ],
                QStackedWidget: ["centralStack"],
                QWidget: ["startPage", "patientPage", "pickerHost", "overviewTab", "historyTab"],
                QScrollArea: ["pickerScrollArea"],
                QTabWidget: ["patientTabs"],
            },
        )
        self.setCentralWidget(form.root)
        self._top_bar = form.child(QFrame, "topBar")
        self._app_title = form.child(QLabel, "appTitleLabel")
        self._mode_label = form.child(QLabel, "modeLabel")
        self._access_label = form.child(QLabel, "accessLabel")
        self._user_label = form.child(QLabel, "userLabel")
        self._patient_banner_area = form.child(QFrame, "patientBannerArea")
        self._key_decisions_area = form.child(QFrame, "keyDecisionsArea")
        self._key_decisions_loading = form.child(QLabel, "keyDecisionsLoadingLabel")
        self._central_area = form.child(QFrame, "centralArea")
        self._stack = form.child(QStackedWidget, "centralStack")
        self._start_page = form.child(QWidget, "startPage")
        self._patient_page = form.child(QWidget, "patientPage")
        self._no_patient_label = form.child(QLabel, "noPatientLabel")
        self._picker_scroll = form.child(QScrollArea, "pickerScrollArea")
        self._tabs = form.child(QTabWidget, "patientTabs")
        overview_tab = form.child(QWidget, "overviewTab")
        history_tab = form.child(QWidget, "historyTab")

        self._app_title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self._mode_label.setFont(scaled_font(self.font(), 1.05, bold=True))
        self._no_patient_label.setFont(scaled_font(self.font(), 1.3))

        # Patient banner + source statuses
        self._banner = PatientBannerWidget(self._patient_banner_area)
        self._sources = SourceStatusWidget(self._patient_banner_area)
        banner_layout = form.child(QHBoxLayout, "patientBannerLayout")
        banner_layout.addWidget(self._banner, 1)
        banner_layout.addWidget(self._sources, 0, Qt.AlignmentFlag.AlignTop)

        # Key decisions
        self._key_decisions = KeyDecisionsWidget(self._key_decisions_area)
        form.child(QVBoxLayout, "keyDecisionsLayout").addWidget(self._key_decisions)
        self._key_decisions.setVisible(False)

        # Overview and history
        self._overview_model = OverviewModel(self)
        self._overview = OverviewWidget(self._overview_model, overview_tab)
        form.child(QVBoxLayout, "overviewTabLayout").addWidget(self._overview)
        self._history = HistoryWidget(history_tab)
        form.child(QVBoxLayout, "historyTabLayout").addWidget(self._history)

        # Training: the picker on the start page
        self._picker: PatientPickerWidget | None = None
        if self._environment is not None:
            self._picker = PatientPickerWidget(self._environment.patients, self)
            self._picker.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 60)
            self._picker.patient_chosen.connect(self.open_training_patient)
            form.child(QHBoxLayout, "pickerHostLayout").addWidget(self._picker)
            self._no_patient_label.setVisible(False)
        else:
            self._picker_scroll.setVisible(False)

        # Loading; audit records go one by one, in the order of the user's actions.
        self._loader = loader or PatientLoader(self)
        self._audit_runner = TaskRunner(self, max_threads=1)
        self._loader.loading_started.connect(self._on_loading_started)
        self._loader.source_finished.connect(self._on_source_finished)
        self._loader.patient_loaded.connect(self._on_patient_loaded)
        self._loader.loading_failed.connect(self._on_loading_failed)
        self._loader.busy_changed.connect(self._on_busy_changed)

        # The editor (issue 6): "Nieuw PZP-gesprek vastleggen…", one open editor, drafts.
        self._editor = EditorLauncher(self, config=config, draft_store=draft_store)
        self.new_conversation_action = self._editor.action
        self._editor.conversation_saved.connect(self._on_conversation_saved)
        # After a save: said in the status bar, and the new conversation shown once reloaded.
        self._saved_notice: str | None = None
        self._saved_encounter: str | None = None

        self._create_actions()
        self._create_menus_and_toolbar()
        self._set_tab_order()
        self.setMinimumSize(900, 600)
        self.resize(1280, 820)
        self._show_start_page()
        self._retranslate()

        if session is not None:
            QTimer.singleShot(0, lambda: self.open_session(session))

    # ------------------------------------------------------------------ properties

    @property
    def mode(self) -> WindowMode:
        return self._mode

    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def patient_data(self) -> PatientData | None:
        return self._data

    @property
    def loader(self) -> PatientLoader:
        return self._loader

    @property
    def banner(self) -> PatientBannerWidget:
        return self._banner

    @property
    def source_status(self) -> SourceStatusWidget:
        return self._sources

    @property
    def key_decisions(self) -> KeyDecisionsWidget:
        return self._key_decisions

    @property
    def overview(self) -> OverviewWidget:
        return self._overview

    @property
    def overview_model(self) -> OverviewModel:
        return self._overview_model

    @property
    def history(self) -> HistoryWidget:
        return self._history

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    @property
    def picker(self) -> PatientPickerWidget | None:
        return self._picker

    @property
    def training(self) -> bool:
        return self._mode is WindowMode.TRAINING

    # ------------------------------------------------------------------ actions

    def _create_actions(self) -> None:
        style = self.style()
        self.refresh_action = QAction(self)
        refresh_keys = [QKeySequence("F5")]
        refresh_keys += [
            key
            for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
            if key not in refresh_keys
        ]
        self.refresh_action.setShortcuts(refresh_keys)
        self.refresh_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_action.triggered.connect(self.refresh)

        self.print_action = QAction(self)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.triggered.connect(self.print_overview)

        self.pdf_action = QAction(self)
        self.pdf_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.pdf_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.pdf_action.triggered.connect(self.export_pdf_dialog)

        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)

        self.overview_tab_action = QAction(self)
        self.overview_tab_action.setShortcut(QKeySequence("Ctrl+1"))
        self.overview_tab_action.triggered.connect(lambda: self._go_to_tab(0))
        self.history_tab_action = QAction(self)
        self.history_tab_action.setShortcut(QKeySequence("Ctrl+2"))
        self.history_tab_action.triggered.connect(lambda: self._go_to_tab(1))

        self.other_patient_action = QAction(self)
        self.other_patient_action.setShortcut(QKeySequence("Ctrl+O"))
        self.other_patient_action.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.other_patient_action.triggered.connect(self.choose_other_patient)
        self.reset_action = QAction(self)
        self.reset_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogResetButton))
        self.reset_action.triggered.connect(self.confirm_reset_training)
        for action in (self.other_patient_action, self.reset_action):
            action.setVisible(self.training)
            action.setEnabled(self.training)

        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.dutch_action = QAction("Nederlands", self, checkable=True)
        self.english_action = QAction("English", self, checkable=True)
        for action, language in ((self.dutch_action, "nl"), (self.english_action, "en")):
            action.setData(language)
            self.language_group.addAction(action)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(lang))

        for action in (
            self.refresh_action,
            self.print_action,
            self.pdf_action,
            self.quit_action,
            self.overview_tab_action,
            self.history_tab_action,
            self.other_patient_action,
            self.reset_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self._update_actions()

    def _create_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        self._patient_menu = QMenu(self)
        self._patient_menu.addAction(self.new_conversation_action)
        self._patient_menu.addSeparator()
        self._patient_menu.addAction(self.refresh_action)
        self._patient_menu.addSeparator()
        self._patient_menu.addAction(self.print_action)
        self._patient_menu.addAction(self.pdf_action)
        self._patient_menu.addSeparator()
        self._patient_menu.addAction(self.quit_action)
        bar.addMenu(self._patient_menu)

        self._view_menu = QMenu(self)
        self._view_menu.addAction(self.overview_tab_action)
        self._view_menu.addAction(self.history_tab_action)
        self._view_menu.addSeparator()
        self._language_menu = QMenu(self)
        self._language_menu.addAction(self.dutch_action)
        self._language_menu.addAction(self.english_action)
        self._view_menu.addMenu(self._language_menu)
        bar.addMenu(self._view_menu)

        self._training_menu: QMenu | None = None
        if self.training:
            self._training_menu = QMenu(self)
            self._training_menu.addAction(self.other_patient_action)
            self._training_menu.addSeparator()
            self._training_menu.addAction(self.reset_action)
            bar.addMenu(self._training_menu)

        self._toolbar = QToolBar(self)
        self._toolbar.setObjectName("mainToolBar")
        self._toolbar.setMovable(False)
        self._toolbar.setFloatable(False)
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._toolbar.addAction(self.new_conversation_action)
        self._toolbar.addAction(self.refresh_action)
        self._toolbar.addAction(self.print_action)
        self._toolbar.addAction(self.pdf_action)
        if self.training:
            self._toolbar.addSeparator()
            self._toolbar.addAction(self.other_patient_action)
            self._toolbar.addAction(self.reset_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self._toolbar)
        self.print_action.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )

    def _update_actions(self) -> None:
        has_data = self._data is not None
        self.print_action.setEnabled(has_data)
        self.pdf_action.setEnabled(has_data)
        self.refresh_action.setEnabled(self._request is not None)
        self.dutch_action.setChecked(self._lang == "nl")
        self.english_action.setChecked(self._lang == "en")

    def _set_tab_order(self) -> None:
        """Tab follows the screen from top to bottom: sources, key decisions, the tabs,
        the overview, what could not be read."""
        chain: list[QWidget] = [
            self._sources,
            *self._key_decisions.tiles(),
            self._tabs.tabBar(),
            self._overview.tree,
            self._overview.problems_label,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ texts

    def _retranslate(self) -> None:
        self._lang = i18n.current_language()
        title = self.tr(WINDOW_TITLE)
        if self.training:
            title = f"{self.tr(TRAINING_TITLE_PREFIX)} — {title}"
        self.setWindowTitle(title)
        self.setAccessibleName(self.tr("PZP Desktop hoofdvenster"))
        self._top_bar.setAccessibleName(self.tr("Bovenbalk"))
        self._app_title.setAccessibleName(self.tr("Applicatie"))
        self._mode_label.setAccessibleName(self.tr("Omgeving"))
        self._access_label.setAccessibleName(self.tr("Rechten"))
        self._user_label.setAccessibleName(self.tr("Gebruiker"))
        self._patient_banner_area.setAccessibleName(self.tr("Patiëntgegevens"))
        self._key_decisions_area.setAccessibleName(self.tr("Kernafspraken"))
        self._central_area.setAccessibleName(self.tr("Werkgebied"))
        self._tabs.setAccessibleName(self.tr("Tabbladen van de patiënt"))
        self._tabs.setTabText(0, self.tr("&Overzicht"))
        self._tabs.setTabText(1, self.tr("&Gesprekken"))
        self._tabs.setTabToolTip(
            0, self.tr("Het hele formulier met de meest recente waarden (Ctrl+1)")
        )
        self._tabs.setTabToolTip(1, self.tr("Alle PZP-gesprekken en wat er veranderde (Ctrl+2)"))
        self._no_patient_label.setText(self.tr("Geen patiënt geopend"))
        self._no_patient_label.setAccessibleName(self.tr("Geen patiënt geopend"))
        self._key_decisions_loading.setText(self.tr("Kernafspraken worden geladen…"))
        self._key_decisions_loading.setAccessibleName(self.tr("Kernafspraken worden geladen"))

        self.refresh_action.setText(self.tr("&Vernieuwen"))
        self.refresh_action.setToolTip(self.tr("Alle bronnen opnieuw lezen (F5)"))
        self.print_action.setText(self.tr("&Afdrukken…"))
        self.print_action.setToolTip(self.tr("Het overzicht afdrukken (Ctrl+P)"))
        self.pdf_action.setText(self.tr("&Exporteren als PDF…"))
        self.pdf_action.setToolTip(self.tr("Het overzicht als PDF-bestand opslaan"))
        self.quit_action.setText(self.tr("A&fsluiten"))
        self.overview_tab_action.setText(self.tr("Naar &overzicht"))
        self.history_tab_action.setText(self.tr("Naar &gesprekken"))
        self.other_patient_action.setText(self.tr("&Andere oefenpatiënt…"))
        self.other_patient_action.setToolTip(self.tr("Een andere fictieve patiënt openen"))
        self.reset_action.setText(self.tr("Oefenomgeving &herstellen…"))
        self.reset_action.setToolTip(
            self.tr("Alles wat tijdens het oefenen is vastgelegd weggooien en opnieuw beginnen")
        )
        self._patient_menu.setTitle(self.tr("&Patiënt"))
        self._view_menu.setTitle(self.tr("&Beeld"))
        self._language_menu.setTitle(self.tr("&Taal"))
        if self._training_menu is not None:
            self._training_menu.setTitle(self.tr("&Oefenomgeving"))
        self._toolbar.setWindowTitle(self.tr("Werkbalk"))
        self._toolbar.setAccessibleName(self.tr("Werkbalk"))
        self._editor.retranslate(self._toolbar)
        self._show_mode()
        self._show_user()
        self._update_actions()

    def _show_mode(self) -> None:
        if self.training:
            text = self.tr("OEFENOMGEVING — fictieve patiënten, er verlaat niets deze computer")
        else:
            text = self.tr("Echte patiëntgegevens")
        self._mode_label.setText(text)
        self._mode_label.setAccessibleDescription(text)
        # The style sheet selects on this property (QLabel#modeLabel[mode="training"]).
        self._repolish(self._mode_label, "mode", self._mode.value)

    def _show_user(self) -> None:
        session = self._session
        user: SessionUser | None = session.user if session else None
        if user is None and self.training:
            user = TRAINING_USER
        view_only = bool(session and session.view_only)
        if user is None:
            self._user_label.setText("")
        else:
            text = " · ".join(p for p in (user.display, user.role, user.organisation) if p)
            self._user_label.setText(text)
            self._user_label.setAccessibleDescription(text)
        access = self.tr("Alleen raadplegen") if view_only else self.tr("Raadplegen en vastleggen")
        if session is None and not self.training:
            access = ""  # live, before the launch said what this user may do
        self._access_label.setText(access)
        self._access_label.setAccessibleDescription(access)
        self._repolish(self._access_label, "viewOnly", "true" if view_only else "false")

    def dialog_title(self, title: str) -> str:
        """A dialog's title; in training it says OEFENOMGEVING too (every window does)."""
        if self.training:
            return f"{title} — {self.tr(TRAINING_TITLE_PREFIX)}"
        return title

    @staticmethod
    def _repolish(widget: QWidget, name: str, value: str) -> None:
        widget.setProperty(name, value)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show_data()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        """Switch the interface language now (menu Beeld → Taal)."""
        app = QApplication.instance()
        if app is None or language == i18n.current_language():
            self._update_actions()
            return
        if not i18n.install_translation(app, language):
            show_error(
                self,
                self.tr("De Engelse teksten zijn niet beschikbaar; PZP Desktop blijft Nederlands."),
            )
        # QEvent.LanguageChange reaches every widget; ours retranslate themselves.
        self._update_actions()

    # ------------------------------------------------------------------ pages

    def _show_start_page(self) -> None:
        self._stack.setCurrentWidget(self._start_page)
        self._patient_banner_area.setVisible(False)
        self._key_decisions_area.setVisible(False)

    def _show_patient_page(self) -> None:
        self._stack.setCurrentWidget(self._patient_page)
        self._patient_banner_area.setVisible(True)
        self._key_decisions_area.setVisible(True)

    def _go_to_tab(self, index: int) -> None:
        if self._stack.currentWidget() is self._patient_page:
            self._tabs.setCurrentIndex(index)
            self._tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)
            if index == 0:
                self._overview.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------------ operations

    def open_training_patient(self, key: str) -> None:
        """Training: open the fictitious patient ``key`` (in the background)."""
        environment = self._environment
        if environment is None:
            return
        self._pending_key = key
        self._clear_patient()
        self._load(lambda: environment.session_for(key), list(environment.sources))

    def open_session(self, session: Session) -> None:
        """Open the patient of ``session`` (a launch context, or a test's session)."""
        self._pending_key = session.patient_key
        self._clear_patient()
        self._load(lambda: session, session.source_list)

    def _load(self, open_session: Callable[[], Session], sources: list[Source]) -> None:
        self._request = (open_session, sources)
        self._loader.load(open_session, sources)

    def refresh(self) -> None:
        """F5: read every source again for the patient being shown (or being opened);
        the current data stays on screen until the new data is there."""
        if self._request is not None:
            self._load(*self._request)

    def choose_other_patient(self) -> None:
        if self._environment is None:
            return
        dialog = PatientPickerDialog(self._environment.patients, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_other_patient_chosen(dialog.chosen_key))
        dialog.open()

    def _on_other_patient_chosen(self, key: str | None) -> None:
        if key is not None:
            self.open_training_patient(key)

    def confirm_reset_training(self) -> None:
        """Ask first: a reset throws away everything recorded while training."""
        if self._environment is None:
            return
        box = QMessageBox(self)
        box.setObjectName("resetConfirmation")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.dialog_title(self.tr("Oefenomgeving herstellen")))
        box.setText(self.tr("Oefenomgeving herstellen?"))
        box.setInformativeText(
            self.tr(
                "Alles wat tijdens het oefenen is vastgelegd, wordt weggegooid. De fictieve "
                "patiënten krijgen weer hun oorspronkelijke gegevens."
            )
        )
        reset = box.addButton(self.tr("Herstellen"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(QMessageBox.StandardButton.NoButton)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._on_reset_answer(button is reset))
        box.open()

    def _on_reset_answer(self, confirmed: bool) -> None:
        if confirmed:
            self.reset_training()

    def reset_training(self) -> None:
        """Rebuild the training sources (in the background), then reopen the patient."""
        environment = self._environment
        if environment is None:
            return
        self._editor.discard()  # what it was based on is thrown away too
        key = self._pending_key

        def reset_and_open() -> Session:
            environment.reset()
            assert key is not None
            return environment.session_for(key)

        if key is None:
            self._loader.runner.submit(
                environment.reset,
                on_done=lambda _result: self.statusBar().showMessage(
                    self.tr("De oefenomgeving is hersteld."), 8000
                ),
                on_failed=self._on_reset_failed,
            )
            return
        self._clear_patient()
        self._loader.load(reset_and_open, list(environment.sources))
        # F5 during the reset opens the patient again; it does not reset twice.
        self._request = (lambda: environment.session_for(key), list(environment.sources))
        self.statusBar().showMessage(self.tr("De oefenomgeving wordt hersteld…"), 8000)

    def _on_reset_failed(self, error: BaseException) -> None:
        show_error(self, self.tr("De oefenomgeving kon niet worden hersteld."), error)

    # ------------------------------------------------------------------ launch (launch_flow.py)

    @property
    def editor_controller(self) -> EditorController | None:
        """The open editor, if any (a patient switch asks about its unsaved changes)."""
        return self._editor.controller

    def show_start_panel(self, panel: QWidget | None) -> None:
        """Show ``panel`` on the start page instead of "Geen patiënt geopend" (the launch
        status while signing in, what failed and "Opnieuw proberen"); ``None``: the label."""
        layout = self._start_page.layout()
        assert isinstance(layout, QVBoxLayout)
        previous = self._start_panel
        if previous is not None and previous is not panel:
            layout.removeWidget(previous)
            previous.setVisible(False)
        if panel is not None and panel is not previous:
            layout.insertWidget(0, panel)
        self._start_panel = panel
        if panel is not None:
            panel.setVisible(True)
        self._no_patient_label.setVisible(panel is None and self._picker is None)

    def close_patient(self) -> None:
        """Close the open patient completely, before another one is launched: a load still
        running is dropped (generation counter), the banner, key decisions, overview,
        conversations and source statuses are emptied, F5 no longer reopens the patient,
        and the session closes (after its queued audit records). The start page shows."""
        self._editor.close_patient()  # an open editor keeps what was typed as a draft
        self._saved_notice = self._saved_encounter = None
        self._loader.cancel()
        self._request = None
        self._pending_key = None
        previous, self._session = self._session, None
        if previous is not None:
            self._audit_runner.submit(
                previous.close, on_done=lambda _r: None, on_failed=lambda _exc: None
            )
        self._data = None
        self._banner.clear()
        self._key_decisions.setVisible(False)
        self._key_decisions_loading.setVisible(False)
        self._overview_model.set_overview(None)
        self._overview.show_problems([])
        self._history.clear()
        self._sources.set_sources([])
        self.statusBar().clearMessage()
        self._show_start_page()
        self._show_user()
        self._update_actions()

    # ------------------------------------------------------------------ loader signals

    def _clear_patient(self) -> None:
        """Forget the previous patient completely (never show their data under another)."""
        self._editor.close_patient()  # an open editor keeps what was typed as a draft
        self._saved_notice = self._saved_encounter = None
        self._data = None
        self._banner.set_loading()
        self._key_decisions.setVisible(False)
        self._key_decisions_loading.setVisible(True)
        self._overview_model.set_overview(None)
        self._overview.show_problems([])
        self._history.clear()
        self._show_patient_page()
        self._update_actions()

    def _on_loading_started(self, sources: list[Source]) -> None:
        self._sources.set_sources(sources)
        self._show_status(self.tr("Gegevens worden opgehaald…"))
        self._update_actions()

    def _on_source_finished(self, result: SourceResult) -> None:
        self._sources.update_result(result)

    def _on_patient_loaded(self, session: Session, data: PatientData) -> None:
        first_time = session is not self._session
        previous = self._session
        if first_time and previous is not None:
            # After the audit records still queued for it (same single worker, in order).
            self._audit_runner.submit(
                previous.close, on_done=lambda _r: None, on_failed=lambda _exc: None
            )
        self._session = session
        self._pending_key = session.patient_key
        self._request = (lambda: session, session.source_list)
        self._data = data
        for result in data.results:
            self._sources.update_result(result)
        self._show_data()
        self._show_user()
        self._update_actions()
        self._editor.show_patient(session, data, first_time=first_time)
        stamp = datetime.now(AMSTERDAM).strftime("%H:%M:%S")
        self._show_status(self.tr("Gegevens opgehaald om %1").replace("%1", stamp))
        self._saved_notice = None
        self._show_saved_conversation()
        if first_time:
            self._audit(LogAction.OPEN_PATIENT, LogAction.VIEW)
        else:
            self._audit(LogAction.VIEW)

    def _show_status(self, text: str) -> None:
        """``text`` in the status bar, after "Het gesprek is opgeslagen…" while that is news."""
        notice = self._saved_notice
        self.statusBar().showMessage(f"{notice} {text}".strip() if notice else text)

    def _on_conversation_saved(self, outcome: PushOutcome) -> None:
        """The editor saved a conversation: say so, and read the patient again so that it
        appears under "Gesprekken" (where it is then shown)."""
        data = self._data
        target = next((r.source for r in data.results if r.source.primary), None) if data else None
        name = target.name if target is not None else ""
        self._saved_notice = self.tr("Het gesprek is opgeslagen in %1.").replace("%1", name)
        self._saved_encounter = f"{name}:{outcome.encounter}" if outcome.encounter else None
        self._show_status("")
        self.refresh()

    def _show_saved_conversation(self) -> None:
        """After the reload that follows a save: the new conversation, selected, on the
        "Gesprekken" tab."""
        reference, self._saved_encounter = self._saved_encounter, None
        data = self._data
        if reference is None or data is None:
            return
        for history in data.history:
            if str(history.conversation.ref) == reference:
                self._history.select_conversation(history.conversation)
                self._tabs.setCurrentIndex(1)
                return

    def _show_data(self) -> None:
        data = self._data
        if data is None:
            return
        lang = i18n.current_language()
        self._banner.set_patient(data.patient)
        incomplete = self._sources.incomplete
        unreadable = any(hides_treatment_directive(p) for p in data.problems)
        self._key_decisions.show_overview(
            data.overview, lang, incomplete=incomplete, unreadable=unreadable
        )
        self._key_decisions_loading.setVisible(False)
        self._key_decisions.setVisible(True)
        self._overview_model.set_overview(
            data.overview, lang, incomplete=incomplete, unreadable=unreadable
        )
        self._overview.show_problems(data.problems)
        self._history.set_history(data.history, lang)

    def _on_loading_failed(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        if self._data is None:
            self._banner.clear()
            self._key_decisions_loading.setVisible(False)
        show_error(self, self.tr("De patiënt kon niet worden geopend."), error)
        self._update_actions()

    def _on_busy_changed(self, busy: bool) -> None:
        self._sources.set_busy(busy)
        if busy and not self._cursor_overridden:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor_overridden = True
        elif not busy and self._cursor_overridden:
            QApplication.restoreOverrideCursor()
            self._cursor_overridden = False

    # ------------------------------------------------------------------ audit

    def _audit(self, *actions: LogAction) -> None:
        """Record ``actions`` in this order in the background (it may send AuditEvents).
        The user is told when the local audit log cannot be written."""
        session, data = self._session, self._data
        if session is None:
            return

        def failed(exc: BaseException) -> None:
            log.error("Audit mislukt: %s", describe_exception(exc))
            if isinstance(exc, AuditLogError):
                show_error(
                    self, self.tr("Deze handeling kon niet in het auditlog worden vastgelegd."), exc
                )

        def record() -> None:
            for action in actions:
                record_audit(session, action, data)

        self._audit_runner.submit(record, on_done=lambda _r: None, on_failed=failed)

    # ------------------------------------------------------------------ print / PDF

    def print_content(self) -> PrintContent | None:
        data = self._data
        if data is None:
            return None
        session = self._session
        return PrintContent(
            patient=data.patient,
            overview=data.overview,
            results=data.results,
            problems=data.problems,
            user=session.user if session else None,
            training=self.training,
            lang=i18n.current_language(),
        )

    def print_overview(self) -> None:
        """Ctrl+P: the print dialog, then print."""
        content = self.print_content()
        if content is None:
            return
        # Imported here: the print dialog pulls in the platform's printing support.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.dialog_title(self.tr("Overzicht afdrukken")))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            print_overview(printer, content)
        except OSError as exc:
            show_error(self, self.tr("Het overzicht kon niet worden afgedrukt."), exc)
            return
        self._audit(LogAction.PRINT)
        self.statusBar().showMessage(self.tr("Het overzicht is afgedrukt."), 8000)

    def export_pdf_dialog(self) -> None:
        """Ask where, then save the overview as PDF."""
        if self._data is None:
            return
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(documents or ".") / self.tr("PZP-overzicht.pdf"))
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.dialog_title(self.tr("Exporteren als PDF")),
            suggested,
            self.tr("PDF-bestanden (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_pdf(Path(path))

    def export_pdf(self, path: Path) -> bool:
        """Save the overview as a PDF file at ``path``; False (and a message) on failure."""
        content = self.print_content()
        if content is None:
            return False
        try:
            export_pdf(path, content)
        except OSError as exc:
            show_error(self, self.tr("Het PDF-bestand kon niet worden opgeslagen."), exc)
            return False
        self._audit(LogAction.EXPORT_PDF)
        self.statusBar().showMessage(
            self.tr("Het overzicht is opgeslagen als %1").replace("%1", path.name), 8000
        )
        return True

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        self._editor.shutdown()  # an open editor keeps what was typed as a draft
        self._loader.cancel()
        self._loader.runner.wait_for_done(5000)
        self._audit_runner.wait_for_done(5000)
        if self._cursor_overridden:
            QApplication.restoreOverrideCursor()
            self._cursor_overridden = False
        if self._session is not None:
            self._session.close()
        super().closeEvent(event)
