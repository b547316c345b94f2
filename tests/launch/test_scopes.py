"""Requested scopes (v1/v2 syntax, view-only) and the role decision from granted scopes."""

from __future__ import annotations

import pytest

from pzp_desktop.launch.scopes import (
    PZP_WRITE_TYPES,
    LaunchKind,
    build_scopes,
    grants_write,
    parse_scope,
)


def test_ehr_v2() -> None:
    scopes = build_scopes(LaunchKind.EHR, permission_v2=True, view_only=False)
    assert scopes[:4] == ["launch", "openid", "fhirUser", "online_access"]
    assert "patient/Consent.rs" in scopes
    assert "patient/Consent.cu" in scopes
    assert "user/Practitioner.rs" in scopes
    assert "patient/AuditEvent.c" in scopes
    assert not any(s.endswith((".read", ".write")) for s in scopes)


def test_ehr_v1() -> None:
    scopes = build_scopes(LaunchKind.EHR, permission_v2=False, view_only=False)
    assert "patient/Consent.read" in scopes
    assert "patient/Consent.write" in scopes
    assert not any(s.endswith((".rs", ".cu")) for s in scopes)


@pytest.mark.parametrize("v2", [True, False])
def test_view_only_requests_no_write_scope(v2: bool) -> None:
    scopes = build_scopes(LaunchKind.EHR, permission_v2=v2, view_only=True)
    assert not grants_write(scopes)
    assert not any("AuditEvent" in s for s in scopes)
    assert f"patient/Patient.{'rs' if v2 else 'read'}" in scopes


def test_standalone_patient() -> None:
    scopes = build_scopes(LaunchKind.STANDALONE_PATIENT, permission_v2=True, view_only=False)
    assert scopes[:3] == ["launch/patient", "openid", "fhirUser"]
    assert "launch" not in scopes
    assert "online_access" not in scopes


def test_standalone_user_level() -> None:
    scopes = build_scopes(LaunchKind.STANDALONE_USER, permission_v2=True, view_only=False)
    assert "launch/patient" not in scopes
    assert "user/Patient.rs" in scopes
    assert "user/Consent.cu" in scopes
    assert not any(s.startswith("patient/") for s in scopes)


def test_every_pzp_write_type_is_requested() -> None:
    scopes = build_scopes(LaunchKind.EHR, permission_v2=True, view_only=False)
    for rtype in PZP_WRITE_TYPES:
        assert f"patient/{rtype}.cu" in scopes


@pytest.mark.parametrize(
    ("scope", "parsed"),
    [
        ("patient/Consent.read", ("patient", "Consent", frozenset("rs"))),
        ("patient/Consent.write", ("patient", "Consent", frozenset("cud"))),
        ("user/*.*", ("user", "*", frozenset("cruds"))),
        ("patient/Observation.rs?category=x", ("patient", "Observation", frozenset("rs"))),
        ("patient/Consent.cud", ("patient", "Consent", frozenset("cud"))),
        ("patient/Consent.dc", None),  # v2 letters must be in order c, r, u, d, s
        ("launch", None),
        ("openid", None),
        ("patient/consent.read", None),
    ],
)
def test_parse_scope(scope: str, parsed: object) -> None:
    assert parse_scope(scope) == parsed


@pytest.mark.parametrize(
    ("granted", "write"),
    [
        ([], False),
        (["launch", "openid", "patient/Consent.rs", "patient/Goal.read"], False),
        (["patient/Consent.cu"], True),
        (["patient/Consent.write"], True),
        (["user/Goal.c"], True),
        (["patient/*.*"], True),
        (["patient/*.write"], True),
        (["patient/Consent.d"], False),  # delete alone does not let anyone record PZP
        (["patient/AuditEvent.c"], False),  # audit logging is not recording PZP
        (["patient/Patient.write"], False),  # not a PZP resource
        (["system/Consent.cud"], False),
    ],
)
def test_grants_write(granted: list[str], write: bool) -> None:
    assert grants_write(granted) is write
