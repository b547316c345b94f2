"""Which SMART scopes PZP Desktop asks for, and what the granted scopes allow.

Requested:

* EHR launch: ``launch openid fhirUser online_access``; standalone SMART launch:
  ``launch/patient openid fhirUser``; standalone with a BSN (no patient picked at the
  server): ``openid fhirUser`` with ``user/`` scopes.
* Read scopes for every resource type PZP Desktop reads; write scopes only for the PZP
  resources it writes (plus creating AuditEvents), and only when not view-only.
* SMART v1 syntax (``patient/Consent.read``, ``patient/Consent.write``) or v2
  (``patient/Consent.rs``, ``patient/Consent.cu``) according to the server's capabilities
  (``permission-v2``). PZP Desktop never deletes, so v2 write scopes are ``cu``.

Granted: the role is decided only by the PZP write scopes (:func:`grants_write`):
``view_only = forced_by_installation or not grants_write(granted)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

__all__ = [
    "PATIENT_LEVEL_READ_TYPES",
    "PZP_WRITE_TYPES",
    "USER_LEVEL_READ_TYPES",
    "LaunchKind",
    "build_scopes",
    "grants_write",
    "parse_scope",
]


class LaunchKind(Enum):
    EHR = "ehr"
    STANDALONE_PATIENT = "standalone-patient"
    STANDALONE_USER = "standalone-user"


#: Resource types in the patient compartment that PZP Desktop reads.
PATIENT_LEVEL_READ_TYPES: tuple[str, ...] = (
    "Patient",
    "Consent",
    "Goal",
    "Observation",
    "Device",
    "DeviceUseStatement",
    "Communication",
    "Encounter",
    "Procedure",
    "RelatedPerson",
    "QuestionnaireResponse",
    "Provenance",
)
#: Resource types outside the patient compartment (professionals, organisations).
USER_LEVEL_READ_TYPES: tuple[str, ...] = ("Practitioner", "PractitionerRole", "Organization")
#: The PZP resources one saved conversation writes (see domain/writing/transaction.py).
PZP_WRITE_TYPES: tuple[str, ...] = (
    "Consent",
    "Goal",
    "Observation",
    "Device",
    "DeviceUseStatement",
    "Communication",
    "Encounter",
    "Procedure",
    "RelatedPerson",
    "QuestionnaireResponse",
    "Provenance",
)
AUDIT_TYPE = "AuditEvent"

_SCOPE = re.compile(
    r"(?P<level>patient|user|system)/(?P<type>\*|[A-Z][A-Za-z]+)\.(?P<perm>[^?\s]+)(?:\?\S*)?"
)
_V2_PERMS = re.compile(r"c?r?u?d?s?")


def _context_scopes(kind: LaunchKind) -> list[str]:
    if kind is LaunchKind.EHR:
        return ["launch", "openid", "fhirUser", "online_access"]
    if kind is LaunchKind.STANDALONE_PATIENT:
        return ["launch/patient", "openid", "fhirUser"]
    return ["openid", "fhirUser"]


def build_scopes(kind: LaunchKind, *, permission_v2: bool, view_only: bool) -> list[str]:
    """The scopes to request, in a stable order."""
    read, write = ("rs", "cu") if permission_v2 else ("read", "write")
    patient_level = "user" if kind is LaunchKind.STANDALONE_USER else "patient"
    scopes = _context_scopes(kind)
    scopes += [f"{patient_level}/{rtype}.{read}" for rtype in PATIENT_LEVEL_READ_TYPES]
    scopes += [f"user/{rtype}.{read}" for rtype in USER_LEVEL_READ_TYPES]
    if not view_only:
        scopes += [f"{patient_level}/{rtype}.{write}" for rtype in PZP_WRITE_TYPES]
        create = "c" if permission_v2 else "write"
        scopes.append(f"{patient_level}/{AUDIT_TYPE}.{create}")
    return scopes


def parse_scope(scope: str) -> tuple[str, str, frozenset[str]] | None:
    """``(level, resource type, permissions)`` of a SMART resource scope, else ``None``.

    Permissions are normalised to v2 letters: v1 ``read`` → ``{r, s}``, ``write`` →
    ``{c, u, d}``, ``*`` → all.
    """
    match = _SCOPE.fullmatch(scope)
    if not match:
        return None
    perm = match["perm"]
    if perm == "read":
        perms = frozenset("rs")
    elif perm == "write":
        perms = frozenset("cud")
    elif perm == "*":
        perms = frozenset("cruds")
    elif perm and _V2_PERMS.fullmatch(perm):
        perms = frozenset(perm)
    else:
        return None
    return match["level"], match["type"], perms


def grants_write(granted: Iterable[str]) -> bool:
    """True when any granted scope lets PZP Desktop create or update a PZP resource."""
    for scope in granted:
        parsed = parse_scope(scope)
        if parsed is None:
            continue
        level, rtype, perms = parsed
        if level == "system":
            continue
        if (rtype == "*" or rtype in PZP_WRITE_TYPES) and perms & {"c", "u"}:
            return True
    return False
