"""The editor's own window: "Nieuw PZP-gesprek vastleggen" for one patient.

Layout, top to bottom: the training band ("OEFENOMGEVING", training only); the header with
the patient and the source the conversation is recorded in; a banner when drafts cannot be
kept; the form (the conversation, then sections 1 and 3–8) next to the side panel (what will
be saved, every finding); the outcome of the last save with "Opnieuw proberen"; the
sharing-consent notice; and the buttons, with the reason why "Opslaan" is not possible yet.

The window shows and asks; the :class:`~pzp_desktop.gui.editor.controller.EditorController`
decides (saving, closing). Keyboard: Ctrl+S saves, Alt+1…8 jump to a section, every label
has a mnemonic, the tab order follows the form.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.items import ItemKey
from pzp_desktop.gui.editor.conversation_form import ConversationFormWidget
from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.form_texts import localized
from pzp_desktop.gui.editor.section_widgets import FormSectionsWidget
from pzp_desktop.gui.editor.style import apply_editor_style
from pzp_desktop.gui.editor.warnings_panel import SharingNoticeWidget, WarningsPanelWidget

__all__ = ["EditorWindow", "OutcomeTone"]


class OutcomeTone:
    ERROR = "error"
    INFO = "info"
    SUCCESS = "success"


class EditorWindow(QWidget):
    """See the module docstring. ``save_requested``/``retry_requested``/``close_requested``
    go to the controller; it calls :meth:`close_now` when the window may close."""

    save_requested = Signal()
    retry_requested = Signal()
    close_requested = Signal()

    def __init__(
        self,
        model: EditorModel,
        *,
        patient_title: str,
        target_source: str,
        training: bool,
        professional_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("editorWindow")
        apply_editor_style(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.model = model
        self.training = training
        self._may_close = False
        self._busy = False
        title = QCoreApplication.translate(
            "EditorWindow", "Nieuw PZP-gesprek vastleggen — %1"
        ).replace("%1", patient_title)
        if training:
            title = QCoreApplication.translate("EditorWindow", "OEFENOMGEVING") + f" — {title}"
        self.setWindowTitle(title)
        self.resize(1180, 860)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.training_band = QLabel(
            QCoreApplication.translate(
                "EditorWindow", "OEFENOMGEVING — fictieve patiënt, er verlaat niets deze computer"
            ),
            self,
        )
        self.training_band.setObjectName("editorTrainingBand")
        self.training_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_band.setVisible(training)
        outer.addWidget(self.training_band)

        header = QFrame(self)
        header.setObjectName("editorHeader")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(16, 10, 16, 10)
        heading_box = QVBoxLayout()
        self.heading_label = QLabel(
            QCoreApplication.translate("EditorWindow", "Nieuw PZP-gesprek vastleggen"), header
        )
        self.heading_label.setObjectName("editorHeading")
        heading_box.addWidget(self.heading_label)
        self.patient_label = QLabel(patient_title, header)
        self.patient_label.setObjectName("editorPatient")
        heading_box.addWidget(self.patient_label)
        header_layout.addLayout(heading_box, 1)
        self.target_label = QLabel(
            QCoreApplication.translate("EditorWindow", "Wordt vastgelegd in:\n%1").replace(
                "%1", target_source
            ),
            header,
        )
        self.target_label.setObjectName("editorTarget")
        self.target_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header_layout.addWidget(self.target_label)
        outer.addWidget(header)

        self.store_banner = QLabel(self)
        self.store_banner.setObjectName("editorStoreBanner")
        self.store_banner.setWordWrap(True)
        self.store_banner.setVisible(False)
        outer.addWidget(self.store_banner)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.scroll_area = QScrollArea(splitter)
        self.scroll_area.setObjectName("editorScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the inputs
        content = QWidget(self.scroll_area)
        self.content = content
        content.setObjectName("editorContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(16, 12, 16, 24)
        content_layout.setSpacing(12)
        self.intro_label = QLabel(
            QCoreApplication.translate(
                "EditorWindow",
                "Het formulier is ingevuld met de huidige afspraken uit alle bronnen. Pas alleen "
                "aan wat in dit gesprek is besproken: alleen gewijzigde onderdelen worden "
                "vastgelegd, en u ziet ze gemarkeerd met ‘Gewijzigd’.",
            ),
            content,
        )
        self.intro_label.setObjectName("editorIntro")
        self.intro_label.setWordWrap(True)
        content_layout.addWidget(self.intro_label)
        self.conversation_form = ConversationFormWidget(
            model, professional_note=professional_note, parent=content
        )
        content_layout.addWidget(self.conversation_form)
        self.sections = FormSectionsWidget(model, content)
        self.sections.jump_requested.connect(self.scroll_to)
        content_layout.addWidget(self.sections)
        self.scroll_area.setWidget(content)
        self.panel = WarningsPanelWidget(model, splitter)
        self.panel.setMinimumWidth(280)
        self.panel.item_activated.connect(self._on_item_activated)
        splitter.addWidget(self.scroll_area)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 340])
        outer.addWidget(splitter, 1)

        footer = QFrame(self)
        footer.setObjectName("editorFooter")
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(16, 8, 16, 10)
        footer_layout.setSpacing(6)

        self.outcome = QFrame(footer)
        self.outcome.setObjectName("editorOutcome")
        outcome_layout = QHBoxLayout(self.outcome)
        outcome_layout.setContentsMargins(8, 6, 8, 6)
        self.outcome_icon = QLabel(self.outcome)
        self.outcome_icon.setFixedSize(22, 22)
        outcome_layout.addWidget(self.outcome_icon, 0, Qt.AlignmentFlag.AlignTop)
        self.outcome_label = QLabel(self.outcome)
        self.outcome_label.setObjectName("editorOutcomeText")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outcome_layout.addWidget(self.outcome_label, 1)
        self.retry_button = QPushButton(
            QCoreApplication.translate("EditorWindow", "Opnieuw &proberen"), self.outcome
        )
        self.retry_button.setObjectName("editorRetryButton")
        self.retry_button.clicked.connect(self.retry_requested)
        outcome_layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.outcome.setVisible(False)
        footer_layout.addWidget(self.outcome)

        self.sharing_notice = SharingNoticeWidget(model, footer)
        footer_layout.addWidget(self.sharing_notice)

        buttons = QHBoxLayout()
        self.busy_label = QLabel(footer)
        self.busy_label.setObjectName("editorBusy")
        self.busy_label.setVisible(False)
        buttons.addWidget(self.busy_label)
        self.blocked_label = QLabel(footer)
        self.blocked_label.setObjectName("editorBlocked")
        self.blocked_label.setWordWrap(True)
        buttons.addWidget(self.blocked_label, 1)
        self.cancel_button = QPushButton(
            QCoreApplication.translate("EditorWindow", "&Annuleren"), footer
        )
        self.cancel_button.setObjectName("editorCancelButton")
        self.cancel_button.clicked.connect(self.close)
        buttons.addWidget(self.cancel_button)
        self.save_button = QPushButton(
            QCoreApplication.translate("EditorWindow", "&Opslaan"), footer
        )
        self.save_button.setObjectName("editorSaveButton")
        self.save_button.setAccessibleName(
            QCoreApplication.translate("EditorWindow", "Opslaan (Ctrl+S)")
        )
        self.save_button.clicked.connect(self.save_requested)
        buttons.addWidget(self.save_button)
        footer_layout.addLayout(buttons)
        outer.addWidget(footer)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.save_shortcut.activated.connect(self.save_requested)
        if QKeySequence(QKeySequence.StandardKey.Save).toString() != "Ctrl+S":
            extra = QShortcut(QKeySequence("Ctrl+S"), self)
            extra.activated.connect(self.save_requested)

        model.draft_changed.connect(self._on_draft_changed)
        self._on_draft_changed()
        QWidget.setTabOrder(self.panel, self.cancel_button)

    # -- state -----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.content.setEnabled(not busy)
        self.busy_label.setText(text)
        self.busy_label.setVisible(busy and bool(text))
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._on_draft_changed()

    def show_store_problem(self, problem: str | None) -> None:
        self.store_banner.setText(problem or "")
        self.store_banner.setVisible(bool(problem))

    def show_outcome(self, tone: str, message: str, *, retry: bool = False) -> None:
        self.outcome.setProperty("tone", tone)
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)
        icon = {
            OutcomeTone.ERROR: EditorIcon.ERROR,
            OutcomeTone.INFO: EditorIcon.NOTICE,
            OutcomeTone.SUCCESS: EditorIcon.CHANGED,
        }[tone]
        self.outcome_icon.setPixmap(editor_pixmap(icon, 22, self.devicePixelRatioF()))
        self.outcome_label.setText(message)
        self.outcome.setAccessibleName(message)
        self.retry_button.setVisible(retry)
        self.outcome.setVisible(True)
        if retry:
            self.retry_button.setFocus()

    def hide_outcome(self) -> None:
        self.outcome.setVisible(False)

    def outcome_text(self) -> str:
        return self.outcome_label.text() if self.outcome.isVisible() else ""

    def blocked_reasons(self) -> list[str]:
        return [localized(f.message) for f in self.model.report.errors]

    def _on_draft_changed(self) -> None:
        errors = self.model.report.errors
        can_save = not errors and not self._busy
        self.save_button.setEnabled(can_save)
        if errors:
            reasons = [localized(f.message) for f in errors]
            intro = QCoreApplication.translate("EditorWindow", "Opslaan kan nog niet:")
            self.save_button.setToolTip("\n".join([intro, *(f"• {r}" for r in reasons)]))
            shown = reasons[0] if len(reasons) == 1 else "; ".join(reasons)
            self.blocked_label.setText(f"{intro} {shown}")
            self.save_button.setAccessibleDescription(self.blocked_label.text())
        else:
            self.save_button.setToolTip(
                QCoreApplication.translate(
                    "EditorWindow", "Het gesprek opslaan in de bron (Ctrl+S)"
                )
            )
            self.blocked_label.setText("")
            self.save_button.setAccessibleDescription("")
        if self._busy:
            self.blocked_label.setText("")

    # -- navigation ------------------------------------------------------------------------

    def scroll_to(self, widget: QWidget) -> None:
        def scroll() -> None:
            self.scroll_area.ensureWidgetVisible(widget, 0, 40)
            top = widget.mapTo(self.content, widget.rect().topLeft()).y()
            self.scroll_area.verticalScrollBar().setValue(max(0, top - 12))

        QTimer.singleShot(0, scroll)

    def go_to_item(self, key: ItemKey | None) -> None:
        if key is None:
            self.scroll_to(self.conversation_form)
            self.conversation_form.date_edit.setFocus()
            return
        self.sections.go_to_item(key)

    def go_to_first_error(self) -> None:
        errors = self.model.report.errors
        if not errors:
            return
        first = errors[0]
        if first.keys:
            self.go_to_item(first.keys[0])
        elif first.field is not None:
            self.go_to_item(None)

    def _on_item_activated(self, key: ItemKey | None) -> None:
        self.go_to_item(key)

    # -- closing ---------------------------------------------------------------------------

    def close_now(self) -> None:
        """Close without asking (the controller decided)."""
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
