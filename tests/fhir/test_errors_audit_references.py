"""The error tree, AuditEvents, reference handling and capability parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.auditevent import AuditEvent

from pzp_desktop.domain.codes import UZI_ROLE, Coding
from pzp_desktop.fhir import errors
from pzp_desktop.fhir.audit import (
    AuditAction,
    AuditActor,
    AuditOutcome,
    AuditRecorded,
    build_audit_event,
    record_audit_event,
)
from pzp_desktop.fhir.capabilities import Capabilities, Support
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.references import ReferenceResolver, iter_references, normalise_references
from tests.fhir.fakes import BASE, MiniServer, Scripted, capability_statement, fhir_response

# ------------------------------------------------------------------------------ errors


def test_the_tree() -> None:
    assert issubclass(errors.Timeout, errors.TransportError)
    assert issubclass(errors.Unreachable, errors.TransportError)
    for cls in (
        errors.NotAuthorised,
        errors.Forbidden,
        errors.NotFound,
        errors.Conflict,
        errors.RateLimited,
        errors.Unavailable,
        errors.ServerError,
        errors.InvalidRequest,
    ):
        assert issubclass(cls, errors.HttpStatusError)
    for branch in (
        errors.TransportError,
        errors.HttpStatusError,
        errors.ContentError,
        errors.WriteRefused,
        errors.AmbiguousPatient,
    ):
        assert issubclass(branch, errors.FhirError)


@pytest.mark.parametrize(
    "error",
    [
        errors.Timeout(),
        errors.Unreachable(),
        errors.error_for_status(401),
        errors.error_for_status(403),
        errors.error_for_status(404),
        errors.error_for_status(409),
        errors.error_for_status(429),
        errors.error_for_status(503),
        errors.error_for_status(500),
        errors.error_for_status(418),
        errors.ContentError("ongeldige JSON", "Bundle.entry[0]"),
        errors.WriteRefused(),
        errors.AmbiguousPatient(),
    ],
)
def test_every_error_has_a_dutch_user_message(error: errors.FhirError) -> None:
    assert error.user_message
    assert str(error) == error.user_message
    assert "http" not in error.user_message.lower().replace("http ", "")
    assert "Traceback" not in error.user_message


def test_parse_operation_outcome() -> None:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "error",
                "code": "invariant",
                "details": {"text": "Regel X"},
                "expression": ["Consent.provision"],
            },
            {"severity": "warning", "code": "informational", "diagnostics": "note"},
            "garbage",
        ],
    }
    issues = errors.parse_operation_outcome(body)
    assert [(i.severity, i.code, i.text) for i in issues] == [
        ("error", "invariant", "Regel X"),
        ("warning", "informational", "note"),
    ]
    assert issues[0].expression == ("Consent.provision",)
    error = errors.error_for_status(422, issues)
    assert "regel van het profiel geschonden" in error.user_message
    assert "informatie" not in error.user_message  # warnings are not the reason
    assert errors.parse_operation_outcome(b"<html>") == []
    assert errors.parse_operation_outcome({"resourceType": "Patient"}) == []


def test_mask_identifiers() -> None:
    assert errors.mask_identifiers("bsn 123456782 en 12345678 maar niet 1234") == (
        "bsn ********* en ********* maar niet 1234"
    )


# ------------------------------------------------------------------------------ audit


ACTOR = AuditActor(
    user_id="900012345",
    user_id_system="http://fhir.nl/fhir/NamingSystem/uzi-nr-pers",
    user_name="Dr. A. Arts",
    role=Coding(UZI_ROLE, "01.015", "Huisarts"),
    organisation_id="01234567",
    organisation_id_system="http://fhir.nl/fhir/NamingSystem/ura",
    organisation_name="Huisartsenpraktijk Test",
    workstation="ws-12",
)


def test_audit_event_is_valid_r4_with_the_nen7513_fields() -> None:
    event = build_audit_event(
        actor=ACTOR,
        action=AuditAction.OPEN_PATIENT,
        patient_reference="Patient/p1",
        source="Ziekenhuis A",
        when=datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    )
    AuditEvent.model_validate(event)
    assert event["recorded"] == "2024-03-01T09:30:00Z"
    assert event["action"] == "R"
    assert event["outcome"] == "0"
    user, organisation = event["agent"]
    assert user["who"]["identifier"]["value"] == "900012345"
    assert user["role"][0]["coding"][0]["code"] == "01.015"
    assert user["network"]["address"] == "ws-12"
    assert user["requestor"] is True
    assert organisation["who"]["display"] == "Huisartsenpraktijk Test"
    assert event["entity"][0]["what"] == {"reference": "Patient/p1"}
    assert event["source"]["site"] == "Ziekenhuis A"


def test_audit_event_minimal_actor_and_failure() -> None:
    event = build_audit_event(
        actor=AuditActor(user_id="u1"),
        action=AuditAction.WRITE,
        patient_reference="Patient/p1",
        source="x",
        outcome=AuditOutcome.SERIOUS_FAILURE,
    )
    AuditEvent.model_validate(event)
    assert len(event["agent"]) == 1
    assert event["outcome"] == "8"


def _event() -> dict[str, object]:
    return build_audit_event(
        actor=ACTOR, action=AuditAction.VIEW, patient_reference="Patient/p1", source="x"
    )


def test_record_audit_event_when_supported() -> None:
    fake = MiniServer([], capabilities=capability_statement())
    posted: list[object] = []

    def handle(request):  # type: ignore[no-untyped-def]
        if request.method == "POST":
            posted.append(request)
            return fhir_response(201, {"resourceType": "AuditEvent", "id": "a1"})
        return fake.handle(request)

    client = FhirClient(BASE, transport=Scripted(handle, handle).transport)
    assert record_audit_event(client, _event()) is AuditRecorded.SENT
    assert len(posted) == 1


def test_record_audit_event_not_supported_or_view_only() -> None:
    fake = MiniServer([], capabilities=capability_statement(audit_create=False))
    client = FhirClient(BASE, transport=fake.transport)
    assert record_audit_event(client, _event()) is AuditRecorded.NOT_SUPPORTED
    script = Scripted()
    view_only = FhirClient(BASE, transport=script.transport, read_only=True)
    assert record_audit_event(view_only, _event()) is AuditRecorded.VIEW_ONLY
    assert script.requests == []


def test_record_audit_event_never_raises() -> None:
    script = Scripted(fhir_response(500))
    client = FhirClient(BASE, transport=script.transport)
    assert record_audit_event(client, _event()) is AuditRecorded.FAILED


# ------------------------------------------------------------------------------ references


def test_iter_references_skips_contained() -> None:
    resource = {
        "resourceType": "Consent",
        "contained": [
            {"resourceType": "Practitioner", "id": "x", "partOf": {"reference": "Organization/o"}}
        ],
        "patient": {"reference": "Patient/p1"},
        "provision": {"actor": [{"reference": {"reference": "#x"}}]},
    }
    assert sorted(iter_references(resource)) == ["#x", "Patient/p1"]


def test_normalise_references_only_touches_the_own_base() -> None:
    client = FhirClient(BASE)
    resource = {
        "a": {"reference": f"{BASE}/Practitioner/1"},
        "b": {"reference": f"{BASE}/Practitioner/2/_history/3"},
        "c": {"reference": "https://other.example.com/fhir/Practitioner/1"},
        "d": {"reference": "Practitioner/4"},
    }
    normalise_references(client, [resource])
    assert resource == {
        "a": {"reference": "Practitioner/1"},
        "b": {"reference": "Practitioner/2/_history/3"},
        "c": {"reference": "https://other.example.com/fhir/Practitioner/1"},
        "d": {"reference": "Practitioner/4"},
    }


def test_resolver_follows_levels_caches_and_never_reads_other_patients() -> None:
    fake = MiniServer(
        [
            {
                "resourceType": "PractitionerRole",
                "id": "r1",
                "practitioner": {"reference": "Practitioner/pr1"},
            },
            {"resourceType": "Practitioner", "id": "pr1"},
            {"resourceType": "Patient", "id": "p2"},
        ]
    )
    client = FhirClient(BASE, transport=fake.transport)
    resolver = ReferenceResolver(client, "p1")
    start = [
        {
            "resourceType": "Consent",
            "id": "c1",
            "patient": {"reference": "Patient/p1"},
            "performer": [{"reference": "PractitionerRole/r1"}, {"reference": "Patient/p2"}],
            "source": {"reference": "urn:uuid:1234"},
            "other": {"reference": "Organization/o1"},  # not a type we resolve
        }
    ]
    found = resolver.resolve(start, {"Patient/p1", "Consent/c1"})
    assert [f"{r['resourceType']}/{r['id']}" for r in found] == [
        "PractitionerRole/r1",
        "Practitioner/pr1",
    ]
    assert set(resolver.unresolved) == {"Patient/p2", "urn:uuid:1234"}
    assert resolver.resolve(start, {"Patient/p1"}) == []  # cached: no new reads
    assert len(fake.requests) == 2


# ------------------------------------------------------------------------------ capabilities


def test_capabilities_three_valued() -> None:
    caps = Capabilities.from_json(capability_statement())
    assert caps.search_param("Goal", "description") is Support.YES
    assert caps.search_param("Goal", "nope") is Support.NO
    assert caps.include("Consent", "Consent:actor") is Support.YES
    assert caps.revinclude("Procedure", "Encounter:reason-reference") is Support.YES
    assert caps.interaction("Patient", "history-instance") is Support.YES
    assert caps.system_interaction("transaction") is Support.YES
    assert caps.chain("Encounter", "reason-reference", "Procedure", "code") is Support.UNKNOWN
    assert caps.chain("Encounter", "patient", "Procedure", "nope") is Support.NO
    assert caps.searchable("Flag") is Support.NO
    assert "Fake FHIR 1" in caps.describe()
    unknown = Capabilities.unknown()
    assert unknown.include("Consent", "Consent:actor") is Support.UNKNOWN
    assert unknown.searchable("Consent").maybe


def test_capabilities_undeclared_include_lists_are_unknown() -> None:
    statement = {
        "resourceType": "CapabilityStatement",
        "rest": [
            {
                "mode": "server",
                "resource": [
                    {
                        "type": "Consent",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": [
                            {"name": "actor", "type": "reference", "chain": ["identifier"]}
                        ],
                    }
                ],
            }
        ],
    }
    caps = Capabilities.from_json(statement)
    assert caps.include("Consent", "Consent:actor") is Support.UNKNOWN
    assert caps.chain("Consent", "actor", "Consent", "actor") is Support.NO
    assert caps.system_interaction("transaction") is Support.UNKNOWN
