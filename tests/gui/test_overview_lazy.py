"""Older values in the overview: created when the item is opened, and consecutive equal
older values as one line whose own rows still show every record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, Coding
from pzp_desktop.domain.consolidation import consolidate
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import (
    Answer,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
)
from pzp_desktop.gui import i18n
from pzp_desktop.gui.overview_model import ROW_KIND_ROLE, Column, OverviewModel, RowKind
from pzp_desktop.gui.overview_widget import OverviewWidget

pytestmark = pytest.mark.gui

DENY = Answer("1386", Coding(BEHANDEL_BESLUIT, "2"))
PERMIT = Answer("1386", Coding(BEHANDEL_BESLUIT, "0"))
FIRST_DAY = date(2020, 1, 1)


def resuscitation(
    day: int, answer: Answer, *, source: str = "Huisarts", in_conversation: bool = True
) -> RecordedItem:
    """The resuscitation decision recorded ``day`` days after :data:`FIRST_DAY`."""
    when = FIRST_DAY + timedelta(days=day)
    return RecordedItem(
        key=ItemKey(ItemId.RESUSCITATION),
        answers=(answer,),
        source=source,
        origin=Origin(OriginKind.RESOURCE, f"Consent/c{day}"),
        recorded=ClinicalDate.parse(when.isoformat()),
        date_basis=DateBasis.CONVERSATION,
        conversation=ConversationRef(source, f"Encounter/e{day}") if in_conversation else None,
        professional=Professional(name=f"Arts {day % 3}"),
    )


def day_text(day: int) -> str:
    return (FIRST_DAY + timedelta(days=day)).strftime("%d-%m-%Y")


def shown(model: OverviewModel, parent: QModelIndex) -> list[list[str]]:
    return [
        [str(model.index(row, column, parent).data() or "") for column in Column]
        for row in range(model.rowCount(parent))
    ]


@pytest.fixture
def widget(qtbot: QtBot) -> OverviewWidget:
    model = OverviewModel()
    view = OverviewWidget(model)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def test_older_values_are_created_when_the_item_is_opened(
    qtbot: QtBot, widget: OverviewWidget
) -> None:
    # 1,000 conversations: the value changed once, 400 days before the last one.
    records = [resuscitation(day, PERMIT if day < 600 else DENY) for day in range(1000)]
    model = widget.model
    model.set_overview(consolidate(records, ["Huisarts"]), "nl")
    index = model.index_of(ItemId.RESUSCITATION)
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Niet uitvoeren"
    tree = widget.tree

    assert not tree.isExpanded(index)
    assert model.rowCount(index) == 0  # nothing created yet ...
    assert model.hasChildren(index)  # ... but the row can be opened
    assert model.canFetchMore(index)

    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # opened with the keyboard, as the user does
    assert tree.isExpanded(index)
    assert not model.canFetchMore(index)
    rows = shown(model, index)
    # 399 older "Niet uitvoeren" in a row, then 600 "Wel uitvoeren": two lines.
    assert [row[Column.ITEM] for row in rows] == ["Eerder", "Eerder"]
    assert rows[0][Column.VALUE] == "Niet uitvoeren"
    assert rows[0][Column.DATE] == f"{day_text(600)} – {day_text(998)}"
    assert rows[0][Column.SOURCE] == "Huisarts"
    assert rows[0][Column.PROFESSIONAL] == "Arts 2, Arts 1, Arts 0"
    assert rows[0][Column.REMARKS] == "ongewijzigd in 399 gesprekken"
    assert rows[1][Column.VALUE] == "Wel uitvoeren"
    assert rows[1][Column.DATE] == f"{day_text(0)} – {day_text(599)}"
    assert rows[1][Column.REMARKS] == "ongewijzigd in 600 gesprekken"
    line = model.index(1, 0, index)
    assert line.data(ROW_KIND_ROLE) == RowKind.UNCHANGED
    accessible = str(line.data(Qt.ItemDataRole.AccessibleTextRole))
    assert accessible.startswith(f"Eerder: Wel uitvoeren. {day_text(0)} – {day_text(599)}.")
    assert accessible.endswith("ongewijzigd in 600 gesprekken")

    # Each record of the collapsed line is still there, with its own date and professional.
    assert model.rowCount(line) == 0
    assert model.hasChildren(line)
    tree.expand(line)
    singles = shown(model, line)
    assert len(singles) == 600
    assert singles[0][Column.DATE] == day_text(599) == "22-08-2021"  # newest first
    assert singles[0][Column.PROFESSIONAL] == "Arts 2"
    assert singles[-1][Column.DATE] == "01-01-2020"
    assert {row[Column.VALUE] for row in singles} == {"Wel uitvoeren"}
    assert {model.index(r, 0, line).data(ROW_KIND_ROLE) for r in range(600)} == {RowKind.OLDER}


def test_values_that_change_every_time_stay_separate_lines(widget: OverviewWidget) -> None:
    records = [resuscitation(day, PERMIT if day % 2 else DENY) for day in range(7)]
    model = widget.model
    model.set_overview(consolidate(records, ["Huisarts"]), "nl")
    index = model.index_of(ItemId.RESUSCITATION)
    widget.tree.expand(index)
    rows = shown(model, index)
    assert [row[Column.VALUE] for row in rows] == [
        "Wel uitvoeren",
        "Niet uitvoeren",
        "Wel uitvoeren",
        "Niet uitvoeren",
        "Wel uitvoeren",
        "Niet uitvoeren",
    ]
    assert [row[Column.DATE] for row in rows] == [
        "06-01-2020",
        "05-01-2020",
        "04-01-2020",
        "03-01-2020",
        "02-01-2020",
        "01-01-2020",
    ]
    assert all(model.rowCount(model.index(r, 0, index)) == 0 for r in range(len(rows)))
    assert not any(model.hasChildren(model.index(r, 0, index)) for r in range(len(rows)))


def test_every_older_record_is_reachable(qapp: QApplication) -> None:
    pattern = [PERMIT, PERMIT, DENY, PERMIT, DENY, DENY, DENY, PERMIT]
    records = [resuscitation(day, pattern[day % len(pattern)]) for day in range(80)]
    model = OverviewModel()
    model.set_overview(consolidate(records, ["Huisarts"]), "nl")
    index = model.index_of(ItemId.RESUSCITATION)
    model.fetch_all(index)
    dates: list[str] = []
    for row in range(model.rowCount(index)):
        line = model.index(row, 0, index)
        if line.data(ROW_KIND_ROLE) == RowKind.UNCHANGED:
            dates.extend(
                str(model.index(r, Column.DATE, line).data()) for r in range(model.rowCount(line))
            )
        else:
            assert line.data(ROW_KIND_ROLE) == RowKind.OLDER
            dates.append(str(line.siblingAtColumn(Column.DATE).data()))
    expected = [day_text(d) for d in range(78, -1, -1)]
    assert dates == expected  # all 79 older records, newest first, none twice


def test_a_new_overview_forgets_the_children_not_yet_created(qapp: QApplication) -> None:
    model = OverviewModel()
    model.set_overview(consolidate([resuscitation(d, DENY) for d in range(5)], ["Huisarts"]))
    model.set_overview(consolidate([resuscitation(d, PERMIT) for d in range(3)], ["Huisarts"]))
    index = model.index_of(ItemId.RESUSCITATION)
    model.fetch_all(index)
    rows = shown(model, index)
    assert [(row[Column.VALUE], row[Column.REMARKS]) for row in rows] == [
        ("Wel uitvoeren", "ongewijzigd in 2 gesprekken")
    ]


def test_records_outside_conversations_are_counted_as_recordings(qapp: QApplication) -> None:
    records = [resuscitation(day, DENY, in_conversation=False) for day in range(4)]
    model = OverviewModel()
    model.set_overview(consolidate(records, ["Huisarts"]))
    index = model.index_of(ItemId.RESUSCITATION)
    model.fetch_all(index)
    assert shown(model, index)[0][Column.REMARKS] == "ongewijzigd in 3 vastleggingen"


def test_the_collapsed_line_in_english(qapp: QApplication) -> None:
    if i18n.lrelease_executable() is None:
        pytest.skip("lrelease not available")
    assert i18n.install_translation(qapp, "en")  # type: ignore[arg-type]
    try:
        model = OverviewModel()
        records = [resuscitation(day, DENY) for day in range(4)]
        model.set_overview(consolidate(records, ["Huisarts"]), "en")
        index = model.index_of(ItemId.RESUSCITATION)
        model.fetch_all(index)
        (row,) = shown(model, index)
        assert row[Column.ITEM] == "Earlier"
        assert row[Column.REMARKS] == "unchanged in 3 conversations"
    finally:
        i18n.install_translation(qapp, "nl")  # type: ignore[arg-type]
