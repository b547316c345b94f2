"""What a run of the app works with: the training session, loading a patient, the audit."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from pzp_desktop.domain.items import ItemId
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.sources.audit_log import AuditLog, LogAction, StaticHmacKey
from pzp_desktop.sources.fetch import SourceResult
from pzp_desktop.sources.session import (
    TRAINING_USER,
    Session,
    SessionMode,
    SessionUser,
    TrainingEnvironment,
    launched_session,
    load_patient,
    record_audit,
    training_session,
)
from pzp_desktop.sources.status import SourceStatus
from pzp_desktop.sources.training import GP, HOME_CARE, HOSPITAL


@pytest.fixture(scope="module")
def environment() -> TrainingEnvironment:
    return TrainingEnvironment()


def test_training_session(environment: TrainingEnvironment) -> None:
    session = environment.session_for("devries")
    try:
        assert session.mode is SessionMode.TRAINING
        assert session.is_training
        assert session.user is TRAINING_USER
        assert not session.view_only
        names = [source.name for source, _client in session.sources]
        assert names == [HOSPITAL.name, GP.name, HOME_CARE.name]
        assert [s.primary for s, _c in session.sources] == [True, False, False]
        assert session.query.bsn == "999990007"
        assert session.query.patient_ids[GP.name] == "huisarts-devries"
        assert session.audit_log is not None  # in a temporary directory
    finally:
        session.close()


def test_unknown_training_patient(environment: TrainingEnvironment) -> None:
    with pytest.raises(KeyError):
        environment.session_for("nobody")


def test_load_patient_reports_each_source_from_a_worker_thread(
    environment: TrainingEnvironment,
) -> None:
    session = environment.session_for("mulder")
    finished: list[tuple[str, str]] = []

    def on_finished(result: SourceResult) -> None:
        finished.append((result.source.name, threading.current_thread().name))

    try:
        data = load_patient(session, on_finished)
    finally:
        session.close()
    assert sorted(name for name, _thread in finished) == sorted(
        [HOSPITAL.name, GP.name, HOME_CARE.name]
    )
    assert all(thread != threading.main_thread().name for _name, thread in finished)
    assert all(result.status is SourceStatus.OK for result in data.results)
    assert data.patient is not None
    assert data.patient.name == "Aaltje Mulder"
    place = data.overview.get(ItemId.PLACE_OF_DEATH)
    assert place is not None
    assert place.conflicts


def test_training_session_function_builds_its_own_environment() -> None:
    session = training_session("elidrissi")
    try:
        data = load_patient(session)
    finally:
        session.close()
    assert all(not items for _item, items in data.overview.in_form_order())


def test_reset_rebuilds_the_training_sources() -> None:
    environment = TrainingEnvironment()
    session = environment.session_for("devries")
    before = environment.servers()[GP.name]
    before.load_transaction(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "resource": {"resourceType": "Basic", "id": "geoefend"},
                    "request": {"method": "PUT", "url": "Basic/geoefend"},
                }
            ],
        }
    )
    assert before.all_current("Basic")
    session.reset()
    after = environment.servers()[GP.name]
    assert after is not before
    assert not after.all_current("Basic")
    assert load_patient(session).patient is not None
    session.close()


def test_only_a_training_session_can_be_reset() -> None:
    session = Session(
        mode=SessionMode.STANDALONE,
        user=TRAINING_USER,
        view_only=True,
        query=TrainingEnvironment().query_for("devries"),
    )
    with pytest.raises(RuntimeError):
        session.reset()


def test_close_removes_the_training_audit_log(environment: TrainingEnvironment) -> None:
    session = environment.session_for("bos")
    assert session.audit_log is not None
    directory = session.audit_log.path.parent
    assert directory.is_dir()
    session.close()
    assert not directory.exists()


def audit_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_audit_records_locally_and_at_each_source(environment: TrainingEnvironment) -> None:
    session = environment.session_for("devries")
    try:
        data = load_patient(session)
        servers = environment.servers()
        before = {name: len(server.all_current("AuditEvent")) for name, server in servers.items()}
        entry = record_audit(session, LogAction.OPEN_PATIENT, data)
        assert entry is not None
        assert session.audit_log is not None
        lines = audit_lines(session.audit_log.path)
        text = session.audit_log.path.read_text(encoding="utf-8")
    finally:
        session.close()
    assert lines[0]["action"] == "open-patient"
    assert lines[0]["sources"] == [HOSPITAL.name, GP.name, HOME_CARE.name]
    assert {line["action"] for line in lines[1:]} == {"send-audit-event"}
    # NEN 7513 fields, and no clinical content, name or BSN in clear.
    assert lines[0]["who"]
    assert lines[0]["organisation"]
    assert "999990007" not in text
    assert "Johanna" not in text
    assert "reanim" not in text.lower()
    for name, server in servers.items():
        assert len(server.all_current("AuditEvent")) == before[name] + 1, name


def test_view_only_never_sends_audit_events(tmp_path: Path) -> None:
    environment = TrainingEnvironment()
    pairs = [
        (source, FhirClient(source.base_url, transport=environment.servers()[source.name]))
        for source in environment.sources
    ]
    audit_log = AuditLog(tmp_path / "audit.jsonl", key_provider=StaticHmacKey(b"k" * 32))
    session = launched_session(
        pairs[0],
        patient_id="ziekenhuis-devries",
        bsn="999990007",
        user=SessionUser("A. Arts", "Arts", "Ziekenhuis"),
        view_only=True,
        extra_sources=pairs[1:],
        audit_log=audit_log,
    )
    assert session.mode is SessionMode.LAUNCHED
    data = load_patient(session)
    assert all(result.ok for result in data.results)
    servers = environment.servers()
    before = {name: len(server.all_current("AuditEvent")) for name, server in servers.items()}
    record_audit(session, LogAction.VIEW, data)
    after = {name: len(server.all_current("AuditEvent")) for name, server in servers.items()}
    assert after == before
    lines = audit_lines(audit_log.path)
    assert [line["action"] for line in lines] == ["view"]
    session.close()


def test_load_patient_reads_each_source_after_reporting_it(
    environment: TrainingEnvironment,
) -> None:
    session = environment.session_for("mulder")
    held_when_reported: list[int] = []

    def on_finished(result: SourceResult) -> None:
        assert result.fetch is not None
        held_when_reported.append(len(result.fetch.resources))

    try:
        data = load_patient(session, on_finished)
    finally:
        session.close()
    # Reported with the resources, read right after: only the counts are left.
    assert len(held_when_reported) == 3
    assert all(n > 0 for n in held_when_reported)
    assert all(r.fetch is not None and len(r.fetch.resources) == 0 for r in data.results)
    assert sorted(k.count for k in data.kept.values()) == sorted(held_when_reported)
    assert data.items
