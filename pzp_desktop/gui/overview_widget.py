"""The "Overzicht" tab: the consolidated overview as a keyboard-navigable tree, and what could
not be read from the sources.

The view receives its model (:class:`~pzp_desktop.gui.overview_model.OverviewModel`) and
only follows it: after every reset it opens the sections and the conflicts (a conflict is
never hidden behind an arrow) and leaves older values folded in (Right arrow or a click opens
them).

Keyboard: Tab moves into the tree, Up/Down move between rows, Right/Left open and close a
row's older values, Home/End jump; Tab leaves the tree again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from pzp_desktop.domain.items import ReadProblem
from pzp_desktop.gui.icons import IconName, pixmap
from pzp_desktop.gui.overview_model import ROW_KIND_ROLE, Column, OverviewModel, RowKind

__all__ = ["OverviewWidget", "problem_lines"]


def problem_lines(problems: Sequence[ReadProblem]) -> list[str]:
    """What could not be read, per source, without clinical content:
    ``"Oefenziekenhuis Oost (EPD): 1 record kon niet volledig worden gelezen"``."""
    lines: list[str] = []
    sources = list(dict.fromkeys(problem.source for problem in problems))
    for source in sources:
        own = [p for p in problems if p.source == source]
        records = len({p.reference for p in own if p.reference})
        if records == 1:
            text = QCoreApplication.translate(
                "OverviewWidget", "1 record kon niet volledig worden gelezen"
            )
            lines.append(f"{source}: {text}")
        elif records > 1:
            text = QCoreApplication.translate(
                "OverviewWidget", "%1 records konden niet volledig worden gelezen"
            ).replace("%1", str(records))
            lines.append(f"{source}: {text}")
        general = Counter(p.message for p in own if not p.reference)
        for message, count in general.items():
            lines.append(f"{source}: {message}" + (f" ({count}×)" if count > 1 else ""))
    return lines


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights that fit wrapped text in the column's current width (QTreeView itself
    sizes rows as if there were no wrapping, so long values would be cut off)."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def _available_width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        tree = self._tree
        if index.column() == 0 and tree.isFirstColumnSpanned(index.row(), index.parent()):
            width = tree.viewport().width()
        else:
            width = tree.columnWidth(index.column())
        if index.column() == 0:
            depth = 0
            parent = index.parent()
            while parent.isValid():
                depth += 1
                parent = parent.parent()
            width -= tree.indentation() * (depth + 1)
        return max(40, width)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        if not text:
            return base
        width = self._available_width(index)
        icon_width = opt.decorationSize.width() + 6 if not opt.icon.isNull() else 0
        # Text margins of the style (a little more in the first column, beside the branch).
        margin = 14 if index.column() == 0 else 8
        available = max(30, width - icon_width - margin)
        rect = QFontMetrics(opt.font).boundingRect(
            QRect(0, 0, available, 100_000),
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
            text,
        )
        return QSize(base.width(), max(base.height(), rect.height() + 10))


class OverviewWidget(QWidget):
    """The overview tree plus the list of reading problems."""

    def __init__(self, model: OverviewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overviewWidget")
        self._model = model

        self._tree = QTreeView(self)
        self._tree.setObjectName("overviewTree")
        self._tree.setModel(model)
        self._tree.setUniformRowHeights(False)
        self._tree.setWordWrap(True)
        self._tree.setAlternatingRowColors(False)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setTabKeyNavigation(False)
        self._tree.setExpandsOnDoubleClick(True)
        self._tree.setIndentation(18)
        self._tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._tree.setItemDelegate(_WrappingDelegate(self._tree))
        # Row heights depend on column widths: lay the rows out again after a resize.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._tree.doItemsLayout)
        header = self._tree.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        header.setSectionResizeMode(Column.ITEM, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.PROFESSIONAL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.SOURCE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.REMARKS, QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        header.sectionResized.connect(lambda *_args: self._relayout.start())

        self._problems = QFrame(self)
        self._problems.setObjectName("problemsFrame")
        self._problems_icon = QLabel(self._problems)
        self._problems_icon.setPixmap(pixmap(IconName.WARNING, 20, self.devicePixelRatioF()))
        self._problems_icon.setFixedSize(20, 20)
        self._problems_label = QLabel(self._problems)
        self._problems_label.setObjectName("problemsLabel")
        self._problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self._problems_label.setWordWrap(True)
        self._problems_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self._problems_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        problems_layout = QHBoxLayout(self._problems)
        problems_layout.setContentsMargins(10, 6, 10, 6)
        problems_layout.addWidget(self._problems_icon, 0, Qt.AlignmentFlag.AlignTop)
        problems_layout.addWidget(self._problems_label, 1)
        self._problems.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._tree, 1)
        layout.addWidget(self._problems)

        model.modelReset.connect(self._on_model_reset)
        self._problem_lines: list[str] = []
        self._retranslate()

    @property
    def tree(self) -> QTreeView:
        return self._tree

    @property
    def problems_label(self) -> QLabel:
        return self._problems_label

    @property
    def model(self) -> OverviewModel:
        return self._model

    @property
    def problems_text(self) -> str:
        return self._problems_label.text() if self._problems.isVisibleTo(self) else ""

    # Share of the width for the columns sized by the widget (the value column takes the
    # rest, the date column fits its contents); re-applied whenever the tree is resized.
    _COLUMN_SHARES: tuple[tuple[Column, float, str], ...] = (
        (Column.ITEM, 0.18, "1e-g  Eerste contactpersoon"),
        (Column.PROFESSIONAL, 0.10, "Pieter van Dam"),
        (Column.SOURCE, 0.14, "Huisartsenpraktijk"),
        (Column.REMARKS, 0.14, "Eerdere waarden"),
    )

    def _size_columns(self) -> None:
        width = self._tree.viewport().width()
        if width <= 0:
            return
        metrics = self._tree.fontMetrics()
        for column, share, sample in self._COLUMN_SHARES:
            minimum = metrics.horizontalAdvance(sample) + 16
            self._tree.setColumnWidth(column, max(minimum, int(width * share)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_columns()

    def _retranslate(self) -> None:
        self._tree.setAccessibleName(self.tr("Overzicht proactieve zorgplanning"))
        self._tree.setAccessibleDescription(
            self.tr(
                "Alle onderdelen van het PZP-formulier met de meest recente waarde. "
                "Pijltjes omhoog en omlaag: volgende onderdeel; pijl naar rechts: eerdere "
                "waarden tonen."
            )
        )
        self._problems.setAccessibleName(self.tr("Meldingen bij het lezen van de bronnen"))
        self._problems_label.setAccessibleName(self.tr("Meldingen bij het lezen van de bronnen"))
        self.show_problems_lines(self._problem_lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def show_problems(self, problems: Sequence[ReadProblem]) -> None:
        self.show_problems_lines(problem_lines(problems))

    def show_problems_lines(self, lines: list[str]) -> None:
        self._problem_lines = list(lines)
        if not lines:
            self._problems.setVisible(False)
            self._problems_label.clear()
            return
        heading = self.tr("Niet alles uit de bronnen kon worden gelezen:")
        text = "\n".join([heading, *(f"• {line}" for line in lines)])
        self._problems_label.setText(text)
        self._problems_label.setAccessibleDescription(text)
        self._problems.setVisible(True)

    def _on_model_reset(self) -> None:
        """Open the sections and every conflict; older values stay folded in."""
        model = self._model
        for section in range(model.rowCount()):
            section_index = model.index(section, 0)
            self._tree.setFirstColumnSpanned(section, QModelIndex(), True)
            self._tree.expand(section_index)
            for row in range(model.rowCount(section_index)):
                index = model.index(row, 0, section_index)
                kind = index.data(ROW_KIND_ROLE)
                if kind == RowKind.PER_CONVERSATION:
                    self._tree.setFirstColumnSpanned(row, section_index, True)
                if kind == RowKind.ITEM and model.rowCount(index) > 0:
                    first_child = model.index(0, 0, index)
                    if first_child.data(ROW_KIND_ROLE) == RowKind.CONFLICT:
                        self._tree.expand(index)

    def focus_first_item(self) -> None:
        """Put the keyboard cursor on the first item (the first row under section 1)."""
        first_section = self._model.index(0, 0)
        target = self._model.index(0, 0, first_section)
        if target.isValid():
            self._tree.setCurrentIndex(target)
        self._tree.setFocus(Qt.FocusReason.OtherFocusReason)
