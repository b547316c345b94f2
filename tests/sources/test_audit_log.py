"""The local append-only audit log: NEN 7513 fields, no clinical content, a verifiable chain."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from pzp_desktop.domain.codes import UZI_ROLE, Coding
from pzp_desktop.fhir.audit import AuditActor, AuditRecorded
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.sources.audit_log import (
    GENESIS_HASH,
    AuditKeyUnavailable,
    AuditLog,
    AuditLogError,
    AuditPatient,
    KeyringHmacKey,
    LogAction,
    Outcome,
    PatientInSource,
    StaticHmacKey,
    bsn_hmac,
    default_audit_path,
    key_id,
    record_and_send,
    send_audit_events,
    verify,
)
from tests.fhir.fakes import MiniServer, capability_statement

BSN = "999990007"  # a training BSN (9999-range, passes the 11-test)
KEY = StaticHmacKey(b"k" * 32)
HOSPITAL = "Oefenziekenhuis Oost (EPD)"
GP = "Huisartsenpraktijk De Oefenlinde (HIS)"
WHEN = datetime(2026, 11, 22, 8, 15, 30, 123456, tzinfo=UTC)

ACTOR = AuditActor(
    user_id="900012345",
    user_id_system="http://fhir.nl/fhir/NamingSystem/uzi-nr-pers",
    user_name="A. Jansen",
    role=Coding(UZI_ROLE, "01.015", "Huisarts"),
    organisation_id="01234567",
    organisation_id_system="http://fhir.nl/fhir/NamingSystem/ura",
    organisation_name="Huisartsenpraktijk De Oefenlinde",
    workstation="ws-12",
)
PATIENT = AuditPatient(
    (PatientInSource(HOSPITAL, "Patient/ziekenhuis-devries"), PatientInSource(GP, "Patient/hd-1")),
    bsn=BSN,
)


def new_log(tmp_path: Path, **kwargs: Any) -> AuditLog:
    return AuditLog(tmp_path / "audit.jsonl", key_provider=KEY, clock=lambda: WHEN, **kwargs)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def open_patient(audit_log: AuditLog, **kwargs: Any) -> None:
    audit_log.record(
        actor=ACTOR,
        action=kwargs.pop("action", LogAction.OPEN_PATIENT),
        patient=kwargs.pop("patient", PATIENT),
        sources=kwargs.pop("sources", [HOSPITAL, GP]),
        **kwargs,
    )


# -- fields ----------------------------------------------------------------------------------


def test_an_event_has_the_nen7513_fields(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    entry = audit_log.record(
        actor=ACTOR, action=LogAction.OPEN_PATIENT, patient=PATIENT, sources=[HOSPITAL, GP]
    )
    (event,) = lines(audit_log.path)
    assert event["v"] == 1
    assert event["id"] == entry.id
    assert event["when"] == "2026-11-22T08:15:30.123456Z"
    assert event["who"] == {
        "id": "900012345",
        "system": "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers",
        "display": "A. Jansen",
    }
    assert event["role"] == {"system": UZI_ROLE, "code": "01.015", "display": "Huisarts"}
    assert event["organisation"] == {
        "id": "01234567",
        "system": "http://fhir.nl/fhir/NamingSystem/ura",
        "display": "Huisartsenpraktijk De Oefenlinde",
    }
    assert event["workstation"] == "ws-12"
    assert event["application"].startswith("PZP Desktop ")
    assert event["patient"]["references"] == [
        {"source": HOSPITAL, "reference": "Patient/ziekenhuis-devries"},
        {"source": GP, "reference": "Patient/hd-1"},
    ]
    assert event["patient"]["bsn_hmac"] == bsn_hmac(BSN, KEY.value)
    assert event["patient"]["bsn_key_id"] == key_id(KEY.value)
    assert event["action"] == "open-patient"
    assert event["sources"] == [HOSPITAL, GP]
    assert event["outcome"] == {"result": "success", "code": "ok"}
    assert event["prev"] == GENESIS_HASH


def test_workstation_defaults_to_the_host_name(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path, workstation="werkplek-7")
    open_patient(audit_log)
    audit_log.record(
        actor=AuditActor(user_id="u1"), action=LogAction.VIEW, patient=PATIENT, sources=[GP]
    )
    first, second = lines(audit_log.path)
    assert first["workstation"] == "ws-12"  # the actor's own
    assert second["workstation"] == "werkplek-7"
    assert second["role"] is None
    assert second["organisation"] is None


def test_every_action_and_a_failure(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    for action in LogAction:
        if action is not LogAction.SEND_AUDIT_EVENT:
            open_patient(audit_log, action=action)
    open_patient(audit_log, outcome=Outcome.FAILURE, code="unreachable", sources=[GP])
    events = lines(audit_log.path)
    assert [e["action"] for e in events[:-1]] == [
        "open-patient",
        "view",
        "print",
        "export-pdf",
        "write",
        "update",
    ]
    assert events[-1]["outcome"] == {"result": "failure", "code": "unreachable"}
    assert verify(audit_log.path).ok


def test_no_bsn_in_clear_and_no_clinical_content(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    for action in (LogAction.OPEN_PATIENT, LogAction.VIEW, LogAction.PRINT, LogAction.WRITE):
        open_patient(audit_log, action=action)
    text = audit_log.path.read_text(encoding="utf-8")
    assert BSN not in text
    for clinical in ("Niet reanimeren", "Niet uitvoeren", "reanim", "Johanna", "1941"):
        assert clinical.casefold() not in text.casefold()
    # Only the documented fields, nothing else that could carry content.
    for event in lines(audit_log.path):
        assert set(event) <= {
            "v",
            "id",
            "when",
            "who",
            "role",
            "organisation",
            "workstation",
            "application",
            "patient",
            "action",
            "sources",
            "outcome",
            "refers_to",
            "prev",
        }


def test_the_bsn_is_not_in_the_entrys_repr() -> None:
    assert BSN not in repr(PATIENT)


def test_the_hmac_is_keyed_and_stable() -> None:
    other = b"o" * 32
    assert bsn_hmac(BSN, KEY.value) == bsn_hmac(f" {BSN} ", KEY.value)
    assert bsn_hmac(BSN, KEY.value) != bsn_hmac(BSN, other)
    assert bsn_hmac(BSN, KEY.value) != bsn_hmac("999990019", KEY.value)
    assert key_id(KEY.value) != key_id(other)


def test_outcome_codes_and_references_cannot_carry_free_text(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    with pytest.raises(ValueError, match="machine code"):
        open_patient(audit_log, outcome=Outcome.FAILURE, code="Patiënt 999990007 niet gevonden")
    with pytest.raises(ValueError, match="Type/id"):
        PatientInSource(GP, f"Patient?identifier=bsn|{BSN}")
    assert audit_log.path.read_text(encoding="utf-8") == ""


def test_without_a_key_the_event_is_still_written_without_the_hmac(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class NoKey:
        def key(self) -> bytes:
            raise AuditKeyUnavailable("no keyring")

    audit_log = AuditLog(tmp_path / "audit.jsonl", key_provider=NoKey())
    with caplog.at_level(logging.WARNING):
        open_patient(audit_log)
    (event,) = lines(audit_log.path)
    assert event["patient"]["bsn_hmac"] is None
    assert event["patient"]["bsn_hmac_status"] == "key-unavailable"
    assert event["patient"]["references"]
    assert BSN not in audit_log.path.read_text(encoding="utf-8")
    assert BSN not in caplog.text


def test_keyring_key_is_created_once_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    store: dict[tuple[str, str], str] = {}
    monkeypatch.setattr(keyring, "get_password", lambda s, a: store.get((s, a)))
    monkeypatch.setattr(keyring, "set_password", lambda s, a, p: store.__setitem__((s, a), p))
    first = KeyringHmacKey().key()
    assert len(first) == 32
    assert list(store) == [("PZP Desktop", "audit-log-bsn-hmac-key")]
    assert KeyringHmacKey().key() == first  # another instance reads the same key


def test_keyring_without_backend_is_key_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.errors import NoKeyringError

    def fail(*_args: object) -> None:
        raise NoKeyringError("none")

    monkeypatch.setattr(keyring, "get_password", fail)
    with pytest.raises(AuditKeyUnavailable):
        KeyringHmacKey().key()


def test_a_patient_identified_only_by_bsn(tmp_path: Path) -> None:
    """Opening by BSN that found nobody: the attempt is logged, with the HMAC only."""
    audit_log = new_log(tmp_path)
    open_patient(
        audit_log,
        patient=AuditPatient(bsn=BSN),
        outcome=Outcome.FAILURE,
        code="not-found",
        sources=[GP],
    )
    (event,) = lines(audit_log.path)
    assert event["patient"]["references"] == []
    assert event["patient"]["bsn_hmac"] == bsn_hmac(BSN, KEY.value)


# -- append-only chain -----------------------------------------------------------------------


def test_the_chain_verifies_and_survives_reopening(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    for _ in range(3):
        open_patient(audit_log)
    reopened = new_log(tmp_path)  # a new session appends to the same file
    open_patient(reopened, action=LogAction.VIEW)
    report = verify(reopened.path)
    assert report.ok, report.problems
    assert report.lines == 4
    raw = reopened.path.read_bytes().splitlines()
    assert lines(reopened.path)[3]["prev"] != GENESIS_HASH
    import hashlib

    assert report.last_hash == hashlib.sha256(raw[-1]).hexdigest()


def test_an_empty_log_verifies(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    report = verify(audit_log.path)
    assert report.ok
    assert report.lines == 0
    assert report.last_hash == GENESIS_HASH


def test_a_tampered_line_is_detected(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    for action in (LogAction.OPEN_PATIENT, LogAction.VIEW, LogAction.PRINT):
        open_patient(audit_log, action=action)
    text = audit_log.path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace('"view"', '"print"')  # someone "corrects" what was done
    audit_log.path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = verify(audit_log.path)
    assert not report.ok
    assert [p.line for p in report.problems] == [3]
    assert "regel 2 is gewijzigd" in report.problems[0].reason


def test_a_removed_line_is_detected(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    for _ in range(3):
        open_patient(audit_log)
    text = audit_log.path.read_text(encoding="utf-8").splitlines()
    del text[0]
    audit_log.path.write_text("\n".join(text) + "\n", encoding="utf-8")
    report = verify(audit_log.path)
    assert [p.line for p in report.problems] == [1]


def test_a_garbled_line_is_reported(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    open_patient(audit_log)
    with open(audit_log.path, "a", encoding="utf-8") as handle:
        handle.write('{"not": "an event"}\n')
    report = verify(audit_log.path)
    assert [p.line for p in report.problems] == [2, 2]
    assert "velden ontbreken" in report.problems[0].reason


def test_a_line_torn_by_a_crash_is_terminated_and_the_chain_continues(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    open_patient(audit_log)
    with open(audit_log.path, "ab") as handle:
        handle.write(b'{"v":1,"id":"half')  # the power went off here
    assert [p.reason for p in verify(audit_log.path).problems] == [
        "de laatste regel is niet afgesloten",
        "geen geldige JSON",
    ]
    open_patient(audit_log, action=LogAction.VIEW)
    report = verify(audit_log.path)
    assert [(p.line, p.reason) for p in report.problems] == [(2, "geen geldige JSON")]
    assert lines_raw(audit_log.path)[2].startswith(b'{"v":1')


def lines_raw(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def test_the_file_is_only_appended_to(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    open_patient(audit_log)
    before = audit_log.path.read_bytes()
    open_patient(audit_log, action=LogAction.VIEW)
    after = audit_log.path.read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == 2


def test_long_lines_chain_correctly(tmp_path: Path) -> None:
    """The previous line is found by reading the file backwards in chunks."""
    audit_log = new_log(tmp_path)
    long_sources = [f"Bron {i} " + "x" * 500 for i in range(40)]  # ~20 kB per line
    for _ in range(3):
        open_patient(audit_log, sources=long_sources)
    assert verify(audit_log.path).ok


def test_concurrent_writers_from_threads(tmp_path: Path) -> None:
    logs = [new_log(tmp_path) for _ in range(2)]  # two instances on one file, too
    errors: list[BaseException] = []

    def write(audit_log: AuditLog, n: int) -> None:
        try:
            for _ in range(n):
                open_patient(audit_log, action=LogAction.VIEW)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(logs[i % 2], 25)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    report = verify(logs[0].path)
    assert report.ok, report.problems[:3]
    assert report.lines == 200
    assert len({e["id"] for e in lines(logs[0].path)}) == 200


def test_file_permissions_are_private(tmp_path: Path) -> None:
    audit_log = AuditLog(tmp_path / "nieuw" / "audit.jsonl", key_provider=KEY)
    assert audit_log.path.stat().st_mode & 0o777 == 0o600
    assert audit_log.path.parent.stat().st_mode & 0o777 == 0o700


# -- errors ----------------------------------------------------------------------------------


def test_an_unwritable_path_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "geen-map"
    blocker.write_text("een bestand, geen map")
    with pytest.raises(AuditLogError) as info:
        AuditLog(blocker / "audit.jsonl", key_provider=KEY)
    message = info.value.user_message
    assert message.startswith("Het auditlog kan niet worden geschreven")
    assert str(blocker / "audit.jsonl") in message
    assert "applicatiebeheerder" in message


def test_a_directory_in_place_of_the_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "audit.jsonl").mkdir()
    with pytest.raises(AuditLogError, match=r"audit\.jsonl"):
        AuditLog(tmp_path / "audit.jsonl", key_provider=KEY)


def test_a_log_that_becomes_unwritable_raises_on_record(tmp_path: Path) -> None:
    audit_log = new_log(tmp_path)
    audit_log.path.unlink()
    audit_log.path.mkdir()  # e.g. replaced by something else while running
    with pytest.raises(AuditLogError) as info:
        open_patient(audit_log)
    assert BSN not in info.value.user_message


# -- location --------------------------------------------------------------------------------


def test_default_paths_per_os() -> None:
    home = Path("/home/arts")
    assert default_audit_path(platform="linux", environ={}, home=home) == Path(
        "/home/arts/.local/state/pzp-desktop/audit.jsonl"
    )
    assert default_audit_path(
        platform="linux", environ={"XDG_STATE_HOME": "/var/lib/arts"}, home=home
    ) == Path("/var/lib/arts/pzp-desktop/audit.jsonl")
    # A relative XDG_STATE_HOME is invalid and ignored (XDG Base Directory spec).
    assert default_audit_path(
        platform="linux", environ={"XDG_STATE_HOME": "relatief"}, home=home
    ) == Path("/home/arts/.local/state/pzp-desktop/audit.jsonl")
    assert default_audit_path(platform="darwin", environ={}, home=home) == Path(
        "/home/arts/Library/Logs/PZP Desktop/audit.jsonl"
    )
    windows = default_audit_path(
        platform="win32", environ={"LOCALAPPDATA": "C:/Users/arts/AppData/Local"}, home=home
    )
    assert windows.parts[-2:] == ("PZP Desktop", "audit.jsonl")
    assert str(windows).startswith("C:/Users/arts/AppData/Local")


# -- AuditEvents at the sources --------------------------------------------------------------


def test_events_are_sent_to_the_sources_and_the_results_logged(tmp_path: Path) -> None:
    hospital = InMemoryFhirServer("https://epd.example.org/fhir")
    clients = {HOSPITAL: FhirClient("https://epd.example.org/fhir", transport=hospital)}
    audit_log = new_log(tmp_path)
    entry = record_and_send(
        audit_log,
        clients,
        actor=ACTOR,
        action=LogAction.EXPORT_PDF,
        patient=PATIENT,
        sources=[HOSPITAL, GP],  # the GP source has no client here: nothing sent there
    )
    (event,) = hospital.all_current("AuditEvent")
    assert event["entity"][0]["what"] == {"reference": "Patient/ziekenhuis-devries"}
    assert event["source"]["site"] == HOSPITAL
    assert BSN not in json.dumps(event)
    first, sent = lines(audit_log.path)
    assert first["id"] == entry.id
    assert sent["action"] == "send-audit-event"
    assert sent["refers_to"] == entry.id
    assert sent["sources"] == [HOSPITAL]
    assert sent["outcome"] == {"result": "success", "code": "sent"}
    assert sent["patient"]["references"] == [
        {"source": HOSPITAL, "reference": "Patient/ziekenhuis-devries"}
    ]
    assert verify(audit_log.path).ok


def test_failures_to_send_never_raise_and_are_logged_locally(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down")

    unsupported = MiniServer([], capabilities=capability_statement(audit_create=False))
    clients = {
        HOSPITAL: FhirClient("https://epd.example.org/fhir", transport=httpx.MockTransport(refuse)),
        GP: FhirClient("https://his.example.org/fhir", transport=unsupported.transport),
    }
    audit_log = new_log(tmp_path)
    entry = audit_log.record(
        actor=ACTOR, action=LogAction.VIEW, patient=PATIENT, sources=[HOSPITAL, GP]
    )
    results = send_audit_events(audit_log, entry, clients)
    assert results == {HOSPITAL: AuditRecorded.FAILED, GP: AuditRecorded.NOT_SUPPORTED}
    outcomes = [(e["sources"], e["outcome"]) for e in lines(audit_log.path)[1:]]
    assert outcomes == [
        ([HOSPITAL], {"result": "failure", "code": "failed"}),
        ([GP], {"result": "skipped", "code": "not-supported"}),
    ]


def test_view_only_sources_get_no_write(tmp_path: Path) -> None:
    server = InMemoryFhirServer("https://ecd.example.org/fhir")
    clients = {GP: FhirClient("https://ecd.example.org/fhir", transport=server, read_only=True)}
    audit_log = new_log(tmp_path)
    entry = audit_log.record(actor=ACTOR, action=LogAction.VIEW, patient=PATIENT, sources=[GP])
    assert send_audit_events(audit_log, entry, clients) == {GP: AuditRecorded.VIEW_ONLY}
    assert server.all_current("AuditEvent") == []


def test_sending_survives_an_unwritable_local_log(tmp_path: Path) -> None:
    server = InMemoryFhirServer("https://epd.example.org/fhir")
    clients = {HOSPITAL: FhirClient("https://epd.example.org/fhir", transport=server)}
    audit_log = new_log(tmp_path)
    entry = audit_log.record(
        actor=ACTOR, action=LogAction.VIEW, patient=PATIENT, sources=[HOSPITAL]
    )
    audit_log.path.unlink()
    audit_log.path.mkdir()
    assert send_audit_events(audit_log, entry, clients) == {HOSPITAL: AuditRecorded.SENT}


def test_send_results_are_not_sent_again(tmp_path: Path) -> None:
    server = InMemoryFhirServer("https://epd.example.org/fhir")
    clients = {HOSPITAL: FhirClient("https://epd.example.org/fhir", transport=server)}
    audit_log = new_log(tmp_path)
    entry = audit_log.record(
        actor=ACTOR,
        action=LogAction.SEND_AUDIT_EVENT,
        patient=PATIENT,
        sources=[HOSPITAL],
        refers_to="0b7c6f0e-3a51-4c1b-9d1e-8f1c2a3b4c5d",
    )
    assert send_audit_events(audit_log, entry, clients) == {}
    assert server.all_current("AuditEvent") == []
