"""The Provenance of one saved conversation: who wrote what, when, with which software.

One Provenance per transaction. ``target`` lists every resource the transaction creates
(by its ``urn:uuid`` fullUrl, which the server rewrites to the new id) or updates in place
(``Type/id``). The author is the professional's PractitionerRole, on behalf of the
organisation when known; the software is a second agent of type *assembler*, named in
``agent.who.display`` (a display-only Reference with ``type`` ``Device``: R4 allows a
Reference with only a display, and the application has no Device resource on the server).
"""

from __future__ import annotations

from datetime import datetime

from pzp_desktop.domain.fhir_json import Json, as_dict, as_str
from pzp_desktop.domain.writing.context import SoftwareInfo, WriteContext

DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"


def provenance_targets(entries: list[Json]) -> tuple[list[str], list[str]]:
    """(created, updated): the references of the resources the entries create and update."""
    created: list[str] = []
    updated: list[str] = []
    for entry in entries:
        request = as_dict(entry.get("request")) or {}
        method = as_str(request.get("method"))
        if method == "POST":
            full_url = as_str(entry.get("fullUrl"))
            if full_url:
                created.append(full_url)
        elif method == "PUT":
            url = as_str(request.get("url"))
            if url:
                updated.append(url.split("?", 1)[0])
    return created, updated


def build_provenance(ctx: WriteContext, *, software: SoftwareInfo, now: datetime) -> Json:
    """The Provenance for everything added to ``ctx`` so far."""
    created, updated = provenance_targets(ctx.entries)
    if not created and not updated:
        raise ValueError("a Provenance needs at least one created or updated resource")
    moment = now if now.tzinfo is not None else now.astimezone()
    professional = ctx.conversation.professional
    author_who: Json = (
        {"reference": professional.reference}
        if professional.reference
        else {"display": professional.display()}
    )
    author: Json = {
        "type": _concept(PARTICIPANT_TYPE, "author", "Author"),
        "who": author_who,
    }
    if ctx.conversation.organization:
        author["onBehalfOf"] = {"reference": ctx.conversation.organization}
    assembler: Json = {
        "type": _concept(PARTICIPANT_TYPE, "assembler", "Assembler"),
        "who": {"type": "Device", "display": f"{software.name} {software.version}"},
    }
    # One activity for the transaction: CREATE when it only creates; UPDATE when it also
    # revises resources in place (the Patient, a RelatedPerson).
    activity = (
        _concept(DATA_OPERATION, "UPDATE", "revise")
        if updated
        else _concept(DATA_OPERATION, "CREATE", "create")
    )
    return {
        "resourceType": "Provenance",
        "target": [{"reference": r} for r in (*created, *updated)],
        "recorded": moment.isoformat(timespec="seconds"),
        "activity": activity,
        "agent": [author, assembler],
    }


def _concept(system: str, code: str, display: str) -> Json:
    return {"coding": [{"system": system, "code": code, "display": display}]}
