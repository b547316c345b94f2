"""The training environment shows what trainers need, through the real read path."""

from __future__ import annotations

from datetime import date

import pytest

from pzp_desktop.domain.codes import SCT
from pzp_desktop.domain.consolidation import Overview, consolidate
from pzp_desktop.domain.display import display_value
from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.reading import read_source
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.fetch import fetch_patient_resources
from pzp_desktop.sources.training import (
    PATIENTS,
    TRAINING_SOURCES,
    _SourceBuilder,
    build_training_servers,
    change,
    coded,
    patient_id,
)

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def servers() -> dict[str, object]:
    return build_training_servers(TODAY)  # type: ignore[return-value]


def overview_of(servers: dict[str, object], key: str) -> tuple[Overview, list[object]]:
    patient = next(p for p in PATIENTS if p.key == key)
    items = []
    conversations: list[object] = []
    for source in TRAINING_SOURCES:
        client = FhirClient(source.base_url, transport=servers[source.base_url])  # type: ignore[arg-type]
        fetched = fetch_patient_resources(client, patient_id(patient, source))
        assert fetched.problems == []
        record = read_source(
            source.name, fetched.resources, f"Patient/{patient_id(patient, source)}"
        )
        assert record.problems == []
        items.extend(record.items)
        conversations.extend(record.conversations)
    return consolidate(items, [s.name for s in TRAINING_SOURCES]), conversations


def test_training_bsns_pass_the_eleven_test() -> None:
    for patient in PATIENTS:
        digits = [int(c) for c in patient.bsn]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        assert total % 11 == 0, patient.key


def test_de_vries_latest_resuscitation_is_do_not_resuscitate_from_the_gp(servers) -> None:
    overview, conversations = overview_of(servers, "devries")
    resuscitation = overview.get(ItemId.RESUSCITATION)
    assert resuscitation is not None
    assert display_value(resuscitation.current) == "Niet uitvoeren"
    assert resuscitation.current.source.startswith("Huisartsenpraktijk")
    assert resuscitation.older_differs  # the first conversation said "Wel uitvoeren"
    icd = overview.get(ItemId.ICD_DEACTIVATION)
    assert icd is not None
    assert display_value(icd.current).startswith("Wel uitvoeren")
    assert len(conversations) == 3


def test_mulder_shows_the_disagreement_and_the_missing_decision(servers) -> None:
    overview, _ = overview_of(servers, "mulder")
    place = overview.get(ItemId.PLACE_OF_DEATH)
    assert place is not None
    assert place.conflicts
    ventilation = overview.get(ItemId.VENTILATION)
    assert ventilation is not None
    assert display_value(ventilation.current).startswith("Geen besluit vastgelegd")
    # The withdrawn ICU record is never shown as a value.
    assert overview.get(ItemId.ICU_ADMISSION) is None


def test_bos_home_care_conversation_exists_only_as_a_form(servers) -> None:
    overview, conversations = overview_of(servers, "bos")
    previous = overview.get(ItemId.PREVIOUS_AGREEMENTS)
    assert previous is not None
    assert previous.current.source.startswith("Thuiszorg")
    assert any(str(c.ref.reference).startswith("QuestionnaireResponse/") for c in conversations)
    capacity = overview.get(ItemId.LEGAL_CAPACITY)
    assert capacity is not None
    assert display_value(capacity.current).startswith("Nee")


def test_el_idrissi_has_nothing_yet(servers) -> None:
    overview, conversations = overview_of(servers, "elidrissi")
    assert all(not entries for _, entries in overview.in_form_order())
    assert conversations == []


def test_a_conversation_pushed_twice_to_the_training_store_is_stored_once() -> None:
    servers = build_training_servers(TODAY)
    source = TRAINING_SOURCES[0]
    server = servers[source.base_url]
    counts_before = {t: len(server.all_current(t)) for t in ("QuestionnaireResponse", "Provenance")}
    patient = next(p for p in PATIENTS if p.key == "elidrissi")

    builder = _SourceBuilder(source, TODAY)
    builder.server = server
    for _ in range(2):
        builder.conversation(
            patient,
            "huisarts",
            builder.days_ago(1),
            [change(ItemId.PLACE_OF_DEATH, coded("1191", SCT, "264362003"))],
        )
    for resource_type, before in counts_before.items():
        assert len(server.all_current(resource_type)) == before + 1, resource_type


def test_bos_mentor_who_attended_is_one_representative_not_two(servers) -> None:
    overview, conversations = overview_of(servers, "bos")
    representative = overview.get(ItemId.LEGAL_REPRESENTATIVE)
    assert representative is not None
    assert representative.conflicts == ()
    assert not representative.older_differs
    hospital = next(c for c in conversations if c.source.startswith("Oefenziekenhuis"))
    assert [a.name for a in hospital.attendees] == ["Hendrik Kramer"]
    assert hospital.patient_present is False
