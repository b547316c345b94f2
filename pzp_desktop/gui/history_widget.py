"""The "Gesprekken" tab: every PZP conversation in a timeline, and what each one recorded.

Product brief §4 "Per-conversation history". The layout lives in ``ui/history_widget.ui``;
the texts come from :class:`~pzp_desktop.gui.history_model.HistoryTexts`. Usage::

    widget = HistoryWidget()
    widget.conversation_selected.connect(on_selected)   # receives a domain Conversation
    widget.set_history(patient_data.history, lang="nl")
    widget.clear()                                      # patient closed

The timeline is a list view (arrow keys, Home/End, Page Up/Down; Tab moves on to the table
of recorded items). Selecting a conversation shows its header (professional, source, who
was present, kind of contact, comment, markers) and, per item in form order, the value and
"Nieuw" / "Gewijzigd (was: …)" / "Ongewijzigd". Markers and changes are always written out;
colour only helps scanning. Data texts are shown as plain text, never as rich text.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.form import check_lang
from pzp_desktop.domain.history import ConversationHistory
from pzp_desktop.domain.items import Conversation
from pzp_desktop.gui.history_model import (
    ConversationListModel,
    ConversationRole,
    EntryColumn,
    HistoryEntriesModel,
    HistoryTexts,
)
from pzp_desktop.gui.ui_loader import load_ui

__all__ = ["HistoryWidget"]

_ModelIndex = QModelIndex | QPersistentModelIndex

_DATA_LABELS = (
    "detailTitleLabel",
    "detailMarkersLabel",
    "professionalValueLabel",
    "sourceValueLabel",
    "presentValueLabel",
    "contactValueLabel",
    "commentValueLabel",
    "notesValueLabel",
)
_CAPTION_LABELS = (
    "professionalCaptionLabel",
    "sourceCaptionLabel",
    "presentCaptionLabel",
    "contactCaptionLabel",
    "commentCaptionLabel",
    "notesCaptionLabel",
)

# The markers' box in the timeline: dark text on a light yellow, with a border.
_MARKER_BACKGROUND = QColor("#fff4cc")
_MARKER_BORDER = QColor("#7a5c00")
_MARKER_TEXT = QColor("#000000")


class _ConversationDelegate(QStyledItemDelegate):
    """Paints a timeline row: the date in bold, the lines under it, then the markers as
    framed labels. Long lines are elided (the full text is in the tooltip and the detail)."""

    PADDING = 8
    LINE_GAP = 2
    MARKER_PADDING = 4

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.1 if base.pointSizeF() > 0 else 10)
        return title, base

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        title_font, base_font = self._fonts(option)
        title_metrics, metrics = QFontMetrics(title_font), QFontMetrics(base_font)
        lines = index.data(ConversationRole.LINES) or []
        markers = index.data(ConversationRole.MARKERS) or []
        height = 2 * self.PADDING + title_metrics.height()
        height += len(lines) * (metrics.height() + self.LINE_GAP)
        if markers:
            height += len(markers) * (metrics.height() + 2 * self.MARKER_PADDING + self.LINE_GAP)
            height += self.LINE_GAP
        width = max(option.rect.width(), 240)
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the background, selection and focus frame only
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = opt.palette.color(group, text_role)
        title_font, base_font = self._fonts(opt)
        title_metrics, metrics = QFontMetrics(title_font), QFontMetrics(base_font)
        area = opt.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        width = area.width()
        y = area.top()

        painter.save()
        painter.setPen(text_color)
        painter.setFont(title_font)
        title = str(index.data(ConversationRole.TITLE) or "")
        painter.drawText(
            QRect(area.left(), y, width, title_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        y += title_metrics.height() + self.LINE_GAP

        painter.setFont(base_font)
        for marker in index.data(ConversationRole.MARKERS) or []:
            text = metrics.elidedText(
                str(marker), Qt.TextElideMode.ElideRight, width - 2 * self.MARKER_PADDING - 2
            )
            box = QRect(
                area.left(),
                y,
                metrics.horizontalAdvance(text) + 2 * self.MARKER_PADDING + 2,
                metrics.height() + 2 * self.MARKER_PADDING,
            )
            painter.setPen(QPen(_MARKER_BORDER, 1))
            painter.setBrush(_MARKER_BACKGROUND)
            painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 3, 3)
            painter.setPen(_MARKER_TEXT)
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter), text
            )
            y += box.height() + self.LINE_GAP
        painter.setPen(text_color)
        for line in index.data(ConversationRole.LINES) or []:
            painter.drawText(
                QRect(area.left(), y, width, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                metrics.elidedText(str(line), Qt.TextElideMode.ElideRight, width),
            )
            y += metrics.height() + self.LINE_GAP

        # A rule between conversations.
        painter.setPen(QPen(opt.palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(opt.rect.left(), opt.rect.bottom(), opt.rect.right(), opt.rect.bottom())
        painter.restore()


class _EntryDelegate(QStyledItemDelegate):
    """Table cells with word-wrapped text and room around it (the default delegate puts
    multi-line texts edge to edge, which is hard to read in a clinical table)."""

    PADDING_X = 6
    PADDING_Y = 5

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(option.rect.width() - 2 * self.PADDING_X, 40)

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._text_width(opt)
        bounds = opt.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000),
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            opt.text,
        )
        return QSize(width + 2 * self.PADDING_X, bounds.height() + 2 * self.PADDING_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            color = opt.palette.color(QPalette.ColorRole.HighlightedText)
        elif isinstance(foreground, QColor):
            color = foreground
        else:
            color = opt.palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setPen(color)
        painter.setFont(opt.font)
        painter.drawText(
            opt.rect.adjusted(self.PADDING_X, self.PADDING_Y, -self.PADDING_X, -self.PADDING_Y),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.restore()


class HistoryWidget(QWidget):
    """The timeline of PZP conversations and the detail of the selected one."""

    #: A conversation was selected (mouse or keyboard); carries the domain ``Conversation``.
    conversation_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyWidget")
        self._lang = "nl"
        self._has_data = False  # set_history() was called (else: cleared)

        form = load_ui(
            "history_widget.ui",
            self,
            required={
                QStackedWidget: ["historyStack"],
                QWidget: ["emptyPage", "contentPage"],
                QSplitter: ["historySplitter"],
                QListView: ["conversationList"],
                QTableView: ["entriesTable"],
                QFrame: ["detailHeader"],
                QFormLayout: ["detailForm"],
                QLabel: [
                    "emptyLabel",
                    "timelineTitleLabel",
                    "entriesTitleLabel",
                    "noEntriesLabel",
                    *_DATA_LABELS,
                    *_CAPTION_LABELS,
                ],
            },
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form.root)

        self._stack = form.child(QStackedWidget, "historyStack")
        self._empty_page = form.child(QWidget, "emptyPage")
        self._content_page = form.child(QWidget, "contentPage")
        self._empty_label = form.child(QLabel, "emptyLabel")
        self._timeline_title = form.child(QLabel, "timelineTitleLabel")
        self._list = form.child(QListView, "conversationList")
        self._table = form.child(QTableView, "entriesTable")
        self._form_layout = form.child(QFormLayout, "detailForm")
        self._entries_title = form.child(QLabel, "entriesTitleLabel")
        self._no_entries = form.child(QLabel, "noEntriesLabel")
        self._labels = {name: form.child(QLabel, name) for name in _DATA_LABELS}
        self._captions = {name: form.child(QLabel, name) for name in _CAPTION_LABELS}
        self._texts = HistoryTexts("nl", self)

        for label in self._labels.values():
            # Data is shown as written: never interpreted as HTML.
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._empty_label.setTextFormat(Qt.TextFormat.PlainText)
        title = self._labels["detailTitleLabel"]
        title_font = QFont(title.font())
        if title_font.pointSizeF() > 0:
            title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title.setFont(title_font)

        self._list_model = ConversationListModel(self)
        self._list.setModel(self._list_model)
        self._list.setItemDelegate(_ConversationDelegate(self._list))
        self._list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        selection = self._list.selectionModel()
        selection.currentChanged.connect(self._on_current_conversation_change)
        selection.selectionChanged.connect(self._on_selection_change)

        self._entries_model = HistoryEntriesModel(self)
        self._table.setModel(self._entries_model)
        self._table.setItemDelegate(_EntryDelegate(self._table))
        self._table.verticalHeader().setVisible(False)
        self._table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self._table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(EntryColumn.ITEM, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EntryColumn.VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EntryColumn.CHANGE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(EntryColumn.ITEM, 230)
        header.resizeSection(EntryColumn.CHANGE, 300)
        self._table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        splitter = form.child(QSplitter, "historySplitter")
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 760])
        self.setTabOrder(self._list, self._table)

        self._retranslate()
        self.clear()

    # -- public API ------------------------------------------------------------------------------

    def set_history(self, histories: list[ConversationHistory], lang: str = "nl") -> None:
        """Show ``histories`` (newest first, as :func:`build_history` returns them).

        The conversation that was selected stays selected when it is still there (a
        refresh); otherwise the newest is selected. Emits :attr:`conversation_selected`.
        """
        self._lang = check_lang(lang)
        self._texts.lang = self._lang
        previous = self.selected_conversation()
        self._has_data = True
        self._list_model.set_histories(histories, self._lang)
        self._show_empty_or_content()
        if not histories:
            self._show_detail(None)
            return
        row = self._list_model.row_of(previous) if previous is not None else None
        self._select_row(row if row is not None else 0)

    def clear(self) -> None:
        """Show nothing (no patient open)."""
        self._has_data = False
        self._list_model.set_histories([], self._lang)
        self._show_detail(None)
        self._show_empty_or_content()

    def selected_conversation(self) -> Conversation | None:
        history = self._selected_history()
        return history.conversation if history is not None else None

    def select_conversation(self, conversation: Conversation) -> bool:
        """Select ``conversation`` (by reference); False when it is not in the timeline."""
        row = self._list_model.row_of(conversation)
        if row is None:
            return False
        self._select_row(row)
        return True

    # -- internals -------------------------------------------------------------------------------

    def _selected_history(self) -> ConversationHistory | None:
        index = self._list.currentIndex()
        if not index.isValid():
            return None
        return self._list_model.history_at(index.row())

    def _select_row(self, row: int) -> None:
        index = self._list_model.index(row)
        self._list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._list.scrollTo(index)

    def _show_empty_or_content(self) -> None:
        if self._list_model.rowCount() > 0:
            self._stack.setCurrentWidget(self._content_page)
            return
        if self._has_data:
            text = self.tr("Nog geen PZP-gesprekken vastgelegd")
        else:
            text = self.tr("Geen gesprekken geladen")
        self._empty_label.setText(text)
        self._empty_label.setAccessibleName(text)
        self._stack.setCurrentWidget(self._empty_page)

    def _on_current_conversation_change(self, current: QModelIndex, previous: QModelIndex) -> None:
        history = self._list_model.history_at(current.row()) if current.isValid() else None
        self._show_detail(history)
        if history is not None:
            self.conversation_selected.emit(history.conversation)

    def _on_selection_change(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        # Keyboard users may move the current row with Ctrl (no selection); keep the two
        # together so that what is highlighted is what the detail shows.
        current = self._list.currentIndex()
        if current.isValid() and not self._list.selectionModel().isSelected(current):
            self._list.selectionModel().select(
                current, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _show_detail(self, history: ConversationHistory | None) -> None:
        self._entries_model.set_history(history, self._lang)
        labels = self._labels
        header_rows = (
            ("professionalValueLabel", 0),
            ("sourceValueLabel", 1),
            ("presentValueLabel", 2),
            ("contactValueLabel", 3),
            ("commentValueLabel", 4),
            ("notesValueLabel", 5),
        )
        if history is None:
            for name in labels:
                labels[name].clear()
            labels["detailTitleLabel"].setText(self.tr("Geen gesprek geselecteerd"))
            labels["detailMarkersLabel"].setVisible(False)
            for _, row in header_rows:
                self._form_layout.setRowVisible(row, False)
            self._table.setVisible(False)
            self._entries_title.setVisible(False)
            self._no_entries.setVisible(False)
            return

        texts = self._texts
        conversation = history.conversation
        values = {
            "professionalValueLabel": texts.professional(conversation),
            "sourceValueLabel": conversation.source,
            "presentValueLabel": texts.who_was_present(conversation),
            "contactValueLabel": texts.contact_class(conversation) or "",
            "commentValueLabel": conversation.comment or "",
            "notesValueLabel": "\n".join(texts.notes(conversation)),
        }
        labels["detailTitleLabel"].setText(texts.title(conversation))
        markers = texts.markers(conversation)
        labels["detailMarkersLabel"].setText(
            self.tr("Let op: {markers}").format(markers="; ".join(markers)) if markers else ""
        )
        labels["detailMarkersLabel"].setVisible(bool(markers))
        for name, row in header_rows:
            labels[name].setText(values[name])
            labels[name].setAccessibleName(
                f"{self._captions[name.replace('Value', 'Caption')].text()} {values[name]}"
            )
            self._form_layout.setRowVisible(row, bool(values[name]))

        count = len(history.entries)
        self._entries_title.setVisible(True)
        self._entries_title.setText(
            self.tr("Vastgelegd in dit gesprek ({summary})").format(summary=texts.summary(history))
            if count
            else self.tr("Vastgelegd in dit gesprek")
        )
        self._table.setVisible(count > 0)
        self._no_entries.setVisible(count == 0)
        self._table.setAccessibleDescription(texts.summary(history))
        if count:
            self._table.scrollToTop()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Gesprekken"))
        self._timeline_title.setText(self.tr("PZP-gesprekken (nieuwste eerst)"))
        self._list.setAccessibleName(self.tr("Tijdlijn van PZP-gesprekken"))
        self._list.setAccessibleDescription(
            self.tr("Kies een gesprek met de pijltjestoetsen om te zien wat er is vastgelegd")
        )
        self._table.setAccessibleName(self.tr("Vastgelegd in het gekozen gesprek"))
        self._no_entries.setText(
            self.tr("In dit gesprek zijn geen onderdelen van het formulier vastgelegd.")
        )
        captions = {
            "professionalCaptionLabel": self.tr("Zorgverlener"),
            "sourceCaptionLabel": self.tr("Bron"),
            "presentCaptionLabel": self.tr("Aanwezig"),
            "contactCaptionLabel": self.tr("Soort contact"),
            "commentCaptionLabel": self.tr("Toelichting"),
            "notesCaptionLabel": self.tr("Opmerkingen"),
        }
        for name, text in captions.items():
            self._captions[name].setText(text)
        self._labels["detailMarkersLabel"].setAccessibleName(self.tr("Waarschuwingen"))
        self._labels["detailTitleLabel"].setAccessibleName(self.tr("Gekozen gesprek"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._list_model.retranslate()
            self._entries_model.retranslate()
            self._show_empty_or_content()
            self._show_detail(self._selected_history())
        super().changeEvent(event)
