"""The form's sections 1 and 3–8, generated from the form definition (section 2, who was
present, is part of the conversation form).

* :class:`FormSectionsWidget` — every section, in form order;
* :class:`SectionWidget` — one collapsible section ("5. Behandelwensen");
* :class:`ItemWidget` — one item ("5b Gewenste plek van overlijden"): its questions, what it
  currently holds and where that came from, the change marker with "Herstel", and its
  findings next to the questions they are about;
* inputs generated per question type: a choice is a set of radio buttons (or a list box for
  long lists) with the form's labels, a repeating choice a set of check boxes, a text a
  line or text edit, a repeating group (telephone numbers, e-mail addresses) rows with
  "toevoegen"/"verwijderen"; the fixed concepts of the standard are shown as text.

The form's rules (enableWhen) apply live: a question that does not apply is greyed out and
says why ("Alleen van toepassing als …"). Every input's accessible name is its question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.editing import Finding
from pzp_desktop.domain.form import ITEMS_WITHOUT_FORM_ITEMS, FormItem, load_form
from pzp_desktop.domain.items import Answer, AnswerValue, ItemId, ItemKey
from pzp_desktop.gui.editor.change_markers import ChangeMarkerWidget, RefreshedMarkerWidget
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.form_texts import (
    condition_text,
    item_title,
    option_label,
    provenance_text,
    question_label,
    value_text,
)
from pzp_desktop.gui.editor.warnings_panel import FindingsArea

__all__ = [
    "SECTION_GROUPS",
    "ChoiceInput",
    "FormSectionsWidget",
    "ItemWidget",
    "MultiChoiceInput",
    "RepeatingGroupInput",
    "SectionWidget",
    "TextInput",
]

#: The top-level groups of the form that are sections edited here (2 is the conversation).
SECTION_GROUPS: tuple[str, ...] = ("26", "586", "83", "107", "598", "115", "119")

#: Choices with at most this many options are radio buttons; longer lists a combo box.
RADIO_MAX = 6

#: Free texts that are written as a paragraph (a text edit instead of a line).
MULTI_LINE = frozenset({"1190", "1196"})

OTHER_LIMIT_NAME_LINK = "1422"


def _tr(text: str) -> str:
    return QCoreApplication.translate("EditorSections", text)


def _first(answers: tuple[Answer, ...], link_id: str, repeat: int = 0) -> AnswerValue | None:
    return next((a.value for a in answers if a.link_id == link_id and a.repeat == repeat), None)


# ---------------------------------------------------------------------------------------------
# Inputs


class ChoiceInput(QWidget):
    """One choice: radio buttons with the form's labels, or a combo box for long lists."""

    edited = Signal(object)  # Coding | None

    def __init__(
        self,
        item: FormItem,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        combo: bool = False,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self._loading = False
        self._options = list(item.options)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.setAccessibleName(accessible_name)
        self.combo: QComboBox | None = None
        self.group: QButtonGroup | None = None
        self.radios: list[QRadioButton] = []
        if combo or len(self._options) > RADIO_MAX:
            self.combo = QComboBox(self)
            self.combo.addItem(QCoreApplication.translate("EditorSections", "— geen antwoord —"))
            for option in self._options:
                self.combo.addItem(option_label(item, option.coding))
            self.combo.setAccessibleName(accessible_name)
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.combo.activated.connect(self._on_combo_activated)
            layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            self.group = QButtonGroup(self)
            self.group.setExclusive(True)
            for index, option in enumerate(self._options):
                radio = QRadioButton(option_label(item, option.coding), self)
                radio.setAccessibleName(option_label(item, option.coding))
                radio.setAccessibleDescription(accessible_name)
                self.group.addButton(radio, index)
                radio.toggled.connect(lambda checked, i=index: self._on_radio_toggled(i, checked))
                layout.addWidget(radio)
                self.radios.append(radio)
        self.unknown_label = QLabel(self)
        self.unknown_label.setObjectName("editorUnknownValue")
        self.unknown_label.setWordWrap(True)
        self.unknown_label.setVisible(False)
        layout.addWidget(self.unknown_label)

    def inputs(self) -> list[QWidget]:
        return [self.combo] if self.combo is not None else list(self.radios)

    def focus_target(self) -> QWidget:
        if self.combo is not None:
            return self.combo
        checked = next((r for r in self.radios if r.isChecked()), None)
        return checked or self.radios[0]

    def value(self) -> Coding | None:
        if self.combo is not None:
            index = self.combo.currentIndex()
            return self._options[index - 1].coding if index > 0 else None
        assert self.group is not None
        index = self.group.checkedId()
        return self._options[index].coding if index >= 0 else None

    def select(self, label: str) -> None:
        """Choose the option with this label, as a user would (tests, shortcuts)."""
        for index, option in enumerate(self._options):
            if option_label(self.item, option.coding) == label:
                if self.combo is not None:
                    self.combo.setCurrentIndex(index + 1)
                    self._on_combo_activated(index + 1)
                else:
                    self.radios[index].click()
                return
        raise KeyError(label)

    def set_value(self, value: AnswerValue | None) -> None:
        self._loading = True
        try:
            index = -1
            if isinstance(value, Coding):
                index = next((i for i, o in enumerate(self._options) if o.matches(value)), -1)
            if self.combo is not None:
                self.combo.setCurrentIndex(index + 1)
            else:
                assert self.group is not None
                self.group.setExclusive(False)
                for i, radio in enumerate(self.radios):
                    radio.setChecked(i == index)
                self.group.setExclusive(True)
            unknown = value is not None and index < 0
            if unknown:
                shown = value.display or value.code if isinstance(value, Coding) else str(value)
                self.unknown_label.setText(
                    QCoreApplication.translate(
                        "EditorSections",
                        "Waarde uit de bron: ‘%1’ (komt niet voor in de keuzelijst)",
                    ).replace("%1", shown)
                )
            self.unknown_label.setVisible(unknown)
        finally:
            self._loading = False

    def _on_radio_toggled(self, index: int, checked: bool) -> None:
        if checked and not self._loading:
            self.edited.emit(self._options[index].coding)

    def _on_combo_activated(self, index: int) -> None:
        if not self._loading:
            self.edited.emit(self._options[index - 1].coding if index > 0 else None)


class TextInput(QWidget):
    """A free text: a line edit, or a text edit for the form's paragraphs."""

    edited = Signal(str)

    def __init__(self, item: FormItem, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line: QLineEdit | None = None
        self.text_edit: QPlainTextEdit | None = None
        if item.link_id in MULTI_LINE:
            self.text_edit = QPlainTextEdit(self)
            self.text_edit.setTabChangesFocus(True)
            self.text_edit.setAccessibleName(accessible_name)
            self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 4 + 14)
            self.text_edit.textChanged.connect(self._on_text_changed)
            layout.addWidget(self.text_edit)
        else:
            self.line = QLineEdit(self)
            self.line.setAccessibleName(accessible_name)
            self.line.textEdited.connect(self._on_line_edited)
            layout.addWidget(self.line)

    def inputs(self) -> list[QWidget]:
        return [self.line] if self.line is not None else [self.text_edit]  # type: ignore[list-item]

    def focus_target(self) -> QWidget:
        return self.inputs()[0]

    def text(self) -> str:
        if self.line is not None:
            return self.line.text()
        assert self.text_edit is not None
        return self.text_edit.toPlainText()

    def set_value(self, value: AnswerValue | None) -> None:
        text = value if isinstance(value, str) else ""
        if text == self.text():
            return
        self._loading = True
        try:
            if self.line is not None:
                self.line.setText(text)
            else:
                assert self.text_edit is not None
                self.text_edit.setPlainText(text)
                self.text_edit.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False

    def _on_line_edited(self, text: str) -> None:
        if not self._loading:
            self.edited.emit(text)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.edited.emit(self.text())


class MultiChoiceInput(QWidget):
    """A repeating choice (e.g. 1c "Relatie tot patiënt (1)"): check boxes, and the text for
    "Anders, namelijk" next to the option it belongs to."""

    edited = Signal(object)  # list[Answer]

    def __init__(
        self,
        item: FormItem,
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.item = item
        self._loading = False
        self.other_item = next(
            (c for c in item.children if c.type == "string" and c.enable_when is not None), None
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.setAccessibleName(accessible_name)
        self.boxes: list[QCheckBox] = []
        self.other_line: QLineEdit | None = None
        for option in item.options:
            box = QCheckBox(option_label(item, option.coding), self)
            box.setAccessibleName(option_label(item, option.coding))
            box.setAccessibleDescription(accessible_name)
            box.toggled.connect(self._on_toggled)
            layout.addWidget(box)
            self.boxes.append(box)
            if self._is_other(option.coding):
                assert self.other_item is not None
                self.other_line = QLineEdit(self)
                self.other_line.setAccessibleName(
                    f"{accessible_name}: {question_label(self.other_item)}"
                )
                self.other_line.setPlaceholderText(question_label(self.other_item))
                self.other_line.textEdited.connect(self._on_toggled)
                indent = QHBoxLayout()
                indent.setContentsMargins(24, 0, 0, 0)
                indent.addWidget(self.other_line)
                layout.addLayout(indent)

    def _is_other(self, coding: Coding) -> bool:
        condition = self.other_item.enable_when if self.other_item else None
        return (
            condition is not None and Coding(condition.system, condition.code).same_concept(coding)
            if condition and condition.system
            else bool(condition and condition.code == coding.code)
        )

    @property
    def link_ids(self) -> set[str]:
        ids = {self.item.link_id}
        if self.other_item is not None:
            ids.add(self.other_item.link_id)
        return ids

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = list(self.boxes)
        if self.other_line is not None:
            out.append(self.other_line)
        return out

    def focus_target(self) -> QWidget:
        return self.boxes[0]

    def answers(self) -> list[Answer]:
        out: list[Answer] = []
        repeat = 0
        for box, option in zip(self.boxes, self.item.options, strict=True):
            if not box.isChecked():
                continue
            out.append(Answer(self.item.link_id, option.coding, repeat))
            if self._is_other(option.coding) and self.other_line is not None:
                text = self.other_line.text().strip()
                if text and self.other_item is not None:
                    out.append(Answer(self.other_item.link_id, text, repeat))
            repeat += 1
        return out

    def load(self, answers: tuple[Answer, ...]) -> None:
        self._loading = True
        try:
            chosen = [a for a in answers if a.link_id == self.item.link_id]
            other_text = ""
            for box, option in zip(self.boxes, self.item.options, strict=True):
                match = next(
                    (a for a in chosen if isinstance(a.value, Coding) and option.matches(a.value)),
                    None,
                )
                box.setChecked(match is not None)
                if match is not None and self._is_other(option.coding) and self.other_item:
                    text = _first(answers, self.other_item.link_id, match.repeat)
                    other_text = text if isinstance(text, str) else ""
            if self.other_line is not None:
                self.other_line.setText(other_text)
        finally:
            self._loading = False
        self._update_other()

    def _update_other(self) -> None:
        if self.other_line is None:
            return
        checked = any(
            box.isChecked() and self._is_other(option.coding)
            for box, option in zip(self.boxes, self.item.options, strict=True)
        )
        self.other_line.setEnabled(checked)

    def _on_toggled(self, *_: object) -> None:
        self._update_other()
        if not self._loading:
            self.edited.emit(self.answers())


class _GroupRow(QFrame):
    """One repetition of a repeating group (one telephone number)."""

    def __init__(
        self, group: FormItem, number: int, owner: RepeatingGroupInput, title: str
    ) -> None:
        super().__init__(owner)
        self.setObjectName("editorGroupRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(6)
        self.inputs: dict[str, ChoiceInput | TextInput] = {}
        for child in group.children:
            name = f"{title} {number + 1}: {question_label(child)}"
            widget: ChoiceInput | TextInput
            if child.type in ("choice", "open-choice"):
                widget = ChoiceInput(child, name, self, combo=True)
                widget.edited.connect(owner.emit_edited)
            else:
                widget = TextInput(child, name, self)
                assert widget.line is not None
                widget.line.setPlaceholderText(question_label(child))
                widget.edited.connect(owner.emit_edited)
            self.inputs[child.link_id] = widget
            layout.addWidget(widget, 2 if isinstance(widget, TextInput) else 1)
        self.remove_button = QPushButton(
            QCoreApplication.translate("EditorSections", "Verwijderen"), self
        )
        self.remove_button.setAccessibleName(
            QCoreApplication.translate("EditorSections", "%1 %2 verwijderen")
            .replace("%1", title)
            .replace("%2", str(number + 1))
        )
        layout.addWidget(self.remove_button)

    def values(self, repeat: int) -> list[Answer]:
        out: list[Answer] = []
        for link_id, widget in self.inputs.items():
            value: AnswerValue | None
            if isinstance(widget, ChoiceInput):
                value = widget.value()
            else:
                text = widget.text().strip()
                value = text or None
            if value is not None:
                out.append(Answer(link_id, value, repeat))
        return out

    def load(self, answers: list[Answer]) -> None:
        for link_id, widget in self.inputs.items():
            widget.set_value(next((a.value for a in answers if a.link_id == link_id), None))


class RepeatingGroupInput(QWidget):
    """A repeating group (telephone numbers, e-mail addresses): one row per repetition,
    "toevoegen" and "verwijderen"."""

    edited = Signal(object)  # list[Answer]

    def __init__(self, group: FormItem, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.title = title
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.setAccessibleName(title)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        layout.addLayout(self._rows_layout)
        self.rows: list[_GroupRow] = []
        self.empty_label = QLabel(QCoreApplication.translate("EditorSections", "Geen"), self)
        self.empty_label.setObjectName("editorMuted")
        layout.addWidget(self.empty_label)
        single = _singular(group)
        self.add_button = QPushButton(
            QCoreApplication.translate("EditorSections", "%1 toevoegen").replace("%1", single), self
        )
        self.add_button.setAccessibleName(
            QCoreApplication.translate("EditorSections", "%1 toevoegen").replace("%1", single)
        )
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self.add_row)

    @property
    def link_ids(self) -> set[str]:
        return {c.link_id for c in self.group.children}

    def inputs(self) -> list[QWidget]:
        out: list[QWidget] = []
        for row in self.rows:
            for widget in row.inputs.values():
                out.extend(widget.inputs())
        return out

    def focus_target(self) -> QWidget:
        return self.inputs()[0] if self.rows else self.add_button

    def answers(self) -> list[Answer]:
        out: list[Answer] = []
        for repeat, row in enumerate(self.rows):
            out.extend(row.values(repeat))
        return out

    def add_row(self) -> None:
        row = self._new_row()
        row.inputs[next(iter(row.inputs))].focus_target().setFocus()

    def _new_row(self) -> _GroupRow:
        row = _GroupRow(self.group, len(self.rows), self, _singular(self.group))
        row.remove_button.clicked.connect(lambda _=False, r=row: self._remove_row(r))
        self._rows_layout.addWidget(row)
        self.rows.append(row)
        self.empty_label.setVisible(False)
        return row

    def _remove_row(self, row: _GroupRow) -> None:
        self.rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.deleteLater()
        self.empty_label.setVisible(not self.rows)
        self.add_button.setFocus()
        self.emit_edited()

    def emit_edited(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit(self.answers())

    def load(self, answers: tuple[Answer, ...]) -> None:
        self._loading = True
        try:
            mine = [a for a in answers if a.link_id in self.link_ids]
            repeats = sorted({a.repeat for a in mine})
            while len(self.rows) > len(repeats):
                row = self.rows.pop()
                self._rows_layout.removeWidget(row)
                row.deleteLater()
            while len(self.rows) < len(repeats):
                self._new_row()
            for row, repeat in zip(self.rows, repeats, strict=True):
                row.load([a for a in mine if a.repeat == repeat])
            self.empty_label.setVisible(not self.rows)
        finally:
            self._loading = False


def _singular(group: FormItem) -> str:
    names = {
        "40": str(QT_TRANSLATE_NOOP("EditorSections", "Telefoonnummer")),
        "62": str(QT_TRANSLATE_NOOP("EditorSections", "Telefoonnummer")),
        "41": str(QT_TRANSLATE_NOOP("EditorSections", "E-mailadres")),
        "66": str(QT_TRANSLATE_NOOP("EditorSections", "E-mailadres")),
    }
    name = names.get(group.link_id)
    return _tr(name) if name else question_label(group)


def _value_loader(
    widget: ChoiceInput | TextInput, link_id: str
) -> Callable[[tuple[Answer, ...]], None]:
    def load(answers: tuple[Answer, ...]) -> None:
        widget.set_value(_first(answers, link_id))

    return load


# ---------------------------------------------------------------------------------------------
# One item


class _QuestionRow(QWidget):
    """A question: its label, input, why it does not apply (if so) and its findings."""

    def __init__(
        self,
        item: FormItem,
        input_widget: QWidget,
        label_text: str | None,
        parent: QWidget,
        depth: int,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editorQuestion")
        self.item = item
        self.input = input_widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(depth * 22, 2, 0, 2)
        layout.setSpacing(2)
        self.label: QLabel | None = None
        if label_text:
            self.label = QLabel(label_text, self)
            self.label.setObjectName("editorQuestionLabel")
            self.label.setWordWrap(True)
            layout.addWidget(self.label)
            buddy = getattr(input_widget, "focus_target", None)
            if callable(buddy):
                self.label.setBuddy(buddy())
        layout.addWidget(input_widget)
        self.condition_label = QLabel(self)
        self.condition_label.setObjectName("editorCondition")
        self.condition_label.setWordWrap(True)
        self.condition_label.setVisible(False)
        layout.addWidget(self.condition_label)
        self.findings = FindingsArea(self)
        layout.addWidget(self.findings)

    def set_applicable(self, applicable: bool, reason: str | None) -> None:
        self.input.setEnabled(applicable)
        if self.label is not None:
            self.label.setEnabled(applicable)
        self.condition_label.setText(reason or "")
        self.condition_label.setVisible(bool(reason) and not applicable)


class _GroupHeading(QWidget):
    """A sub-heading for a group of questions ("a) Naam wettelijk vertegenwoordiger")."""

    def __init__(self, group: FormItem, text: str | None, parent: QWidget, depth: int) -> None:
        super().__init__(parent)
        self.item = group
        layout = QVBoxLayout(self)
        layout.setContentsMargins(depth * 22, 6, 0, 0)
        layout.setSpacing(2)
        self.label: QLabel | None = None
        if text:
            self.label = QLabel(text, self)
            self.label.setObjectName("editorGroupHeading")
            self.label.setWordWrap(True)
            layout.addWidget(self.label)
        self.condition_label = QLabel(self)
        self.condition_label.setObjectName("editorCondition")
        self.condition_label.setWordWrap(True)
        self.condition_label.setVisible(False)
        layout.addWidget(self.condition_label)

    def set_applicable(self, applicable: bool, reason: str | None) -> None:
        if self.label is not None:
            self.label.setEnabled(applicable)
        self.condition_label.setText(reason or "")
        self.condition_label.setVisible(bool(reason) and not applicable)


class ItemWidget(QFrame):
    """One item of the form with its questions, current value, change marker and findings."""

    def __init__(self, model: EditorModel, key: ItemKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorItem")
        self.setProperty("changed", False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.model = model
        self.key = key
        self._form = load_form()
        self._built_questions: list[_QuestionRow] = []
        self._headings: list[_GroupHeading] = []
        self._loaders: list[Callable[[tuple[Answer, ...]], None]] = []
        self._name_labels: list[QLabel] = []
        self.rows: dict[str, _QuestionRow] = {}
        self._question_heading: str | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 10)
        outer.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.title_label = QLabel(self._title(), self)
        self.title_label.setObjectName("editorItemTitle")
        self.title_label.setWordWrap(True)
        top.addWidget(self.title_label, 1)
        outer.addLayout(top)

        self.current_label = QLabel(self)
        self.current_label.setObjectName("editorItemCurrent")
        self.current_label.setWordWrap(True)
        self.current_label.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.current_label)

        self.conflict_label = QLabel(
            QCoreApplication.translate(
                "EditorSections",
                "Let op: de bronnen spreken elkaar tegen over dit onderdeel. Controleer de "
                "waarde met de patiënt.",
            ),
            self,
        )
        self.conflict_label.setObjectName("editorConflict")
        self.conflict_label.setWordWrap(True)
        outer.addWidget(self.conflict_label)

        self.marker = ChangeMarkerWidget(key, self._title(), self)
        self.marker.revert_requested.connect(self._on_revert_requested)
        outer.addWidget(self.marker)
        self.refreshed_marker = RefreshedMarkerWidget(key, self)
        outer.addWidget(self.refreshed_marker)

        self.body = QWidget(self)
        self._body_layout = QVBoxLayout(self.body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_layout.setSpacing(2)
        outer.addWidget(self.body)
        for root in self._roots():
            self._build(root, 0, is_root=True)
        self.findings = FindingsArea(self)
        outer.addWidget(self.findings)

        model.draft_changed.connect(self._on_draft_changed)
        model.answers_reset.connect(self._on_answers_reset)
        self.load()
        self._on_draft_changed()

    # -- building --------------------------------------------------------------------------

    def _title(self) -> str:
        title = item_title(self.key)
        if self.key.item is ItemId.OTHER_LIMIT:
            name = _first(self.model.answers(self.key), OTHER_LIMIT_NAME_LINK)
            if isinstance(name, str) and name.strip():
                title = f"{title}: {name.strip()}"
        return title

    def _roots(self) -> list[FormItem]:
        item_id = self.key.item
        return [
            node
            for node in self._form.walk()
            if node.item_id is item_id
            and (node.parent is None or self._form.item(node.parent).item_id is not item_id)
        ]

    def _accessible(self, node: FormItem) -> str:
        """The question text; with the item's name where the question alone is ambiguous."""
        if self._question_heading and node.text_nl.endswith("([MetingWaarde])"):
            return self._question_heading
        label = question_label(node)
        generic = {"Toelichting", "Besluit", "Voornamen", "Voorvoegsels", "Achternaam"}
        if label in generic or label.startswith(("Wat is er afgesproken", "Anders")):
            return f"{self._title()} — {label}"
        return label

    def _build(self, node: FormItem, depth: int, *, is_root: bool = False) -> None:
        if node.is_group:
            if node.repeats:
                repeating = RepeatingGroupInput(node, question_label(node), self.body)
                repeating.edited.connect(
                    lambda answers, n=node, r=repeating: self.model.set_questions(
                        self.key, r.link_ids, answers
                    )
                )
                self._add_row(node, repeating, question_label(node), depth)
                self._loaders.append(repeating.load)
                return
            heading_text = self._group_heading_text(node, is_root)
            if heading_text or node.enable_when is not None:
                heading = _GroupHeading(node, heading_text, self.body, depth)
                self._body_layout.addWidget(heading)
                self._headings.append(heading)
            for child in node.children:
                self._build(child, depth + (0 if is_root else 1))
            return
        if node.fixed_concept:
            option = node.initial_option
            # The treatment a limit is about is worth reading ("Behandeling: cardiopulmonale
            # resuscitatie"); a MetingNaam only repeats the item's title in SNOMED words.
            if option is not None and node.text_nl.startswith("Behandeling"):
                label = QLabel(f"{question_label(node)}: {option.label(self._lang())}", self.body)
                label.setObjectName("editorFixedConcept")
                label.setWordWrap(True)
                label.setContentsMargins(depth * 22, 0, 0, 0)
                self._body_layout.addWidget(label)
            return
        if node.link_id == OTHER_LIMIT_NAME_LINK:
            label = QLabel(self.body)
            label.setObjectName("editorFixedConcept")
            self._name_labels.append(label)
            self._body_layout.addWidget(label)
            return
        if node.type in ("choice", "open-choice") and node.repeats:
            multi = MultiChoiceInput(node, self._accessible(node), self.body)
            multi.edited.connect(
                lambda answers, m=multi: self.model.set_questions(self.key, m.link_ids, answers)
            )
            self._add_row(node, multi, node.label(self._lang()), depth)
            self._loaders.append(multi.load)
            return
        if node.type in ("choice", "open-choice"):
            choice = ChoiceInput(node, self._accessible(node), self.body)
            choice.edited.connect(
                lambda value, n=node: self.model.set_question(self.key, n.link_id, value)
            )
            self._add_row(node, choice, self._row_label(node, is_root), depth)
            self._loaders.append(_value_loader(choice, node.link_id))
        else:
            text = TextInput(node, self._accessible(node), self.body)
            text.edited.connect(
                lambda value, n=node: self.model.set_question(
                    self.key, n.link_id, value if value.strip() else None
                )
            )
            self._add_row(node, text, self._row_label(node, is_root), depth)
            self._loaders.append(_value_loader(text, node.link_id))
        for child in node.children:
            self._build(child, depth + 1)

    def _row_label(self, node: FormItem, is_root: bool = False) -> str | None:
        if self._question_heading and node.text_nl.endswith("([MetingWaarde])"):
            return None  # the group's heading above asks this question
        label = question_label(node)
        return f"{node.prefix} {label}" if node.prefix else label

    def _group_heading_text(self, node: FormItem, is_root: bool) -> str | None:
        if node.parent is None:
            return None  # the section itself (3., 6.): its header says it
        text = node.label(self._lang())
        if is_root:
            own = node.text(self._lang()).strip()
            if own.endswith("?") or len(own) > 60:
                self._question_heading = own  # the group asks the question (5a, 5d)
                return own
            return None  # "a) Reanimatie", "c) Euthanasie standpunt": the item's title says it
        return text

    def _add_row(self, node: FormItem, widget: QWidget, label: str | None, depth: int) -> None:
        row = _QuestionRow(node, widget, label, self.body, depth)
        self._body_layout.addWidget(row)
        self.rows[node.link_id] = row
        self._built_questions.append(row)

    @staticmethod
    def _lang() -> str:
        from pzp_desktop.gui.editor.form_texts import language

        return language()

    # -- reading the model -----------------------------------------------------------------

    def load(self) -> None:
        """Show the draft's answers of this item (prefill or edit) in the inputs."""
        answers = self.model.answers(self.key)
        for loader in self._loaders:
            loader(answers)
        name = _first(answers, OTHER_LIMIT_NAME_LINK)
        for label in self._name_labels:
            label.setText(
                QCoreApplication.translate("EditorSections", "Behandeling: %1").replace(
                    "%1", name if isinstance(name, str) else ""
                )
            )

    def inputs(self) -> list[QWidget]:
        """Every input of this item (for tests and accessibility checks)."""
        out: list[QWidget] = []
        for row in self._built_questions:
            get = getattr(row.input, "inputs", None)
            if callable(get):
                out.extend(get())
        return out

    def first_input(self) -> QWidget | None:
        for row in self._built_questions:
            if row.input.isEnabled():
                target = getattr(row.input, "focus_target", None)
                if callable(target):
                    widget: QWidget = target()
                    return widget
        return None

    def choice(self, link_id: str) -> ChoiceInput:
        widget = self.rows[link_id].input
        assert isinstance(widget, ChoiceInput)
        return widget

    def text_input(self, link_id: str) -> TextInput:
        widget = self.rows[link_id].input
        assert isinstance(widget, TextInput)
        return widget

    def marker_text(self) -> str:
        return self.marker.text() if self.marker.isVisible() else ""

    def finding_texts(self) -> list[str]:
        texts = list(self.findings.texts())
        for row in self._built_questions:
            texts.extend(row.findings.texts())
        return texts

    def _on_answers_reset(self, keys: list[ItemKey]) -> None:
        if self.key in keys:
            self.load()
            self.title_label.setText(self._title())

    def _on_revert_requested(self) -> None:
        self.model.revert(self.key)
        target = self.first_input()
        if target is not None:
            target.setFocus()

    def _on_draft_changed(self) -> None:
        model = self.model
        enabled = model.enabled
        shown_reasons: set[str] = set()
        for heading in self._headings:
            applicable = heading.item.link_id in enabled
            reason = condition_text(heading.item)
            if reason in shown_reasons:
                reason = None
            elif reason and not applicable:
                shown_reasons.add(reason)
            heading.set_applicable(applicable, reason)
        for row in self._built_questions:
            applicable = row.item.link_id in enabled
            reason = condition_text(row.item)
            if reason in shown_reasons:
                reason = None
            elif reason and not applicable:
                shown_reasons.add(reason)
            row.set_applicable(applicable, reason)

        baseline = model.baseline(self.key)
        changed = model.is_changed(self.key)
        if baseline is not None and baseline.prefill:
            current = (
                QCoreApplication.translate("EditorSections", "Huidige waarde: ‘%1’ — vastgelegd %2")
                .replace("%1", value_text(self.key, baseline.prefill))
                .replace("%2", provenance_text(baseline))
            )
        elif baseline is not None and baseline.proposed:
            current = (
                QCoreApplication.translate(
                    "EditorSections",
                    "Alleen een voorstel, nog niet van kracht: ‘%1’ — vastgelegd %2",
                )
                .replace("%1", value_text(self.key, baseline.answers))
                .replace("%2", provenance_text(baseline))
            )
        elif baseline is not None and baseline.ended:
            current = QCoreApplication.translate(
                "EditorSections", "De eerdere afspraak is beëindigd (%1)."
            ).replace("%1", provenance_text(baseline))
        else:
            current = QCoreApplication.translate(
                "EditorSections", "Nog niet besproken: er is nog niets vastgelegd."
            )
        self.current_label.setText(current)
        self.current_label.setVisible(not changed)
        self.conflict_label.setVisible(bool(baseline and baseline.conflict))
        if changed:
            self.marker.show_change(baseline)
        self.marker.setVisible(changed)
        refreshed = self.key in model.refreshed
        if refreshed:
            self.refreshed_marker.show_value(baseline)
        self.refreshed_marker.setVisible(refreshed)
        if self.property("changed") != changed:
            self.setProperty("changed", changed)
            self.style().unpolish(self)
            self.style().polish(self)

        # Findings: next to the question they are about, else under the item.
        per_row: dict[str, list[Finding]] = {}
        item_level: list[Finding] = []
        for finding in model.findings_for(self.key):
            if finding.code == "geen-toestemming-delen" and not finding.keys:
                continue
            link = next((lid for lid in finding.link_ids if lid in self.rows), None)
            if link is not None:
                per_row.setdefault(link, []).append(finding)
            else:
                item_level.append(finding)
        for link_id, row in self.rows.items():
            row.findings.show_findings(per_row.get(link_id, []))
        self.findings.show_findings(item_level)


# ---------------------------------------------------------------------------------------------
# Other treatment limits (4g): several items, and adding one


class OtherLimitsWidget(QFrame):
    """4g: one item per other treatment limit, and "toevoegen" with the treatment's name."""

    def __init__(self, model: EditorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorOtherLimits")
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._items_layout = QVBoxLayout()
        self._items_layout.setSpacing(6)
        layout.addLayout(self._items_layout)
        self.items: dict[ItemKey, ItemWidget] = {}
        for key in model.other_limit_keys():
            self._add_item(key)

        add = QFrame(self)
        add.setObjectName("editorItem")
        add_layout = QVBoxLayout(add)
        add_layout.setContentsMargins(12, 8, 12, 10)
        title = QLabel(
            QCoreApplication.translate("EditorSections", "4g Overige behandelgrens toevoegen"), add
        )
        title.setObjectName("editorItemTitle")
        add_layout.addWidget(title)
        row = QHBoxLayout()
        self.name_label = QLabel(
            QCoreApplication.translate("EditorSections", "&Naam van de behandeling:"), add
        )
        row.addWidget(self.name_label)
        self.name_edit = QLineEdit(add)
        self.name_edit.setAccessibleName(
            QCoreApplication.translate("EditorSections", "Naam van de overige behandelgrens")
        )
        self.name_edit.setPlaceholderText(
            QCoreApplication.translate("EditorSections", "bijvoorbeeld: sondevoeding")
        )
        self.name_label.setBuddy(self.name_edit)
        row.addWidget(self.name_edit, 1)
        self.add_button = QPushButton(
            QCoreApplication.translate("EditorSections", "Toevoegen"), add
        )
        self.add_button.setAccessibleName(
            QCoreApplication.translate("EditorSections", "Overige behandelgrens toevoegen")
        )
        self.add_button.setEnabled(False)
        row.addWidget(self.add_button)
        add_layout.addLayout(row)
        layout.addWidget(add)
        self.name_edit.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip()))
        )
        self.name_edit.returnPressed.connect(self._on_add)
        self.add_button.clicked.connect(self._on_add)
        model.item_added.connect(self._on_item_added)
        model.item_removed.connect(self._on_item_removed)

    def _add_item(self, key: ItemKey) -> ItemWidget:
        widget = ItemWidget(self.model, key, self)
        self._items_layout.addWidget(widget)
        self.items[key] = widget
        return widget

    def _on_add(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        key = self.model.add_other_limit(name)
        self.name_edit.clear()
        widget = self.items.get(key)
        if widget is not None:
            QTimer.singleShot(0, lambda: _focus_first(widget))

    def _on_item_added(self, key: ItemKey) -> None:
        if key.item is ItemId.OTHER_LIMIT and key not in self.items:
            self._add_item(key)

    def _on_item_removed(self, key: ItemKey) -> None:
        widget = self.items.pop(key, None)
        if widget is not None:
            self._items_layout.removeWidget(widget)
            widget.deleteLater()
            self.name_edit.setFocus()


def _focus_first(widget: ItemWidget) -> None:
    target = widget.first_input()
    if target is not None:
        target.setFocus()


# ---------------------------------------------------------------------------------------------
# Sections


class SectionWidget(QFrame):
    """One section of the form, collapsible; its header says how many items changed."""

    def __init__(self, model: EditorModel, group: FormItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorSection")
        self.model = model
        self.group = group
        self.number = (group.prefix or group.text_nl).strip().rstrip(".").split(" ")[0]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QToolButton(self)
        self.header.setObjectName("editorSectionHeader")
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setToolTip(
            QCoreApplication.translate(
                "EditorSections", "Onderdeel in- of uitklappen (Alt+%1 springt hierheen)"
            ).replace("%1", self.number)
        )
        self.header.toggled.connect(self._on_toggled)
        layout.addWidget(self.header)
        self.body = QWidget(self)
        self.body.setObjectName("editorSectionBody")
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(8, 6, 0, 8)
        body_layout.setSpacing(8)
        layout.addWidget(self.body)

        self.items: dict[ItemKey, ItemWidget] = {}
        self.other_limits: OtherLimitsWidget | None = None
        seen: set[ItemId] = set()
        for node in _walk(group):
            if node is group:
                continue
            if node.item_id is None and node.is_group and node.parent == group.link_id:
                intro = QLabel(node.label(_lang()), self.body)
                intro.setObjectName("editorSectionIntro")
                intro.setWordWrap(True)
                body_layout.addWidget(intro)
                continue
            item_id = node.item_id
            if item_id is None or item_id in seen or item_id in ITEMS_WITHOUT_FORM_ITEMS:
                continue
            seen.add(item_id)
            if item_id is ItemId.OTHER_LIMIT:
                self.other_limits = OtherLimitsWidget(model, self.body)
                body_layout.addWidget(self.other_limits)
                continue
            widget = ItemWidget(model, ItemKey(item_id), self.body)
            body_layout.addWidget(widget)
            self.items[ItemKey(item_id)] = widget
        if group.item_id is not None and group.item_id not in seen:
            widget = ItemWidget(model, ItemKey(group.item_id), self.body)
            body_layout.addWidget(widget)
            self.items[ItemKey(group.item_id)] = widget
        model.draft_changed.connect(self._update_header)
        self._update_header()

    def item_widgets(self) -> Iterator[ItemWidget]:
        yield from self.items.values()
        if self.other_limits is not None:
            yield from self.other_limits.items.values()

    def item_widget(self, key: ItemKey) -> ItemWidget | None:
        if key.item is ItemId.OTHER_LIMIT and self.other_limits is not None:
            return self.other_limits.items.get(key)
        return self.items.get(key)

    def expand(self) -> None:
        self.header.setChecked(True)

    def _on_toggled(self, expanded: bool) -> None:
        self.body.setVisible(expanded)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self._update_header()

    def _update_header(self) -> None:
        changed = sum(1 for w in self.item_widgets() if self.model.is_changed(w.key))
        title = self.group.label(_lang())
        if changed:
            title += "   " + QCoreApplication.translate(
                "EditorSections", "— %n gewijzigd", "", changed
            )
        state = (
            QCoreApplication.translate("EditorSections", "uitgeklapt")
            if self.header.isChecked()
            else QCoreApplication.translate("EditorSections", "ingeklapt")
        )
        self.header.setText(title.replace("&", "&&"))
        self.header.setAccessibleName(f"{title} ({state})")
        if self.header.property("changed") != bool(changed):
            self.header.setProperty("changed", bool(changed))
            self.header.style().unpolish(self.header)
            self.header.style().polish(self.header)


def _walk(node: FormItem) -> Iterator[FormItem]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _lang() -> str:
    from pzp_desktop.gui.editor.form_texts import language

    return language()


class FormSectionsWidget(QWidget):
    """Sections 1 and 3–8 of the form; Alt+<number> jumps to a section."""

    jump_requested = Signal(object)  # QWidget to scroll to

    def __init__(self, model: EditorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorSections")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        form = load_form()
        self.sections: dict[str, SectionWidget] = {}
        for link_id in SECTION_GROUPS:
            section = SectionWidget(model, form.item(link_id), self)
            layout.addWidget(section)
            self.sections[section.number] = section
            shortcut = QShortcut(QKeySequence(f"Alt+{section.number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=section: self.go_to_section(s))
        layout.addStretch(1)

    def section(self, number: str) -> SectionWidget:
        return self.sections[number]

    def item_widget(self, key: ItemKey) -> ItemWidget | None:
        for section in self.sections.values():
            widget = section.item_widget(key)
            if widget is not None:
                return widget
        return None

    def item_widgets(self) -> Iterator[ItemWidget]:
        for section in self.sections.values():
            yield from section.item_widgets()

    def section_of(self, key: ItemKey) -> SectionWidget | None:
        for section in self.sections.values():
            if section.item_widget(key) is not None:
                return section
        return None

    def go_to_section(self, section: SectionWidget) -> None:
        section.expand()
        self.jump_requested.emit(section)
        section.header.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def go_to_item(self, key: ItemKey) -> None:
        section = self.section_of(key)
        widget = self.item_widget(key)
        if section is None or widget is None:
            return
        section.expand()
        self.jump_requested.emit(widget)
        target = widget.first_input()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
