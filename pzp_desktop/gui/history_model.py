"""Qt item models of the per-conversation history (product brief §4, "Gesprekken").

* :class:`ConversationListModel`: one row per PZP conversation, newest first (the order of
  :func:`~pzp_desktop.domain.history.build_history`). Each row carries a title (the date),
  detail lines (professional and function, source, who was present, comment, summary) and
  markers (uncertain date, "alleen als formulier vastgelegd") as separate roles for the
  delegate, plus one plain text for the default delegate, tooltips and screen readers.
* :class:`HistoryEntriesModel`: what was recorded in one conversation, one row per item in
  form order: "4a Reanimatie" | value | "Nieuw" / "Gewijzigd (was: …)" / "Ongewijzigd".

All user-visible texts are produced by :class:`HistoryTexts` — Dutch source strings through
``tr()``, the form's and code tables' labels through the domain in ``lang``. No clinical
data leaves these models (nothing is logged or written).
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from pzp_desktop.domain.display import coding_label, display_value
from pzp_desktop.domain.form import check_lang, load_form
from pzp_desktop.domain.history import ChangeKind, ConversationHistory, HistoryEntry
from pzp_desktop.domain.items import (
    Attendee,
    Conversation,
    DateBasis,
    OriginKind,
    RecordedItem,
    RecordStatus,
)

__all__ = [
    "ConversationListModel",
    "ConversationRole",
    "EntryColumn",
    "EntryRole",
    "HistoryEntriesModel",
    "HistoryTexts",
    "has_uncertain_date",
    "is_form_only",
]

# The form's linkIds whose options label a conversation's people (form header, section 2).
PROFESSIONAL_FUNCTION_LINK = "1405"
ATTENDEE_ROLE_LINK = "997"
ATTENDEE_RELATION_LINK = "998"

# Notes the readers put on conversations and records (see domain/reading).
NOTE_DATE_FROM_AUTHORED = "date-from-authored"
NOTE_DATE_FROM_LAST_UPDATED = "date-from-last-updated"
NOTE_DATE_MISMATCH = "date-mismatch"
NOTE_AMBIGUOUS_MATCH = "ambiguous-conversation-match"
NOTE_UNKNOWN_MODIFIER = "unknown-modifier"

_QR_PREFIX = "QuestionnaireResponse/"

_ModelIndex = QModelIndex | QPersistentModelIndex


def is_form_only(conversation: Conversation) -> bool:
    """The conversation exists only as a QuestionnaireResponse (no Encounter/Procedure)."""
    return conversation.ref.reference.startswith(_QR_PREFIX) and conversation.procedure is None


def has_uncertain_date(conversation: Conversation) -> bool:
    """The date is not the conversation's own: taken from the form's ``authored`` or the
    record's ``meta.lastUpdated`` (spec §3.2 step 3), or there is no date at all."""
    return conversation.date is None or any(
        note in (NOTE_DATE_FROM_AUTHORED, NOTE_DATE_FROM_LAST_UPDATED)
        for note in conversation.notes
    )


class HistoryTexts(QObject):
    """Every text of the history tab (Dutch source strings; domain labels in ``lang``)."""

    def __init__(self, lang: str = "nl", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = check_lang(lang)

    # -- conversations -----------------------------------------------------------------------

    def date(self, conversation: Conversation) -> str:
        if conversation.date is None:
            return self.tr("Datum onbekend")
        return conversation.date.display()

    def title(self, conversation: Conversation) -> str:
        return self.tr("Gesprek van {date}").format(date=self.date(conversation))

    def professional(self, conversation: Conversation) -> str:
        """``"Anna Jansen, Huisarts"``: name and the label of the function code."""
        professional = conversation.professional
        if professional is None:
            return self.tr("Zorgverlener niet vastgelegd")
        name = professional.name or self.tr("Onbekende zorgverlener")
        if professional.function is None:
            return name
        function = coding_label(professional.function, PROFESSIONAL_FUNCTION_LINK, self.lang)
        return self.tr("{name}, {function}").format(name=name, function=function)

    def presence(self, conversation: Conversation) -> str:
        if conversation.patient_present is True:
            return self.tr("Patiënt aanwezig")
        if conversation.patient_present is False:
            return self.tr("Patiënt niet aanwezig")
        return self.tr("Aanwezigheid patiënt niet vastgelegd")

    def attendee(self, attendee: Attendee) -> str:
        """``"Marieke de Vries (Dochter)"``: name with the labels of roles and relations."""
        labels = [
            coding_label(coding, ATTENDEE_ROLE_LINK, self.lang) for coding in attendee.roles
        ] + [
            coding_label(coding, ATTENDEE_RELATION_LINK, self.lang) for coding in attendee.relations
        ]
        name = attendee.name or self.tr("Naam onbekend")
        return f"{name} ({', '.join(labels)})" if labels else name

    def attendees(self, conversation: Conversation) -> str:
        return "; ".join(self.attendee(a) for a in conversation.attendees)

    def who_was_present(self, conversation: Conversation) -> str:
        """``"Patiënt aanwezig; Marieke de Vries (Dochter)"``."""
        parts = [self.presence(conversation)]
        if conversation.attendees:
            parts.append(self.attendees(conversation))
        return "; ".join(parts)

    def contact_class(self, conversation: Conversation) -> str | None:
        if conversation.contact_class is None:
            return None
        return coding_label(conversation.contact_class, None, self.lang)

    def markers(self, conversation: Conversation) -> list[str]:
        """Short warnings that belong next to the date (text, never colour alone)."""
        found: list[str] = []
        if is_form_only(conversation):
            found.append(self.tr("Alleen als formulier vastgelegd"))
        if conversation.date is None:
            found.append(self.tr("Datum onbekend"))
        elif NOTE_DATE_FROM_AUTHORED in conversation.notes:
            found.append(self.tr("Datum onzeker: datum waarop het formulier is ingevuld"))
        elif NOTE_DATE_FROM_LAST_UPDATED in conversation.notes:
            found.append(self.tr("Datum onzeker: datum van de laatste wijziging in de bron"))
        return found

    def short_markers(self, conversation: Conversation) -> list[str]:
        """The markers as they fit in the timeline."""
        found: list[str] = []
        if is_form_only(conversation):
            found.append(self.tr("Alleen als formulier vastgelegd"))
        if conversation.date is not None and has_uncertain_date(conversation):
            found.append(self.tr("Datum onzeker"))
        return found

    def notes(self, conversation: Conversation) -> list[str]:
        """Other things a reader must know about the conversation."""
        found: list[str] = []
        if NOTE_DATE_MISMATCH in conversation.notes:
            found.append(self.tr("De datum in het formulier wijkt af van die van het gesprek"))
        if NOTE_AMBIGUOUS_MATCH in conversation.notes:
            found.append(self.tr("Het formulier is niet eenduidig aan één gesprek te koppelen"))
        if NOTE_UNKNOWN_MODIFIER in conversation.notes:
            found.append(self.tr("Niet eenduidig vastgelegd — raadpleeg de bron"))
        return found

    def summary(self, history: ConversationHistory) -> str:
        """``"4 onderdelen: 3 nieuw, 1 gewijzigd"``."""
        total = len(history.entries)
        if total == 0:
            return self.tr("Geen onderdelen van het formulier vastgelegd")
        counts = dict.fromkeys(ChangeKind, 0)
        for entry in history.entries:
            counts[entry.change] += 1
        head = (
            self.tr("1 onderdeel")
            if total == 1
            else self.tr("{count} onderdelen").format(count=total)
        )
        parts = [
            text.format(count=counts[kind])
            for kind, text in (
                (ChangeKind.NEW, self.tr("{count} nieuw")),
                (ChangeKind.CHANGED, self.tr("{count} gewijzigd")),
                (ChangeKind.UNCHANGED, self.tr("{count} ongewijzigd")),
            )
            if counts[kind]
        ]
        return f"{head}: {', '.join(parts)}"

    def timeline_lines(self, history: ConversationHistory) -> list[str]:
        """The lines under the date in the timeline."""
        conversation = history.conversation
        lines = [
            self.professional(conversation),
            conversation.source,
            self.who_was_present(conversation),
        ]
        if conversation.comment:
            lines.append(conversation.comment)
        lines.append(self.summary(history))
        return lines

    def conversation_sentence(self, history: ConversationHistory) -> str:
        """Everything of the timeline row as one text (screen readers, tooltips)."""
        conversation = history.conversation
        parts = [
            self.title(conversation),
            *self.markers(conversation),
            *self.timeline_lines(history),
        ]
        return ". ".join(p.rstrip(".") for p in parts) + "."

    # -- entries -----------------------------------------------------------------------------

    def item_label(self, entry: HistoryEntry) -> str:
        """``"4a Reanimatie"``: the form's section number and the overview's label."""
        key = entry.key
        return f"{key.section} {load_form().overview_label(key.item, self.lang)}"

    def value(self, record: RecordedItem) -> str:
        text = display_value(record, self.lang)
        if record.status is RecordStatus.ENDED:
            text = self.tr("{value} (beëindigd)").format(value=text)
        elif record.status is RecordStatus.PROPOSED:
            text = self.tr("{value} (niet van kracht)").format(value=text)
        return text

    def record_date(self, record: RecordedItem) -> str:
        if record.recorded is None:
            return self.tr("datum onbekend")
        text = record.recorded.display_date()
        if record.date_basis.uncertain and record.date_basis is not DateBasis.NONE:
            text = self.tr("{date} (datum onzeker)").format(date=text)
        return text

    def change(self, entry: HistoryEntry) -> str:
        if entry.change is ChangeKind.NEW:
            return self.tr("Nieuw")
        if entry.change is ChangeKind.UNCHANGED:
            return self.tr("Ongewijzigd")
        previous = entry.previous
        if previous is None:  # not produced by build_history; say what we know
            return self.tr("Gewijzigd")
        return self.tr("Gewijzigd (was: {value}, {date}, {source})").format(
            value=self.value(previous),
            date=self.record_date(previous),
            source=previous.source,
        )

    def method(self, record: RecordedItem) -> str:
        if record.origin.kind is OriginKind.QUESTIONNAIRE_RESPONSE:
            return self.tr("in het formulier")
        return self.tr("als losse gegevens")

    def entry_value(self, entry: HistoryEntry) -> str:
        """The value, plus what else this conversation recorded for the item and notes."""
        lines = [self.value(entry.recorded)]
        if NOTE_DATE_MISMATCH in entry.recorded.notes:
            lines.append(self.tr("Let op: de datum wijkt af van die van het gesprek"))
        for other in entry.differing:
            lines.append(
                self.tr("Let op: in dit gesprek ook vastgelegd {method} als: {value}").format(
                    method=self.method(other), value=self.value(other)
                )
            )
        return "\n".join(lines)


class ConversationRole(IntEnum):
    """Extra data roles of :class:`ConversationListModel`."""

    HISTORY = Qt.ItemDataRole.UserRole + 1  # the ConversationHistory
    CONVERSATION = Qt.ItemDataRole.UserRole + 2  # its Conversation
    TITLE = Qt.ItemDataRole.UserRole + 3  # the date line
    LINES = Qt.ItemDataRole.UserRole + 4  # list[str] under the date
    MARKERS = Qt.ItemDataRole.UserRole + 5  # list[str]: short warnings


class ConversationListModel(QAbstractListModel):
    """The timeline: one row per conversation, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._histories: list[ConversationHistory] = []
        self._texts = HistoryTexts("nl", self)

    @property
    def texts(self) -> HistoryTexts:
        return self._texts

    def set_histories(self, histories: list[ConversationHistory], lang: str = "nl") -> None:
        self.beginResetModel()
        self._texts.lang = check_lang(lang)
        self._histories = list(histories)
        self.endResetModel()

    def history_at(self, row: int) -> ConversationHistory | None:
        return self._histories[row] if 0 <= row < len(self._histories) else None

    def row_of(self, conversation: Conversation) -> int | None:
        for row, history in enumerate(self._histories):
            if history.conversation.ref == conversation.ref:
                return row
        return None

    def retranslate(self) -> None:
        if self._histories:
            self.dataChanged.emit(self.index(0), self.index(len(self._histories) - 1))

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._histories)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        history = self.history_at(index.row()) if index.isValid() else None
        if history is None:
            return None
        texts = self._texts
        conversation = history.conversation
        if role == ConversationRole.HISTORY:
            return history
        if role == ConversationRole.CONVERSATION:
            return conversation
        if role == ConversationRole.TITLE:
            return texts.date(conversation)
        if role == ConversationRole.LINES:
            return texts.timeline_lines(history)
        if role == ConversationRole.MARKERS:
            return texts.short_markers(conversation)
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(
                [
                    texts.date(conversation),
                    *texts.short_markers(conversation),
                    *texts.timeline_lines(history),
                ]
            )
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return texts.conversation_sentence(history)
        return None


class EntryColumn(IntEnum):
    ITEM = 0
    VALUE = 1
    CHANGE = 2


class EntryRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1  # the HistoryEntry
    CHANGE_KIND = Qt.ItemDataRole.UserRole + 2  # its ChangeKind


# Tints behind the change text (the text says it; the tint only helps scanning). Dark text
# on every tint, so that it stays readable whatever the palette.
_CHANGE_BACKGROUND = {
    ChangeKind.NEW: QColor("#e3eefb"),
    ChangeKind.CHANGED: QColor("#fde9c8"),
}
_TINT_TEXT = QColor("#000000")


class HistoryEntriesModel(QAbstractTableModel):
    """What was recorded in one conversation, in form order, and how it changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: tuple[HistoryEntry, ...] = ()
        self._texts = HistoryTexts("nl", self)

    def set_history(self, history: ConversationHistory | None, lang: str = "nl") -> None:
        self.beginResetModel()
        self._texts.lang = check_lang(lang)
        self._entries = history.entries if history is not None else ()
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(EntryColumn) - 1)
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._entries) - 1, len(EntryColumn) - 1)
            )

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(EntryColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        if section == EntryColumn.ITEM:
            return self.tr("Onderdeel")
        if section == EntryColumn.VALUE:
            return self.tr("Waarde")
        if section == EntryColumn.CHANGE:
            return self.tr("Ten opzichte van eerder")
        return None

    def cell_text(self, row: int, column: int) -> str:
        entry = self._entries[row]
        if column == EntryColumn.ITEM:
            return self._texts.item_label(entry)
        if column == EntryColumn.VALUE:
            return self._texts.entry_value(entry)
        return self._texts.change(entry)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == EntryRole.ENTRY:
            return entry
        if role == EntryRole.CHANGE_KIND:
            return entry.change
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(index.row(), column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # A screen reader on any cell hears the whole row.
            return ". ".join(
                self.cell_text(index.row(), c).replace("\n", ". ") for c in EntryColumn
            )
        if column == EntryColumn.CHANGE:
            if role == Qt.ItemDataRole.BackgroundRole and entry.change in _CHANGE_BACKGROUND:
                return _CHANGE_BACKGROUND[entry.change]
            if role == Qt.ItemDataRole.ForegroundRole and entry.change in _CHANGE_BACKGROUND:
                return _TINT_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
