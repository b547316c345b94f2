"""The conversation being recorded: date and time, the professional (from the launch
context, read-only), who was present (the patient; related persons with their role or
relation: form section 2), the kind of contact and a comment.

The widget receives the :class:`~pzp_desktop.gui.editor.editor_model.EditorModel` and writes
every change through it; findings about the date or the professional are shown next to
those fields.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.codes import ACT_CODE, NULL_FLAVOR, ROL472, Coding
from pzp_desktop.domain.dates import AMSTERDAM, ClinicalDate
from pzp_desktop.domain.form import load_code_tables, load_form
from pzp_desktop.domain.items import Attendee
from pzp_desktop.gui.editor.editor_model import EditorModel
from pzp_desktop.gui.editor.form_texts import language, option_label
from pzp_desktop.gui.editor.warnings_panel import FindingsArea

__all__ = ["CONTACT_CLASSES", "AttendeeRow", "ConversationFormWidget"]

#: The kinds of contact offered (Encounter.class, ActCode); AMB is what the writer uses
#: when nothing is chosen.
CONTACT_CLASSES: tuple[str, ...] = ("AMB", "HH", "IMP", "VR", "EMER")
DEFAULT_CONTACT_CLASS = "AMB"

ROLE_LINK = "997"
RELATION_LINK = "998"
PATIENT_PRESENT_LINK = "82"
OTHER_ROLE = Coding(ROL472, "09")
OTHER_RELATION = Coding(NULL_FLAVOR, "OTH")


def _qt_moment(date: ClinicalDate | None) -> QDateTime:
    moment = (date.instant if date is not None else datetime.now(AMSTERDAM)).astimezone(AMSTERDAM)
    return QDateTime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        0,
        0,
        QTimeZone(b"Europe/Amsterdam"),
    )


class AttendeeRow(QFrame):
    """One person present besides the patient and the professional."""

    def __init__(self, owner: ConversationFormWidget, number: int) -> None:
        super().__init__(owner)
        self.setObjectName("editorAttendeeRow")
        self._owner = owner
        form = load_form()
        self.role_item = form.item(ROLE_LINK)
        self.relation_item = form.item(RELATION_LINK)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setHorizontalSpacing(6)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(QCoreApplication.translate("EditorConversation", "Naam"))
        self.name_edit.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Naam van aanwezige %1").replace(
                "%1", str(number)
            )
        )
        self.relation_combo = QComboBox(self)
        self.relation_combo.addItem(QCoreApplication.translate("EditorConversation", "— relatie —"))
        for option in self.relation_item.options:
            self.relation_combo.addItem(option_label(self.relation_item, option.coding))
        self.relation_combo.setAccessibleName(
            QCoreApplication.translate(
                "EditorConversation", "Relatie tot patiënt van aanwezige %1"
            ).replace("%1", str(number))
        )
        self.role_combo = QComboBox(self)
        self.role_combo.addItem(QCoreApplication.translate("EditorConversation", "— rol —"))
        for option in self.role_item.options:
            self.role_combo.addItem(option_label(self.role_item, option.coding))
        self.role_combo.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Rol van aanwezige %1").replace(
                "%1", str(number)
            )
        )
        self.other_edit = QLineEdit(self)
        self.other_edit.setPlaceholderText(
            QCoreApplication.translate("EditorConversation", "Anders, namelijk")
        )
        self.other_edit.setAccessibleName(
            QCoreApplication.translate(
                "EditorConversation", "Anders, namelijk (aanwezige %1)"
            ).replace("%1", str(number))
        )
        self.remove_button = QPushButton(
            QCoreApplication.translate("EditorConversation", "Verwijderen"), self
        )
        self.remove_button.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Aanwezige %1 verwijderen").replace(
                "%1", str(number)
            )
        )
        layout.addWidget(self.name_edit, 0, 0)
        layout.addWidget(self.relation_combo, 0, 1)
        layout.addWidget(self.role_combo, 0, 2)
        layout.addWidget(self.other_edit, 0, 3)
        layout.addWidget(self.remove_button, 0, 4)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(3, 2)
        self.name_edit.textEdited.connect(owner.write_attendees)
        self.other_edit.textEdited.connect(owner.write_attendees)
        self.relation_combo.activated.connect(owner.write_attendees)
        self.role_combo.activated.connect(owner.write_attendees)
        self._update_other()

    def _chosen(self, combo: QComboBox, item_options: tuple) -> Coding | None:  # type: ignore[type-arg]
        index = combo.currentIndex()
        return item_options[index - 1].coding if index > 0 else None

    def attendee(self) -> Attendee | None:
        self._update_other()
        role = self._chosen(self.role_combo, self.role_item.options)
        relation = self._chosen(self.relation_combo, self.relation_item.options)
        other = self.other_edit.text().strip() or None
        if role is not None and role.same_concept(OTHER_ROLE) and other:
            role = Coding(role.system, role.code, other)
        if relation is not None and relation.same_concept(OTHER_RELATION) and other:
            relation = Coding(relation.system, relation.code, other)
        name = self.name_edit.text().strip() or None
        if name is None and role is None and relation is None:
            return None
        return Attendee(
            name=name,
            roles=(role,) if role is not None else (),
            relations=(relation,) if relation is not None else (),
        )

    def load(self, attendee: Attendee) -> None:
        self.name_edit.setText(attendee.name or "")
        other = ""
        for combo, item, codings in (
            (self.role_combo, self.role_item, attendee.roles),
            (self.relation_combo, self.relation_item, attendee.relations),
        ):
            index = 0
            for coding in codings[:1]:
                for i, option in enumerate(item.options):
                    if option.matches(coding):
                        index = i + 1
                        if coding.display and coding.display != option.coding.display:
                            other = coding.display
            combo.setCurrentIndex(index)
        self.other_edit.setText(other)
        self._update_other()

    def _update_other(self) -> None:
        role = self._chosen(self.role_combo, self.role_item.options)
        relation = self._chosen(self.relation_combo, self.relation_item.options)
        self.other_edit.setEnabled(
            bool(role and role.same_concept(OTHER_ROLE))
            or bool(relation and relation.same_concept(OTHER_RELATION))
        )


class ConversationFormWidget(QFrame):
    """The conversation's own fields (see the module docstring)."""

    def __init__(
        self,
        model: EditorModel,
        *,
        professional_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("editorConversation")
        self.model = model
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 12)
        outer.setSpacing(6)
        title = QLabel(QCoreApplication.translate("EditorConversation", "Het gesprek"), self)
        title.setObjectName("editorSectionTitle")
        outer.addWidget(title)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(12)
        outer.addLayout(form)

        # Date and time
        self.date_edit = QDateTimeEdit(self)
        self.date_edit.setObjectName("editorDate")
        self.date_edit.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setTimeZone(QTimeZone(b"Europe/Amsterdam"))
        self.date_edit.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Datum en tijd van het gesprek")
        )
        self.date_edit.dateTimeChanged.connect(self._on_date_changed)
        date_box = QWidget(self)
        date_layout = QVBoxLayout(date_box)
        date_layout.setContentsMargins(0, 0, 0, 0)
        date_layout.addWidget(self.date_edit, 0, Qt.AlignmentFlag.AlignLeft)
        self.date_findings = FindingsArea(date_box)
        date_layout.addWidget(self.date_findings)
        self.date_label = QLabel(
            QCoreApplication.translate("EditorConversation", "&Datum en tijd:"), self
        )
        self.date_label.setBuddy(self.date_edit)
        form.addRow(self.date_label, date_box)

        # Professional (read-only, from the launch context)
        self.professional_edit = QLineEdit(self)
        self.professional_edit.setObjectName("editorProfessional")
        self.professional_edit.setReadOnly(True)
        self.professional_edit.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Zorgverlener die het gesprek voerde")
        )
        prof_box = QWidget(self)
        prof_layout = QVBoxLayout(prof_box)
        prof_layout.setContentsMargins(0, 0, 0, 0)
        prof_layout.addWidget(self.professional_edit)
        self.professional_note = QLabel(professional_note, prof_box)
        self.professional_note.setObjectName("editorMuted")
        self.professional_note.setWordWrap(True)
        self.professional_note.setVisible(bool(professional_note))
        prof_layout.addWidget(self.professional_note)
        self.professional_findings = FindingsArea(prof_box)
        prof_layout.addWidget(self.professional_findings)
        self.professional_label = QLabel(
            QCoreApplication.translate("EditorConversation", "&Zorgverlener:"), self
        )
        self.professional_label.setBuddy(self.professional_edit)
        form.addRow(self.professional_label, prof_box)

        # Kind of contact
        self.contact_combo = QComboBox(self)
        tables = load_code_tables()
        for code in CONTACT_CLASSES:
            coding = Coding(ACT_CODE, code)
            self.contact_combo.addItem(tables.label(coding, language()) or code, code)
        self.contact_combo.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Soort contact")
        )
        self.contact_combo.activated.connect(self._on_contact_changed)
        self.contact_label = QLabel(
            QCoreApplication.translate("EditorConversation", "Soort &contact:"), self
        )
        self.contact_label.setBuddy(self.contact_combo)
        form.addRow(self.contact_label, self.contact_combo)

        # Section 2: who was present
        present_title = QLabel(load_form().item("78").label(language()), self)
        present_title.setObjectName("editorGroupHeading")
        outer.addWidget(present_title)
        patient_item = load_form().item(PATIENT_PRESENT_LINK)
        self.patient_present = QCheckBox(
            QCoreApplication.translate("EditorConversation", "De &patiënt was aanwezig"), self
        )
        self.patient_present.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "%1 aanwezig").replace(
                "%1", patient_item.text(language())
            )
        )
        self.patient_present.toggled.connect(self._on_patient_present)
        outer.addWidget(self.patient_present)
        self.attendees_label = QLabel(
            QCoreApplication.translate(
                "EditorConversation", "Anderen aanwezig (naaste, vertegenwoordiger, tolk …):"
            ),
            self,
        )
        outer.addWidget(self.attendees_label)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        outer.addLayout(self._rows_layout)
        self.attendee_rows: list[AttendeeRow] = []
        self.add_attendee_button = QPushButton(
            QCoreApplication.translate("EditorConversation", "&Aanwezige toevoegen"), self
        )
        self.add_attendee_button.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Aanwezige toevoegen")
        )
        self.add_attendee_button.clicked.connect(self.add_attendee)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_attendee_button)
        add_row.addStretch(1)
        outer.addLayout(add_row)

        # Comment
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setAccessibleName(
            QCoreApplication.translate("EditorConversation", "Opmerking bij het gesprek")
        )
        self.comment_edit.setFixedHeight(self.comment_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.comment_edit.textChanged.connect(self._on_comment_changed)
        self.comment_label = QLabel(
            QCoreApplication.translate("EditorConversation", "&Opmerking bij het gesprek:"), self
        )
        self.comment_label.setBuddy(self.comment_edit)
        outer.addWidget(self.comment_label)
        outer.addWidget(self.comment_edit)

        model.draft_changed.connect(self._on_draft_changed)
        model.conversation_reset.connect(self.load)
        self.load()
        self._on_draft_changed()

    # -- model -> view ---------------------------------------------------------------------

    def load(self) -> None:
        fields = self.model.draft.conversation
        self._loading = True
        try:
            end_of_today = _qt_moment(None)
            end_of_today.setTime(QTime(23, 59))
            self.date_edit.setMaximumDateTime(end_of_today)  # a conversation that took place
            self.date_edit.setDateTime(_qt_moment(fields.date))
            professional = fields.professional
            text = professional.display() if professional is not None else ""
            if professional is not None and professional.function is not None:
                function = professional.function.display
                option = load_form().option("1405", professional.function)
                if option is not None:
                    function = option.label(language())
                if function:
                    text = f"{text} ({function})"
            self.professional_edit.setText(text)
            code = fields.contact_class.code if fields.contact_class else DEFAULT_CONTACT_CLASS
            index = self.contact_combo.findData(code)
            self.contact_combo.setCurrentIndex(max(0, index))
            self.patient_present.setChecked(fields.patient_present)
            for row in self.attendee_rows:
                self._rows_layout.removeWidget(row)
                row.deleteLater()
            self.attendee_rows = []
            for attendee in fields.attendees:
                self._new_row().load(attendee)
            if self.comment_edit.toPlainText() != (fields.comment or ""):
                self.comment_edit.setPlainText(fields.comment or "")
        finally:
            self._loading = False

    def _on_draft_changed(self) -> None:
        report = self.model.report
        self.date_findings.show_findings([f for f in report.findings if f.field == "date"])
        self.professional_findings.show_findings(
            [f for f in report.findings if f.field == "professional"]
        )

    # -- view -> model ---------------------------------------------------------------------

    def _on_date_changed(self, value: QDateTime) -> None:
        if self._loading:
            return
        moment = datetime.fromtimestamp(value.toSecsSinceEpoch(), AMSTERDAM)
        self.model.update_conversation(date=ClinicalDate.from_datetime(moment))

    def _on_contact_changed(self, index: int) -> None:
        code = self.contact_combo.itemData(index)
        self.model.update_conversation(
            contact_class=Coding(ACT_CODE, code, self.contact_combo.itemText(index))
        )

    def _on_patient_present(self, checked: bool) -> None:
        if not self._loading:
            self.model.update_conversation(patient_present=checked)

    def _on_comment_changed(self) -> None:
        if not self._loading:
            text = self.comment_edit.toPlainText()
            self.model.update_conversation(comment=text if text.strip() else None)

    def add_attendee(self) -> None:
        row = self._new_row()
        row.name_edit.setFocus()

    def _new_row(self) -> AttendeeRow:
        row = AttendeeRow(self, len(self.attendee_rows) + 1)
        row.remove_button.clicked.connect(lambda _=False, r=row: self._remove_row(r))
        self._rows_layout.addWidget(row)
        self.attendee_rows.append(row)
        return row

    def _remove_row(self, row: AttendeeRow) -> None:
        self.attendee_rows.remove(row)
        self._rows_layout.removeWidget(row)
        row.deleteLater()
        self.add_attendee_button.setFocus()
        self.write_attendees()

    def write_attendees(self, *_: object) -> None:
        if self._loading:
            return
        attendees = [a for a in (row.attendee() for row in self.attendee_rows) if a is not None]
        self.model.update_conversation(attendees=attendees)
