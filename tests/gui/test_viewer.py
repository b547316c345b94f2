"""The viewer for the training patients, as a clinician sees it: the banner, the key
decisions, the overview with its markers, the conversations tab and the keyboard."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.items import KEY_DECISIONS, ItemId
from pzp_desktop.gui.app import load_stylesheet
from pzp_desktop.gui.main_window import MainWindow, WindowMode
from pzp_desktop.gui.overview_model import ROW_KIND_ROLE, Column, RowKind
from pzp_desktop.sources.session import TrainingEnvironment
from tests.gui.conftest import OpenWindow, save_screenshot, show_window

pytestmark = pytest.mark.gui

HOSPITAL = "Oefenziekenhuis Oost (EPD)"
GP = "Huisartsenpraktijk De Oefenlinde (HIS)"
HOME_CARE = "Thuiszorg Oefendal (ECD)"


def today() -> date:
    return datetime.now(AMSTERDAM).date()


def days_ago(days: int) -> str:
    return (today() - timedelta(days=days)).strftime("%d-%m-%Y")


def age(born: date) -> int:
    now = today()
    return now.year - born.year - ((now.month, now.day) < (born.month, born.day))


def children(window: MainWindow, index: QModelIndex) -> list[list[str]]:
    """The child rows of ``index`` as the user sees them once the row is opened."""
    model = window.overview_model
    window.overview.tree.expand(index)
    return [
        [str(model.index(row, column, index).data() or "") for column in Column]
        for row in range(model.rowCount(index))
    ]


# ---------------------------------------------------------------------------- de Vries


@pytest.fixture
def de_vries(open_training_patient: OpenWindow) -> MainWindow:
    return open_training_patient("devries")


def test_banner_identifies_the_patient(de_vries: MainWindow) -> None:
    banner = de_vries.banner
    assert banner.name_text == "Johanna de Vries-Bakker"
    assert banner.birth_text == f"Geboren 12-03-1941 ({age(date(1941, 3, 12))} jaar)"
    assert banner.bsn_text == "BSN 9999.90.007"
    assert "Johanna de Vries-Bakker" in banner.accessibleDescription()


def test_every_source_is_listed_as_loaded(de_vries: MainWindow) -> None:
    assert de_vries.source_status.texts() == [
        f"{HOSPITAL}: Geladen",
        f"{GP}: Geladen",
        f"{HOME_CARE}: Geladen",
    ]
    assert de_vries.source_status.warning_text == ""


def test_do_not_resuscitate_is_unmistakable(de_vries: MainWindow) -> None:
    tile = de_vries.key_decisions.tile(ItemId.RESUSCITATION)
    assert tile.isVisible()
    assert tile.headline == "NIET REANIMEREN"
    assert tile.property("tone") == "limit"
    assert tile.meta == f"{days_ago(10)} · Anna Jansen · {GP}"
    assert "Eerder anders vastgelegd" in tile.details
    assert tile.accessibleName() == "Reanimatie"
    assert tile.accessibleDescription().startswith("Reanimatie: NIET REANIMEREN.")
    # Large bold text, larger than the window's normal text (and relative to it).
    headline = tile.findChild(QLabel, "keyDecisionHeadline")
    assert headline is not None
    assert headline.font().bold()
    assert headline.font().pointSizeF() >= 1.5 * de_vries.font().pointSizeF()


def test_all_key_decisions_with_date_and_source(de_vries: MainWindow) -> None:
    tiles = {item: de_vries.key_decisions.tile(item) for item in KEY_DECISIONS}
    assert tiles[ItemId.VENTILATION].headline == "NIET BEADEMEN"
    assert tiles[ItemId.ICU_ADMISSION].headline == "GEEN IC-OPNAME"
    assert tiles[ItemId.HOSPITAL_ADMISSION].headline == (
        "Anders: Alleen bij een goed behandelbare oorzaak"
    )
    assert tiles[ItemId.HOSPITAL_ADMISSION].property("tone") == "conditional"
    assert tiles[ItemId.ICD_DEACTIVATION].headline == "ICD UITZETTEN"
    assert "Schokfunctie uitzetten bij start palliatieve sedatie" in (
        tiles[ItemId.ICD_DEACTIVATION].details
    )
    for item in (ItemId.ICU_ADMISSION, ItemId.HOSPITAL_ADMISSION, ItemId.ICD_DEACTIVATION):
        assert tiles[item].meta == f"{days_ago(40)} · Pieter van Dam · {HOSPITAL}"


def test_overview_values_and_older_values(qtbot: QtBot, de_vries: MainWindow) -> None:
    model = de_vries.overview_model
    assert model.text(ItemId.RESUSCITATION, Column.VALUE) == "Niet uitvoeren"
    assert model.text(ItemId.RESUSCITATION, Column.DATE) == days_ago(10)
    assert model.text(ItemId.RESUSCITATION, Column.PROFESSIONAL) == "Anna Jansen"
    assert model.text(ItemId.RESUSCITATION, Column.SOURCE) == GP
    assert "Eerdere waarden wijken af" in model.text(ItemId.RESUSCITATION, Column.REMARKS)

    index = model.index_of(ItemId.RESUSCITATION)
    tree = de_vries.overview.tree
    assert not tree.isExpanded(index)  # older values are folded in ...
    assert model.hasChildren(index)  # (created only when the row is opened)
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Right)  # ... and open with the keyboard
    assert tree.isExpanded(index)
    older = children(de_vries, index)
    assert [row[0] for row in older] == ["Eerder", "Eerder"]
    assert older[0][1] == "Niet uitvoeren — Na bespreking hartfalen: geen reanimatie"
    assert older[1][1] == "Wel uitvoeren — Wil nog alles, wil er later op terugkomen"
    assert older[1][4] == GP

    assert model.text(ItemId.FIRST_CONTACT_PERSON, Column.VALUE) == "nog niet besproken"
    assert model.text(ItemId.HOSPITAL_ADMISSION, Column.VALUE) == (
        "Anders: Alleen bij een goed behandelbare oorzaak"
    )


def test_sections_follow_the_form(de_vries: MainWindow) -> None:
    model = de_vries.overview_model
    headings = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert headings == [
        "1. Wilsbekwaamheid & wettelijke vertegenwoordiging",
        "2. Gesprek gevoerd in bijzijn van",
        "3. Belangrijkste overeengekomen doel van medisch beleid",
        "4. Behandelgrenzen",
        "5. Behandelwensen",
        "6. Wat verder nog belangrijk is",
        "7. Eerder vastgelegde behandelwensen",
        "8. Informatie delen",
    ]
    section_four = model.index(3, 0)
    labels = [model.index(row, 0, section_four).data() for row in range(9)]
    assert labels[0] == "4a  Reanimatie"
    assert labels[-1] == "4i  Uitzetten ICD"


def test_keyboard_tab_into_the_overview_and_arrow_down(qtbot: QtBot, de_vries: MainWindow) -> None:
    tab_bar = de_vries.tabs.tabBar()
    tab_bar.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab_bar)
    qtbot.keyClick(tab_bar, Qt.Key.Key_Tab)
    tree = de_vries.overview.tree
    assert QApplication.focusWidget() is tree
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    current = tree.currentIndex()
    assert current.data(ROW_KIND_ROLE) == RowKind.ITEM
    text = current.data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith("1  Wilsbekwaamheid: Ja.")
    assert GP in text
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().data(Qt.ItemDataRole.AccessibleTextRole) == (
        "1e-g  Eerste contactpersoon: nog niet besproken"
    )
    assert tree.accessibleName() == "Overzicht proactieve zorgplanning"


def test_key_decisions_are_reachable_by_keyboard(de_vries: MainWindow) -> None:
    for tile in de_vries.key_decisions.tiles():
        assert tile.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert tile.accessibleDescription()


def test_conversations_tab_hosts_the_history(qtbot: QtBot, de_vries: MainWindow) -> None:
    qtbot.keyClick(de_vries, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert de_vries.tabs.currentIndex() == 1
    assert de_vries.tabs.tabText(1) == "&Gesprekken"
    assert de_vries.history.isVisible()
    save_screenshot(de_vries, "conversations_de_vries")
    qtbot.keyClick(de_vries, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert de_vries.tabs.currentIndex() == 0


def test_screenshot_de_vries(de_vries: MainWindow) -> None:
    save_screenshot(de_vries, "overview_de_vries")


# ---------------------------------------------------------------------------- Mulder


@pytest.fixture
def mulder(open_training_patient: OpenWindow) -> MainWindow:
    return open_training_patient("mulder")


def test_conflict_is_shown_with_every_value_and_source(mulder: MainWindow) -> None:
    model = mulder.overview_model
    assert model.text(ItemId.PLACE_OF_DEATH, Column.VALUE) == "Bronnen spreken elkaar tegen"
    assert "Raadpleeg de bronnen" in model.text(ItemId.PLACE_OF_DEATH, Column.REMARKS)
    index = model.index_of(ItemId.PLACE_OF_DEATH)
    assert mulder.overview.tree.isExpanded(index)  # never hidden behind an arrow
    rows = children(mulder, index)
    conflicting = [(row[1], row[2], row[4]) for row in rows if row[0] == "Tegenstrijdig"]
    assert conflicting == [
        ("Hospice — Hospice in de buurt van haar zoon", days_ago(20), HOSPITAL),
        ("Thuis", days_ago(20), GP),
    ]


def test_no_decision_and_withdrawn_and_ended(mulder: MainWindow) -> None:
    model = mulder.overview_model
    assert model.text(ItemId.VENTILATION, Column.VALUE) == (
        "Geen besluit vastgelegd — Besproken, patiënte wil er nog over nadenken"
    )
    tiles = mulder.key_decisions
    assert tiles.tile(ItemId.VENTILATION).headline == "Geen besluit vastgelegd"
    assert tiles.tile(ItemId.VENTILATION).property("tone") == "neutral"
    # The withdrawn (entered-in-error) ICU record is never shown as a value.
    assert tiles.tile(ItemId.ICU_ADMISSION).headline == "Nog niet besproken"
    assert model.text(ItemId.ICU_ADMISSION, Column.VALUE) == "nog niet besproken"
    # The ended blood-product agreement is an older value, shown as ended.
    older = children(mulder, model.index_of(ItemId.BLOOD_PRODUCTS))
    assert older[0][1] == "Beëindigd: Niet uitvoeren"
    assert model.text(ItemId.BLOOD_PRODUCTS, Column.VALUE) == "Onbekend"
    assert model.text(ItemId.OTHER_LIMIT, Column.VALUE, "sondevoeding") == (
        "Sondevoeding: Niet uitvoeren"
    )
    assert tiles.tile(ItemId.RESUSCITATION).headline == "NIET REANIMEREN"


def test_screenshot_mulder_conflict(mulder: MainWindow) -> None:
    tree = mulder.overview.tree
    index = mulder.overview_model.index_of(ItemId.PLACE_OF_DEATH)
    tree.scrollTo(index, tree.ScrollHint.PositionAtCenter)
    tree.setCurrentIndex(index)
    save_screenshot(mulder, "overview_mulder_conflict")


# ---------------------------------------------------------------------------- others


def test_el_idrissi_has_nothing_discussed_yet(open_training_patient: OpenWindow) -> None:
    window = open_training_patient("elidrissi")
    model = window.overview_model
    for item in ItemId:
        assert model.text(item, Column.VALUE) == "nog niet besproken", item
    for tile in window.key_decisions.tiles():
        assert tile.headline == "Nog niet besproken"
        assert tile.property("tone") == "neutral"
    save_screenshot(window, "overview_el_idrissi")


def test_bos_without_icd(open_training_patient: OpenWindow) -> None:
    window = open_training_patient("bos")
    tile = window.key_decisions.tile(ItemId.ICD_DEACTIVATION)
    assert tile.headline == "Geen ICD"
    assert window.overview_model.text(ItemId.ICD, Column.VALUE) == "Nee"
    assert window.overview_model.text(ItemId.PLACE_OF_DEATH, Column.SOURCE) == HOME_CARE


def test_switching_patients_never_mixes_them(
    qtbot: QtBot, open_training_patient: OpenWindow
) -> None:
    window = open_training_patient("devries")
    with qtbot.waitSignal(window.loader.patient_loaded, timeout=20_000):
        window.open_training_patient("elidrissi")
        # At once, before anything of the new patient has arrived: nothing of the old one.
        assert window.banner.name_text == "Patiënt wordt geopend…"
        assert not window.key_decisions.isVisible()
        assert window.overview_model.rowCount() == 0
    assert window.banner.name_text == "Mohammed El Idrissi"


# ---------------------------------------------------------------------------- fonts


def test_style_sheet_sets_no_font_sizes() -> None:
    """Font sizes follow the user's application font (scaled in code), never fixed."""
    assert "font-size" not in load_stylesheet()
    assert not re.search(r"font\s*:", load_stylesheet())


def test_text_grows_with_the_application_font(
    qtbot: QtBot, styled_app: QApplication, training_environment: TrainingEnvironment
) -> None:
    original = QApplication.font()
    larger = QFont(original)
    larger.setPointSizeF(original.pointSizeF() * 1.5)
    QApplication.setFont(larger)
    try:
        window = show_window(
            qtbot, MainWindow(WindowMode.TRAINING, environment=training_environment)
        )
        with qtbot.waitSignal(window.loader.patient_loaded, timeout=20_000):
            window.open_training_patient("devries")
        headline = window.key_decisions.tile(ItemId.RESUSCITATION).findChild(
            QLabel, "keyDecisionHeadline"
        )
        assert headline is not None
        assert headline.font().pointSizeF() == pytest.approx(larger.pointSizeF() * 1.75)
        save_screenshot(window, "overview_de_vries_large_font")
    finally:
        QApplication.setFont(original)


def test_every_focusable_widget_has_an_accessible_name(de_vries: MainWindow) -> None:
    missing = []
    for widget in de_vries.findChildren(QWidget):
        if not widget.isVisibleTo(de_vries) or not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if de_vries.history.isAncestorOf(widget):
            continue  # the conversations tab has its own tests
        text = getattr(widget, "text", None)
        named = widget.accessibleName() or (callable(text) and text())
        if not named and not isinstance(widget, QTabBar):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []
