"""Each double-registration warning, triggered the way it happens in practice and seen in the
dialog with who, when and where; the source-changed warning needs a review first."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from pzp_desktop.config import AppConfig
from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, SCT, UZI_ROLE, Coding
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, Professional
from pzp_desktop.gui.editor import editor_settings
from pzp_desktop.gui.editor.double_registration_dialog import DoubleRegistrationDialog
from pzp_desktop.sources.push import PushStatus, PushTarget, push_draft, start_draft
from tests.gui.editor.conftest import (
    HOSPITAL_NAME,
    Harness,
    click,
    click_option,
    item,
    save_screenshot,
    session_with_transport,
    settle,
    window_of,
)

pytestmark = pytest.mark.gui

SPECIALIST = Professional(
    name="Sanne de Wit",
    function=Coding(UZI_ROLE, "01.047"),
    reference="PractitionerRole/rol-specialist-og",
)
GP_NAME = "Huisartsenpraktijk De Oefenlinde (HIS)"
RESUSCITATION = ItemKey(ItemId.RESUSCITATION)


def colleague_records(harness: Harness, key: str, changes: dict[ItemKey, list[Answer]]) -> None:
    """A colleague in the hospital records a conversation (through the same push)."""
    session = harness.session(key)
    data = harness.load(session)
    draft = start_draft(data, source=HOSPITAL_NAME, user="uzi:900002", professional=SPECIALIST)
    for item_key, answers in changes.items():
        draft.set_answers(item_key, answers)
    client = next(c for s, c in session.sources if s.name == HOSPITAL_NAME)
    outcome = push_draft(
        draft, client, PushTarget.from_patient_data(data, HOSPITAL_NAME), view_only=False
    )
    assert outcome.ok, outcome.message


def dialog_of(harness: Harness, controller) -> DoubleRegistrationDialog:  # type: ignore[no-untyped-def]
    harness.qtbot.waitUntil(lambda: controller.warnings_dialog is not None, timeout=20_000)
    dialog = controller.warnings_dialog
    assert isinstance(dialog, DoubleRegistrationDialog)
    harness.qtbot.waitExposed(dialog)
    settle()
    return dialog


def days_ago(days: int) -> str:
    today = datetime.now(AMSTERDAM).date()
    return (today - timedelta(days=days)).strftime("%d-%m-%Y")


def test_warning_1_the_same_value_was_recorded_recently(harness: Harness) -> None:
    """De Vries: the GP recorded "Niet reanimeren" 10 days ago. Since then a colleague in
    the hospital recorded "Wel uitvoeren" (so that is what the form shows); the clinician
    records "Niet uitvoeren" again and is told the GP already did, with who/when/where.

    (Without the colleague's record, "Niet uitvoeren" is the prefilled value and choosing it
    again is no change at all: the editor never re-records an unchanged item.)"""
    colleague_records(
        harness, "devries", {RESUSCITATION: [Answer("1386", Coding(BEHANDEL_BESLUIT, "0"))]}
    )
    controller = harness.open("devries")
    resuscitation = item(controller, ItemId.RESUSCITATION)
    assert "Huidige waarde: ‘Wel uitvoeren’" in resuscitation.current_label.text()
    click_option(harness.qtbot, resuscitation, "1386", "Niet uitvoeren")
    harness.save(controller)

    dialog = dialog_of(harness, controller)
    texts = dialog.entry_texts()
    assert any(
        "Reanimatie: dezelfde waarde (‘Niet uitvoeren’) is op "
        f"{days_ago(10)} al vastgelegd door Anna Jansen in {GP_NAME}." in t
        for t in texts
    ), texts
    assert any(
        f"Wie: Anna Jansen · Wanneer: {days_ago(10)}" in t and f"Waar: {GP_NAME}" in t
        for t in texts
    ), texts
    assert "Dezelfde waarde is onlangs al vastgelegd" in [
        h.text() for h in dialog.headings.values()
    ]
    assert dialog.save_button.isEnabled()  # a warning, not a block
    # "Terug naar het gesprek": nothing is saved, the editor stays.
    before = harness.snapshot()
    click(harness.qtbot, dialog.back_button)
    harness.qtbot.waitUntil(lambda: controller.warnings_dialog is None)
    assert not controller.closed
    assert "nog niet opgeslagen" in window_of(controller).outcome_text()
    assert harness.snapshot() == before


def test_warning_2_a_conversation_on_the_same_day_by_the_same_professional(
    harness: Harness,
) -> None:
    first = harness.open("devries")
    click_option(harness.qtbot, item(first, ItemId.PLACE_OF_DEATH), "1191", "Hospice")
    harness.save(first)
    assert first.closed

    second = harness.open("devries")
    click_option(
        harness.qtbot, item(second, ItemId.EUTHANASIA_POSITION), "1193", "Wenst geen euthanasie"
    )
    harness.save(second)
    dialog = dialog_of(harness, second)
    today = days_ago(0)
    texts = dialog.entry_texts()
    assert any(
        f"Op {today} is al een PZP-gesprek vastgelegd door Oefengebruiker in {HOSPITAL_NAME}." in t
        for t in texts
    ), texts
    assert any("Wie: Oefengebruiker" in t and f"Waar: {HOSPITAL_NAME}" in t for t in texts)
    save_screenshot(dialog, "editor-double-registration-same-day")
    click(harness.qtbot, dialog.save_button)
    harness.wait_after_save(second)
    assert second.closed
    assert [o.status for o in harness.pushed] == [PushStatus.SUCCESS, PushStatus.SUCCESS]


def test_warning_3_the_launching_system_records_pzp_itself(harness: Harness) -> None:
    settings = editor_settings(AppConfig(launching_system_records_pzp=True), HOSPITAL_NAME)
    controller = harness.open("elidrissi", settings=settings)
    click_option(harness.qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Thuis")
    harness.save(controller)
    dialog = dialog_of(harness, controller)
    assert "Uw eigen systeem legt proactieve zorgplanning zelf vast" in [
        h.text() for h in dialog.headings.values()
    ]
    [entry] = dialog.entry_texts()
    assert f"{HOSPITAL_NAME} legt proactieve zorgplanning zelf vast." in entry
    assert f"Waar: {HOSPITAL_NAME}" in entry
    click(harness.qtbot, dialog.save_button)
    harness.wait_after_save(controller)
    assert controller.closed


def test_warning_4_a_concurrent_write_needs_a_review(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    place = item(controller, ItemId.PLACE_OF_DEATH)
    click_option(harness.qtbot, place, "1191", "Hospice")

    # Meanwhile a colleague records the euthanasia position in the same EPD.
    colleague_records(
        harness,
        "devries",
        {
            ItemKey(ItemId.EUTHANASIA_POSITION): [
                Answer("1193", Coding(SCT, "340181000146102", "Heeft euthanasieverklaring"))
            ]
        },
    )
    before = harness.snapshot()
    harness.save(controller)
    dialog = dialog_of(harness, controller)
    assert "De gegevens zijn gewijzigd sinds u dit gesprek begon" in [
        h.text() for h in dialog.headings.values()
    ]
    texts = dialog.entry_texts()
    assert any(
        "Nieuw PZP-gesprek op" in t and "door Sanne de Wit in Oefenziekenhuis Oost (EPD)" in t
        for t in texts
    ), texts
    assert any("• Standpunt euthanasie: nu ‘Heeft euthanasieverklaring’" in t for t in texts), texts
    # Saving needs the review to be confirmed.
    assert dialog.review_box is not None
    assert not dialog.save_button.isEnabled()
    assert "bekeken" in dialog.save_button.toolTip()
    save_screenshot(dialog, "editor-double-registration-review")
    click(harness.qtbot, dialog.review_box)
    assert dialog.save_button.isEnabled()
    click(harness.qtbot, dialog.save_button)
    harness.wait_after_save(controller)
    assert controller.closed, window.outcome_text()
    created = harness.new_resources(before)
    assert len(created["Encounter"]) == 1
    [observation] = created["Observation"]
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "284546000"
    # The colleague's record is still the current euthanasia position.
    again = harness.load(harness.session("devries"))
    euthanasia = again.overview.get(ItemId.EUTHANASIA_POSITION)
    assert euthanasia is not None
    assert euthanasia.current.professional is not None
    assert euthanasia.current.professional.name == "Sanne de Wit"


def test_warning_4_review_in_the_form_takes_the_new_values_in(harness: Harness) -> None:
    controller = harness.open("devries")
    window = window_of(controller)
    click_option(harness.qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Hospice")
    colleague_records(
        harness,
        "devries",
        {
            ItemKey(ItemId.EUTHANASIA_POSITION): [
                Answer("1193", Coding(SCT, "340181000146102", "Heeft euthanasieverklaring"))
            ]
        },
    )
    harness.save(controller)
    dialog = dialog_of(harness, controller)
    assert dialog.review_button is not None
    click(harness.qtbot, dialog.review_button)
    harness.qtbot.waitUntil(lambda: controller.warnings_dialog is None)
    settle()
    euthanasia = item(controller, ItemId.EUTHANASIA_POSITION)
    assert euthanasia.refreshed_marker.isVisible()
    assert "Bijgewerkt uit de bron: nu ‘Heeft euthanasieverklaring’" in (
        euthanasia.refreshed_marker.text()
    )
    assert [r.text() for r in euthanasia.choice("1193").radios if r.isChecked()] == [
        "Heeft euthanasieverklaring"
    ]
    # What the clinician typed is still there, and saving no longer asks for a review.
    assert item(controller, ItemId.PLACE_OF_DEATH).marker_text().startswith("Gewijzigd")
    assert "staan nu in het formulier" in window.outcome_text()
    harness.save(controller)
    assert controller.closed


class ColleagueFirst(httpx.BaseTransport):
    """Just before our transaction arrives, a colleague's conversation is committed (the
    race between reading the sources and saving): our If-Match no longer holds."""

    def __init__(self, harness: Harness, changes: dict[ItemKey, list[Answer]]) -> None:
        self.harness = harness
        self.server = harness.server()
        self.changes = changes
        self.done = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not self.done:
            self.done = True
            colleague_records(self.harness, "devries", self.changes)
        return self.server.handle_request(request)


def test_a_conflict_on_saving_shows_what_changed_and_saves_after_the_review(
    harness: Harness,
) -> None:
    capacity = ItemKey(ItemId.LEGAL_CAPACITY)
    transport = ColleagueFirst(
        harness, {capacity: [Answer("1406", Coding(None, "0")), Answer("1407", "delier")]}
    )
    session = session_with_transport(harness, "devries", transport)
    controller = harness.open("devries", session=session)
    window = window_of(controller)
    click_option(harness.qtbot, item(controller, ItemId.LEGAL_CAPACITY), "1406", "Nee")
    text = item(controller, ItemId.LEGAL_CAPACITY).text_input("1407").line
    assert text is not None
    text.setFocus()
    harness.qtbot.keyClicks(text, "Gevorderde dementie")
    harness.save(controller)

    # The push met a conflict; the editor read the sources again and shows the change.
    dialog = dialog_of(harness, controller)
    assert controller.last_outcome is not None
    assert controller.last_outcome.status is PushStatus.CONFLICT
    assert "intussen door iemand anders gewijzigd" in dialog.intro_label.text()
    texts = dialog.entry_texts()
    assert any("Sanne de Wit" in t for t in texts), texts
    assert any(
        "Wilsbekwaamheid: nu ‘Nee — delier’" in t and "uw waarde wordt de nieuwste" in t
        for t in texts
    ), texts
    assert not dialog.save_button.isEnabled()
    assert dialog.review_box is not None
    click(harness.qtbot, dialog.review_box)
    click(harness.qtbot, dialog.save_button)
    harness.wait_after_save(controller)
    assert controller.closed, window.outcome_text()
    assert controller.last_outcome.status is PushStatus.SUCCESS
    again = harness.load(harness.session("devries"))
    current = again.overview.get(ItemId.LEGAL_CAPACITY)
    assert current is not None
    assert current.current.answer("1407") == "Gevorderde dementie"
