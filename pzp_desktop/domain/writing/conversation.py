"""The conversation being recorded → Encounter + Procedure + attendee RelatedPersons
(spec §4, §6 rows 963, 82, 997/998).

* Encounter ``ACP-Encounter``: status finished, the contact class (default ACT AMB),
  ``subject`` only when the patient was present (the IG convention), one participant for the
  professional and one per attendee, ``period`` start = end = the conversation date, and
  ``reasonReference`` → the Procedure with the conversation's comment (ext-Comment).
* Procedure ``ACP-Procedure``: SCT 713603004, completed, ``encounter`` → the Encounter (set
  on purpose: readers depend on either link), everyone who took part as performer.
* One RelatedPerson per attendee that is not an existing RelatedPerson already (created
  conditionally; the form cannot tie roles to names, the editor can).
"""

from __future__ import annotations

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import ACT_CODE, Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Attendee, normalise_text
from pzp_desktop.domain.reading.conversations import (
    ACP_PROCEDURE_CODE,
    ATTENDEE_RELATION_LINK,
    ATTENDEE_ROLE_LINK,
)
from pzp_desktop.domain.reading.patient import form_coding
from pzp_desktop.domain.reading.related_persons import OTHER_CONCEPTS, is_relation
from pzp_desktop.domain.writing.context import WriteContext
from pzp_desktop.domain.writing.related_persons import relationship_concept

DEFAULT_CONTACT_CLASS = Coding(ACT_CODE, "AMB", "ambulatory")
WHAT_ENCOUNTER = "Encounter"
WHAT_PROCEDURE = "Procedure"


def attendee_what(index: int) -> str:
    return f"RelatedPerson:attendee:{index}"


def professional_reference(reference: str) -> Json:
    """A Reference to the professional, typed from the reference (PractitionerRole unless
    it names a bare Practitioner)."""
    is_practitioner = reference.split("/")[-2:-1] == ["Practitioner"]
    return {
        "reference": reference,
        "type": "Practitioner" if is_practitioner else "PractitionerRole",
    }


def write_conversation(ctx: WriteContext) -> None:
    """Add the Encounter, the Procedure and the attendees' RelatedPersons to ``ctx``."""
    conversation = ctx.conversation
    date = ctx.date_text
    patient = {"reference": ctx.patient_reference, "type": "Patient"}
    professional = ctx.practitioner_role_reference

    attendee_refs: list[Json] = []
    new_people: list[tuple[str, Json]] = []
    for index, attendee in enumerate(conversation.attendees):
        if attendee.reference:
            attendee_refs.append({"reference": attendee.reference, "type": "RelatedPerson"})
            continue
        what = attendee_what(index)
        attendee_refs.append({"reference": ctx.full_url(what), "type": "RelatedPerson"})
        new_people.append((what, _attendee_person(attendee, what, ctx)))

    participants: list[Json] = []
    performers: list[Json] = []
    if professional:
        participants.append({"individual": professional_reference(professional)})
        performers.append({"actor": professional_reference(professional)})
    for ref in attendee_refs:
        participants.append({"individual": dict(ref)})
        performers.append({"actor": dict(ref)})
    if conversation.patient_present:
        performers.append({"actor": dict(patient)})

    reason: Json = {"reference": ctx.procedure_url, "type": "Procedure"}
    if conversation.comment and conversation.comment.strip():
        reason["extension"] = [{"url": profiles.EXT_COMMENT, "valueString": conversation.comment}]
    contact_class = conversation.contact_class or DEFAULT_CONTACT_CLASS

    encounter: Json = {
        "resourceType": "Encounter",
        "meta": ctx.meta(profiles.ENCOUNTER),
        "identifier": [ctx.identifier(WHAT_ENCOUNTER)],
        "status": "finished",
        "class": contact_class.to_fhir(),
    }
    if conversation.patient_present:
        encounter["subject"] = dict(patient)
    if participants:
        encounter["participant"] = participants
    encounter["period"] = {"start": date, "end": date}
    encounter["reasonReference"] = [reason]

    procedure: Json = {
        "resourceType": "Procedure",
        "meta": ctx.meta(profiles.PROCEDURE),
        "identifier": [ctx.identifier(WHAT_PROCEDURE)],
        "status": "completed",
        "code": {"coding": [ACP_PROCEDURE_CODE.to_fhir()]},
        "subject": dict(patient),
        "encounter": {"reference": ctx.encounter_url, "type": "Encounter"},
        "performedPeriod": {"start": date, "end": date},
    }
    if performers:
        procedure["performer"] = performers

    ctx.add_create(WHAT_ENCOUNTER, encounter)
    ctx.add_create(WHAT_PROCEDURE, procedure)
    for what, person in new_people:
        ctx.add_create(what, person)


def _attendee_person(attendee: Attendee, what: str, ctx: WriteContext) -> Json:
    person: Json = {
        "resourceType": "RelatedPerson",
        "meta": ctx.meta(profiles.CONTACT_PERSON),
        "identifier": [ctx.identifier(what)],
        "patient": {"reference": ctx.patient_reference, "type": "Patient"},
    }
    concepts = [_attendee_concept(c, ATTENDEE_ROLE_LINK) for c in attendee.roles]
    concepts += [_attendee_concept(c, ATTENDEE_RELATION_LINK) for c in attendee.relations]
    misplaced = [c for c in attendee.roles if is_relation(c)]
    misplaced += [c for c in attendee.relations if not is_relation(c)]
    if misplaced:
        raise ValueError("rol en relatie van een aanwezige zijn verwisseld")
    if concepts:
        person["relationship"] = concepts
    if attendee.name and attendee.name.strip():
        person["name"] = [{"text": attendee.name.strip()}]
    return person


def _attendee_concept(coding: Coding, link_id: str) -> Json:
    """The coding with the form's display; the display of an "Anders" coding that is not the
    form's own is its free text (414 / 413) and goes into the concept's ``text``."""
    official = form_coding(link_id, Coding(coding.system, coding.code))
    text: str | None = None
    if coding.concept in OTHER_CONCEPTS and coding.display:
        own = official.display
        if own is None or normalise_text(own) != normalise_text(coding.display):
            text = coding.display
    return relationship_concept(Coding(coding.system, coding.code, official.display), link_id, text)
