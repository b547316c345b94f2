"""The "Gesprekken" tab as a user sees it: the timeline, what each conversation recorded and
what changed, by mouse and by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QListView, QTableView, QWidget
from pytestqt.qtbot import QtBot

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, ROL472, UZI_ROLE, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.history import ConversationHistory, build_history
from pzp_desktop.domain.items import (
    Answer,
    Attendee,
    Conversation,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.app import load_stylesheet
from pzp_desktop.gui.history_widget import HistoryWidget
from pzp_desktop.sources.fetch import PatientQuery, Source, fetch_sources
from pzp_desktop.sources.patient_data import combine
from pzp_desktop.sources.training import (
    PATIENTS,
    TRAINING_SOURCES,
    build_training_servers,
    patient_id,
)

pytestmark = pytest.mark.gui

Training = dict[str, list[ConversationHistory]]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TODAY = date(2026, 11, 22)
HOSPITAL = "Oefenziekenhuis Oost (EPD)"
GP = "Huisartsenpraktijk De Oefenlinde (HIS)"
HOME_CARE = "Thuiszorg Oefendal (ECD)"


# -- data ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def training() -> Training:
    """The history of every training patient, read end to end through the real read path."""
    servers = build_training_servers(TODAY)
    histories: Training = {}
    for patient in PATIENTS:
        pairs = [
            (
                Source(s.name, s.base_url, primary=(i == 0)),
                FhirClient(s.base_url, transport=servers[s.base_url]),
            )
            for i, s in enumerate(TRAINING_SOURCES)
        ]
        query = PatientQuery(patient_ids={s.name: patient_id(patient, s) for s in TRAINING_SOURCES})
        histories[patient.key] = combine(fetch_sources(pairs, query)).history
    return histories


def decision(link_id: str, code: str) -> Answer:
    return Answer(link_id, Coding(BEHANDEL_BESLUIT, code))


def record(
    item: ItemId,
    answers: tuple[Answer, ...],
    conversation: Conversation,
    *,
    reference: str,
    status: RecordStatus = RecordStatus.CURRENT,
    kind: OriginKind = OriginKind.RESOURCE,
) -> RecordedItem:
    return RecordedItem(
        key=ItemKey(item),
        answers=answers,
        source=conversation.source,
        origin=Origin(kind, reference),
        recorded=conversation.date,
        date_basis=DateBasis.RECORD,
        status=status,
        conversation=conversation.ref,
    )


def hand_made() -> list[ConversationHistory]:
    """Two conversations in one source, the later only as a form with an uncertain date."""
    first = Conversation(
        ref=ConversationRef("Ziekenhuis Test", "Encounter/e1"),
        date=ClinicalDate.parse("2024-02-01T11:30:00+01:00"),
        professional=Professional("Dr. K. Kaya", Coding(UZI_ROLE, "81.000")),
        patient_present=False,
        attendees=(
            Attendee("Ans Kaya", roles=(Coding(ROL472, "15"),)),
            Attendee(None),
        ),
        comment="Gesprek na <b>opname</b>",  # shown as written, never as markup
        encounter="Encounter/e1",
        procedure="Procedure/p1",
    )
    second = Conversation(
        ref=ConversationRef("Ziekenhuis Test", "QuestionnaireResponse/q2"),
        date=ClinicalDate.parse("2024-05-03T09:00:00+02:00"),
        professional=None,
        questionnaire_responses=("QuestionnaireResponse/q2",),
        notes=("date-from-authored",),
    )
    items = [
        record(ItemId.RESUSCITATION, (decision("1386", "0"),), first, reference="Consent/r1"),
        record(
            ItemId.VENTILATION,
            (decision("1387", "2"),),
            first,
            reference="Consent/v1",
        ),
        record(
            ItemId.RESUSCITATION,
            (decision("1386", "2"),),
            second,
            reference="QuestionnaireResponse/q2",
            kind=OriginKind.QUESTIONNAIRE_RESPONSE,
        ),
        record(
            ItemId.VENTILATION,
            (decision("1387", "2"),),
            second,
            reference="QuestionnaireResponse/q2",
            kind=OriginKind.QUESTIONNAIRE_RESPONSE,
            status=RecordStatus.ENDED,
        ),
    ]
    return build_history([first, second], items, ["Ziekenhuis Test"])


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    previous = qapp.styleSheet()
    qapp.setStyleSheet(load_stylesheet())
    yield qapp
    qapp.setStyleSheet(previous)


@pytest.fixture
def widget(qtbot: QtBot, styled_app: QApplication) -> Iterator[HistoryWidget]:
    shown = HistoryWidget()
    shown.resize(1200, 720)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    shown.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def timeline(widget: HistoryWidget) -> QListView:
    found = widget.findChild(QListView, "conversationList")
    assert found is not None
    return found


def table(widget: HistoryWidget) -> QTableView:
    found = widget.findChild(QTableView, "entriesTable")
    assert found is not None
    return found


def label(widget: HistoryWidget, name: str) -> QLabel:
    found = widget.findChild(QLabel, name)
    assert found is not None, name
    return found


def rows(widget: HistoryWidget) -> list[str]:
    model = timeline(widget).model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def entries(widget: HistoryWidget) -> list[list[str]]:
    model = table(widget).model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def entry(widget: HistoryWidget, item_label: str) -> list[str]:
    return next(row for row in entries(widget) if row[0] == item_label)


def click_row(qtbot: QtBot, widget: HistoryWidget, row: int) -> None:
    view = timeline(widget)
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- the timeline ----------------------------------------------------------------------------


def test_timeline_lists_conversations_newest_first(
    widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["devries"])
    texts = rows(widget)
    assert [t.splitlines()[0] for t in texts] == [
        "12-11-2026 10:00",
        "13-10-2026 14:00",
        "28-09-2025 10:00",
    ]
    newest, hospital, first = (t.splitlines() for t in texts)
    assert newest[1:4] == ["Anna Jansen, Huisarts", GP, "Patiënt aanwezig"]
    assert newest[-1] == "4 onderdelen: 3 nieuw, 1 gewijzigd"
    assert hospital[1:4] == [
        "Pieter van Dam, Arts",
        HOSPITAL,
        "Patiënt aanwezig; Marieke de Vries (Dochter)",
    ]
    assert "Eerste PZP-gesprek" in first
    assert first[-1] == "8 onderdelen: 8 nieuw"


def test_the_newest_conversation_is_shown_first(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"])
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 12-11-2026 10:00"
    assert label(widget, "professionalValueLabel").text() == "Anna Jansen, Huisarts"
    assert label(widget, "sourceValueLabel").text() == GP
    assert label(widget, "presentValueLabel").text() == "Patiënt aanwezig"
    assert label(widget, "contactValueLabel").text() == "Poliklinisch contact"
    assert [row[0] for row in entries(widget)] == [
        "4a Reanimatie",
        "5a Specifieke zorgwensen",
        "5c Standpunt euthanasie",
        "6 Wat verder nog belangrijk is",
    ]


def test_selecting_a_conversation_shows_what_was_recorded_and_what_changed(
    qtbot: QtBot, widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["devries"])
    with qtbot.waitSignal(widget.conversation_selected) as signal:
        click_row(qtbot, widget, 1)
    selected = signal.args[0]
    assert isinstance(selected, Conversation)
    assert selected.source == HOSPITAL
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 13-10-2026 14:00"
    assert label(widget, "entriesTitleLabel").text() == (
        "Vastgelegd in dit gesprek (7 onderdelen: 4 nieuw, 2 gewijzigd, 1 ongewijzigd)"
    )
    assert entry(widget, "4a Reanimatie") == [
        "4a Reanimatie",
        "Niet uitvoeren — Na bespreking hartfalen: geen reanimatie",
        "Gewijzigd (was: Wel uitvoeren — Wil nog alles, wil er later op terugkomen, "
        f"28-09-2025, {GP})",
    ]
    assert entry(widget, "4c Opname op intensive care")[1:] == ["Niet uitvoeren", "Nieuw"]
    assert entry(widget, "4i Uitzetten ICD")[1:] == [
        "Wel uitvoeren — Schokfunctie uitzetten bij start palliatieve sedatie",
        "Nieuw",
    ]
    assert entry(widget, "8b Akkoord met delen")[1:] == ["Akkoord", "Ongewijzigd"]
    # Form order.
    assert [row[0] for row in entries(widget)] == [
        "3 Behandeldoel",
        "4a Reanimatie",
        "4c Opname op intensive care",
        "4d Opname in ziekenhuis",
        "4h ICD",
        "4i Uitzetten ICD",
        "8b Akkoord met delen",
    ]
    assert widget.selected_conversation() == selected


def test_changes_are_written_out_not_only_coloured(
    widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["mulder"])
    widget.select_conversation(training["mulder"][2].conversation)
    assert entry(widget, "4f Toediening van een bloedproduct")[2] == (
        f"Gewijzigd (was: Niet uitvoeren (beëindigd), 18-10-2025, {HOSPITAL})"
    )
    changes = {row[2].split(" ")[0] for row in entries(widget)}
    assert changes == {"Nieuw", "Gewijzigd"}


def test_form_only_conversation_and_absent_patient(
    widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["bos"])
    form_only, hospital = (t.splitlines() for t in rows(widget))
    assert form_only[1] == "Alleen als formulier vastgelegd"
    assert HOME_CARE in form_only
    assert "Alleen als formulier vastgelegd" not in hospital
    assert "Patiënt niet aanwezig; Hendrik Kramer (Mentor)" in hospital
    markers = label(widget, "detailMarkersLabel")
    assert markers.isVisible()
    assert markers.text() == "Let op: Alleen als formulier vastgelegd"


def test_hand_made_history_uncertain_date_ended_value_and_unknowns(
    qtbot: QtBot, widget: HistoryWidget
) -> None:
    widget.set_history(hand_made())
    later, earlier = (t.splitlines() for t in rows(widget))
    assert later[:3] == ["03-05-2024 09:00", "Alleen als formulier vastgelegd", "Datum onzeker"]
    assert later[3] == "Zorgverlener niet vastgelegd"
    assert label(widget, "detailMarkersLabel").text() == (
        "Let op: Alleen als formulier vastgelegd; "
        "Datum onzeker: datum waarop het formulier is ingevuld"
    )
    assert entries(widget) == [
        [
            "4a Reanimatie",
            "Niet uitvoeren",
            "Gewijzigd (was: Wel uitvoeren, 01-02-2024, Ziekenhuis Test)",
        ],
        [
            "4b Kunstmatige invasieve beademing",
            "Niet uitvoeren (beëindigd)",
            "Gewijzigd (was: Niet uitvoeren, 01-02-2024, Ziekenhuis Test)",
        ],
    ]
    assert earlier[1] == "Dr. K. Kaya, Physician assistant"
    assert earlier[3] == "Patiënt niet aanwezig; Ans Kaya (Mentor); Naam onbekend"
    click_row(qtbot, widget, 1)
    comment = label(widget, "commentValueLabel")
    assert comment.text() == "Gesprek na <b>opname</b>"
    assert comment.textFormat() is Qt.TextFormat.PlainText
    assert not label(widget, "detailMarkersLabel").isVisible()
    assert [row[2] for row in entries(widget)] == ["Nieuw", "Nieuw"]


def test_english_domain_labels(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"], lang="en")
    assert rows(widget)[0].splitlines()[1] == "Anna Jansen, General practitioner"
    assert entries(widget)[0][:2] == ["4a Resuscitation", "Do not perform"]


# -- keyboard and accessibility --------------------------------------------------------------


def test_keyboard_navigation(qtbot: QtBot, widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"])
    view = timeline(widget)
    view.setFocus()
    with qtbot.waitSignal(widget.conversation_selected) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert signal.args[0].source == HOSPITAL
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 13-10-2026 14:00"
    assert view.selectionModel().isSelected(view.currentIndex())
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 28-09-2025 10:00"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 12-11-2026 10:00"


def test_tab_moves_from_the_timeline_to_the_recorded_items(
    qtbot: QtBot, widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["devries"])
    widget.activateWindow()
    view = timeline(widget)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.waitUntil(table(widget).hasFocus)
    qtbot.keyClick(table(widget), Qt.Key.Key_Down)
    assert table(widget).currentIndex().row() >= 0


def test_accessible_names(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"])
    assert widget.accessibleName() == "Gesprekken"
    assert timeline(widget).accessibleName() == "Tijdlijn van PZP-gesprekken"
    assert timeline(widget).accessibleDescription()
    assert table(widget).accessibleName() == "Vastgelegd in het gekozen gesprek"
    # What a screen reader hears for the first conversation and for a recorded item.
    interface = QAccessible.queryAccessibleInterface(timeline(widget))
    assert interface is not None
    names = [interface.child(i).text(QAccessible.Text.Name) for i in range(interface.childCount())]
    assert any(
        n.startswith("Gesprek van 12-11-2026 10:00. Anna Jansen, Huisarts. " + GP) for n in names
    ), names
    first_cell = table(widget).model().index(0, 0)
    assert first_cell.data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "4a Reanimatie. Niet uitvoeren. Gewijzigd (was: Niet uitvoeren — Na bespreking"
    )
    assert label(widget, "professionalValueLabel").accessibleName() == (
        "Zorgverlener Anna Jansen, Huisarts"
    )


def test_tooltips_show_the_full_text(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"])
    tip = timeline(widget).model().index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Eerste PZP-gesprek" in tip
    assert "Patiënt aanwezig; Marieke de Vries (Dochter)" in tip


# -- states ----------------------------------------------------------------------------------


def test_empty_state(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["elidrissi"])
    empty = label(widget, "emptyLabel")
    assert empty.isVisible()
    assert empty.text() == "Nog geen PZP-gesprekken vastgelegd"
    assert not timeline(widget).isVisible()
    assert widget.selected_conversation() is None


def test_clear(widget: HistoryWidget, training: Training) -> None:
    widget.set_history(training["devries"])
    widget.clear()
    assert rows(widget) == []
    assert entries(widget) == []
    assert widget.selected_conversation() is None
    assert label(widget, "emptyLabel").isVisible()
    assert label(widget, "emptyLabel").text() == "Geen gesprekken geladen"


def test_a_refresh_keeps_the_selected_conversation(
    qtbot: QtBot, widget: HistoryWidget, training: Training
) -> None:
    widget.set_history(training["devries"])
    click_row(qtbot, widget, 2)
    chosen = widget.selected_conversation()
    widget.set_history(training["devries"])
    assert widget.selected_conversation() == chosen
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 28-09-2025 10:00"
    widget.set_history(training["bos"])  # another patient: the newest again
    assert label(widget, "detailTitleLabel").text() == "Gesprek van 23-10-2026 10:00"


def test_a_conversation_without_items(widget: HistoryWidget) -> None:
    lone = Conversation(
        ref=ConversationRef("Bron", "Encounter/x"),
        date=ClinicalDate.parse("2024-01-05"),
        professional=Professional("Dr. Test"),
        patient_present=True,
    )
    widget.set_history(build_history([lone], []))
    assert rows(widget)[0].splitlines() == [
        "05-01-2024",
        "Dr. Test",
        "Bron",
        "Patiënt aanwezig",
        "Geen onderdelen van het formulier vastgelegd",
    ]
    assert label(widget, "noEntriesLabel").isVisible()
    assert not table(widget).isVisible()


def test_no_selection_for_an_invalid_index(widget: HistoryWidget) -> None:
    assert timeline(widget).model().index(5, 0).data() is None
    assert timeline(widget).model().data(QModelIndex()) is None


# -- screenshots -----------------------------------------------------------------------------


def _save(widget: QWidget, name: str) -> Path:
    QApplication.processEvents()  # pending layout changes, as the user would see them
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 0
    return path


def test_screenshot(qtbot: QtBot, widget: HistoryWidget, training: Training) -> None:
    """Saves test-artifacts/history_widget.png (and a second one) for review."""
    widget.set_history(training["devries"])
    click_row(qtbot, widget, 1)
    timeline(widget).setFocus()
    _save(widget, "history_widget.png")
    widget.set_history(hand_made())
    _save(widget, "history_widget_markers.png")
    image = widget.grab().toImage()
    assert image.pixelColor(QPoint(5, 5)).isValid()


def test_a_proposal_is_marked_not_in_force(widget: HistoryWidget) -> None:
    conversation = Conversation(
        ref=ConversationRef("Ziekenhuis Test", "Encounter/e9"),
        date=ClinicalDate.parse("2024-06-01"),
        encounter="Encounter/e9",
    )
    proposal = record(
        ItemId.RESUSCITATION,
        (decision("1386", "0"),),
        conversation,
        reference="Consent/proposal",
        status=RecordStatus.PROPOSED,
    )
    widget.set_history(build_history([conversation], [proposal], ["Ziekenhuis Test"]))
    assert entry(widget, "4a Reanimatie")[1] == "Wel uitvoeren (niet van kracht)"
