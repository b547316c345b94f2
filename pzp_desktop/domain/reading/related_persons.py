"""RelatedPerson → legal representative / first contact person (spec §3 item 1, §6, §7 items
11, 12, 17).

* Representative: a RelatedPerson of the patient with a role ROL472 ``24`` (or ``03``, ``15``,
  SCT ``310141000146103``) — for a capable patient too ("is/wordt", §7 item 11).
* First contact person: ROL472 ``01`` without any representative role. A representative
  without ``01`` gets 984 "0" (not also the first contact person) when a separate first
  contact person is read: another RelatedPerson, or one recorded only in ``Patient.contact``
  (:mod:`~pzp_desktop.domain.reading.patient_contacts`).
* Anyone else (an attendee of a conversation only) gives no item.

Roles and relations share ``relationship`` and are told apart by code system (§7 item 12):
ROLE and NullFlavor codings are relations, every other coding is a role, so an unknown code is
kept rather than dropped. The telephone type is in ``_system`` (ext-CodeSpecification, §7
item 17).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import (
    ADDRESS_USE,
    NULL_FLAVOR,
    ROL472,
    ROLE_CODE,
    SCT,
    TELECOM_TYPE,
    Coding,
    codings_of,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    extension,
    extension_value,
    last_updated_of,
    reference_of,
    resource_key,
    version_of,
)
from pzp_desktop.domain.items import (
    Answer,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    RecordedItem,
    RecordStatus,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import (
    OTHER_PATIENT,
    best_name,
    form_coding,
    name_parts,
    patient_key,
    refers_to_other_patient,
)
from pzp_desktop.domain.reading.record_helpers import reference_label

FIRST_CONTACT = Coding(ROL472, "01", "Eerste relatie/contactpersoon")
LEGAL_REPRESENTATIVE_ROLE = Coding(ROL472, "24", "Wettelijke vertegenwoordiger")
OTHER_ROLE = Coding(ROL472, "09", "Anders")
OTHER_RELATION = Coding(NULL_FLAVOR, "OTH", "Anders")
OTHER_CONCEPTS = frozenset({OTHER_ROLE.concept, OTHER_RELATION.concept})
# Roles that make someone the legal representative (spec §3: 24, also 03, 15 and SCT
# 310141000146103 "Schriftelijk gemachtigde").
REPRESENTATIVE_ROLES = frozenset(
    {(ROL472, "24"), (ROL472, "03"), (ROL472, "15"), (SCT, "310141000146103")}
)
RELATION_SYSTEMS = frozenset({ROLE_CODE, NULL_FLAVOR})

YES = Coding(None, "1")
NO = Coding(None, "0")


@dataclass(frozen=True, slots=True)
class PersonFields:
    """The linkIds of one person group of the form (representative or first contact)."""

    given: str
    prefix: str
    last_name: str
    phone: str
    phone_type: str
    phone_use: str
    phone_comment: str
    email: str
    email_use: str
    relation: str
    relation_text: str


REPRESENTATIVE_FIELDS = PersonFields(
    "973", "974", "975", "976", "977", "978", "979", "980", "981", "983", "408"
)
FIRST_CONTACT_FIELDS = PersonFields(
    "985", "986", "987", "988", "989", "990", "991", "992", "993", "995", "412"
)
ROLE_LINK = "982"
ROLE_TEXT_LINK = "411"
IS_FIRST_CONTACT_LINK = "984"

# ContactPoint.use → the form's NummerSoort / EmailSoort (ADDR), and back (spec §6).
PHONE_USE_CODES = {"home": "HP", "temp": "TMP", "work": "WP"}
EMAIL_USE_CODES = {"home": "HP", "work": "WP"}
EMAIL = "email"
NOT_A_PHONE = frozenset({EMAIL, "url"})


# ---------------------------------------------------------------------------------------------
# Classification


def is_relation(coding: Coding) -> bool:
    return coding.system in RELATION_SYSTEMS


def relationship_codings(resource: Json) -> list[tuple[Coding, str | None]]:
    """Every coding of ``relationship`` with the ``text`` of the concept it is in."""
    out: list[tuple[Coding, str | None]] = []
    for concept in dicts(resource.get("relationship")):
        text = as_str(concept.get("text"))
        out.extend((coding, text) for coding in codings_of(concept))
    return out


def roles_of(resource: Json) -> list[Coding]:
    return [c for c, _ in relationship_codings(resource) if not is_relation(c)]


def relations_of(resource: Json) -> list[Coding]:
    return [c for c, _ in relationship_codings(resource) if is_relation(c)]


def is_representative(resource: Json) -> bool:
    return any(c.concept in REPRESENTATIVE_ROLES for c in roles_of(resource))


def is_first_contact_only(resource: Json) -> bool:
    """ROL472 01 without a representative role: the separate first contact person."""
    return not is_representative(resource) and any(
        c.same_concept(FIRST_CONTACT) for c in roles_of(resource)
    )


def is_active(resource: Json) -> bool:
    return resource.get("active") is not False


# ---------------------------------------------------------------------------------------------
# Reading


def read_related_person(resource: Json, ctx: ReadContext) -> list[RecordedItem]:
    """The representative or first-contact item of one RelatedPerson (version)."""
    key = resource_key(resource)
    if refers_to_other_patient(ctx, resource.get("patient"), resource):
        # Not ours to show; reported without naming the other patient.
        ctx.problem(reference_label(resource), OTHER_PATIENT)
        return []
    if is_representative(resource):
        item = ItemId.LEGAL_REPRESENTATIVE
        answers = person_answers(resource, REPRESENTATIVE_FIELDS, ctx, key)
        answers.extend(_representative_roles(resource, key, ctx))
    elif is_first_contact_only(resource):
        item = ItemId.FIRST_CONTACT_PERSON
        answers = person_answers(resource, FIRST_CONTACT_FIELDS, ctx, key)
    else:
        return []  # an attendee only: shown with its conversation, not as an item
    last_updated = last_updated_of(resource)
    return [
        RecordedItem(
            key=ItemKey(item),
            answers=tuple(answers),
            source=ctx.source,
            origin=Origin(OriginKind.RESOURCE, key or "RelatedPerson", version_of(resource)),
            recorded=last_updated,
            date_basis=DateBasis.LAST_UPDATED if last_updated else DateBasis.NONE,
            status=RecordStatus.CURRENT if is_active(resource) else RecordStatus.ENDED,
            last_updated=last_updated,
        )
    ]


def person_answers(
    resource: Json, fields: PersonFields, ctx: ReadContext, key: str | None
) -> list[Answer]:
    """Name, telephone numbers, e-mail addresses and relation of one person group."""
    answers = name_answers(resource, fields)
    answers.extend(telecom_answers(resource, fields, ctx, key))
    answers.extend(relation_answers(resource, fields))
    return answers


def name_answers(resource: Json, fields: PersonFields) -> list[Answer]:
    parts = name_parts(best_name(resource.get("name")))
    return [
        Answer(link_id, value)
        for link_id, value in (
            (fields.given, parts.given),
            (fields.prefix, parts.prefix),
            (fields.last_name, parts.last_name),
        )
        if value
    ]


def relation_answers(resource: Json, fields: PersonFields) -> list[Answer]:
    """The relation codings (ROLE / NullFlavor) and the text of the OTH one."""
    answers: list[Answer] = []
    for repeat, (coding, text) in enumerate(
        (c, t) for c, t in relationship_codings(resource) if is_relation(c)
    ):
        answers.append(Answer(fields.relation, form_coding(fields.relation, coding), repeat))
        if coding.same_concept(OTHER_RELATION) and text:
            answers.append(Answer(fields.relation_text, text))
    return answers


def telecom_answers(
    resource: Json, fields: PersonFields, ctx: ReadContext | None, key: str | None
) -> list[Answer]:
    """One repetition per telephone number and per e-mail address, in the order received
    (``ctx`` receives the problems; ``None`` when a writer compares values)."""
    answers: list[Answer] = []
    phones = emails = 0
    for point in dicts(resource.get("telecom")):
        system = point.get("system")
        value = as_str(point.get("value"))
        use = point.get("use")
        if system == EMAIL:
            found: list[Answer] = []
            if value:
                found.append(Answer(fields.email, value, emails))
            if isinstance(use, str) and use in EMAIL_USE_CODES:
                use_coding = Coding(ADDRESS_USE, EMAIL_USE_CODES[use])
                found.append(
                    Answer(fields.email_use, form_coding(fields.email_use, use_coding), emails)
                )
            if found:
                answers.extend(found)
                emails += 1
            continue
        if isinstance(system, str) and system in NOT_A_PHONE:
            if ctx is not None:
                ctx.problem(
                    key, "contactgegeven van een ander soort dan telefoon of e-mail genegeerd"
                )
            continue
        found = []
        if value:
            found.append(Answer(fields.phone, value, phones))
        telecom_type = _telecom_type(point)
        if telecom_type is None and use == "mobile":
            telecom_type = Coding(ADDRESS_USE, "MC")
        if telecom_type is not None:
            found.append(
                Answer(fields.phone_type, form_coding(fields.phone_type, telecom_type), phones)
            )
        if isinstance(use, str) and use in PHONE_USE_CODES:
            use_coding = Coding(ADDRESS_USE, PHONE_USE_CODES[use])
            found.append(
                Answer(fields.phone_use, form_coding(fields.phone_use, use_coding), phones)
            )
        comment = as_str(extension_value(point, profiles.EXT_COMMENT, "valueString"))
        if comment:
            found.append(Answer(fields.phone_comment, comment, phones))
        if found:
            answers.extend(found)
            phones += 1
    return answers


def _telecom_type(point: Json) -> Coding | None:
    """The zib TelecomType: the ext-CodeSpecification on ``_system``, else what ``system``
    says unambiguously (fax, pager)."""
    concept = extension_value(
        as_dict(point.get("_system")), profiles.EXT_CODE_SPECIFICATION, "valueCodeableConcept"
    )
    codings = codings_of(concept)
    if codings:
        return codings[0]
    system = point.get("system")
    if system == "fax":
        return Coding(TELECOM_TYPE, "FAX")
    if system == "pager":
        return Coding(ADDRESS_USE, "PG")
    return None


def _representative_roles(resource: Json, key: str | None, ctx: ReadContext) -> list[Answer]:
    """982 (+411) per role, and 984: "1" for ROL472 01 on the representative, "0" when a
    separate first contact person exists."""
    answers = role_answers(resource)
    if not any(a.link_id == IS_FIRST_CONTACT_LINK for a in answers) and (
        separate_first_contact_exists(ctx, key)
    ):
        answers.append(Answer(IS_FIRST_CONTACT_LINK, form_coding(IS_FIRST_CONTACT_LINK, NO)))
    return answers


def role_answers(resource: Json) -> list[Answer]:
    """982 (+411) per role of a representative, and 984 "1" when one of them is ROL472 01
    (01 is then not a 982 answer, unless it is the only role)."""
    roles = [(c, t) for c, t in relationship_codings(resource) if not is_relation(c)]
    shown = [(c, t) for c, t in roles if not c.same_concept(FIRST_CONTACT)] or roles
    answers: list[Answer] = []
    for repeat, (coding, text) in enumerate(shown):
        answers.append(Answer(ROLE_LINK, form_coding(ROLE_LINK, coding), repeat))
        if coding.same_concept(OTHER_ROLE) and text:
            answers.append(Answer(ROLE_TEXT_LINK, text))
    if len(shown) < len(roles):
        answers.append(Answer(IS_FIRST_CONTACT_LINK, form_coding(IS_FIRST_CONTACT_LINK, YES)))
    return answers


def separate_first_contact_exists(ctx: ReadContext, own_key: str | None) -> bool:
    """Whether a first contact person other than the RelatedPerson ``own_key`` (``None``: a
    ``Patient.contact``) is read from this source: another RelatedPerson that is (only)
    the first contact person, or one recorded only in ``Patient.contact``."""
    if ctx.first_contact_keys is None:
        ctx.first_contact_keys = _first_contact_only_keys(ctx)
    return any(key != own_key for key in ctx.first_contact_keys)


def _first_contact_only_keys(ctx: ReadContext) -> frozenset[str]:
    """``Type/id`` of every record of the patient that is read as only the first contact
    person: each RelatedPerson whose current version is active and only the first contact
    person, and the Patient when its newest version lists a current first contact person in
    ``Patient.contact`` that no RelatedPerson records (see :func:`first_contact_in_contacts`).
    Computed once per source: it is asked per RelatedPerson version, and a long history has
    thousands."""
    found: set[str] = set()
    seen: set[str] = set()
    role_in_related_person = False
    for version in ctx.index.of_type("RelatedPerson"):
        key = resource_key(version)
        if key is None or key in seen:
            continue
        seen.add(key)
        current = ctx.index.get(key) or version
        if refers_to_other_patient(ctx, current.get("patient"), current):
            continue
        if any(c.same_concept(FIRST_CONTACT) for c in roles_of(current)):
            role_in_related_person = True
            if is_active(current) and is_first_contact_only(current):
                found.add(key)
    patient = patient_key(ctx)
    if not role_in_related_person and patient is not None and first_contact_in_contacts(ctx):
        found.add(patient)
    return frozenset(found)


def first_contact_in_contacts(ctx: ReadContext) -> bool:
    """Whether the newest version of the patient's Patient lists a current (not ended) first
    contact person in ``Patient.contact`` that mirrors no RelatedPerson of the source (the
    caller knows that no RelatedPerson carries ROL472 01)."""
    key = patient_key(ctx)
    patient = ctx.index.get(key) if key else None
    if patient is None:
        return False
    return any(
        is_first_contact_only(contact)
        and not period_ended(contact)
        and not mirrors_related_person(ctx, contact, patient)
        for contact in dicts(patient.get("contact"))
    )


def mirrors_related_person(ctx: ReadContext, contact: Json, patient: Json) -> bool:
    """True when the ``Patient.contact`` ``contact``'s ``patient-relatedPerson`` points at a
    RelatedPerson of this patient that the source holds (and that is read as a
    RelatedPerson)."""
    link = extension(contact, profiles.EXT_PATIENT_RELATED_PERSON)
    reference = reference_of(link.get("valueReference")) if link else None
    if reference is None:
        return False
    person = ctx.index.get(reference, patient)
    return (
        person is not None
        and person.get("resourceType") == "RelatedPerson"
        and not refers_to_other_patient(ctx, person.get("patient"), person)
    )


def period_ended(element: Json) -> bool:
    """``period.end`` of ``element`` lies in the past."""
    period = as_dict(element.get("period"))
    end = ClinicalDate.try_parse(period.get("end")) if period else None
    return end is not None and end.instant <= datetime.now(UTC)
