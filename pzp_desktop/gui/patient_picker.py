"""Training mode only: choose one of the fictitious patients.

In production there is NO patient search: the patient comes from the launch context (the
clinician's own system, or a BSN given at start). This picker exists only in the training
environment, shows what each fictitious patient is for (their "purpose"), and is never
built for a live session.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.gui.key_decisions_widget import scaled_font
from pzp_desktop.gui.patient_banner import format_bsn
from pzp_desktop.sources.training import TrainingPatient

__all__ = ["PatientCardWidget", "PatientPickerDialog", "PatientPickerWidget"]


class PatientCardWidget(QPushButton):
    """One fictitious patient: name, birth date, BSN and what a trainer can show with them.
    A button, so Tab reaches it and Enter/Space opens the patient."""

    def __init__(self, patient: TrainingPatient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.patient = patient
        self.setObjectName(f"patientCard_{patient.key}")
        self.setProperty("patientCard", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._name = QLabel(patient.name, self)
        self._name.setObjectName("patientCardName")
        self._name.setFont(scaled_font(self.font(), 1.2, bold=True))
        born = ClinicalDate.parse(patient.birth_date).display_date()
        self._identity = QLabel(self)
        self._identity.setObjectName("patientCardIdentity")
        self._purpose = QLabel(patient.purpose, self)
        self._purpose.setObjectName("patientCardPurpose")
        self._purpose.setWordWrap(True)
        self._born = born
        for label in (self._name, self._identity, self._purpose):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 10, 14, 10)
        self._layout.setSpacing(2)
        self._layout.addWidget(self._name)
        self._layout.addWidget(self._identity)
        self._layout.addWidget(self._purpose)
        self._retranslate()

    def _retranslate(self) -> None:
        identity = self.tr("Geboren %1 · BSN %2").replace("%1", self._born)
        self._identity.setText(identity.replace("%2", format_bsn(self.patient.bsn)))
        self.setAccessibleName(self.patient.name)
        self.setAccessibleDescription(f"{self._identity.text()}. {self.patient.purpose}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # A button does not size itself by its layout: the labels inside must fit.
    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setHeight(max(hint.height(), self._layout.sizeHint().height()))
        return hint

    def minimumSizeHint(self) -> QSize:
        return self._layout.minimumSize()


class PatientPickerWidget(QWidget):
    """The fictitious patients as cards; ``patient_chosen(key)`` when one is opened."""

    patient_chosen = Signal(str)

    def __init__(self, patients: Sequence[TrainingPatient], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientPicker")
        self._heading = QLabel(self)
        self._heading.setObjectName("patientPickerHeading")
        self._heading.setFont(scaled_font(self.font(), 1.35, bold=True))
        self._explanation = QLabel(self)
        self._explanation.setObjectName("patientPickerExplanation")
        self._explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._heading)
        layout.addWidget(self._explanation)
        layout.addSpacing(4)
        self._cards: list[PatientCardWidget] = []
        for patient in patients:
            card = PatientCardWidget(patient, self)
            card.clicked.connect(lambda _checked=False, key=patient.key: self._choose(key))
            layout.addWidget(card)
            self._cards.append(card)
        layout.addStretch(1)
        self._retranslate()

    @property
    def cards(self) -> list[PatientCardWidget]:
        return list(self._cards)

    def card(self, key: str) -> PatientCardWidget:
        return next(card for card in self._cards if card.patient.key == key)

    def focus_first(self) -> None:
        if self._cards:
            self._cards[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose(self, key: str) -> None:
        self.patient_chosen.emit(key)

    def _retranslate(self) -> None:
        self._heading.setText(self.tr("Kies een oefenpatiënt"))
        self._explanation.setText(
            self.tr(
                "Dit is de oefenomgeving: alle patiënten zijn fictief en er verlaat niets deze "
                "computer. Kies een patiënt om het PZP-overzicht te openen. In de echte "
                "omgeving opent PZP Desktop de patiënt die in uw eigen systeem open staat; "
                "zoeken naar patiënten kan daar niet."
            )
        )
        self.setAccessibleName(self.tr("Oefenpatiënten"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class PatientPickerDialog(QDialog):
    """ "Andere oefenpatiënt…": the picker in a dialog. ``chosen_key`` after ``accepted``."""

    def __init__(self, patients: Sequence[TrainingPatient], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientPickerDialog")
        self.setModal(True)
        self.chosen_key: str | None = None
        self.picker = PatientPickerWidget(patients, self)
        self.picker.patient_chosen.connect(self._on_patient_chosen)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(self.picker)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Andere oefenpatiënt — OEFENOMGEVING"))
        self.setAccessibleName(self.tr("Andere oefenpatiënt kiezen"))
        self.resize(620, 560)
        self.picker.focus_first()

    def _on_patient_chosen(self, key: str) -> None:
        self.chosen_key = key
        self.accept()
