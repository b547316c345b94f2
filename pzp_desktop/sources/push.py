"""Pushing a draft to its source: one FHIR transaction per conversation (product brief §5).

What the GUI calls (all blocking network calls: run them in a worker thread)::

    draft = start_draft(patient_data, source=..., user=..., professional=...)
    ...                                   # editing, rules, drafts.save(draft)
    fresh = <fetch the patient again>     # then check_double_registration(draft, fresh)
    rebase_draft(draft, fresh)            # only after the clinician confirmed the review
    outcome = push_draft(draft, client, PushTarget.from_patient_data(fresh, draft.source),
                         view_only=..., store=drafts)

:func:`push_draft` returns a :class:`PushOutcome`, never raises for a FHIR or network
problem, and:

* **never sends anything in view-only mode** (``view_only=True`` or a read-only client):
  outcome ``REFUSED`` before any request;
* refuses a draft that does not pass :func:`~pzp_desktop.domain.editing.rules.validate`
  (``INVALID``, with the findings; no request);
* sends one transaction (:func:`build_transaction`): Encounter + Procedure, a new record per
  changed item linked to the conversation, in-place updates of the Patient (legal capacity)
  and RelatedPersons with ``If-Match`` on the version the draft was based on
  (:attr:`Draft.tracked_versions`), the QuestionnaireResponse and the Provenance;
* is **retry-safe**: every business identifier derives from :attr:`Draft.identifier`, every
  create is conditional; and when an earlier attempt may have committed (a retry, a lost
  answer, a 412), it first looks for the conversation's Encounter by its identifier — found
  means saved (``SUCCESS`` with ``already_saved``), so nothing is created twice and our own
  earlier Patient update is not mistaken for someone else's;
* maps the result: ``SUCCESS`` (with the created references; the draft is deleted from the
  store), ``CONFLICT`` (412/409: someone changed the Patient or a RelatedPerson — fetch
  again, show what changed, rebase, push again), ``REFUSED`` (view-only, or no write
  permission), ``FAILURE`` (network/server: the draft stays in the store and is offered
  again; ``retryable`` says whether trying again can help).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pzp_desktop import __version__, describe_exception
from pzp_desktop.domain.editing.draft import Draft
from pzp_desktop.domain.editing.rules import Finding, Severity, validate
from pzp_desktop.domain.items import ItemKey, Professional
from pzp_desktop.domain.messages import Message, joined
from pzp_desktop.domain.writing.context import (
    SoftwareInfo,
    UnversionedUpdateError,
    WriteContext,
)
from pzp_desktop.domain.writing.transaction import build_transaction
from pzp_desktop.fhir.audit import (
    AuditAction,
    AuditActor,
    AuditOutcome,
    AuditRecorded,
    build_audit_event,
    record_audit_event,
)
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.errors import (
    Conflict,
    ContentError,
    FhirError,
    Forbidden,
    HttpStatusError,
    InvalidRequest,
    TransportError,
    WriteRefused,
)
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.patient_data import PatientData, version_number

__all__ = [
    "PushOutcome",
    "PushStatus",
    "PushTarget",
    "push_draft",
    "rebase_draft",
    "start_draft",
    "tracked_versions",
]

log = logging.getLogger(__name__)

Json = dict[str, Any]

# The outcome messages are in the catalogue (pzp_desktop.domain.messages, ids "push.*").
VIEW_ONLY_MESSAGE = Message("push.view-only")
INVALID_MESSAGE = Message("push.invalid")


class PushStatus(Enum):
    SUCCESS = "success"
    CONFLICT = "conflict"  # If-Match failed: someone else changed the data
    REFUSED = "refused"  # view-only, or the source refuses writes by this user
    INVALID = "invalid"  # the draft does not pass validation; nothing sent
    FAILURE = "failure"  # network or server problem; the draft stays


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """How a push went. ``message`` is safe to show (no patient data); a
    :class:`~pzp_desktop.domain.messages.Text`: Dutch as a string, ``render("en")`` English."""

    status: PushStatus
    message: str
    # ``Type/id/_history/v`` of the resources the transaction created / updated in place /
    # found already present (a conditional create that matched: a resent transaction).
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    existing: tuple[str, ...] = ()
    encounter: str | None = None  # ``Encounter/<id>`` of the new conversation
    questionnaire_response: str | None = None
    already_saved: bool = False  # an earlier attempt had committed; nothing was sent again
    retryable: bool = False  # trying again later can help
    request_sent: bool = False  # a write request left the application
    draft_kept: bool = False  # the draft is (still) in the draft store
    findings: tuple[Finding, ...] = ()  # INVALID: the errors to resolve
    details: tuple[str, ...] = ()  # what the server said (BSN-like numbers masked)
    error: FhirError | None = field(default=None, compare=False)
    audit: AuditRecorded | None = None

    @property
    def ok(self) -> bool:
        return self.status is PushStatus.SUCCESS


# ---------------------------------------------------------------------------------------------
# Target: what the source holds that the transaction updates in place


def _points_at(reference: object, patient_reference: str) -> bool:
    if not isinstance(reference, dict):
        return False
    text = reference.get("reference")
    return isinstance(text, str) and (
        text == patient_reference or text.endswith("/" + patient_reference)
    )


@dataclass(frozen=True, slots=True)
class PushTarget:
    """The patient in the target source and the current versions of the resources a push
    may update in place (the Patient for legal capacity; RelatedPersons for the legal
    representative and first contact person)."""

    patient_reference: str
    current_patient: Json | None = None
    current_related_persons: tuple[Json, ...] = ()

    @classmethod
    def from_patient_data(cls, data: PatientData, source: str) -> PushTarget:
        """The target ``source`` as fetched in ``data``; ``ValueError`` when that source
        did not answer (it cannot be written to now)."""
        result = next((r for r in data.results if r.source.name == source), None)
        if result is None or not result.ok or result.fetch is None or not result.patient_id:
            raise ValueError(f"source {source!r} was not read: it cannot be written to")
        patient_reference = f"Patient/{result.patient_id}"
        latest = data.kept_of(source).current
        patient = latest.get(patient_reference)
        people = tuple(
            resource
            for key, resource in sorted(latest.items())
            if key.startswith("RelatedPerson/")
            and _points_at(resource.get("patient"), patient_reference)
        )
        return cls(patient_reference, patient, people)

    def versions(self) -> dict[str, str]:
        """``Type/id`` -> versionId of the in-place-updatable resources."""
        out: dict[str, str] = {}
        for resource in (
            *([self.current_patient] if self.current_patient else []),
            *self.current_related_persons,
        ):
            version = version_number(resource)[1]
            if version:
                out[f"{resource['resourceType']}/{resource['id']}"] = version
        return out


def tracked_versions(data: PatientData, source: str) -> dict[str, str]:
    """The versions a draft on ``source`` is based on (for ``If-Match``)."""
    return PushTarget.from_patient_data(data, source).versions()


def start_draft(
    data: PatientData,
    *,
    source: str,
    user: str,
    professional: Professional | None,
    organization: str | None = None,
    now: datetime | None = None,
) -> Draft:
    """A new draft for the patient of ``data`` in ``source`` (the launching source,
    normally), prefilled with the consolidated values of all sources."""
    target = PushTarget.from_patient_data(data, source)
    return Draft.start(
        patient_reference=target.patient_reference,
        source=source,
        user=user,
        loaded=data,
        tracked_versions=target.versions(),
        professional=professional,
        organization=organization,
        now=now,
    )


def rebase_draft(draft: Draft, fresh: PatientData) -> list[ItemKey]:
    """After the clinician confirmed the review of the source changes: ``fresh`` becomes the
    draft's baseline (prefill, fingerprint and ``If-Match`` versions)."""
    return draft.rebase(fresh, tracked_versions=tracked_versions(fresh, draft.source))


# ---------------------------------------------------------------------------------------------
# Push


def _with_version(resource: Json, version: str | None) -> Json:
    if version is None:
        return resource
    meta = dict(resource.get("meta") or {})
    meta["versionId"] = version
    return {**resource, "meta": meta}


def _identifier_token(draft: Draft, what: str) -> str:
    conversation = draft.new_conversation()
    ctx = WriteContext(patient_reference=draft.patient_reference, conversation=conversation)
    ident = ctx.identifier(what)
    return f"{ident['system']}|{ident['value']}"


def _find_committed(client: FhirClient, draft: Draft) -> tuple[str, str | None] | None:
    """(Encounter, QuestionnaireResponse) of this draft's conversation when an earlier
    attempt committed it; ``None`` when not found. Raises :class:`FhirError`."""
    found = client.search("Encounter", {"identifier": _identifier_token(draft, "Encounter")})
    encounters = [r for r in found.matches if r.get("resourceType") == "Encounter"]
    if not encounters:
        return None
    encounter = f"Encounter/{encounters[0]['id']}"
    response: str | None = None
    try:
        qrs = client.search(
            "QuestionnaireResponse",
            {"identifier": _identifier_token(draft, "QuestionnaireResponse")},
        ).matches
        if qrs:
            response = f"QuestionnaireResponse/{qrs[0]['id']}"
    except FhirError:
        pass
    return encounter, response


def _references(bundle: Json, response: Json) -> tuple[list[str], list[str], list[str]]:
    """(created, updated, existing) references from a transaction-response: ``201`` is a
    new resource, a ``PUT`` answered ``200`` an update, a conditional create answered
    ``200`` a resource that existed already (a retry)."""
    created: list[str] = []
    updated: list[str] = []
    existing: list[str] = []
    requests = [e.get("request") or {} for e in bundle.get("entry") or []]
    for index, entry in enumerate(response.get("entry") or []):
        if not isinstance(entry, dict):
            continue
        outcome = entry.get("response") or {}
        location = outcome.get("location") if isinstance(outcome, dict) else None
        if not isinstance(location, str):
            resource = entry.get("resource")
            if isinstance(resource, dict) and resource.get("id"):
                location = f"{resource['resourceType']}/{resource['id']}"
            else:
                continue
        reference = _relative(location)
        status = str(outcome.get("status", "")) if isinstance(outcome, dict) else ""
        method = requests[index].get("method") if index < len(requests) else None
        if status.startswith("201"):
            created.append(reference)
        elif method == "POST":
            existing.append(reference)
        else:
            updated.append(reference)
    return created, updated, existing


def _relative(location: str) -> str:
    """``Type/id/_history/v`` from a (possibly absolute) location."""
    parts = location.split("?", 1)[0].rstrip("/").split("/")
    if "_history" in parts:
        at = parts.index("_history")
        return "/".join(parts[max(0, at - 2) : at + 2])
    return "/".join(parts[-2:])


def _first_of(references: Iterable[str], rtype: str) -> str | None:
    for reference in references:
        if reference.startswith(rtype + "/"):
            return "/".join(reference.split("/")[:2])
    return None


def _save(store: DraftStore | None, draft: Draft) -> bool:
    return store.save(draft) if store is not None else False


def _audit(
    client: FhirClient,
    actor: AuditActor | None,
    draft: Draft,
    outcome: AuditOutcome,
) -> AuditRecorded | None:
    if actor is None:
        return None
    try:
        event = build_audit_event(
            actor=actor,
            action=AuditAction.WRITE,
            patient_reference=draft.patient_reference,
            source=draft.source,
            outcome=outcome,
        )
    except Exception as exc:  # an audit problem never hides the push's own outcome
        log.error("AuditEvent niet opgebouwd: %s", describe_exception(exc))
        return AuditRecorded.FAILED
    return record_audit_event(client, event)


def push_draft(
    draft: Draft,
    client: FhirClient,
    target: PushTarget,
    *,
    view_only: bool,
    store: DraftStore | None = None,
    software: SoftwareInfo | None = None,
    audit_actor: AuditActor | None = None,
    now: datetime | None = None,
) -> PushOutcome:
    """Save ``draft`` in its source (see the module docstring). ``draft.push_attempts`` is
    incremented (and the draft saved in ``store``) before anything is sent."""
    if view_only or client.read_only:
        return PushOutcome(PushStatus.REFUSED, VIEW_ONLY_MESSAGE)

    errors = [f for f in validate(draft) if f.severity is Severity.ERROR]
    if target.patient_reference != draft.patient_reference:
        raise ValueError("the push target is another patient than the draft's")
    if errors:
        return PushOutcome(
            PushStatus.INVALID,
            INVALID_MESSAGE,
            findings=tuple(errors),
            draft_kept=_save(store, draft),
        )

    try:
        bundle = build_transaction(
            draft.patient_reference,
            draft.new_conversation(),
            draft.changes(),
            current_patient=(
                _with_version(
                    target.current_patient,
                    draft.tracked_versions.get(target.patient_reference),
                )
                if target.current_patient is not None
                else None
            ),
            current_related_persons=[
                _with_version(p, draft.tracked_versions.get(f"RelatedPerson/{p.get('id')}"))
                for p in target.current_related_persons
            ],
            software=software or SoftwareInfo(version=__version__),
            now=now or datetime.now(UTC),
        )
    except UnversionedUpdateError as exc:
        # An update in place without If-Match could overwrite someone else's change: refused,
        # nothing sent. Only the type of what was refused is logged (not its reference).
        log.warning(
            "Transactie niet opgebouwd: bij te werken %s zonder bekende versie",
            exc.reference.split("/", 1)[0],
        )
        return PushOutcome(
            PushStatus.INVALID,
            Message("push.no-version"),
            draft_kept=_save(store, draft),
        )
    except ValueError as exc:
        log.error("Transactie niet opgebouwd: %s", describe_exception(exc))
        return PushOutcome(
            PushStatus.INVALID,
            Message("push.not-in-standard"),
            draft_kept=_save(store, draft),
        )

    source = draft.source
    if draft.push_attempts > 0:
        committed = _committed_outcome(client, draft, store, audit_actor)
        if committed is not None:
            return committed

    draft.push_attempts += 1
    kept = _save(store, draft)
    try:
        response = client.transaction(bundle)
    except WriteRefused:
        return PushOutcome(PushStatus.REFUSED, VIEW_ONLY_MESSAGE, draft_kept=kept)
    except Conflict as exc:
        committed = _committed_outcome(client, draft, store, audit_actor)
        if committed is not None:
            return committed
        return PushOutcome(
            PushStatus.CONFLICT,
            Message("push.conflict", source=source),
            request_sent=True,
            retryable=True,
            draft_kept=kept,
            details=tuple(exc.server_messages),
            error=exc,
            audit=_audit(client, audit_actor, draft, AuditOutcome.MINOR_FAILURE),
        )
    except Forbidden as exc:
        return PushOutcome(
            PushStatus.REFUSED,
            Message("push.forbidden"),
            request_sent=True,
            draft_kept=kept,
            details=tuple(exc.server_messages),
            error=exc,
            audit=_audit(client, audit_actor, draft, AuditOutcome.MINOR_FAILURE),
        )
    except (TransportError, ContentError, HttpStatusError) as exc:
        # The transaction may have committed before the answer got lost: look first.
        if isinstance(exc, TransportError | ContentError) or (
            isinstance(exc, HttpStatusError) and exc.status >= 500
        ):
            committed = _committed_outcome(client, draft, store, audit_actor)
            if committed is not None:
                return committed
        retryable = not isinstance(exc, InvalidRequest)
        details = tuple(exc.server_messages) if isinstance(exc, HttpStatusError) else ()
        advice: str = Message("push.failure.kept" if kept else "push.failure.not-kept")
        if isinstance(exc, InvalidRequest):
            advice = joined(" ", [advice, Message("push.failure.ask-admin")])
        message = Message("push.failure", reason=exc.user_message, advice=advice)
        return PushOutcome(
            PushStatus.FAILURE,
            message,
            request_sent=True,
            retryable=retryable,
            draft_kept=kept,
            details=details,
            error=exc,
            audit=_audit(client, audit_actor, draft, AuditOutcome.SERIOUS_FAILURE),
        )

    created, updated, existing = _references(bundle, response)
    if store is not None:
        store.delete(draft)
    return PushOutcome(
        PushStatus.SUCCESS,
        Message("push.success", source=source),
        created=tuple(created),
        updated=tuple(updated),
        existing=tuple(existing),
        encounter=_first_of(created + existing, "Encounter"),
        questionnaire_response=_first_of(created + existing, "QuestionnaireResponse"),
        request_sent=True,
        audit=_audit(client, audit_actor, draft, AuditOutcome.SUCCESS),
    )


def _committed_outcome(
    client: FhirClient,
    draft: Draft,
    store: DraftStore | None,
    audit_actor: AuditActor | None,
) -> PushOutcome | None:
    """``SUCCESS`` (already saved) when an earlier attempt committed this conversation."""
    try:
        committed = _find_committed(client, draft)
    except FhirError as exc:
        log.info("Controle op eerdere opslag mislukt: %s", describe_exception(exc))
        return None
    if committed is None:
        return None
    if store is not None:
        store.delete(draft)
    encounter, response = committed
    return PushOutcome(
        PushStatus.SUCCESS,
        Message("push.already-saved", source=draft.source),
        encounter=encounter,
        questionnaire_response=response,
        already_saved=True,
        audit=_audit(client, audit_actor, draft, AuditOutcome.SUCCESS),
    )
