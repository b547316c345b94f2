"""Pushing drafts to the training store (the in-memory FHIR server): what is written, retries
without duplicates, conflicts through a concurrent write, and view-only sending nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import keyring
import pytest
from fhir.resources.R4B import get_fhir_model_class

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import SCT, UZI_ROLE, Coding
from pzp_desktop.domain.editing import (
    ChangeKind,
    WarningKind,
    check_double_registration,
)
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, Professional
from pzp_desktop.fhir.audit import AuditActor, AuditRecorded
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.fetch import PatientQuery, Source, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, combine
from pzp_desktop.sources.push import (
    PushStatus,
    PushTarget,
    push_draft,
    rebase_draft,
    start_draft,
)
from pzp_desktop.sources.training import (
    GP,
    HOSPITAL,
    PATIENTS,
    TRAINING_SOURCES,
    build_training_servers,
)
from tests.sources.test_drafts import MemoryKeyring

Json = dict[str, Any]

CARDIOLOGIST = Professional(
    name="Pieter van Dam",
    function=Coding(UZI_ROLE, "01.000", "Arts"),
    reference="PractitionerRole/rol-cardioloog",
)
SPECIALIST = Professional(
    name="Sanne de Wit",
    function=Coding(UZI_ROLE, "01.047"),
    reference="PractitionerRole/rol-specialist-og",
)
HOSPICE = Coding(SCT, "284546000", "Hospice")
PLACE = ItemKey(ItemId.PLACE_OF_DEATH)
CAPACITY = ItemKey(ItemId.LEGAL_CAPACITY)


@pytest.fixture
def servers() -> dict[str, InMemoryFhirServer]:
    return build_training_servers()


@pytest.fixture
def hospital(servers) -> InMemoryFhirServer:
    return servers[HOSPITAL.base_url]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DraftStore]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield DraftStore(tmp_path)
    finally:
        keyring.set_keyring(previous)


def client_for(transport: httpx.BaseTransport, *, read_only: bool = False) -> FhirClient:
    return FhirClient(HOSPITAL.base_url, transport=transport, read_only=read_only)


def load(servers: dict[str, InMemoryFhirServer], patient_key: str) -> PatientData:
    patient = next(p for p in PATIENTS if p.key == patient_key)
    pairs = [
        (
            Source(s.name, s.base_url, primary=s is HOSPITAL),
            FhirClient(s.base_url, transport=servers[s.base_url]),
        )
        for s in TRAINING_SOURCES
    ]
    return combine(fetch_sources(pairs, PatientQuery(bsn=patient.bsn)))


def snapshot(server: InMemoryFhirServer) -> set[str]:
    return {f"{r['resourceType']}/{r['id']}" for r in server.all_current()}


def new_resources(server: InMemoryFhirServer, before: set[str]) -> dict[str, list[Json]]:
    out: dict[str, list[Json]] = {}
    for resource in server.all_current():
        if f"{resource['resourceType']}/{resource['id']}" not in before:
            out.setdefault(resource["resourceType"], []).append(resource)
    return out


def place_of_death_draft(data: PatientData, professional: Professional = CARDIOLOGIST):
    draft = start_draft(data, source=HOSPITAL.name, user="uzi:900001", professional=professional)
    draft.set_answers(PLACE, [Answer("1191", HOSPICE), Answer("1192", "Hospice bij haar zoon")])
    return draft


# ---------------------------------------------------------------------------------------------


def test_a_partial_section_writes_exactly_the_conversation_and_that_item(servers, hospital) -> None:
    data = load(servers, "elidrissi")
    draft = place_of_death_draft(data)
    before = snapshot(hospital)
    client = client_for(hospital)
    outcome = push_draft(
        draft, client, PushTarget.from_patient_data(data, HOSPITAL.name), view_only=False
    )
    assert outcome.status is PushStatus.SUCCESS, outcome.message
    assert outcome.message == f"Het gesprek is opgeslagen in {HOSPITAL.name}."
    created = new_resources(hospital, before)
    assert {t: len(rs) for t, rs in created.items()} == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }
    assert len(outcome.created) == 5
    assert outcome.updated == ()
    [encounter] = created["Encounter"]
    encounter_ref = f"Encounter/{encounter['id']}"
    assert outcome.encounter == encounter_ref
    [procedure] = created["Procedure"]
    [observation] = created["Observation"]
    [response] = created["QuestionnaireResponse"]
    [provenance] = created["Provenance"]
    assert encounter["meta"]["profile"] == [profiles.ENCOUNTER]
    assert observation["meta"]["profile"] == [profiles.PREFERRED_PLACE_OF_DEATH]
    assert observation["encounter"]["reference"] == encounter_ref
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "284546000"
    assert procedure["encounter"]["reference"] == encounter_ref
    assert encounter["reasonReference"][0]["reference"] == f"Procedure/{procedure['id']}"
    assert response["encounter"]["reference"] == encounter_ref
    assert response["subject"]["reference"] == draft.patient_reference
    link_ids = {item["linkId"] for item in response["item"]}
    assert "107" in link_ids  # section 5 only, besides header and section 2
    assert not {"83", "26", "586", "119"} & link_ids
    targets = {t["reference"] for t in provenance["target"]}
    assert f"Observation/{observation['id']}" in targets
    for resources in created.values():
        for resource in resources:
            get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    # The viewer shows the new conversation and the new value.
    again = load(servers, "elidrissi")
    current = again.overview.get(ItemId.PLACE_OF_DEATH)
    assert current is not None
    assert current.current.answer("1191") == Coding(SCT, "284546000", "Hospice")
    assert any(c.ref.reference == encounter_ref for c in again.conversations)


def test_success_deletes_the_draft_and_records_an_audit_event(servers, hospital, store) -> None:
    data = load(servers, "elidrissi")
    draft = place_of_death_draft(data)
    store.save(draft)
    before = snapshot(hospital)
    outcome = push_draft(
        draft,
        client_for(hospital),
        PushTarget.from_patient_data(data, HOSPITAL.name),
        view_only=False,
        store=store,
        audit_actor=AuditActor(user_id="900001", user_name="P. van Dam"),
    )
    assert outcome.ok
    assert store.list_pending() == []
    assert outcome.audit is AuditRecorded.SENT
    assert len(new_resources(hospital, before)["AuditEvent"]) == 1


class LosingTransport(httpx.BaseTransport):
    """The server commits the transaction, but its answer never arrives; optionally the
    network stays down afterwards."""

    def __init__(self, server: InMemoryFhirServer, *, down_after_loss: bool) -> None:
        self.server = server
        self.down_after_loss = down_after_loss
        self.down = False
        self.lost = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("network down", request=request)
        response = self.server.handle_request(request)
        if request.method == "POST" and not self.lost:
            self.lost = True
            self.down = self.down_after_loss
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def conversation_resources(server: InMemoryFhirServer, before: set[str]) -> dict[str, int]:
    return {t: len(rs) for t, rs in new_resources(server, before).items()}


def test_a_lost_answer_is_recognised_as_saved(servers, hospital, store) -> None:
    data = load(servers, "elidrissi")
    draft = place_of_death_draft(data)
    before = snapshot(hospital)
    transport = LosingTransport(hospital, down_after_loss=False)
    outcome = push_draft(
        draft,
        client_for(transport),
        PushTarget.from_patient_data(data, HOSPITAL.name),
        view_only=False,
        store=store,
    )
    assert outcome.status is PushStatus.SUCCESS
    assert outcome.already_saved
    assert outcome.encounter is not None
    assert store.list_pending() == []
    assert conversation_resources(hospital, before) == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }


def test_a_retried_push_after_the_server_committed_creates_nothing_twice(
    servers, hospital, store
) -> None:
    data = load(servers, "devries")
    draft = place_of_death_draft(data)
    draft.set_answers(CAPACITY, [Answer("1406", Coding(None, "0")), Answer("1407", "dementie")])
    target = PushTarget.from_patient_data(data, HOSPITAL.name)
    before = snapshot(hospital)
    transport = LosingTransport(hospital, down_after_loss=True)
    first = push_draft(draft, client_for(transport), target, view_only=False, store=store)
    assert first.status is PushStatus.FAILURE
    assert first.retryable
    assert first.request_sent
    assert first.draft_kept
    assert "blijft bewaard" in first.message
    [pending] = store.list_pending()
    assert pending.draft.push_attempts == 1

    # The network is back; the clinician retries the stored draft (e.g. after a restart).
    transport.down = False
    retried = pending.draft
    second = push_draft(retried, client_for(transport), target, view_only=False, store=store)
    assert second.status is PushStatus.SUCCESS, second.message
    assert second.already_saved
    assert "niets dubbel" in second.message
    assert store.list_pending() == []
    assert conversation_resources(hospital, before) == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }
    # The Patient was updated once (version 2), not twice.
    [patient] = [p for p in hospital.all_current("Patient") if p["id"] == "ziekenhuis-devries"]
    assert patient["meta"]["versionId"] == "2"


def test_a_concurrent_write_gives_a_conflict_and_a_review(servers, hospital, store) -> None:
    loaded_at_start = load(servers, "devries")
    mine = start_draft(
        loaded_at_start, source=HOSPITAL.name, user="uzi:900001", professional=CARDIOLOGIST
    )
    # Capable according to the GP; the cardiologist records that she no longer is.
    mine.set_answers(
        CAPACITY, [Answer("1406", Coding(None, "0")), Answer("1407", "Gevorderde dementie")]
    )
    mine.set_answer(PLACE, "1191", HOSPICE)

    # Meanwhile a colleague records it too, with another comment.
    theirs = start_draft(
        loaded_at_start, source=HOSPITAL.name, user="uzi:900002", professional=SPECIALIST
    )
    theirs.set_answers(CAPACITY, [Answer("1406", Coding(None, "0")), Answer("1407", "delier")])
    other = push_draft(
        theirs,
        client_for(hospital),
        PushTarget.from_patient_data(loaded_at_start, HOSPITAL.name),
        view_only=False,
    )
    assert other.ok

    before = snapshot(hospital)
    for data in (loaded_at_start, load(servers, "devries")):
        # Stale target, and a fresh target without a review: both are refused by If-Match.
        outcome = push_draft(
            mine,
            client_for(hospital),
            PushTarget.from_patient_data(data, HOSPITAL.name),
            view_only=False,
            store=store,
        )
        assert outcome.status is PushStatus.CONFLICT
        assert outcome.request_sent
        assert "intussen door iemand anders gewijzigd" in outcome.message
        assert outcome.draft_kept
        assert snapshot(hospital) == before  # all or nothing

    # The GUI fetches again, shows what changed and gets the review confirmed.
    fresh = load(servers, "devries")
    report = check_double_registration(mine, fresh)
    assert report.review_required
    kinds = {c.kind for c in report.source_changes.changes}
    assert ChangeKind.NEW_CONVERSATION in kinds
    assert CAPACITY in report.source_changes.item_keys()
    assert any("Sanne de Wit" in w.message for w in report.of_kind(WarningKind.SOURCE_CHANGED))
    rebase_draft(mine, fresh)
    assert not check_double_registration(mine, fresh).review_required
    outcome = push_draft(
        mine,
        client_for(hospital),
        PushTarget.from_patient_data(fresh, HOSPITAL.name),
        view_only=False,
        store=store,
    )
    assert outcome.ok, outcome.message
    assert any(r.startswith("Patient/ziekenhuis-devries/_history/3") for r in outcome.updated)


def test_view_only_never_sends_a_request(servers, hospital, store) -> None:
    data = load(servers, "elidrissi")
    draft = place_of_death_draft(data)
    target = PushTarget.from_patient_data(data, HOSPITAL.name)
    requests_before = len(hospital.requests)
    snapshot_before = snapshot(hospital)
    for client, view_only in (
        (client_for(hospital), True),
        (client_for(hospital, read_only=True), False),
    ):
        outcome = push_draft(draft, client, target, view_only=view_only, store=store)
        assert outcome.status is PushStatus.REFUSED
        assert "alleen-lezen" in outcome.message
        assert not outcome.request_sent
        assert client.request_count == 0
    assert len(hospital.requests) == requests_before
    assert snapshot(hospital) == snapshot_before
    assert draft.push_attempts == 0


def test_an_invalid_draft_sends_nothing(servers, hospital) -> None:
    data = load(servers, "elidrissi")
    draft = start_draft(data, source=HOSPITAL.name, user="u", professional=CARDIOLOGIST)
    client = client_for(hospital)
    outcome = push_draft(
        draft, client, PushTarget.from_patient_data(data, HOSPITAL.name), view_only=False
    )
    assert outcome.status is PushStatus.INVALID
    assert [f.code for f in outcome.findings] == ["niets-gewijzigd"]
    assert client.request_count == 0


class ServerErrorOnWrite(httpx.BaseTransport):
    def __init__(self, server: InMemoryFhirServer) -> None:
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(500, json={"resourceType": "OperationOutcome", "issue": []})
        return self.server.handle_request(request)


def test_a_server_error_keeps_the_draft_for_later(servers, hospital, store) -> None:
    data = load(servers, "elidrissi")
    draft = place_of_death_draft(data)
    before = snapshot(hospital)
    outcome = push_draft(
        draft,
        client_for(ServerErrorOnWrite(hospital)),
        PushTarget.from_patient_data(data, HOSPITAL.name),
        view_only=False,
        store=store,
    )
    assert outcome.status is PushStatus.FAILURE
    assert outcome.retryable
    assert outcome.draft_kept
    assert "opnieuw aangeboden" in outcome.message
    assert [p.draft.identifier for p in store.list_pending()] == [draft.identifier]
    assert snapshot(hospital) == before


def test_the_target_is_the_patient_in_that_source(servers) -> None:
    data = load(servers, "devries")
    target = PushTarget.from_patient_data(data, GP.name)
    assert target.patient_reference == "Patient/huisarts-devries"
    assert target.current_patient is not None
    assert target.current_patient["meta"]["versionId"] == "2"  # the newest of its history
    assert target.versions()["Patient/huisarts-devries"] == "2"
    assert all(p["resourceType"] == "RelatedPerson" for p in target.current_related_persons)
    with pytest.raises(ValueError, match="not read"):
        PushTarget.from_patient_data(data, "Onbekende bron")
