"""Offer a draft that was not saved (after a crash or a failed push): continue or discard.

"Nothing typed is ever lost" (product brief §5): when the editor opens for a patient for
whom an unsaved draft of this user exists, this dialog says when it was last kept and how
many items it changes (no clinical content), and lets the clinician continue with it or
throw it away and start again. Discarding asks for confirmation first.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.editor.style import apply_editor_style
from pzp_desktop.sources.drafts import PendingDraft

__all__ = ["RecoveryChoice", "RecoveryDialog"]


class RecoveryChoice(Enum):
    CONTINUE = "continue"
    DISCARD = "discard"
    CANCEL = "cancel"  # neither: close, the draft stays


class RecoveryDialog(QDialog):
    """Continue with ``pending`` or discard it (see the module docstring)."""

    def __init__(
        self,
        pending: PendingDraft,
        *,
        training: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        apply_editor_style(self)
        self.pending = pending
        self.choice = RecoveryChoice.CANCEL
        title = QCoreApplication.translate("RecoveryDialog", "Niet opgeslagen gesprek")
        if training:
            title = QCoreApplication.translate("RecoveryDialog", "OEFENOMGEVING") + f" — {title}"
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        if training:
            band = QLabel(
                QCoreApplication.translate("RecoveryDialog", "OEFENOMGEVING — fictieve patiënt"),
                self,
            )
            band.setObjectName("editorTrainingBand")
            band.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(band)
        row = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(editor_pixmap(EditorIcon.CHANGED, 32, self.devicePixelRatioF()))
        icon.setFixedSize(32, 32)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        heading = QLabel(
            QCoreApplication.translate(
                "RecoveryDialog", "Er is een gesprek voor deze patiënt dat nog niet is opgeslagen."
            ),
            self,
        )
        heading.setObjectName("recoveryHeading")
        heading.setWordWrap(True)
        text.addWidget(heading)
        self.description_label = QLabel(pending.describe() + ".", self)
        self.description_label.setWordWrap(True)
        text.addWidget(self.description_label)
        attempts = pending.draft.push_attempts
        self.attempt_label = QLabel(
            QCoreApplication.translate(
                "RecoveryDialog",
                "Er is al eens geprobeerd dit gesprek op te slaan. Bij verder gaan wordt eerst "
                "gecontroleerd of dat toch gelukt is, zodat niets dubbel wordt vastgelegd.",
            ),
            self,
        )
        self.attempt_label.setWordWrap(True)
        self.attempt_label.setVisible(attempts > 0)
        text.addWidget(self.attempt_label)
        question = QLabel(
            QCoreApplication.translate("RecoveryDialog", "Wilt u verder gaan met dit gesprek?"),
            self,
        )
        question.setWordWrap(True)
        text.addWidget(question)
        row.addLayout(text, 1)
        layout.addLayout(row)

        buttons = QHBoxLayout()
        self.discard_button = QPushButton(
            QCoreApplication.translate("RecoveryDialog", "Concept &weggooien en opnieuw beginnen"),
            self,
        )
        self.discard_button.setObjectName("recoveryDiscard")
        self.discard_button.clicked.connect(self._on_discard)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        self.continue_button = QPushButton(
            QCoreApplication.translate("RecoveryDialog", "&Verder met dit gesprek"), self
        )
        self.continue_button.setObjectName("recoveryContinue")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._on_continue)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)
        self.confirm_box: QMessageBox | None = None

    def _on_continue(self) -> None:
        self.choice = RecoveryChoice.CONTINUE
        self.accept()

    def _on_discard(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.windowTitle())
        box.setText(
            QCoreApplication.translate(
                "RecoveryDialog", "Het concept weggooien? Wat daarin is ingevuld, gaat verloren."
            )
        )
        discard = box.addButton(
            QCoreApplication.translate("RecoveryDialog", "&Weggooien"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        keep = box.addButton(
            QCoreApplication.translate("RecoveryDialog", "&Niet weggooien"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.setDefaultButton(keep)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.confirm_box = box

        def finished() -> None:
            self.confirm_box = None
            if box.clickedButton() is discard:
                self.choice = RecoveryChoice.DISCARD
                self.accept()

        box.finished.connect(finished)
        box.open()
