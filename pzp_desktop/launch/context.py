"""From a launch request to the launch context the app opens.

:func:`resolve_launch` turns a :data:`~pzp_desktop.launch.arguments.LaunchRequest` into a
:class:`LaunchContext`:

* **EHR launch** — SMART with ``launch``; the token response names the patient (required)
  and the encounter; the id_token names the user.
* **Standalone SMART** — SMART with ``launch/patient``: the user logs in and picks the
  patient at the authorisation server.
* **Standalone with a BSN** — when the FHIR base publishes a SMART configuration, the user
  logs in (``user/`` scopes, no patient picked there); a base without one is used without
  login. The patient is then found by identifier ``http://fhir.nl/fhir/NamingSystem/bsn``.
* **Training** — no network at all.

Role: ``view_only = installation forces it or no PZP write scope was granted``. A source
used without login grants no scopes, so it is view-only too. The FHIR client made by
:func:`create_client` refuses every write in view-only mode.

Failures are :class:`~pzp_desktop.launch.errors.LaunchError` subclasses with Dutch and
English messages; the log shows what happened, never a token, code, verifier, state or BSN.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pzp_desktop.fhir.client import FhirClient, TokenProvider
from pzp_desktop.fhir.errors import AmbiguousPatient as FhirAmbiguousPatient
from pzp_desktop.fhir.errors import FhirError, NotFound
from pzp_desktop.fhir.fetch import find_patient_by_bsn
from pzp_desktop.launch.arguments import (
    EhrLaunch,
    LaunchRequest,
    StandaloneBsn,
    StandaloneSmart,
    Training,
    validate_bsn,
)
from pzp_desktop.launch.errors import (
    AmbiguousPatient,
    NoPatientInContext,
    PatientNotFound,
    SmartNotOffered,
    SourceError,
)
from pzp_desktop.launch.scopes import LaunchKind, grants_write
from pzp_desktop.launch.settings import LaunchSettings
from pzp_desktop.launch.smart import SmartSession, authorize

__all__ = [
    "LaunchContext",
    "LaunchMode",
    "Reference",
    "create_client",
    "resolve_launch",
]

log = logging.getLogger(__name__)


class LaunchMode(Enum):
    EHR = "ehr"
    STANDALONE_SMART = "standalone-smart"
    STANDALONE_BSN = "standalone-bsn"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class Reference:
    """A FHIR reference with a display text (the user, their organisation)."""

    reference: str | None
    display: str | None = None


@dataclass(frozen=True, slots=True)
class LaunchContext:
    """Everything the app needs to open the launched patient."""

    mode: LaunchMode
    #: The FHIR base of the launching system (``None`` in training mode).
    fhir_base: str | None
    patient_id: str | None
    view_only: bool
    encounter_id: str | None = None
    #: ``fhirUser`` (``Practitioner/123``) and a display name, when known.
    user: Reference | None = None
    organisation: Reference | None = None
    token_provider: TokenProvider | None = field(default=None, repr=False)
    need_patient_banner: bool = True
    granted_scopes: frozenset[str] = frozenset()

    @property
    def training(self) -> bool:
        return self.mode is LaunchMode.TRAINING

    @property
    def patient_reference(self) -> str | None:
        return f"Patient/{self.patient_id}" if self.patient_id else None


def create_client(context: LaunchContext, settings: LaunchSettings | None = None) -> FhirClient:
    """The FHIR client of the launching source: its token, and read-only in view-only mode."""
    if context.fhir_base is None:
        raise ValueError("training mode has no FHIR base; use the training store")
    factory = (settings or LaunchSettings()).client_factory
    return factory(context.fhir_base, context.token_provider, context.view_only)


# ----------------------------------------------------------------------------- user


def _relative(reference: str, fhir_base: str) -> str | None:
    """``Type/id`` for a relative reference or an absolute one on ``fhir_base``."""
    text = reference
    if text.startswith(fhir_base.rstrip("/") + "/"):
        text = text[len(fhir_base.rstrip("/")) + 1 :]
    parts = text.split("/")
    if len(parts) == 2 and parts[0].isalpha() and parts[0][:1].isupper() and parts[1]:
        return text
    return None


def _human_name(resource: dict[str, Any]) -> str | None:
    names = resource.get("name")
    if not isinstance(names, list):
        return None
    for name in names:
        if not isinstance(name, dict):
            continue
        text = name.get("text")
        if isinstance(text, str) and text.strip():
            return text.strip()
        given = [g for g in name.get("given") or [] if isinstance(g, str)]
        family = name.get("family")
        parts = [*given, family] if isinstance(family, str) else given
        if parts:
            return " ".join(parts)
    return None


def _describe_user(
    session: SmartSession, client: FhirClient
) -> tuple[Reference | None, Reference | None]:
    """The user (fhirUser + display) and, for a PractitionerRole, the organisation.

    Reading the fhirUser resource is a courtesy: when it fails the launch goes on with what
    the id_token said.
    """
    identity = session.identity
    if identity is None or identity.fhir_user is None:
        return None, None
    display = identity.name
    organisation: Reference | None = None
    relative = _relative(identity.fhir_user, session.fhir_base)
    if relative is not None and relative.split("/")[0] in ("Practitioner", "PractitionerRole"):
        rtype, rid = relative.split("/")
        try:
            resource = client.read(rtype, rid)
            if rtype == "Practitioner":
                display = display or _human_name(resource)
            else:
                practitioner = resource.get("practitioner")
                if isinstance(practitioner, dict) and isinstance(practitioner.get("display"), str):
                    display = display or practitioner["display"]
                org = resource.get("organization")
                if isinstance(org, dict) and (org.get("reference") or org.get("display")):
                    organisation = Reference(
                        org.get("reference") if isinstance(org.get("reference"), str) else None,
                        org.get("display") if isinstance(org.get("display"), str) else None,
                    )
        except FhirError as exc:
            log.info("Gebruikersgegevens niet gelezen (%s)", type(exc).__name__)
    return Reference(relative or identity.fhir_user, display), organisation


# ----------------------------------------------------------------------------- resolving


def _smart_context(
    mode: LaunchMode, session: SmartSession, settings: LaunchSettings
) -> LaunchContext:
    if session.patient_id is None:
        raise NoPatientInContext()
    view_only = settings.force_view_only or not session.write_granted
    with settings.client_factory(session.fhir_base, session.token_provider, True) as client:
        user, organisation = _describe_user(session, client)
    return LaunchContext(
        mode=mode,
        fhir_base=session.fhir_base,
        patient_id=session.patient_id,
        encounter_id=session.encounter_id,
        view_only=view_only,
        user=user,
        organisation=organisation,
        token_provider=session.token_provider,
        need_patient_banner=session.need_patient_banner,
        granted_scopes=session.granted_scopes,
    )


def _bsn_context(
    request: StandaloneBsn, settings: LaunchSettings, cancel: threading.Event | None
) -> LaunchContext:
    bsn = validate_bsn(request.bsn)
    session: SmartSession | None
    try:
        session = authorize(request.fhir_base, LaunchKind.STANDALONE_USER, settings, cancel=cancel)
    except SmartNotOffered:
        log.info("Geen SMART-configuratie bij %s: zonder aanmelden verder", request.fhir_base)
        session = None
    provider = session.token_provider if session else None
    granted = session.granted_scopes if session else frozenset()
    view_only = settings.force_view_only or not grants_write(granted)
    with settings.client_factory(request.fhir_base, provider, True) as client:
        try:
            patient_id = find_patient_by_bsn(client, bsn)
        except FhirAmbiguousPatient:
            raise AmbiguousPatient() from None
        except NotFound:
            raise PatientNotFound() from None
        except FhirError as exc:
            raise SourceError(exc.user_message) from None
        user, organisation = _describe_user(session, client) if session else (None, None)
    log.info("Patiënt gevonden op BSN bij %s", request.fhir_base)
    return LaunchContext(
        mode=LaunchMode.STANDALONE_BSN,
        fhir_base=request.fhir_base,
        patient_id=patient_id,
        view_only=view_only,
        user=user,
        organisation=organisation,
        token_provider=provider,
        need_patient_banner=True,
        granted_scopes=granted,
    )


def resolve_launch(
    request: LaunchRequest,
    settings: LaunchSettings | None = None,
    *,
    cancel: threading.Event | None = None,
) -> LaunchContext:
    """Resolve ``request`` into a launch context (blocking; run it off the GUI thread)."""
    settings = settings or LaunchSettings()
    if isinstance(request, Training):
        return LaunchContext(
            mode=LaunchMode.TRAINING,
            fhir_base=None,
            patient_id=None,
            view_only=settings.force_view_only,
        )
    if isinstance(request, EhrLaunch):
        session = authorize(
            request.iss, LaunchKind.EHR, settings, launch=request.launch, cancel=cancel
        )
        return _smart_context(LaunchMode.EHR, session, settings)
    if isinstance(request, StandaloneSmart):
        session = authorize(
            request.fhir_base, LaunchKind.STANDALONE_PATIENT, settings, cancel=cancel
        )
        return _smart_context(LaunchMode.STANDALONE_SMART, session, settings)
    if isinstance(request, StandaloneBsn):
        return _bsn_context(request, settings, cancel)
    raise TypeError(f"unknown launch request {type(request).__name__}")
