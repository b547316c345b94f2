"""Legal representative / first contact person → RelatedPerson (spec §6 rows 973–995).

The standard keeps one current representative and one first contact person, so an existing
matching RelatedPerson (from ``ctx.current_related_persons``) is updated in place with
``If-Match``; without one a new RelatedPerson is created conditionally. Parts of an existing
resource whose value did not change (name, telecom, relationship) are kept as they were, so
details the form cannot show (partner names, extra name uses, addresses) survive an edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import ADDRESS_USE, TELECOM_TYPE, Coding
from pzp_desktop.domain.fhir_json import Json, as_dict, dicts, version_of
from pzp_desktop.domain.items import Answer, AnswerValue, ItemId, value_signature
from pzp_desktop.domain.reading.patient import form_coding
from pzp_desktop.domain.reading.related_persons import (
    FIRST_CONTACT,
    FIRST_CONTACT_FIELDS,
    IS_FIRST_CONTACT_LINK,
    LEGAL_REPRESENTATIVE_ROLE,
    OTHER_RELATION,
    OTHER_ROLE,
    REPRESENTATIVE_FIELDS,
    REPRESENTATIVE_ROLES,
    ROLE_LINK,
    ROLE_TEXT_LINK,
    PersonFields,
    is_active,
    is_first_contact_only,
    is_relation,
    is_representative,
    name_answers,
    relation_answers,
    role_answers,
    telecom_answers,
)
from pzp_desktop.domain.writing.context import ItemChange, WriteContext

WHAT_REPRESENTATIVE = "RelatedPerson:legal_representative"
WHAT_FIRST_CONTACT = "RelatedPerson:first_contact_person"

# The form's TelecomType → ContactPoint.system (spec §6: LL, MC → phone; FAX → fax; PG → pager).
_PHONE_SYSTEM: dict[tuple[str | None, str], str] = {
    (TELECOM_TYPE, "LL"): "phone",
    (ADDRESS_USE, "MC"): "phone",
    (TELECOM_TYPE, "FAX"): "fax",
    (ADDRESS_USE, "PG"): "pager",
}
_PHONE_USE = {"HP": "home", "TMP": "temp", "WP": "work"}
_EMAIL_USE = {"HP": "home", "WP": "work"}


# ---------------------------------------------------------------------------------------------
# Building blocks, shared with the conversation writer


def human_name(given: str | None, prefix: str | None, last_name: str | None) -> Json | None:
    """An official Dutch ``HumanName``: ``family`` = prefix + last name with the own-prefix /
    own-name extensions on ``_family``, assembly order NL1, ``given`` split into names."""
    given = given.strip() if given and given.strip() else None
    prefix = prefix.strip() if prefix and prefix.strip() else None
    last_name = last_name.strip() if last_name and last_name.strip() else None
    if not (given or prefix or last_name):
        return None
    name: Json = {"use": "official"}
    text = " ".join(p for p in (given, prefix, last_name) if p)
    name["text"] = text
    if prefix or last_name:
        parts: list[Json] = []
        if prefix:
            parts.append({"url": profiles.EXT_OWN_PREFIX, "valueString": prefix})
        if last_name:
            parts.append({"url": profiles.EXT_OWN_NAME, "valueString": last_name})
        name["extension"] = [{"url": profiles.EXT_ASSEMBLY_ORDER, "valueCode": "NL1"}]
        name["family"] = " ".join(p for p in (prefix, last_name) if p)
        name["_family"] = {"extension": parts}
    if given:
        name["given"] = given.split()
    return name


def relationship_concept(coding: Coding, link_id: str, text: str | None = None) -> Json:
    """One CodeableConcept per coding (the IG's way), ``text`` on the concept it explains."""
    concept: Json = {"coding": [form_coding(link_id, coding).to_fhir()]}
    if text:
        concept["text"] = text
    return concept


def _coding(value: AnswerValue, link_id: str) -> Coding:
    if not isinstance(value, Coding):
        raise ValueError(f"antwoord op {link_id} moet een codering zijn, niet {value!r}")
    return value


def _text(value: AnswerValue, link_id: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"antwoord op {link_id} moet tekst zijn, niet {value!r}")
    return value


def _first(answers: Sequence[Answer], link_id: str) -> AnswerValue | None:
    return next((a.value for a in answers if a.link_id == link_id), None)


def _first_text(answers: Sequence[Answer], link_id: str) -> str | None:
    value = _first(answers, link_id)
    return None if value is None else _text(value, link_id)


def _by_repeat(answers: Sequence[Answer], link_ids: set[str]) -> list[dict[str, AnswerValue]]:
    groups: dict[int, dict[str, AnswerValue]] = {}
    for answer in answers:
        if answer.link_id in link_ids:
            groups.setdefault(answer.repeat, {})[answer.link_id] = answer.value
    return [groups[r] for r in sorted(groups)]


def contact_points(answers: Sequence[Answer], fields: PersonFields) -> list[Json]:
    """Telephone numbers (one per repetition), then e-mail addresses (spec §6, §7 item 17)."""
    points: list[Json] = []
    phone_links = {fields.phone, fields.phone_type, fields.phone_use, fields.phone_comment}
    for group in _by_repeat(answers, phone_links):
        point: Json = {"system": "phone"}
        if fields.phone_type in group:
            telecom_type = _coding(group[fields.phone_type], fields.phone_type)
            point["system"] = _PHONE_SYSTEM.get(telecom_type.concept, "phone")
            point["_system"] = {
                "extension": [
                    {
                        "url": profiles.EXT_CODE_SPECIFICATION,
                        "valueCodeableConcept": {
                            "coding": [form_coding(fields.phone_type, telecom_type).to_fhir()]
                        },
                    }
                ]
            }
        if fields.phone in group:
            point["value"] = _text(group[fields.phone], fields.phone)
        if fields.phone_use in group:
            point["use"] = _use(group[fields.phone_use], fields.phone_use, _PHONE_USE)
        if fields.phone_comment in group:
            comment = _text(group[fields.phone_comment], fields.phone_comment)
            point["extension"] = [{"url": profiles.EXT_COMMENT, "valueString": comment}]
        points.append(point)
    for group in _by_repeat(answers, {fields.email, fields.email_use}):
        point = {"system": "email"}
        if fields.email in group:
            point["value"] = _text(group[fields.email], fields.email)
        if fields.email_use in group:
            point["use"] = _use(group[fields.email_use], fields.email_use, _EMAIL_USE)
        points.append(point)
    return points


def _use(value: AnswerValue, link_id: str, table: dict[str, str]) -> str:
    coding = _coding(value, link_id)
    if coding.system != ADDRESS_USE or coding.code not in table:
        raise ValueError(f"onbekende soort contactgegeven {coding.token} bij {link_id}")
    return table[coding.code]


def prepare_update(existing: Json) -> Json:
    """A copy of a resource as read, ready to be PUT (server-managed meta removed)."""
    resource = copy.deepcopy(existing)
    meta = as_dict(resource.get("meta"))
    if meta is not None:
        meta.pop("versionId", None)
        meta.pop("lastUpdated", None)
    return resource


def add_profile(resource: Json, profile: str) -> None:
    meta = resource.setdefault("meta", {})
    declared = meta.setdefault("profile", [])
    if not any(isinstance(p, str) and p.split("|", 1)[0] == profile for p in declared):
        declared.append(profile)


# ---------------------------------------------------------------------------------------------
# Writers


def write_legal_representative(change: ItemChange, ctx: WriteContext) -> None:
    """Update the current representative in place, or create one (spec §6 rows 973–984)."""
    _check(change, ItemId.LEGAL_REPRESENTATIVE)
    _write_person(
        change,
        ctx,
        fields=REPRESENTATIVE_FIELDS,
        what=WHAT_REPRESENTATIVE,
        matches=is_representative,
        roles=_representative_roles,
        role_signature=lambda existing: role_answers(existing),
    )


def write_first_contact_person(change: ItemChange, ctx: WriteContext) -> None:
    """Update the separate first contact person in place, or create one (rows 985–995)."""
    _check(change, ItemId.FIRST_CONTACT_PERSON)
    _write_person(
        change,
        ctx,
        fields=FIRST_CONTACT_FIELDS,
        what=WHAT_FIRST_CONTACT,
        matches=is_first_contact_only,
        roles=_first_contact_roles,
        role_signature=lambda existing: [],
    )


def _check(change: ItemChange, item: ItemId) -> None:
    if change.key.item is not item:
        raise ValueError(f"{change.key} is geen {item.value}")


def _write_person(
    change: ItemChange,
    ctx: WriteContext,
    *,
    fields: PersonFields,
    what: str,
    matches: Callable[[Json], bool],
    roles: Callable[[Sequence[Answer], Json | None], list[Json]],
    role_signature: Callable[[Json], list[Answer]],
) -> None:
    answers = change.answers
    if not answers:
        return  # nothing recorded: there is no FHIR way to say "no such person" here
    existing = next(
        (
            r
            for r in ctx.current_related_persons
            if isinstance(r.get("id"), str) and matches(r) and is_active(r)
        ),
        None,
    )
    resource: Json
    if existing is not None:
        resource = prepare_update(existing)
    else:
        resource = {"resourceType": "RelatedPerson", "identifier": [ctx.identifier(what)]}
    add_profile(resource, profiles.CONTACT_PERSON)
    if existing is None or not as_dict(resource.get("patient")):
        resource["patient"] = {"reference": ctx.patient_reference, "type": "Patient"}

    name_links = {fields.given, fields.prefix, fields.last_name}
    new_names = [a for a in answers if a.link_id in name_links]
    if existing is None or _differs(name_answers(existing, fields), new_names):
        name = human_name(
            _first_text(answers, fields.given),
            _first_text(answers, fields.prefix),
            _first_text(answers, fields.last_name),
        )
        if name is None:
            resource.pop("name", None)
        else:
            resource["name"] = [name]

    telecom_links = {
        fields.phone,
        fields.phone_type,
        fields.phone_use,
        fields.phone_comment,
        fields.email,
        fields.email_use,
    }
    new_telecom = [a for a in answers if a.link_id in telecom_links]
    if existing is None or _differs(telecom_answers(existing, fields, None, None), new_telecom):
        points = contact_points(answers, fields)
        if points:
            resource["telecom"] = points
        else:
            resource.pop("telecom", None)

    relationship_links = {ROLE_LINK, ROLE_TEXT_LINK, fields.relation, fields.relation_text}
    new_relationship = [
        a
        for a in answers
        if a.link_id in relationship_links
        or (a.link_id == IS_FIRST_CONTACT_LINK and _is_yes(a.value))
    ]
    old_relationship = (
        role_signature(existing) + relation_answers(existing, fields) if existing else []
    )
    if existing is None or _differs(old_relationship, new_relationship):
        resource["relationship"] = roles(answers, existing) + _relations(answers, fields)

    if existing is not None:
        ctx.add_update(resource, version_of(existing))
    else:
        ctx.add_create(what, resource)


def _differs(old: Sequence[Answer], new: Sequence[Answer]) -> bool:
    return value_signature(tuple(old)) != value_signature(tuple(new))


def _is_yes(value: AnswerValue) -> bool:
    return isinstance(value, Coding) and value.code == "1"


def _representative_roles(answers: Sequence[Answer], existing: Json | None) -> list[Json]:
    """982 (+411 on the 09 role); 984 "1" adds ROL472 01; a representative always carries a
    representative role (the IG: ``24`` for someone who is or will be representative)."""
    role_text = _first_text(answers, ROLE_TEXT_LINK)
    concepts: list[Json] = []
    chosen: list[Coding] = []
    for answer in sorted((a for a in answers if a.link_id == ROLE_LINK), key=lambda a: a.repeat):
        coding = _coding(answer.value, ROLE_LINK)
        if any(c.same_concept(coding) for c in chosen):
            continue
        chosen.append(coding)
        text = role_text if coding.same_concept(OTHER_ROLE) else None
        concepts.append(relationship_concept(coding, ROLE_LINK, text))
    first_contact = _first(answers, IS_FIRST_CONTACT_LINK)
    if (
        first_contact is not None
        and _is_yes(first_contact)
        and not any(c.same_concept(FIRST_CONTACT) for c in chosen)
    ):
        chosen.append(FIRST_CONTACT)
        concepts.append(relationship_concept(FIRST_CONTACT, ROLE_LINK))
    if not any(c.concept in REPRESENTATIVE_ROLES for c in chosen):
        concepts.append(relationship_concept(LEGAL_REPRESENTATIVE_ROLE, ROLE_LINK))
    return concepts


def _first_contact_roles(answers: Sequence[Answer], existing: Json | None) -> list[Json]:
    """ROL472 01, plus any other roles the existing resource had (the form cannot show them,
    so they are kept as they were)."""
    concepts = [relationship_concept(FIRST_CONTACT, ROLE_LINK)]
    if existing is not None:
        for concept in dicts(existing.get("relationship")):
            codings = [Coding.from_fhir(c) for c in dicts(concept.get("coding"))]
            kept = [c for c in codings if c is not None]
            if kept and not any(is_relation(c) or c.same_concept(FIRST_CONTACT) for c in kept):
                concepts.append(copy.deepcopy(concept))
    return concepts


def _relations(answers: Sequence[Answer], fields: PersonFields) -> list[Json]:
    relation_text = _first_text(answers, fields.relation_text)
    concepts: list[Json] = []
    seen: list[Coding] = []
    for answer in sorted(
        (a for a in answers if a.link_id == fields.relation), key=lambda a: a.repeat
    ):
        coding = _coding(answer.value, fields.relation)
        if any(c.same_concept(coding) for c in seen):
            continue
        seen.append(coding)
        text = relation_text if coding.same_concept(OTHER_RELATION) else None
        concepts.append(relationship_concept(coding, fields.relation, text))
    return concepts
