"""Pushing drafts to the real HAPI FHIR test server.

Every test loads its own patient (unique ids) with a small transaction, fetches it through
the normal read path (:func:`fetch_sources` + :func:`combine`), records a conversation with
the editor's core and checks on the server what was stored: the resources, their profiles,
their links to the conversation (``Observation.encounter``, ``ext-EncounterReference``,
``Procedure.encounter``, ``QuestionnaireResponse.encounter``) and the QuestionnaireResponse.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, BSN, SCT, UZI_ROLE, Coding
from pzp_desktop.domain.editing import Draft, check_double_registration
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, Professional
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.sources.fetch import PatientQuery, Source, fetch_sources
from pzp_desktop.sources.patient_data import PatientData, combine
from pzp_desktop.sources.push import (
    PushStatus,
    PushTarget,
    push_draft,
    rebase_draft,
    start_draft,
)

pytestmark = pytest.mark.integration

Json = dict[str, Any]
SOURCE = "HAPI testbron"
PLACE = ItemKey(ItemId.PLACE_OF_DEATH)
CAPACITY = ItemKey(ItemId.LEGAL_CAPACITY)
HOSPICE = Coding(SCT, "284546000", "Hospice")


@pytest.fixture
def base(fhir_server: Any) -> str:
    return str(fhir_server.base_url).rstrip("/")


@pytest.fixture
def client(base: str) -> Iterator[FhirClient]:
    with FhirClient(base) as fhir:
        yield fhir


class Fixture:
    """A patient with a professional, loaded on the server by this test."""

    def __init__(self, client: FhirClient) -> None:
        suffix = uuid.uuid4().hex[:12]
        self.patient_id = f"pzp-push-{suffix}"
        self.role_id = f"pzp-role-{suffix}"
        self.practitioner_id = f"pzp-prac-{suffix}"
        self.professional = Professional(
            name="Anna Jansen",
            function=Coding(UZI_ROLE, "01.015", "Huisarts"),
            reference=f"PractitionerRole/{self.role_id}",
        )
        client.transaction(
            {
                "resourceType": "Bundle",
                "type": "transaction",
                "entry": [
                    _put(
                        {
                            "resourceType": "Patient",
                            "id": self.patient_id,
                            "meta": {"profile": [profiles.PATIENT]},
                            "identifier": [{"system": BSN, "value": f"99{suffix[:7]}"}],
                            "name": [{"use": "official", "family": "Test", "given": ["Pim"]}],
                            "gender": "male",
                            "birthDate": "1950-01-01",
                        }
                    ),
                    _put(
                        {
                            "resourceType": "Practitioner",
                            "id": self.practitioner_id,
                            "meta": {"profile": [profiles.PRACTITIONER]},
                            "name": [
                                {"use": "official", "text": "Anna Jansen", "family": "Jansen"}
                            ],
                        }
                    ),
                    _put(
                        {
                            "resourceType": "PractitionerRole",
                            "id": self.role_id,
                            "meta": {"profile": [profiles.PRACTITIONER_ROLE]},
                            "practitioner": {"reference": f"Practitioner/{self.practitioner_id}"},
                            "specialty": [{"coding": [{"system": UZI_ROLE, "code": "01.015"}]}],
                        }
                    ),
                ],
            }
        )

    def load(self, base: str) -> PatientData:
        pairs = [(Source(SOURCE, base, primary=True), FhirClient(base))]
        try:
            return combine(
                fetch_sources(pairs, PatientQuery(patient_ids={SOURCE: self.patient_id}))
            )
        finally:
            for _, fhir in pairs:
                fhir.close()

    def draft(self, data: PatientData, user: str = "uzi:900001") -> Draft:
        return start_draft(data, source=SOURCE, user=user, professional=self.professional)


def _put(resource: Json) -> Json:
    return {
        "resource": resource,
        "request": {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"},
    }


def read(client: FhirClient, reference: str) -> Json:
    rtype, rid = reference.split("/")[:2]
    return client.read(rtype, rid)


def by_type(references: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for reference in references:
        out.setdefault(reference.split("/")[0], []).append("/".join(reference.split("/")[:2]))
    return out


def token(draft: Draft, what: str) -> str:
    from pzp_desktop.domain.writing.context import WriteContext

    ctx = WriteContext(draft.patient_reference, draft.new_conversation())
    ident = ctx.identifier(what)
    return f"{ident['system']}|{ident['value']}"


# ---------------------------------------------------------------------------------------------


def test_a_partial_section_is_stored_with_profiles_and_links(base: str, client: FhirClient) -> None:
    patient = Fixture(client)
    data = patient.load(base)
    draft = patient.draft(data)
    draft.set_answers(PLACE, [Answer("1191", HOSPICE), Answer("1192", "Bij zijn dochter")])
    outcome = push_draft(draft, client, PushTarget.from_patient_data(data, SOURCE), view_only=False)
    assert outcome.status is PushStatus.SUCCESS, outcome.message
    created = by_type(outcome.created)
    assert {t: len(r) for t, r in created.items()} == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }
    assert outcome.updated == ()
    encounter_ref = created["Encounter"][0]
    encounter = read(client, encounter_ref)
    procedure = read(client, created["Procedure"][0])
    observation = read(client, created["Observation"][0])
    response = read(client, created["QuestionnaireResponse"][0])
    provenance = read(client, created["Provenance"][0])

    assert profiles.ENCOUNTER in encounter["meta"]["profile"]
    assert profiles.PROCEDURE in procedure["meta"]["profile"]
    assert profiles.PREFERRED_PLACE_OF_DEATH in observation["meta"]["profile"]
    assert encounter["subject"]["reference"] == f"Patient/{patient.patient_id}"
    assert encounter["reasonReference"][0]["reference"] == created["Procedure"][0]
    assert procedure["encounter"]["reference"] == encounter_ref
    assert procedure["code"]["coding"][0]["code"] == "713603004"
    assert observation["encounter"]["reference"] == encounter_ref
    assert observation["valueCodeableConcept"]["coding"][0]["code"] == "284546000"
    assert observation["note"][0]["text"] == "Bij zijn dochter"
    assert observation["performer"][0]["reference"] == f"PractitionerRole/{patient.role_id}"

    # The QuestionnaireResponse: the form's canonical, linked, with only the items discussed.
    assert response["questionnaire"].startswith(
        "https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020"
    )
    assert response["status"] == "completed"
    assert response["encounter"]["reference"] == encounter_ref
    assert response["subject"]["reference"] == f"Patient/{patient.patient_id}"
    assert response["author"]["reference"] == f"PractitionerRole/{patient.role_id}"
    top = {item["linkId"]: item for item in response["item"]}
    assert "963" in top  # the conversation date
    assert "107" in top  # section 5
    assert not {"26", "83", "586", "115", "119"} & set(top)
    section_5 = {i["linkId"]: i for i in top["107"]["item"]}
    assert set(section_5) == {"1429"}
    place = {i["linkId"]: i for i in section_5["1429"]["item"]}
    assert place["1430"]["answer"][0]["valueCoding"]["code"] == "395091006"  # fixed concept
    assert place["1191"]["answer"][0]["valueCoding"]["code"] == "284546000"
    assert place["1191"]["answer"][0]["item"][0]["linkId"] == "1192"

    targets = {t["reference"].split("/_history")[0] for t in provenance["target"]}
    assert {created["Observation"][0], created["QuestionnaireResponse"][0]} <= targets

    # The viewer reads the new conversation back from the server.
    again = patient.load(base)
    assert again.overview.get(ItemId.PLACE_OF_DEATH) is not None
    assert any(c.encounter == encounter_ref for c in again.conversations)


def test_treatment_limits_and_goal_point_at_the_conversation(base: str, client: FhirClient) -> None:
    patient = Fixture(client)
    data = patient.load(base)
    draft = patient.draft(data)
    draft.set_answers(ItemKey(ItemId.TREATMENT_GOAL), [Answer("999", Coding(SCT, "225353007"))])
    draft.set_answers(
        ItemKey(ItemId.RESUSCITATION),
        [Answer("1386", Coding(BEHANDEL_BESLUIT, "2")), Answer("1002", "Besproken")],
    )
    outcome = push_draft(draft, client, PushTarget.from_patient_data(data, SOURCE), view_only=False)
    assert outcome.ok, outcome.message
    created = by_type(outcome.created)
    encounter_ref = created["Encounter"][0]
    [consent_ref] = created["Consent"]
    [goal_ref] = created["Goal"]
    for reference, profile in (
        (consent_ref, profiles.TREATMENT_DIRECTIVE),
        (goal_ref, profiles.MEDICAL_POLICY_GOAL),
    ):
        resource = read(client, reference)
        assert profile in resource["meta"]["profile"]
        links = [
            e["valueReference"]["reference"]
            for e in resource.get("extension", [])
            if e["url"] == profiles.EXT_ENCOUNTER_REFERENCE
        ]
        assert links == [encounter_ref]
    consent = read(client, consent_ref)
    assert consent["provision"]["type"] == "deny"


def test_a_retried_push_creates_nothing_twice(base: str, client: FhirClient) -> None:
    patient = Fixture(client)
    data = patient.load(base)
    draft = patient.draft(data)
    draft.set_answer(PLACE, "1191", HOSPICE)
    target = PushTarget.from_patient_data(data, SOURCE)
    first = push_draft(draft, client, target, view_only=False)
    assert first.ok

    # The same transaction again, as after a lost answer (no check first): the server's
    # conditional creates find everything.
    resend = draft.copy()
    resend.push_attempts = 0
    again = push_draft(resend, client, target, view_only=False)
    assert again.ok, again.message
    assert not again.already_saved
    assert again.created == ()
    assert sorted(again.existing) == sorted(first.created)
    assert again.encounter == first.encounter
    # A retry of the stored draft looks first and sends nothing.
    third = push_draft(draft, client, target, view_only=False)
    assert third.ok
    assert third.already_saved
    assert third.encounter == first.encounter

    for rtype in ("Encounter", "Procedure", "QuestionnaireResponse"):
        found = client.search(rtype, {"identifier": token(draft, rtype)}).matches
        assert len(found) == 1, rtype
    observations = client.search("Observation", {"encounter": first.encounter or ""}).matches
    assert len(observations) == 1
    response = first.questionnaire_response or ""
    provenances = client.search("Provenance", {"target": response}).matches
    assert len(provenances) == 1


def test_a_concurrent_write_gives_a_conflict(base: str, client: FhirClient) -> None:
    patient = Fixture(client)
    data = patient.load(base)
    mine = patient.draft(data)
    mine.set_answers(CAPACITY, [Answer("1406", Coding(None, "0")), Answer("1407", "dementie")])
    theirs = patient.draft(data, user="uzi:900002")
    theirs.set_answers(CAPACITY, [Answer("1406", Coding(None, "1"))])
    assert push_draft(
        theirs, client, PushTarget.from_patient_data(data, SOURCE), view_only=False
    ).ok

    outcome = push_draft(mine, client, PushTarget.from_patient_data(data, SOURCE), view_only=False)
    assert outcome.status is PushStatus.CONFLICT
    assert outcome.request_sent
    assert not client.search("Encounter", {"identifier": token(mine, "Encounter")}).matches

    fresh = patient.load(base)
    report = check_double_registration(mine, fresh)
    assert report.review_required
    rebase_draft(mine, fresh)
    outcome = push_draft(mine, client, PushTarget.from_patient_data(fresh, SOURCE), view_only=False)
    assert outcome.ok, outcome.message
    stored = client.read("Patient", patient.patient_id)
    capable = next(e for e in stored["extension"] if e["url"] == profiles.EXT_LEGALLY_CAPABLE)
    assert {"url": "legallyCapable", "valueBoolean": False} in capable["extension"]


def test_view_only_sends_no_request(base: str, client: FhirClient) -> None:
    patient = Fixture(client)
    data = patient.load(base)
    draft = patient.draft(data)
    draft.set_answer(PLACE, "1191", HOSPICE)
    target = PushTarget.from_patient_data(data, SOURCE)
    with FhirClient(base, read_only=True) as read_only, FhirClient(base) as writable:
        for fhir, view_only in ((read_only, False), (writable, True)):
            outcome = push_draft(draft, fhir, target, view_only=view_only)
            assert outcome.status is PushStatus.REFUSED
            assert fhir.request_count == 0
    assert not client.search("Encounter", {"identifier": token(draft, "Encounter")}).matches
