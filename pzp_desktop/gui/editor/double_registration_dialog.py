"""The double-registration warnings before saving ("dubbel vastleggen", product brief §5).

Every warning is shown with who, when and where. The four kinds each have a heading that
says in plain words what is the matter:

1. the same value is already recorded recently;
2. a conversation on the same day by the same professional already exists;
3. the clinician's own system records PZP itself;
4. the sources changed since the editor opened: every change is listed, and saving is only
   possible after ticking "Ik heb deze wijzigingen bekeken" (a review). "Bekijken in het
   formulier" instead takes the new values into the form first (edits are kept) and goes
   back to the editor.

The dialog decides nothing itself: its result is :class:`DoubleRegistrationChoice`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.editing import (
    DoubleRegistrationReport,
    DoubleRegistrationWarning,
    WarningKind,
)
from pzp_desktop.domain.editing.rules import item_label
from pzp_desktop.domain.items import ItemKey
from pzp_desktop.gui.editor.editor_icons import EditorIcon, editor_pixmap
from pzp_desktop.gui.editor.form_texts import language, localized
from pzp_desktop.gui.editor.style import apply_editor_style

__all__ = ["DoubleRegistrationChoice", "DoubleRegistrationDialog"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("DoubleRegistrationDialog", text)


class DoubleRegistrationChoice(Enum):
    SAVE = "save"  # save anyway (after the review, when one was needed)
    REVIEW_IN_FORM = "review-in-form"  # take the new values into the form, back to editing
    BACK = "back"  # back to the editor, nothing changed


# Marked for lupdate here, translated where they are shown (``_tr(str(...))``).
_HEADINGS: dict[WarningKind, tuple[object, object]] = {
    WarningKind.SAME_VALUE_RECENTLY: (
        QT_TRANSLATE_NOOP("DoubleRegistrationDialog", "Dezelfde waarde is onlangs al vastgelegd"),
        QT_TRANSLATE_NOOP(
            "DoubleRegistrationDialog",
            "Wat u nu vastlegt, staat er al. Leg het alleen opnieuw vast als het opnieuw is "
            "besproken.",
        ),
    ),
    WarningKind.SAME_DAY_CONVERSATION: (
        QT_TRANSLATE_NOOP(
            "DoubleRegistrationDialog", "Er is op deze dag al een gesprek van dezelfde zorgverlener"
        ),
        QT_TRANSLATE_NOOP("DoubleRegistrationDialog", "Misschien is dit gesprek al vastgelegd."),
    ),
    WarningKind.NATIVE_REGISTRATION: (
        QT_TRANSLATE_NOOP(
            "DoubleRegistrationDialog", "Uw eigen systeem legt proactieve zorgplanning zelf vast"
        ),
        "",
    ),
    WarningKind.SOURCE_CHANGED: (
        QT_TRANSLATE_NOOP(
            "DoubleRegistrationDialog", "De gegevens zijn gewijzigd sinds u dit gesprek begon"
        ),
        QT_TRANSLATE_NOOP(
            "DoubleRegistrationDialog",
            "Iemand anders heeft intussen iets vastgelegd. Bekijk wat er is veranderd voordat "
            "u opslaat. Wat u zelf hebt ingevuld blijft staan; de andere onderdelen worden "
            "bijgewerkt naar de nieuwe waarden.",
        ),
    ),
}

_ORDER = (
    WarningKind.SOURCE_CHANGED,
    WarningKind.SAME_VALUE_RECENTLY,
    WarningKind.SAME_DAY_CONVERSATION,
    WarningKind.NATIVE_REGISTRATION,
)


def who_when_where(warning: DoubleRegistrationWarning) -> str:
    """``"Wie: Anna Jansen · Wanneer: 12-11-2026 · Waar: Huisartsenpraktijk …"``."""
    parts = []
    if warning.who:
        parts.append(
            QCoreApplication.translate("DoubleRegistrationDialog", "Wie: %1").replace(
                "%1", localized(warning.who)
            )
        )
    if warning.when is not None:
        parts.append(
            QCoreApplication.translate("DoubleRegistrationDialog", "Wanneer: %1").replace(
                "%1", warning.when.display()
            )
        )
    if warning.where:
        parts.append(
            QCoreApplication.translate("DoubleRegistrationDialog", "Waar: %1").replace(
                "%1", warning.where
            )
        )
    return " · ".join(parts)


class _WarningEntry(QFrame):
    def __init__(
        self,
        warning: DoubleRegistrationWarning,
        parent: QWidget,
        what_changed: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("doubleRegistrationEntry")
        self.warning = warning
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.message_label = QLabel(localized(warning.message), self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message_label)
        self.change_labels: list[QLabel] = []
        for line in what_changed:
            label = QLabel(f"• {line}", self)
            label.setObjectName("doubleRegistrationChange")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(12, 0, 0, 0)
            layout.addWidget(label)
            self.change_labels.append(label)
        details = who_when_where(warning)
        self.details_label = QLabel(details, self)
        self.details_label.setObjectName("doubleRegistrationDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_label.setVisible(bool(details))
        layout.addWidget(self.details_label)
        self.setAccessibleName(
            " ".join([self.message_label.text(), *what_changed, details]).strip()
        )

    def text(self) -> str:
        lines = [self.message_label.text(), *(label.text() for label in self.change_labels)]
        lines.append(self.details_label.text())
        return "\n".join(line for line in lines if line)


class DoubleRegistrationDialog(QDialog):
    """The warnings of one save; see the module docstring."""

    def __init__(
        self,
        report: DoubleRegistrationReport,
        *,
        training: bool = False,
        new_values: Mapping[ItemKey, str] | None = None,
        own_changes: Collection[ItemKey] = (),
        intro: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``new_values``: what each item now holds in the sources (for the list of source
        changes); ``own_changes``: the items this conversation changes (a source change to
        one of them is pointed out); ``intro``: why the dialog appears (after a conflict)."""
        super().__init__(parent)
        self.setObjectName("doubleRegistrationDialog")
        apply_editor_style(self)
        self.report = report
        self.choice = DoubleRegistrationChoice.BACK
        title = QCoreApplication.translate("DoubleRegistrationDialog", "Dubbel vastleggen?")
        if training:
            title = (
                QCoreApplication.translate("DoubleRegistrationDialog", "OEFENOMGEVING")
                + f" — {title}"
            )
        self.setWindowTitle(title)
        self.setModal(True)

        outer = QVBoxLayout(self)
        outer.setSpacing(8)
        if training:
            band = QLabel(
                QCoreApplication.translate(
                    "DoubleRegistrationDialog",
                    "OEFENOMGEVING — fictieve patiënt, er verlaat niets deze computer",
                ),
                self,
            )
            band.setObjectName("editorTrainingBand")
            band.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(band)
        intro_row = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(editor_pixmap(EditorIcon.WARNING, 32, self.devicePixelRatioF()))
        icon.setFixedSize(32, 32)
        intro_row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QCoreApplication.translate(
            "DoubleRegistrationDialog",
            "Controleer deze meldingen voordat u het gesprek opslaat. U kunt teruggaan "
            "naar het gesprek om het aan te passen.",
        )
        if intro:
            again = QCoreApplication.translate(
                "DoubleRegistrationDialog", "Bekijk wat er is veranderd en sla daarna opnieuw op."
            )
            text = f"{intro} {again}"
        self.intro_label = QLabel(text, self)
        self.intro_label.setObjectName("doubleRegistrationIntro")
        self.intro_label.setWordWrap(True)
        intro_row.addWidget(self.intro_label, 1)
        outer.addLayout(intro_row)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(6)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.entries: list[_WarningEntry] = []
        self.headings: dict[WarningKind, QLabel] = {}
        for kind in _ORDER:
            warnings = report.of_kind(kind)
            if not warnings:
                continue
            group = QFrame(body)
            group.setObjectName("doubleRegistrationGroup")
            group.setProperty("kind", kind.value)
            group_layout = QVBoxLayout(group)
            group_layout.setContentsMargins(10, 8, 10, 10)
            group_layout.setSpacing(4)
            heading_text, explanation = _HEADINGS[kind]
            heading = QLabel(_tr(str(heading_text)), group)
            heading.setObjectName("doubleRegistrationHeading")
            heading.setWordWrap(True)
            group_layout.addWidget(heading)
            self.headings[kind] = heading
            if explanation:
                note = QLabel(_tr(str(explanation)), group)
                note.setWordWrap(True)
                note.setObjectName("doubleRegistrationExplanation")
                group_layout.addWidget(note)
            for warning in warnings:
                lines = self._what_changed(warning, new_values or {}, set(own_changes))
                entry = _WarningEntry(warning, group, lines)
                group_layout.addWidget(entry)
                self.entries.append(entry)
            body_layout.addWidget(group)
        body_layout.addStretch(1)

        self.review_box: QCheckBox | None = None
        if report.review_required:
            self.review_box = QCheckBox(
                QCoreApplication.translate(
                    "DoubleRegistrationDialog",
                    "Ik heb deze &wijzigingen bekeken en wil toch opslaan",
                ),
                self,
            )
            self.review_box.setObjectName("doubleRegistrationReview")
            self.review_box.toggled.connect(self._update_buttons)
            outer.addWidget(self.review_box)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(
            QCoreApplication.translate("DoubleRegistrationDialog", "&Terug naar het gesprek"), self
        )
        self.back_button.setObjectName("doubleRegistrationBack")
        self.back_button.clicked.connect(self._on_back)
        buttons.addWidget(self.back_button)
        self.review_button: QPushButton | None = None
        if report.review_required:
            self.review_button = QPushButton(
                QCoreApplication.translate(
                    "DoubleRegistrationDialog", "&Bekijken in het formulier"
                ),
                self,
            )
            self.review_button.setToolTip(
                QCoreApplication.translate(
                    "DoubleRegistrationDialog",
                    "Neem de nieuwe waarden over in het formulier (uw eigen invoer blijft "
                    "staan) en ga terug naar het gesprek.",
                )
            )
            self.review_button.clicked.connect(self._on_review_in_form)
            buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        self.save_button = QPushButton(
            QCoreApplication.translate("DoubleRegistrationDialog", "Toch &opslaan"), self
        )
        self.save_button.setObjectName("doubleRegistrationSave")
        self.save_button.clicked.connect(self._on_save)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.resize(760, min(680, max(320, self.sizeHint().height() + 40)))
        self.back_button.setDefault(True)
        self.back_button.setAutoDefault(True)
        self.save_button.setAutoDefault(False)
        self._update_buttons()

    def _what_changed(
        self,
        warning: DoubleRegistrationWarning,
        new_values: Mapping[ItemKey, str],
        own: set[ItemKey],
    ) -> list[str]:
        """Per item of a source change: its value now, and whether this conversation changes
        it too."""
        if warning.kind is not WarningKind.SOURCE_CHANGED:
            return []
        change = next(
            (
                c
                for c in self.report.source_changes.changes
                if c.reference == warning.reference and c.source == warning.where
            ),
            None,
        )
        if change is None:
            return []
        lines = []
        for key in change.keys:
            value = new_values.get(key)
            line = f"{item_label(key, language())}: " + (
                QCoreApplication.translate("DoubleRegistrationDialog", "nu ‘%1’").replace(
                    "%1", value
                )
                if value
                else QCoreApplication.translate("DoubleRegistrationDialog", "gewijzigd")
            )
            if key in own:
                line += " — " + QCoreApplication.translate(
                    "DoubleRegistrationDialog",
                    "u legt dit onderdeel in dit gesprek ook vast; uw waarde wordt de nieuwste",
                )
            lines.append(line)
        return lines

    def _update_buttons(self) -> None:
        needs_review = self.review_box is not None and not self.review_box.isChecked()
        self.save_button.setEnabled(not needs_review)
        self.save_button.setToolTip(
            QCoreApplication.translate(
                "DoubleRegistrationDialog", "Vink eerst aan dat u de wijzigingen hebt bekeken."
            )
            if needs_review
            else ""
        )

    def entry_texts(self) -> list[str]:
        return [entry.text() for entry in self.entries]

    def _on_back(self) -> None:
        self.choice = DoubleRegistrationChoice.BACK
        self.reject()

    def _on_review_in_form(self) -> None:
        self.choice = DoubleRegistrationChoice.REVIEW_IN_FORM
        self.accept()

    def _on_save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.choice = DoubleRegistrationChoice.SAVE
        self.accept()
