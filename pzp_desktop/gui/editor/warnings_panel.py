"""Findings of the form's rules, where the clinician looks.

* :class:`FindingLabel` — one finding (error, warning or notice) inline, next to the item or
  field it is about: icon + a word that says the severity ("Fout", "Let op", "Ter
  informatie") + the Dutch reason from :mod:`pzp_desktop.domain.editing.rules`;
* :class:`FindingsArea` — the inline findings of one item or field (updated without flicker);
* :class:`WarningsPanelWidget` — the side panel: what will be saved (every changed item)
  and every finding; activating an entry jumps to its item (``item_activated``);
* :class:`SharingNoticeWidget` — the sharing-consent notice (form section 8b) shown above
  the save button while 8b is not "Akkoord".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.editing import Finding, Severity
from pzp_desktop.domain.items import ItemKey
from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.form_texts import item_title, localized, value_text

__all__ = [
    "SHARING_NOTICE_CODE",
    "FindingLabel",
    "FindingsArea",
    "SharingNoticeWidget",
    "WarningsPanelWidget",
    "severity_word",
]

SHARING_NOTICE_CODE = "geen-toestemming-delen"

_ICONS = {
    Severity.ERROR: EditorIcon.ERROR,
    Severity.WARNING: EditorIcon.WARNING,
    Severity.NOTICE: EditorIcon.NOTICE,
}


def severity_word(severity: Severity) -> str:
    """The word that says the severity (never colour alone)."""
    if severity is Severity.ERROR:
        return QCoreApplication.translate("EditorFindings", "Fout")
    if severity is Severity.WARNING:
        return QCoreApplication.translate("EditorFindings", "Let op")
    return QCoreApplication.translate("EditorFindings", "Ter informatie")


def _icon_label(icon: EditorIcon, parent: QWidget, size: int = 18) -> QLabel:
    label = QLabel(parent)
    label.setPixmap(editor_pixmap(icon, size, parent.devicePixelRatioF()))
    label.setFixedSize(size, size)
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    label.setAccessibleName("")  # decorative: the text next to it says the same
    return label


class FindingLabel(QFrame):
    """One finding: icon, severity word and the Dutch reason."""

    def __init__(self, finding: Finding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("editorFinding")
        self.setProperty("severity", finding.severity.value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)
        layout.addWidget(_icon_label(_ICONS[finding.severity], self), 0, Qt.AlignmentFlag.AlignTop)
        #: The message in the interface language.
        self.message = localized(finding.message)
        self.text_label = QLabel(
            f"<b>{severity_word(finding.severity)}:</b> {_escape(self.message)}", self
        )
        self.text_label.setObjectName("editorFindingText")
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setWordWrap(True)
        layout.addWidget(self.text_label, 1)
        self.setAccessibleName(f"{severity_word(finding.severity)}: {self.message}")

    def text(self) -> str:
        """What the user reads (plain text)."""
        return f"{severity_word(self.finding.severity)}: {self.message}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FindingsArea(QWidget):
    """The inline findings of one item, question or conversation field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorFindings")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 2, 0, 2)
        self._layout.setSpacing(3)
        self._shown: tuple[tuple[str, str], ...] = ()
        self.labels: list[FindingLabel] = []
        self.setVisible(False)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        wanted = tuple((f.code, f.message) for f in findings)
        if wanted == self._shown:
            return
        self._shown = wanted
        for label in self.labels:
            self._layout.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.labels = []
        for finding in findings:
            label = FindingLabel(finding, self)
            self._layout.addWidget(label)
            self.labels.append(label)
        self.setVisible(bool(findings))

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels]


class SharingNoticeWidget(QFrame):
    """The notice of form section 8b: without "Akkoord" others will not see the data."""

    def __init__(self, model: EditorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorSharingNotice")
        self._model = model
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(_icon_label(EditorIcon.NOTICE, self, 20), 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName("editorSharingNoticeText")
        layout.addWidget(self.label, 1)
        model.draft_changed.connect(self._on_draft_changed)
        self._on_draft_changed()

    def _on_draft_changed(self) -> None:
        notice = next(
            (f for f in self._model.report.notices if f.code == SHARING_NOTICE_CODE), None
        )
        if notice is not None:
            self.label.setText(localized(notice.message))
            self.setAccessibleName(self.label.text())
        self.setVisible(notice is not None)


class _EntryButton(QPushButton):
    """A flat, focusable entry of the side panel that jumps to its item."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("editorPanelEntry")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._label = QLabel(text, self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(6, 3, 6, 3)
        inner.addWidget(self._label)
        self.setAccessibleName(text)
        self.setToolTip(self.tr("Ga naar dit onderdeel in het formulier"))

    def text_shown(self) -> str:
        return self._label.text()

    def sizeHint(self):  # type: ignore[no-untyped-def]
        hint = self._label.sizeHint()
        hint.setHeight(self._label.heightForWidth(max(120, self.width() - 12)) + 8)
        return hint

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._label.heightForWidth(max(60, width - 12)) + 8


class WarningsPanelWidget(QFrame):
    """The side panel: what will be saved and every finding (see the module docstring)."""

    item_activated = Signal(object)  # ItemKey, or None for the conversation fields

    def __init__(self, model: EditorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorSidePanel")
        self._model = model
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = QWidget(scroll)
        body.setObjectName("editorSidePanelBody")
        scroll.setWidget(body)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(10, 10, 10, 10)
        self._layout.setSpacing(4)

        self.changes_heading = QLabel(body)
        self.changes_heading.setObjectName("editorPanelHeading")
        self._layout.addWidget(self.changes_heading)
        self.changes_empty = QLabel(
            self.tr(
                "Nog niets gewijzigd. Pas de onderdelen aan die in dit gesprek zijn besproken."
            ),
            body,
        )
        self.changes_empty.setWordWrap(True)
        self.changes_empty.setObjectName("editorPanelEmpty")
        self._layout.addWidget(self.changes_empty)
        self._changes_box = QVBoxLayout()
        self._changes_box.setSpacing(2)
        self._layout.addLayout(self._changes_box)

        self._layout.addSpacing(10)
        self.findings_heading = QLabel(body)
        self.findings_heading.setObjectName("editorPanelHeading")
        self._layout.addWidget(self.findings_heading)
        self.findings_empty = QLabel(self.tr("Geen meldingen."), body)
        self.findings_empty.setObjectName("editorPanelEmpty")
        self._layout.addWidget(self.findings_empty)
        self._findings_box = QVBoxLayout()
        self._findings_box.setSpacing(4)
        self._layout.addLayout(self._findings_box)
        self._layout.addStretch(1)

        self._shown: tuple[object, ...] = ()
        self.change_entries: list[_EntryButton] = []
        self.finding_entries: list[tuple[Finding, QWidget]] = []
        model.draft_changed.connect(self._on_draft_changed)
        self._on_draft_changed()

    def change_texts(self) -> list[str]:
        return [entry.text_shown() for entry in self.change_entries]

    def finding_texts(self) -> list[str]:
        return [
            widget.text() if isinstance(widget, FindingLabel) else ""
            for _, widget in self.finding_entries
        ]

    def _on_draft_changed(self) -> None:
        changed = self._model.changed_keys()
        changes = [
            (key, value_text(key, self._model.draft.effective(key, self._model.enabled)))
            for key in changed
        ]
        findings = [f for f in self._model.report.findings if f.code != "niets-gewijzigd"]
        state = (tuple(changes), tuple((f.code, f.message) for f in findings))
        if state == self._shown:
            return
        self._shown = state
        self.changes_heading.setText(self.tr("Wat wordt vastgelegd (%n)", "", len(changes)))
        self.changes_empty.setVisible(not changes)
        for entry in self.change_entries:
            self._changes_box.removeWidget(entry)
            entry.hide()
            entry.deleteLater()
        self.change_entries = []
        for key, shown in changes:
            entry = _EntryButton(f"{item_title(key)}: {shown}", self)
            entry.clicked.connect(lambda _=False, k=key: self.item_activated.emit(k))
            self._changes_box.addWidget(entry)
            self.change_entries.append(entry)

        self.findings_heading.setText(self.tr("Meldingen (%n)", "", len(findings)))
        self.findings_empty.setVisible(not findings)
        for _, widget in self.finding_entries:
            self._findings_box.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.finding_entries = []
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}
        for finding in sorted(findings, key=lambda f: order[f.severity]):
            label = FindingLabel(finding, self)
            label.setProperty("panel", True)
            target: ItemKey | None = finding.keys[0] if finding.keys else None
            button = QPushButton(self.tr("Toon"), label)
            button.setObjectName("editorFindingJump")
            button.setAccessibleName(
                self.tr("Toon in het formulier: %1").replace("%1", label.message)
            )
            button.clicked.connect(lambda _=False, k=target: self.item_activated.emit(k))
            label.layout().addWidget(button)  # type: ignore[union-attr]
            self._findings_box.addWidget(label)
            self.finding_entries.append((finding, label))
