"""The consolidated overview as a Qt item model: the whole form in the standard's order.

Rows (a tree):

* a **section** per top-level group of the form ("1. Wilsbekwaamheid & wettelijke
  vertegenwoordiging" … "8. Informatie delen"), headings taken from the form definition;
* an **item** per overview item (``Overview.in_form_order()``): value, date, professional,
  source and remarks. An item without data shows "nog niet besproken" ("niet gevonden in de
  gelezen bronnen" when a source could not be read; an empty treatment limit "mogelijk
  onvolledig", with a warning icon, when a treatment directive could not be read). An
  item whose older values differ says "Eerdere waarden wijken af" and has the older values
  as children; an item whose sources disagree at the same latest date says "Bronnen spreken
  elkaar tegen" and lists every conflicting value with its source as children (shown
  expanded); an ended agreement says "Beëindigd"; unknown codes are shown as received
  (``display_value``);
* the **older values** of an item are children too, created only when the item is first
  opened (``canFetchMore``/``fetchMore``: a patient with a long history has a thousand
  older values per item). Consecutive older values that are the same are one row ("Eerder",
  the value, the period, "ongewijzigd in 997 gesprekken"), whose own children are the
  single records with their date, professional and source, so that nothing is out of reach;
* section 2 (who was present) is recorded per conversation, so it has one row pointing to
  the "Gesprekken" tab.

Every row's first column carries an accessible text (``Qt.AccessibleTextRole``) that reads
the whole row as one sentence, and a :class:`RowKind` (``ROW_KIND_ROLE``).

Texts shown are plain text (never rich text), because values come from external sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from pzp_desktop.domain.consolidation import ConsolidatedItem, Overview
from pzp_desktop.domain.display import (
    DECISION_ITEMS,
    NOTE_STATUS_OTHER,
    decision_of,
    display_value,
    start_of_note,
)
from pzp_desktop.domain.display import Decision as DomainDecision
from pzp_desktop.domain.form import FormItem, load_form
from pzp_desktop.domain.items import SECTION_OF, DateBasis, ItemId, RecordedItem, RecordStatus
from pzp_desktop.gui.icons import IconName, icon

__all__ = [
    "ITEM_KEY_ROLE",
    "ROW_KIND_ROLE",
    "Column",
    "ItemSummary",
    "OverviewModel",
    "RowKind",
    "date_text",
    "item_remarks",
    "item_summary",
    "maybe_incomplete",
    "not_discussed_text",
    "note_texts",
    "professional_text",
    "record_summary",
    "section_headings",
]

_CONTEXT = "OverviewModel"

ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
#: On the first cell of a row whose children are not created yet: the key of those children.
_PENDING_ROLE = Qt.ItemDataRole.UserRole + 3

NOT_DISCUSSED = str(QT_TRANSLATE_NOOP("OverviewModel", "nog niet besproken"))
#: Instead of "nog niet besproken" when a source could not be read (it may hold the item).
NOT_FOUND = str(QT_TRANSLATE_NOOP("OverviewModel", "niet gevonden in de gelezen bronnen"))
#: Instead of "nog niet besproken" for a treatment limit when a treatment directive in a
#: source could not be read (it may be this one), as the key decisions say.
MAYBE_INCOMPLETE = str(
    QT_TRANSLATE_NOOP(
        "OverviewModel", "mogelijk onvolledig: een behandelgrens in de bron kon niet worden gelezen"
    )
)
#: Both: a source could not be read and a treatment directive in another could not either.
NOT_FOUND_MAYBE_INCOMPLETE = str(
    QT_TRANSLATE_NOOP(
        "OverviewModel",
        "niet gevonden in de gelezen bronnen; een behandelgrens in de bron kon niet worden gelezen",
    )
)
#: The items an unreadable treatment directive may hold (4a–4g, 4i).
TREATMENT_LIMIT_ITEMS = frozenset(
    {
        ItemId.RESUSCITATION,
        ItemId.VENTILATION,
        ItemId.ICU_ADMISSION,
        ItemId.HOSPITAL_ADMISSION,
        ItemId.ANTIBIOTICS,
        ItemId.BLOOD_PRODUCTS,
        ItemId.OTHER_LIMIT,
        ItemId.ICD_DEACTIVATION,
    }
)

CONFLICT_BACKGROUND = QColor("#fff1c2")
SECTION_BACKGROUND = QColor("#e8ecf2")
MUTED_TEXT = QColor("#565c66")  # 6.6:1 on white


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class Column(IntEnum):
    ITEM = 0
    VALUE = 1
    DATE = 2
    PROFESSIONAL = 3
    SOURCE = 4
    REMARKS = 5


_HEADERS = (
    str(QT_TRANSLATE_NOOP("OverviewModel", "Onderdeel")),
    str(QT_TRANSLATE_NOOP("OverviewModel", "Waarde")),
    str(QT_TRANSLATE_NOOP("OverviewModel", "Datum")),
    str(QT_TRANSLATE_NOOP("OverviewModel", "Vastgelegd door")),
    str(QT_TRANSLATE_NOOP("OverviewModel", "Bron")),
    str(QT_TRANSLATE_NOOP("OverviewModel", "Opmerkingen")),
)


class RowKind(StrEnum):
    SECTION = "section"
    ITEM = "item"
    EMPTY_ITEM = "empty-item"
    OLDER = "older"
    #: Several consecutive older values that are the same, as one row (children: each one).
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    PER_CONVERSATION = "per-conversation"


# Readers' notes (``RecordedItem.notes``) as the user reads them. Notes whose meaning the
# value itself already says ("no-decision", "unknown-modifier", "nested-provision": the value
# reads "Niet eenduidig vastgelegd (uitzonderingen in geneste bepalingen)") or that the status
# shows (ended) are left out; a note nobody knows yet is shown as received.
_NOTE_TEXTS: dict[str, str] = {
    "date-mismatch": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Datum van gesprek en vastlegging verschillen")
    ),
    "date-from-authored": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Datum is de invuldatum van het formulier")
    ),
    "date-from-last-updated": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Datum is de laatste wijziging in de bron")
    ),
    "unknown-code": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Onbekende code, getoond zoals ontvangen")
    ),
    "no-name": str(QT_TRANSLATE_NOOP("OverviewModel", "Naam van de behandeling ontbreekt")),
    "ambiguous-conversation-match": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Bijbehorend gesprek niet eenduidig")
    ),
    "conversation-ambiguous": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Bijbehorend gesprek niet eenduidig")
    ),
    "conversation-withdrawn": str(
        QT_TRANSLATE_NOOP(
            "OverviewModel",
            "Het gesprek van deze vastlegging is in de bron ingetrokken; "
            "deze vastlegging zelf niet",
        )
    ),
    "unmapped-decision-text": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Besluit in de bron als vrije tekst vastgelegd")
    ),
    "unmapped-decision-type": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Besluit in de bron niet volgens de standaard")
    ),
    "conflicting-decision": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Besluit in de bron tegenstrijdig vastgelegd")
    ),
    "unreadable-decision": str(QT_TRANSLATE_NOOP("OverviewModel", "Besluit in de bron onleesbaar")),
    "unknown-treatment-code": str(QT_TRANSLATE_NOOP("OverviewModel", "Onbekende behandelcode")),
    "unknown-device-type": str(QT_TRANSLATE_NOOP("OverviewModel", "Onbekend type hulpmiddel")),
    "device-unresolved": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Hulpmiddel niet gevonden in de bron")
    ),
    "document-attached": str(QT_TRANSLATE_NOOP("OverviewModel", "Document bijgevoegd in de bron")),
    "no-value": str(QT_TRANSLATE_NOOP("OverviewModel", "Geen waarde vastgelegd")),
    "no-topic": str(QT_TRANSLATE_NOOP("OverviewModel", "Onderwerp ontbreekt in de bron")),
    "no-type": str(QT_TRANSLATE_NOOP("OverviewModel", "Soort wilsverklaring ontbreekt")),
    "status-unknown": str(QT_TRANSLATE_NOOP("OverviewModel", "Status in de bron onbekend")),
    "status-not-taken": str(QT_TRANSLATE_NOOP("OverviewModel", "Hulpmiddel niet in gebruik")),
    "status-proposed": str(QT_TRANSLATE_NOOP("OverviewModel", "Voorstel, nog niet van kracht")),
    "status-draft": str(QT_TRANSLATE_NOOP("OverviewModel", "Concept, nog niet van kracht")),
    "multiple-treatments": str(
        QT_TRANSLATE_NOOP("OverviewModel", "Eén afspraak in de bron voor meerdere behandelingen")
    ),
}
_SILENT_NOTES = frozenset({"no-decision", "unknown-modifier", "nested-provision"})

_UNCERTAIN_DATE: dict[DateBasis, str] = {
    DateBasis.AUTHORED: str(
        QT_TRANSLATE_NOOP("OverviewModel", "Datum onzeker: invuldatum van het formulier")
    ),
    DateBasis.LAST_UPDATED: str(
        QT_TRANSLATE_NOOP("OverviewModel", "Datum onzeker: laatste wijziging in de bron")
    ),
    DateBasis.NONE: str(QT_TRANSLATE_NOOP("OverviewModel", "Datum onbekend")),
}
_DATE_UNCERTAIN = str(QT_TRANSLATE_NOOP("OverviewModel", "Datum onzeker"))


def note_texts(notes: Iterable[str]) -> list[str]:
    """The readers' notes as texts for the user (without duplicates)."""
    texts: list[str] = []
    for note in notes:
        if note.startswith(NOTE_STATUS_OTHER):  # "status-other:<status>": not agreed
            text = QCoreApplication.translate(
                "OverviewModel", "Status '%1' in de bron, niet van kracht"
            ).replace("%1", note.removeprefix(NOTE_STATUS_OTHER))
            if text not in texts:
                texts.append(text)
            continue
        if note in _SILENT_NOTES or (note.startswith("status-") and note not in _NOTE_TEXTS):
            continue
        if note in _NOTE_TEXTS:
            text = _tr(_NOTE_TEXTS[note])
        elif (start := start_of_note(note)) is not None:  # "starts-later:<date>"
            text = QCoreApplication.translate("OverviewModel", "Geldt pas vanaf %1").replace(
                "%1", start.display_date()
            )
        else:  # a note nobody knows yet: shown as received
            text = QCoreApplication.translate("OverviewModel", "Bijzonderheid: %1").replace(
                "%1", note
            )
        if text not in texts:
            texts.append(text)
    return texts


def date_text(record: RecordedItem, *, uncertain: bool = False) -> str:
    if record.recorded is None:
        return QCoreApplication.translate("OverviewModel", "datum onbekend")
    text = record.recorded.display_date()
    return (
        QCoreApplication.translate("OverviewModel", "%1 (onzeker)").replace("%1", text)
        if uncertain
        else text
    )


def professional_text(record: RecordedItem) -> str:
    if record.professional is not None and record.professional.name:
        return record.professional.name
    return ""


def section_headings(lang: str = "nl") -> dict[str, str]:
    """Section number → heading from the form: ``"4" → "4. Behandelgrenzen"``."""
    headings: dict[str, str] = {}
    for form_item in load_form().items:
        if not form_item.is_group or not form_item.prefix:
            continue
        number = form_item.prefix.rstrip(".").strip()
        headings[number] = f"{number}. {_sentence_case(form_item, lang)}"
    return headings


def _sentence_case(form_item: FormItem, lang: str) -> str:
    """The group's text as a heading ("Wilsbekwaamheid & wettelijke vertegenwoordiging")."""
    text = form_item.text(lang)
    words = text.split(" ")
    return " ".join([words[0], *[w if w.isupper() else w.lower() for w in words[1:]]])


def _section_of(item_id: ItemId) -> str:
    return SECTION_OF[item_id][0]


def _decision_icon(record: RecordedItem) -> IconName | None:
    if record.key.item not in DECISION_ITEMS:
        return None
    decision = decision_of(record)
    if record.key.item is ItemId.ICD_DEACTIVATION:
        return {
            DomainDecision.PERMIT: IconName.DENY,
            DomainDecision.DENY: IconName.PERMIT,
        }.get(decision, _NEUTRAL_ICONS.get(decision))
    return {
        DomainDecision.PERMIT: IconName.PERMIT,
        DomainDecision.DENY: IconName.DENY,
        DomainDecision.OTHER: IconName.OTHER,
    }.get(decision, _NEUTRAL_ICONS.get(decision))


_NEUTRAL_ICONS = {
    DomainDecision.UNKNOWN: IconName.UNKNOWN,
    DomainDecision.NONE: IconName.NONE,
    DomainDecision.UNCLEAR: IconName.WARNING,
}


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """The texts of one item's row (shared by the overview and the print-out)."""

    value: str
    date: str
    professional: str
    source: str
    remarks: tuple[str, ...]


def item_remarks(consolidated: ConsolidatedItem) -> list[str]:
    """Markers of an item: conflict, ended, older values differ, uncertain date, notes."""
    current = consolidated.current
    remarks: list[str] = []
    if consolidated.conflicts:
        remarks.append(QCoreApplication.translate("OverviewModel", "Raadpleeg de bronnen"))
    if consolidated.ended:
        remarks.append(
            QCoreApplication.translate("OverviewModel", "Afspraak beëindigd; geldt niet meer")
        )
    # Conflicting records are listed (and marked) already; other older values that differ:
    if any(
        record.signature != current.signature and record not in consolidated.conflicts
        for record in consolidated.older
    ):
        remarks.append(QCoreApplication.translate("OverviewModel", "Eerdere waarden wijken af"))
    if consolidated.date_uncertain:
        remarks.append(_tr(_UNCERTAIN_DATE.get(current.date_basis, _DATE_UNCERTAIN)))
    remarks.extend(note_texts(current.notes))
    return remarks


def item_summary(consolidated: ConsolidatedItem, lang: str) -> ItemSummary:
    current = consolidated.current
    value = display_value(current, lang)
    if consolidated.conflicts:
        value = QCoreApplication.translate("OverviewModel", "Bronnen spreken elkaar tegen")
    elif consolidated.ended:
        value = QCoreApplication.translate("OverviewModel", "Beëindigd: %1").replace("%1", value)
    elif current.status is RecordStatus.PROPOSED:
        value = QCoreApplication.translate("OverviewModel", "Niet van kracht: %1").replace(
            "%1", value
        )
    return ItemSummary(
        value=value,
        date=date_text(current, uncertain=consolidated.date_uncertain),
        professional=professional_text(current),
        source=", ".join(consolidated.sources),
        remarks=tuple(item_remarks(consolidated)),
    )


def record_summary(record: RecordedItem, lang: str) -> ItemSummary:
    """The texts of an older or conflicting record."""
    value = display_value(record, lang)
    if record.status is RecordStatus.ENDED:
        value = QCoreApplication.translate("OverviewModel", "Beëindigd: %1").replace("%1", value)
    elif record.status is RecordStatus.PROPOSED:
        value = QCoreApplication.translate("OverviewModel", "Niet van kracht: %1").replace(
            "%1", value
        )
    uncertain = record.recorded is None or record.date_basis.uncertain
    remarks: list[str] = []
    if uncertain:
        remarks.append(_tr(_UNCERTAIN_DATE.get(record.date_basis, _DATE_UNCERTAIN)))
    remarks.extend(note_texts(record.notes))
    return ItemSummary(
        value=value,
        date=date_text(record, uncertain=uncertain),
        professional=professional_text(record),
        source=record.source,
        remarks=tuple(remarks),
    )


def _same_value(a: RecordedItem, b: RecordedItem) -> bool:
    """Whether two records read the same in the overview (value and ended or not)."""
    return a.signature == b.signature and a.status is b.status


def unchanged_runs(records: Sequence[RecordedItem]) -> list[tuple[RecordedItem, ...]]:
    """``records`` (newest first) cut into runs of consecutive records with the same
    value; every record is in exactly one run, in the order given."""
    runs: list[list[RecordedItem]] = []
    for record in records:
        if runs and _same_value(runs[-1][-1], record):
            runs[-1].append(record)
        else:
            runs.append([record])
    return [tuple(run) for run in runs]


def unchanged_summary(run: Sequence[RecordedItem], lang: str) -> ItemSummary:
    """The texts of one row for a run of the same older value (newest first): the value,
    the period, the professionals and sources, and "ongewijzigd in N gesprekken"."""
    newest = record_summary(run[0], lang)
    dates = [record.recorded for record in run if record.recorded is not None]
    if dates:
        first, last = min(dates).display_date(), max(dates).display_date()
        period = first if first == last else f"{first} – {last}"
        if len(dates) < len(run):
            period = QCoreApplication.translate("OverviewModel", "%1 (onzeker)").replace(
                "%1", period
            )
    else:
        period = QCoreApplication.translate("OverviewModel", "datum onbekend")
    names = list(dict.fromkeys(n for n in (professional_text(r) for r in run) if n))
    sources = list(dict.fromkeys(record.source for record in run))
    if all(record.conversation is not None for record in run):
        unchanged = QCoreApplication.translate("OverviewModel", "ongewijzigd in %1 gesprekken")
    else:
        unchanged = QCoreApplication.translate("OverviewModel", "ongewijzigd in %1 vastleggingen")
    remarks = [unchanged.replace("%1", str(len(run)))]
    for record in run:
        for remark in record_summary(record, lang).remarks:
            if remark not in remarks:
                remarks.append(remark)
    return ItemSummary(
        value=newest.value,
        date=period,
        professional=", ".join(names),
        source=", ".join(sources),
        remarks=tuple(remarks),
    )


def not_discussed_text(
    item_id: ItemId | None = None, *, incomplete: bool = False, unreadable: bool = False
) -> str:
    """What an item without data says: "nog niet besproken", unless a source could not be
    read (``incomplete``) or, for a treatment limit, a treatment directive in a source could
    not be read (``unreadable``): the missing record may hold it."""
    if unreadable and item_id in TREATMENT_LIMIT_ITEMS:
        return _tr(NOT_FOUND_MAYBE_INCOMPLETE if incomplete else MAYBE_INCOMPLETE)
    return _tr(NOT_FOUND if incomplete else NOT_DISCUSSED)


def maybe_incomplete(item_id: ItemId, *, unreadable: bool) -> bool:
    """Whether the empty row of ``item_id`` warns that a treatment directive was unreadable."""
    return unreadable and item_id in TREATMENT_LIMIT_ITEMS


class OverviewModel(QStandardItemModel):
    """The overview of one patient; :meth:`set_overview` replaces everything."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(Column), parent)
        self._lang = "nl"
        self._overview: Overview | None = None
        self._incomplete = False
        self._unreadable = False
        # Children not created yet (``_PENDING_ROLE`` of the parent's first cell -> rows).
        # ``collapse``: consecutive equal values become one row (their records its children).
        self._pending: dict[int, tuple[bool, tuple[RecordedItem, ...]]] = {}
        self._last_key = 0
        self._set_headers()

    @property
    def overview(self) -> Overview | None:
        return self._overview

    @property
    def lang(self) -> str:
        return self._lang

    def _set_headers(self) -> None:
        for column, text in zip(Column, _HEADERS, strict=True):
            self.setHeaderData(column, Qt.Orientation.Horizontal, _tr(text))

    def retranslate(self, lang: str) -> None:
        self._set_headers()
        self.set_overview(
            self._overview, lang, incomplete=self._incomplete, unreadable=self._unreadable
        )

    def set_overview(
        self,
        overview: Overview | None,
        lang: str = "nl",
        *,
        incomplete: bool = False,
        unreadable: bool = False,
    ) -> None:
        """Show ``overview`` (``None``: no patient, an empty model). ``incomplete``: a
        source could not be read, so an empty item is "niet gevonden", not "nog niet
        besproken". ``unreadable``: a treatment directive in a source could not be read
        (:func:`~pzp_desktop.domain.reading.consents.hides_treatment_directive`), so an
        empty treatment limit is "mogelijk onvolledig", as in the key decisions."""
        self._overview = overview
        self._lang = lang
        self._incomplete = incomplete
        self._unreadable = unreadable
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.removeRows(0, self.rowCount())
            self._pending = {}
            if overview is not None:
                self._fill(overview, lang)
        finally:
            self.blockSignals(False)
            self.endResetModel()

    # -- building ---------------------------------------------------------------------

    def _fill(self, overview: Overview, lang: str) -> None:
        headings = section_headings(lang)
        sections: dict[str, QStandardItem] = {}
        form = load_form()

        def section_row(number: str) -> QStandardItem:
            if number not in sections:
                heading = headings.get(number, number)
                row = self._row(RowKind.SECTION, [heading], accessible=heading)
                for cell in row:
                    cell.setBackground(QBrush(SECTION_BACKGROUND))
                    font = QFont()
                    font.setBold(True)
                    cell.setFont(font)
                self.appendRow(row)
                sections[number] = row[0]
            return sections[number]

        for item_id, consolidated_items in overview.in_form_order():
            number = _section_of(item_id)
            if number == "3" and "2" not in sections:
                self._add_per_conversation_section(section_row("2"))
            parent = section_row(number)
            label = f"{SECTION_OF[item_id]}  {form.overview_label(item_id, lang)}"
            if not consolidated_items:
                parent.appendRow(self._empty_item_row(item_id, label))
                continue
            for consolidated in consolidated_items:
                parent.appendRow(self._item_row(consolidated, label, lang))

    def _add_per_conversation_section(self, section: QStandardItem) -> None:
        text = QCoreApplication.translate(
            "OverviewModel", "Per gesprek vastgelegd: zie het tabblad Gesprekken"
        )
        row = self._row(RowKind.PER_CONVERSATION, [text], accessible=text)
        row[Column.ITEM].setForeground(QBrush(MUTED_TEXT))
        section.appendRow(row)

    def _row(
        self, kind: RowKind, texts: list[str], *, accessible: str, key: str = ""
    ) -> list[QStandardItem]:
        cells: list[QStandardItem] = []
        for column in Column:
            text = texts[column] if column < len(texts) else ""
            cell = QStandardItem(text)
            cell.setEditable(False)
            cell.setData(kind.value, ROW_KIND_ROLE)
            cell.setData(key, ITEM_KEY_ROLE)
            if text:
                cell.setToolTip(text)
            cells.append(cell)
        cells[0].setData(accessible, Qt.ItemDataRole.AccessibleTextRole)
        return cells

    def _empty_item_row(self, item_id: ItemId, label: str) -> list[QStandardItem]:
        value = not_discussed_text(
            item_id, incomplete=self._incomplete, unreadable=self._unreadable
        )
        row = self._row(
            RowKind.EMPTY_ITEM, [label, value], accessible=f"{label}: {value}", key=item_id.value
        )
        if maybe_incomplete(item_id, unreadable=self._unreadable):
            row[Column.VALUE].setIcon(icon(IconName.WARNING))  # a warning, not a quiet row
            return row
        row[Column.VALUE].setForeground(QBrush(MUTED_TEXT))
        font = QFont()
        font.setItalic(True)
        row[Column.VALUE].setFont(font)
        return row

    def _item_row(
        self, consolidated: ConsolidatedItem, label: str, lang: str
    ) -> list[QStandardItem]:
        current = consolidated.current
        summary = item_summary(consolidated, lang)
        texts = [label, summary.value, summary.date, summary.professional, summary.source]
        texts.append("; ".join(summary.remarks))
        accessible = self._sentence(label, summary)
        row = self._row(RowKind.ITEM, texts, accessible=accessible, key=str(consolidated.key))
        if consolidated.conflicts:
            bold = QFont()
            bold.setBold(True)
            for cell in row:
                cell.setBackground(QBrush(CONFLICT_BACKGROUND))
            row[Column.VALUE].setFont(bold)
            row[Column.VALUE].setIcon(icon(IconName.WARNING))
            shown = (current, *consolidated.conflicts)
            for record in shown:
                row[0].appendRow(self._record_row(RowKind.CONFLICT, record, lang))
            self._defer(row[0], consolidated.older, skip=shown)
            return row
        if consolidated.ended:
            row[Column.VALUE].setIcon(icon(IconName.ENDED))
        else:
            decision_icon = _decision_icon(current)
            if decision_icon is not None:
                row[Column.VALUE].setIcon(icon(decision_icon))
        self._defer(row[0], consolidated.older)
        return row

    # -- children on demand -----------------------------------------------------------

    def _defer(
        self,
        cell: QStandardItem,
        records: Sequence[RecordedItem],
        skip: Sequence[RecordedItem] = (),
        *,
        collapse: bool = True,
    ) -> None:
        """Let ``cell`` have ``records`` as children, created when it is first opened."""
        pending = tuple(r for r in records if r not in skip) if skip else tuple(records)
        if not pending:
            return
        self._last_key += 1
        self._pending[self._last_key] = (collapse, pending)
        cell.setData(self._last_key, _PENDING_ROLE)

    def _pending_key(self, parent: QModelIndex | QPersistentModelIndex) -> int | None:
        if not parent.isValid() or parent.column() != 0:
            return None
        key = parent.data(_PENDING_ROLE)
        return key if isinstance(key, int) and key in self._pending else None

    def hasChildren(
        self,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> bool:
        return self._pending_key(parent) is not None or super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self._pending_key(parent) is not None or super().canFetchMore(parent)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        """Create the children of ``parent`` (its older values) now."""
        key = self._pending_key(parent)
        if key is None:
            super().fetchMore(parent)
            return
        collapse, records = self._pending.pop(key)
        cell = self.itemFromIndex(parent)
        cell.setData(None, _PENDING_ROLE)
        rows: list[list[QStandardItem]] = []
        for run in unchanged_runs(records) if collapse else [(r,) for r in records]:
            if len(run) == 1:
                rows.append(self._record_row(RowKind.OLDER, run[0], self._lang))
                continue
            row = self._unchanged_row(run)
            self._defer(row[0], run, collapse=False)
            rows.append(row)
        for row in rows:
            cell.appendRow(row)

    def fetch_all(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Create every child row under ``parent`` that is not created yet (for code that
        walks the whole tree, such as a search or a test)."""
        if self.canFetchMore(parent):
            self.fetchMore(parent)
        for row in range(self.rowCount(parent)):
            self.fetch_all(self.index(row, 0, parent))

    def _unchanged_row(self, run: tuple[RecordedItem, ...]) -> list[QStandardItem]:
        label = QCoreApplication.translate("OverviewModel", "Eerder")
        summary = unchanged_summary(run, self._lang)
        texts = [label, summary.value, summary.date, summary.professional, summary.source]
        texts.append("; ".join(summary.remarks))
        row = self._row(
            RowKind.UNCHANGED, texts, accessible=self._sentence(label, summary), key=str(run[0].key)
        )
        decision_icon = _decision_icon(run[0])
        if decision_icon is not None:
            row[Column.VALUE].setIcon(icon(decision_icon))
        return row

    def _record_row(self, kind: RowKind, record: RecordedItem, lang: str) -> list[QStandardItem]:
        label = (
            QCoreApplication.translate("OverviewModel", "Tegenstrijdig")
            if kind is RowKind.CONFLICT
            else QCoreApplication.translate("OverviewModel", "Eerder")
        )
        summary = record_summary(record, lang)
        texts = [label, summary.value, summary.date, summary.professional, summary.source]
        texts.append("; ".join(summary.remarks))
        accessible = self._sentence(label, summary)
        row = self._row(kind, texts, accessible=accessible, key=str(record.key))
        if kind is RowKind.CONFLICT:
            for cell in row:
                cell.setBackground(QBrush(CONFLICT_BACKGROUND))
        decision_icon = _decision_icon(record)
        if decision_icon is not None:
            row[Column.VALUE].setIcon(icon(decision_icon))
        return row

    @staticmethod
    def _sentence(label: str, summary: ItemSummary) -> str:
        parts = [
            f"{label}: {summary.value}",
            summary.date,
            summary.professional,
            summary.source,
            *summary.remarks,
        ]
        return ". ".join(p for p in parts if p)

    # -- look-up ----------------------------------------------------------------------

    def index_of(self, item_id: ItemId, qualifier: str = "") -> QModelIndex:
        """The first column of the row of an item (invalid when not there)."""
        key = f"{item_id.value}:{qualifier}" if qualifier else item_id.value
        for section in range(self.rowCount()):
            parent = self.index(section, 0)
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                if index.data(ITEM_KEY_ROLE) == key:
                    return index
        return QModelIndex()

    def text(self, item_id: ItemId, column: Column, qualifier: str = "") -> str:
        index = self.index_of(item_id, qualifier)
        if not index.isValid():
            return ""
        return str(index.siblingAtColumn(column).data() or "")
