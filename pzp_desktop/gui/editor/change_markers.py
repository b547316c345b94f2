"""The marker of a changed item: icon + "Gewijzigd" + what it was, and "Herstel".

Colour is never the only signal: the marker says in words that the item changed and what
the prefilled value was, when and where it was recorded ("was: ‘Thuis’, 28-09-2025, Anna
Jansen, Huisartsenpraktijk De Oefenlinde (HIS)"). "Herstel" undoes every edit of the item.

After a review of source changes (warning 4) items whose prefilled value changed carry a
second marker: "Bijgewerkt uit de bron".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from pzp_desktop.domain.editing import BaselineValue
from pzp_desktop.domain.items import ItemKey
from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.editor.form_texts import provenance_text, value_text

__all__ = ["ChangeMarkerWidget", "RefreshedMarkerWidget", "was_text"]


def was_text(key: ItemKey, baseline: BaselineValue | None) -> str:
    """``"was: ‘Thuis’, 28-09-2025, Anna Jansen, Huisartsenpraktijk De Oefenlinde (HIS)"``."""
    if baseline is None or not baseline.prefill:
        return QCoreApplication.translate("EditorChanges", "was: nog niet vastgelegd")
    return (
        QCoreApplication.translate("EditorChanges", "was: ‘%1’, %2")
        .replace("%1", value_text(key, baseline.prefill))
        .replace("%2", provenance_text(baseline))
    )


class ChangeMarkerWidget(QFrame):
    """Shown on a changed item; ``revert_requested`` when "Herstel" is pressed."""

    revert_requested = Signal()

    def __init__(self, key: ItemKey, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorChangeMarker")
        self._key = key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 4, 3)
        layout.setSpacing(6)
        icon = QLabel(self)
        icon.setPixmap(editor_pixmap(EditorIcon.CHANGED, 18, self.devicePixelRatioF()))
        icon.setFixedSize(18, 18)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setObjectName("editorChangeMarkerText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, 1)
        self.revert_button = QPushButton(self.tr("Herstel"), self)
        self.revert_button.setObjectName("editorRevertButton")
        self.revert_button.setAccessibleName(self.tr("Herstel %1").replace("%1", title))
        self.revert_button.setToolTip(
            self.tr(
                "Zet dit onderdeel terug op de waarde van vóór dit gesprek; het wordt dan niet "
                "vastgelegd."
            )
        )
        self.revert_button.clicked.connect(self.revert_requested)
        layout.addWidget(self.revert_button, 0, Qt.AlignmentFlag.AlignTop)
        self._plain = ""

    def show_change(self, baseline: BaselineValue | None) -> None:
        was = was_text(self._key, baseline)
        word = self.tr("Gewijzigd")
        self._plain = f"{word} — {was}"
        self.label.setText(f"<b>{word}</b> — {_escape(was)}")
        self.setAccessibleName(self._plain)

    def text(self) -> str:
        """What the user reads (plain text)."""
        return self._plain


class RefreshedMarkerWidget(QFrame):
    """ "Bijgewerkt uit de bron": the prefilled value changed after the review."""

    def __init__(self, key: ItemKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorRefreshedMarker")
        self._key = key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(6)
        icon = QLabel(self)
        icon.setPixmap(editor_pixmap(EditorIcon.REFRESHED, 18, self.devicePixelRatioF()))
        icon.setFixedSize(18, 18)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)

    def show_value(self, baseline: BaselineValue | None) -> None:
        if baseline is None or not baseline.prefill:
            text = self.tr("Bijgewerkt uit de bron: geen actuele waarde meer")
        else:
            text = (
                self.tr("Bijgewerkt uit de bron: nu ‘%1’, %2")
                .replace("%1", value_text(self._key, baseline.prefill))
                .replace("%2", provenance_text(baseline))
            )
        self.label.setText(text)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self.label.text()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
