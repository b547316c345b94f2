"""Patient.contact → legal representative / first contact person, where the source records
them only there (spec §3 item 1, §6: "optionally mirrored in Patient.contact").

The RelatedPerson is the IG's way and is preferred; a ``Patient.contact`` is read as the same
item the RelatedPerson reading would give (:mod:`~pzp_desktop.domain.reading.related_persons`:
same roles, names, telephone numbers, relations) only when it is not a mirror of what the
RelatedPersons already say:

* a contact whose extension ``patient-relatedPerson`` points at a RelatedPerson in the source
  (of this patient) is that RelatedPerson, read there — not twice;
* a representative contact (ROL472 ``24``, ``03``, ``15``, SCT ``310141000146103``) is read
  only when no RelatedPerson of the patient carries a representative role; a first-contact
  contact (ROL472 ``01`` without a representative role) only when none carries ``01``.

Other roles are kept as received (an unknown role code is shown, never dropped). Only the
contacts of the newest Patient version are read: a contact removed from the Patient is no
longer the patient's. Each is dated by the oldest Patient version since which it has been
recorded unchanged, so that an unrelated update of the Patient (an address) does not make it
look recorded later.
"""

from __future__ import annotations

import dataclasses

from pzp_desktop.domain.fhir_json import (
    Json,
    dicts,
    last_updated_of,
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
    form_coding,
    patient_key,
    refers_to_other_patient,
)
from pzp_desktop.domain.reading.related_persons import (
    FIRST_CONTACT,
    FIRST_CONTACT_FIELDS,
    IS_FIRST_CONTACT_LINK,
    NO,
    REPRESENTATIVE_FIELDS,
    is_first_contact_only,
    is_representative,
    mirrors_related_person,
    name_answers,
    period_ended,
    relation_answers,
    role_answers,
    roles_of,
    separate_first_contact_exists,
    telecom_answers,
)


def read_patient_contacts(ctx: ReadContext) -> list[RecordedItem]:
    """The representative / first-contact items of the patient's ``Patient.contact`` that
    no RelatedPerson of the source records (see the module docstring)."""
    key = patient_key(ctx)
    versions = _distinct_versions(ctx, key) if key else []
    if key is None or not versions:
        return []
    newest = versions[-1]
    has_representative, has_first_contact = _related_person_roles(ctx)
    wanted = [
        contact
        for contact in dicts(newest.get("contact"))
        if not mirrors_related_person(ctx, contact, newest)
        and (
            (is_representative(contact) and not has_representative)
            or (is_first_contact_only(contact) and not has_first_contact)
        )
    ]
    if not wanted:
        return []
    # As for a RelatedPerson: a current first contact person of a RelatedPerson or of a
    # contact read here makes a representative "not also the first contact person" (984).
    separate_first_contact = separate_first_contact_exists(ctx, None)
    items: list[RecordedItem] = []
    for contact in wanted:
        item = _contact_item(ctx.source, ctx, key, newest, contact, separate_first_contact)
        since = _recorded_since(ctx.source, key, versions, contact, item, separate_first_contact)
        if since is not newest:
            updated = last_updated_of(since)
            item = dataclasses.replace(
                item,
                origin=Origin(OriginKind.RESOURCE, key, version_of(since)),
                recorded=updated,
                date_basis=DateBasis.LAST_UPDATED if updated else DateBasis.NONE,
                last_updated=updated,
            )
        items.append(item)
    return items


def _recorded_since(
    source: str,
    key: str,
    versions: list[Json],
    contact: Json,
    item: RecordedItem,
    separate_first_contact: bool,
) -> Json:
    """The oldest Patient version of the unbroken run (back from the newest) that holds this
    same contact: unchanged, or written differently with the same value."""
    since = versions[-1]
    for older in reversed(versions[:-1]):
        contacts = list(dicts(older.get("contact")))
        if contact not in contacts:  # usually it is there unchanged (cheap to check)
            contact = next(
                (
                    other
                    for other in contacts
                    if _records_the_same(
                        _contact_item(source, None, key, older, other, separate_first_contact),
                        item,
                    )
                ),
                {},
            )
            if not contact:
                break
        since = older
    return since


def _records_the_same(candidate: RecordedItem, item: RecordedItem) -> bool:
    return (
        candidate.key == item.key and candidate.status is item.status and candidate.same_value(item)
    )


def _distinct_versions(ctx: ReadContext, key: str) -> list[Json]:
    """The Patient's versions, oldest first, each version id once."""
    seen: set[str] = set()
    out: list[Json] = []
    for version in ctx.index.versions(key):
        version_id = version_of(version)
        if version_id is not None:
            if version_id in seen:
                continue
            seen.add(version_id)
        out.append(version)
    return out


def _related_person_roles(ctx: ReadContext) -> tuple[bool, bool]:
    """Whether a RelatedPerson of the patient (its current version) carries a representative
    role, and whether one carries ROL472 01."""
    representative = first_contact = False
    seen: set[str] = set()
    for version in ctx.index.of_type("RelatedPerson"):
        key = resource_key(version)
        if key is None or key in seen:
            continue
        seen.add(key)
        current = ctx.index.get(key) or version
        if refers_to_other_patient(ctx, current.get("patient"), current):
            continue
        representative = representative or is_representative(current)
        first_contact = first_contact or any(
            c.same_concept(FIRST_CONTACT) for c in roles_of(current)
        )
    return representative, first_contact


def _contact_item(
    source: str,
    problems: ReadContext | None,
    key: str,
    patient: Json,
    contact: Json,
    separate_first_contact: bool,
) -> RecordedItem:
    """The item of one contact of Patient version ``patient`` of ``source`` (``problems``
    receives what could not be read; ``None`` when an older version is only compared)."""
    representative = is_representative(contact)
    fields = REPRESENTATIVE_FIELDS if representative else FIRST_CONTACT_FIELDS
    answers = name_answers(contact, fields)
    answers.extend(telecom_answers(contact, fields, problems, key))
    answers.extend(relation_answers(contact, fields))
    if representative:
        roles = role_answers(contact)
        if separate_first_contact and not any(a.link_id == IS_FIRST_CONTACT_LINK for a in roles):
            roles.append(Answer(IS_FIRST_CONTACT_LINK, form_coding(IS_FIRST_CONTACT_LINK, NO)))
        answers.extend(roles)
    last_updated = last_updated_of(patient)
    return RecordedItem(
        key=ItemKey(ItemId.LEGAL_REPRESENTATIVE if representative else ItemId.FIRST_CONTACT_PERSON),
        answers=tuple(answers),
        source=source,
        origin=Origin(OriginKind.RESOURCE, key, version_of(patient)),
        recorded=last_updated,
        date_basis=DateBasis.LAST_UPDATED if last_updated else DateBasis.NONE,
        status=RecordStatus.ENDED if period_ended(contact) else RecordStatus.CURRENT,
        last_updated=last_updated,
    )
