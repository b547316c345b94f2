"""The editor against the real HAPI FHIR test server: a clinician records one section in the
GUI and the server holds the conversation, the item with its profile and links, and the
QuestionnaireResponse with only what was discussed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pzp_desktop.domain import profiles
from pzp_desktop.domain.items import ItemId
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.gui.editor import open_editor
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.fetch import PatientQuery, Source
from pzp_desktop.sources.push import PushOutcome, PushStatus
from pzp_desktop.sources.session import TRAINING_USER, Session, SessionMode, load_patient
from tests.gui.editor.conftest import TIMEOUT_MS, click_option, item, window_of
from tests.integration.test_push_hapi import SOURCE, Fixture

pytestmark = [pytest.mark.integration, pytest.mark.gui]


def test_recording_5b_in_the_gui_is_stored_on_the_server(
    fhir_server: Any, qtbot: QtBot, styled_app: QApplication, store: DraftStore
) -> None:
    base = str(fhir_server.base_url).rstrip("/")
    with FhirClient(base) as client:
        patient = Fixture(client)
        session = Session(
            mode=SessionMode.STANDALONE,
            user=TRAINING_USER,
            view_only=False,
            query=PatientQuery(patient_ids={SOURCE: patient.patient_id}),
            fixed_sources=[(Source(SOURCE, base, primary=True), FhirClient(base))],
        )
        try:
            data = load_patient(session)
            pushed: list[PushOutcome] = []
            controller = open_editor(
                None,
                session,
                data,
                view_only=False,
                training=False,
                store=store,
                on_pushed=pushed.append,
                professional=patient.professional,
            )
            assert controller is not None
            qtbot.waitUntil(lambda: controller.window is not None, timeout=TIMEOUT_MS)
            window = window_of(controller)
            assert not window.training_band.isVisible()
            assert window.conversation_form.professional_edit.text() == "Anna Jansen (Huisarts)"
            click_option(qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Hospice")
            window.save_button.click()
            qtbot.waitUntil(lambda: controller.closed, timeout=TIMEOUT_MS)
        finally:
            session.close()
        [outcome] = pushed
        assert outcome.status is PushStatus.SUCCESS, outcome.message
        assert outcome.encounter is not None
        encounter_ref = outcome.encounter
        observations = client.search("Observation", {"encounter": encounter_ref}).matches
        [observation] = [o for o in observations if o.get("resourceType") == "Observation"]
        assert profiles.PREFERRED_PLACE_OF_DEATH in observation["meta"]["profile"]
        assert observation["valueCodeableConcept"]["coding"][0]["code"] == "284546000"
        assert observation["performer"][0]["reference"] == f"PractitionerRole/{patient.role_id}"
        assert outcome.questionnaire_response is not None
        rtype, rid = outcome.questionnaire_response.split("/")[:2]
        response = client.read(rtype, rid)
        assert response["encounter"]["reference"] == encounter_ref
        top = {i["linkId"] for i in response["item"]}
        assert "107" in top
        assert not {"26", "83", "586", "115", "119"} & top
