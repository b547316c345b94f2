"""The patient banner: who this is (name, birth date, age, BSN) — identification only, no
PZP content. The BSN is shown as ``1234.56.789``, the way Dutch systems print it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pzp_desktop.domain.dates import AMSTERDAM, ClinicalDate, Precision
from pzp_desktop.domain.patient import PatientSummary
from pzp_desktop.gui.key_decisions_widget import scaled_font

__all__ = ["PatientBannerWidget", "age_on", "format_bsn"]


def format_bsn(bsn: str) -> str:
    """``999990007`` → ``9999.90.007``; anything that is not nine digits as it is."""
    digits = bsn.strip()
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}"
    return digits


def age_on(birth: ClinicalDate, today: date) -> int | None:
    """Age in whole years on ``today`` (``None`` for a birth date without a day)."""
    if birth.precision in (Precision.YEAR, Precision.MONTH):
        return None
    born = birth.local_day
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return years if years >= 0 else None


_GENDERS = {
    "female": str(QT_TRANSLATE_NOOP("PatientBannerWidget", "vrouw")),
    "male": str(QT_TRANSLATE_NOOP("PatientBannerWidget", "man")),
    "other": str(QT_TRANSLATE_NOOP("PatientBannerWidget", "anders")),
    "unknown": str(QT_TRANSLATE_NOOP("PatientBannerWidget", "onbekend")),
}


class PatientBannerWidget(QFrame):
    """Shows one patient's identification; empty while nothing is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patientBanner")
        self._name = QLabel(self)
        self._name.setObjectName("patientNameLabel")
        self._birth = QLabel(self)
        self._birth.setObjectName("patientBirthLabel")
        self._bsn = QLabel(self)
        self._bsn.setObjectName("patientBsnLabel")
        self._gender = QLabel(self)
        self._gender.setObjectName("patientGenderLabel")
        for label in (self._name, self._birth, self._bsn, self._gender):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._name.setFont(scaled_font(self.font(), 1.6, bold=True))
        details = QHBoxLayout()
        details.setSpacing(20)
        details.addWidget(self._birth)
        details.addWidget(self._bsn)
        details.addWidget(self._gender)
        details.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._name)
        layout.addLayout(details)
        layout.addStretch(1)
        self._patient: PatientSummary | None = None
        self._loading = False
        self._retranslate()
        self.clear()

    # -- public -----------------------------------------------------------------------

    @property
    def name_text(self) -> str:
        return self._name.text()

    @property
    def birth_text(self) -> str:
        return self._birth.text()

    @property
    def bsn_text(self) -> str:
        return self._bsn.text()

    def clear(self) -> None:
        self._patient = None
        self._loading = False
        self._show()

    def set_loading(self) -> None:
        """A patient is being opened (nothing known yet)."""
        self._patient = None
        self._loading = True
        self._show()

    def set_patient(self, patient: PatientSummary | None, today: date | None = None) -> None:
        self._patient = patient
        self._loading = False
        self._show(today)

    # -- internals --------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._name.setAccessibleName(self.tr("Naam patiënt"))
        self._birth.setAccessibleName(self.tr("Geboortedatum en leeftijd"))
        self._bsn.setAccessibleName(self.tr("Burgerservicenummer"))
        self._gender.setAccessibleName(self.tr("Geslacht"))
        self.setAccessibleName(self.tr("Patiënt"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show()
        super().changeEvent(event)

    def _show(self, today: date | None = None) -> None:
        patient = self._patient
        if patient is None:
            self._name.setText(self.tr("Patiënt wordt geopend…") if self._loading else "")
            for label in (self._birth, self._bsn, self._gender):
                label.clear()
            self._update_accessible()
            return
        self._name.setText(patient.name or self.tr("Naam onbekend"))
        if patient.birth_date is not None:
            today = today or datetime.now(AMSTERDAM).date()
            age = age_on(patient.birth_date, today)
            born = patient.birth_date.display_date()
            text = self.tr("Geboren %1").replace("%1", born)
            if age is not None:
                text += " " + self.tr("(%1 jaar)").replace("%1", str(age))
            self._birth.setText(text)
        else:
            self._birth.setText(self.tr("Geboortedatum onbekend"))
        self._bsn.setText(
            self.tr("BSN %1").replace("%1", format_bsn(patient.bsn))
            if patient.bsn
            else self.tr("BSN onbekend")
        )
        gender = _GENDERS.get(patient.gender or "")
        self._gender.setText(self.tr(gender) if gender else "")
        self._update_accessible()

    def _update_accessible(self) -> None:
        parts = [label.text() for label in (self._name, self._birth, self._bsn, self._gender)]
        self.setAccessibleDescription(", ".join(p for p in parts if p))
        for label in (self._name, self._birth, self._bsn, self._gender):
            label.setAccessibleDescription(label.text())
