"""The main window: a top bar with the always visible mode label, the patient banner area
and the central work area. The layout lives in ``ui/main_window.ui``."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QWidget

from pzp_desktop.gui.ui_loader import load_ui

WINDOW_TITLE = "PZP Desktop — Proactieve zorgplanning"


class WindowMode(Enum):
    """Which environment the window works in; shown in the mode label at all times."""

    TRAINING = "training"
    LIVE = "live"


class MainWindow(QMainWindow):
    """The application's main window."""

    def __init__(self, mode: WindowMode = WindowMode.TRAINING, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        form = load_ui(
            "main_window.ui",
            self,
            required={
                QFrame: ["topBar", "patientBannerArea", "centralArea"],
                QLabel: ["appTitleLabel", "modeLabel", "noPatientLabel"],
            },
        )
        self.setCentralWidget(form.root)
        self.setWindowTitle(self.tr(WINDOW_TITLE))
        self.setAccessibleName(self.tr("PZP Desktop hoofdvenster"))
        self.setMinimumSize(800, 500)
        self.resize(1100, 720)

        self._mode_label = form.child(QLabel, "modeLabel")
        self._patient_banner_area = form.child(QFrame, "patientBannerArea")
        self._no_patient_label = form.child(QLabel, "noPatientLabel")

        # Until a patient is open there is nothing to show in the banner.
        self._patient_banner_area.setVisible(False)
        self._show_mode(mode)

    def _show_mode(self, mode: WindowMode) -> None:
        if mode is WindowMode.TRAINING:
            text = self.tr("OEFENOMGEVING — fictieve patiënten, er verlaat niets deze computer")
        else:
            text = self.tr("Echte patiëntgegevens")
        self._mode_label.setText(text)
        self._mode_label.setAccessibleDescription(text)
        # The style sheet selects on this property (QLabel#modeLabel[mode="training"]);
        # re-polish so a change after the window is shown takes effect.
        self._mode_label.setProperty("mode", mode.value)
        style = self._mode_label.style()
        style.unpolish(self._mode_label)
        style.polish(self._mode_label)
