"""Each source with its status: loading, loaded, unreachable, no permission, … with the
source's own message (in the interface language when it is a catalogue text), plus a busy
indicator for slow loads.

One failing source never hides the others; when a source that should have data could not be
read, the widget says in words that the overview may be incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.messages import render
from pzp_desktop.gui import i18n
from pzp_desktop.gui.icons import IconName, pixmap
from pzp_desktop.sources.fetch import Source, SourceResult
from pzp_desktop.sources.status import SourceStatus

__all__ = ["FAILED_STATUSES", "SourceStatusWidget", "status_label"]

#: Statuses that mean "this source's data is missing from the overview".
FAILED_STATUSES = frozenset(
    {SourceStatus.UNREACHABLE, SourceStatus.NOT_AUTHORISED, SourceStatus.ERROR}
)

_ICONS = {
    SourceStatus.LOADING: IconName.LOADING,
    SourceStatus.OK: IconName.PERMIT,
    SourceStatus.UNREACHABLE: IconName.ERROR,
    SourceStatus.NOT_AUTHORISED: IconName.LOCK,
    SourceStatus.NOT_FOUND: IconName.NONE,
    SourceStatus.ERROR: IconName.ERROR,
}

# The Dutch labels of SourceStatus, marked for translation.
_LABELS = {
    SourceStatus.LOADING: str(QT_TRANSLATE_NOOP("SourceStatus", "Bezig met laden…")),
    SourceStatus.OK: str(QT_TRANSLATE_NOOP("SourceStatus", "Geladen")),
    SourceStatus.UNREACHABLE: str(QT_TRANSLATE_NOOP("SourceStatus", "Niet bereikbaar")),
    SourceStatus.NOT_AUTHORISED: str(QT_TRANSLATE_NOOP("SourceStatus", "Geen toestemming")),
    SourceStatus.NOT_FOUND: str(
        QT_TRANSLATE_NOOP("SourceStatus", "Patiënt niet bekend in deze bron")
    ),
    SourceStatus.ERROR: str(QT_TRANSLATE_NOOP("SourceStatus", "Fout")),
}


def status_label(status: SourceStatus) -> str:
    return QCoreApplication.translate("SourceStatus", _LABELS.get(status, status.label))


class _SourceEntry(QFrame):
    def __init__(self, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setObjectName("sourceEntry")
        self._icon = QLabel(self)
        self._icon.setFixedSize(18, 18)
        self._text = QLabel(self)
        self._text.setObjectName("sourceStatusText")
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 8, 2)
        layout.setSpacing(6)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.status = SourceStatus.LOADING
        self.message = ""
        self.show_status(SourceStatus.LOADING, "")

    @property
    def text(self) -> str:
        return self._text.text()

    def show_status(self, status: SourceStatus, message: str) -> None:
        self.status = status
        # Kept as given: a catalogue Text is shown again in the new language on a switch.
        self.message = message
        text = f"{self.source.name}: {status_label(status)}"
        if message and status is not SourceStatus.LOADING:
            text += f" — {render(message, i18n.current_language())}"
        self._text.setText(text)
        # Only a failure's message is long enough to need wrapping.
        self._text.setWordWrap(bool(message) and status is not SourceStatus.LOADING)
        self._icon.setPixmap(pixmap(_ICONS[status], 18, self.devicePixelRatioF()))
        self.setAccessibleName(self.source.name)
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.setProperty("status", status.code)
        style = self.style()
        style.unpolish(self)
        style.polish(self)


class SourceStatusWidget(QFrame):
    """The sources of the open patient, each with its status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceStatusWidget")
        # One stop for the keyboard; its description reads every source's status.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._heading = QLabel(self)
        self._heading.setObjectName("sourcesHeading")
        self._entries_layout = QVBoxLayout()
        self._entries_layout.setSpacing(1)
        self._busy = QProgressBar(self)
        self._busy.setObjectName("busyIndicator")
        self._busy.setRange(0, 0)  # indeterminate
        self._busy.setTextVisible(False)
        self._busy.setMaximumWidth(120)
        self._busy.setMaximumHeight(10)
        self._busy.setVisible(False)
        self._busy_label = QLabel(self)
        self._busy_label.setObjectName("busyLabel")
        self._busy_label.setVisible(False)

        heading_row = QHBoxLayout()
        heading_row.setSpacing(8)
        heading_row.addWidget(self._heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self._busy_label)
        heading_row.addWidget(self._busy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(heading_row)
        layout.addLayout(self._entries_layout)
        self._warning_text = ""
        self._entries: dict[str, _SourceEntry] = {}
        self._retranslate()

    # -- public -----------------------------------------------------------------------

    def set_sources(self, sources: Sequence[Source]) -> None:
        """Start over with ``sources``, all loading."""
        while (item := self._entries_layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self._entries = {}
        for source in sources:
            entry = _SourceEntry(source, self)
            self._entries[source.name] = entry
            self._entries_layout.addWidget(entry)
        self._update_warning()

    def update_result(self, result: SourceResult) -> None:
        entry = self._entries.get(result.source.name)
        if entry is None:
            return
        entry.show_status(result.status, result.message)
        self._update_warning()

    def set_busy(self, busy: bool) -> None:
        self._busy.setVisible(busy)
        self._busy_label.setVisible(busy)

    @property
    def busy_visible(self) -> bool:
        return self._busy.isVisibleTo(self)

    def status_of(self, source_name: str) -> SourceStatus | None:
        entry = self._entries.get(source_name)
        return entry.status if entry else None

    def text_of(self, source_name: str) -> str:
        entry = self._entries.get(source_name)
        return entry.text if entry else ""

    def texts(self) -> list[str]:
        return [entry.text for entry in self._entries.values()]

    @property
    def incomplete(self) -> bool:
        """True when a source that should have data could not be read."""
        return any(entry.status in FAILED_STATUSES for entry in self._entries.values())

    @property
    def warning_text(self) -> str:
        """What the user must know when a source is missing ("" when none is); the main
        window shows it above the key decisions."""
        return self._warning_text if self.incomplete else ""

    # -- internals --------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._heading.setText(self.tr("Bronnen"))
        self._busy_label.setText(self.tr("Gegevens worden opgehaald…"))
        self._busy.setAccessibleName(self.tr("Gegevens worden opgehaald"))
        self.setAccessibleName(self.tr("Bronnen en hun status"))
        self._warning_text = self.tr(
            "Let op: niet alle bronnen konden worden gelezen. Het overzicht en de "
            "kernafspraken kunnen onvolledig zijn; raadpleeg zo nodig de bron zelf."
        )
        for entry in self._entries.values():
            entry.show_status(entry.status, entry.message)
        self._update_warning()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _update_warning(self) -> None:
        lines = self.texts()
        if self.incomplete:
            lines.append(self._warning_text)
        self.setAccessibleDescription(". ".join(lines))
