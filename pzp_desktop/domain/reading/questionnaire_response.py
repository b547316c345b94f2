"""Method 2: the form as QuestionnaireResponse → conversations and items (spec §2, §4, §5.2).

Every QuestionnaireResponse of the ACP-zib2020 form (canonical with or without ``|version``)
is read leniently (spec §7 items 13, 20):

* children are searched in ``item.item`` *and* in ``answer.item``, whatever the form says;
* codes without a system are matched on their code among the options of their own item;
* an unknown linkId is reported as a problem and skipped (its children are still read);
* the read-only fixed concepts (RO items) are not values and are ignored.

The answers are grouped into one :class:`RecordedItem` per item of the overview (4g: one per
instance of group 1421). The header (963 date, 968–970 + 1405 professional) and section 2
(who was present) describe the conversation. Each QuestionnaireResponse is matched to a
conversation read from Encounters (its ``encounter``, else the same local day and the same
professional); without a match it is a conversation of its own.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import NULL_FLAVOR, ROL472, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.fhir_json import (
    Json,
    as_dict,
    as_str,
    dicts,
    last_updated_of,
    reference_of,
    resource_key,
    version_of,
)
from pzp_desktop.domain.form import FormDefinition, FormItem, load_form
from pzp_desktop.domain.items import (
    Answer,
    AnswerValue,
    Attendee,
    Conversation,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    Professional,
    RecordedItem,
    RecordStatus,
    normalise_text,
)
from pzp_desktop.domain.reading.context import ReadContext
from pzp_desktop.domain.reading.patient import OTHER_PATIENT, refers_to_other_patient
from pzp_desktop.domain.reading.record_helpers import conversation_notes

# Header and section 2: these describe the conversation, not an item.
DATE_LINK = "963"
PROFESSIONAL_GIVEN_LINK = "968"
PROFESSIONAL_PREFIX_LINK = "969"
PROFESSIONAL_LAST_NAME_LINK = "970"
PROFESSIONAL_FUNCTION_LINK = "1405"
PATIENT_PRESENT_LINK = "82"
ATTENDEE_ROLE_LINK = "997"
ATTENDEE_ROLE_TEXT_LINK = "414"
ATTENDEE_RELATION_LINK = "998"
ATTENDEE_RELATION_TEXT_LINK = "413"
PRESENCE_GROUP_LINK = "78"
# 4g: the treatment name (open-choice: free text, or the fixed option NF OTH).
OTHER_LIMIT_NAME_LINK = "1422"

_CONVERSATION_LINKS = frozenset(
    {
        DATE_LINK,
        PROFESSIONAL_GIVEN_LINK,
        PROFESSIONAL_PREFIX_LINK,
        PROFESSIONAL_LAST_NAME_LINK,
        PROFESSIONAL_FUNCTION_LINK,
        PATIENT_PRESENT_LINK,
        ATTENDEE_ROLE_LINK,
        ATTENDEE_ROLE_TEXT_LINK,
        ATTENDEE_RELATION_LINK,
        ATTENDEE_RELATION_TEXT_LINK,
    }
)

_ERROR_STATUSES = frozenset({"entered-in-error", "stopped"})
_PROFESSIONAL_TYPES = frozenset({"PractitionerRole", "Practitioner"})

# Notes (shown next to the value / conversation; never hidden).
NOTE_DATE_MISMATCH = "date-mismatch"
NOTE_DATE_FROM_AUTHORED = "date-from-authored"
NOTE_DATE_FROM_LAST_UPDATED = "date-from-last-updated"
NOTE_UNKNOWN_CODE = "unknown-code"
NOTE_NO_NAME = "no-name"
NOTE_AMBIGUOUS_MATCH = "ambiguous-conversation-match"


#: The canonical under which earlier publications of the IG (on api.iknl.nl) published the
#: same form; responses that name it are responses to ACP-zib2020 too.
OLDER_QUESTIONNAIRE_URL = "https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020"
#: Every canonical URL (without ``|version``) of the ACP-zib2020 form.
FORM_QUESTIONNAIRE_URLS = frozenset({profiles.QUESTIONNAIRE_URL, OLDER_QUESTIONNAIRE_URL})


def is_form_canonical(canonical: str) -> bool:
    """True when ``canonical`` names the ACP-zib2020 form: one of
    :data:`FORM_QUESTIONNAIRE_URLS`, with or without ``|version``."""
    return canonical.split("|", 1)[0].strip().rstrip("/") in FORM_QUESTIONNAIRE_URLS


def is_form_response(resource: Json) -> bool:
    """True for a QuestionnaireResponse of the ACP-zib2020 form (any version, current or
    older canonical)."""
    if resource.get("resourceType") != "QuestionnaireResponse":
        return False
    canonical = as_str(resource.get("questionnaire"))
    if canonical is None:
        return False
    if canonical.startswith("#"):
        # A contained copy of the form: accept it when it says it is the form.
        for contained in dicts(resource.get("contained")):
            if contained.get("id") == canonical[1:]:
                url = as_str(contained.get("url"))
                return url is not None and is_form_canonical(url)
        return False
    return is_form_canonical(canonical)


def read_questionnaire_responses(
    ctx: ReadContext,
) -> tuple[list[Conversation], list[RecordedItem]]:
    """All conversations of the source (those in ``ctx.conversations``, enriched with the
    QuestionnaireResponses that belong to them, plus QuestionnaireResponse-only ones) and
    the items of every form QuestionnaireResponse."""
    form = load_form()
    merged = _Merged(ctx.conversations)
    own: list[Conversation] = []
    items: list[RecordedItem] = []
    for resource in iter_form_responses(ctx):
        key = resource_key(resource) or "QuestionnaireResponse"
        try:
            conversation, qr_items = _read_one(resource, key, form, ctx, merged)
        except Exception:  # one unreadable record must never stop the rest
            ctx.problem(key, "vragenlijstantwoord kon niet worden gelezen")
            continue
        if conversation is not None:
            own.append(conversation)
        items.extend(qr_items)
    return [*merged.conversations.values(), *own], items


class _Merged:
    """The source's conversations while QuestionnaireResponses are added to them, found by
    local day and by reference without scanning them all (a long history has thousands)."""

    def __init__(self, conversations: dict[str, Conversation]) -> None:
        self.conversations = dict(conversations)
        self._position = {key: i for i, key in enumerate(self.conversations)}
        self._key_by_ref: dict[ConversationRef, str] = {}
        self._by_day: dict[datetime.date, list[str]] = {}
        for key, conversation in self.conversations.items():
            self._key_by_ref.setdefault(conversation.ref, key)
            if conversation.date is not None:
                self._by_day.setdefault(conversation.date.local_day, []).append(key)

    def __getitem__(self, key: str) -> Conversation:
        return self.conversations[key]

    def __setitem__(self, key: str, conversation: Conversation) -> None:
        old = self.conversations[key].date
        self.conversations[key] = conversation
        new = conversation.date
        if (old.local_day if old else None) == (new.local_day if new else None):
            return
        if old is not None:
            self._by_day[old.local_day].remove(key)
        if new is not None:
            keys = self._by_day.setdefault(new.local_day, [])
            keys.append(key)
            keys.sort(key=self._position.__getitem__)

    def on_day(self, day: datetime.date) -> list[Conversation]:
        """The conversations on local day ``day``, in their order."""
        return [self.conversations[key] for key in self._by_day.get(day, ())]

    def key_of(self, conversation: Conversation) -> str | None:
        return self._key_by_ref.get(conversation.ref)


# --------------------------------------------------------------------------- walking


@dataclass(frozen=True, slots=True)
class _Found:
    """One answer found in the response, with where it was found."""

    link_id: str
    value: AnswerValue
    # Answer.repeat: the instance of the nearest repeating group (40, 41, 62, 66); for the
    # answers of a repeating question (982, 997, 998) the answer's own number.
    repeat: int
    instance: int  # occurrence of the enclosing group 1421 (4g), else 0
    known_option: bool
    # For a child of a repeating question's answer (411, 414, 413): that answer's number.
    parent_answer: int | None = None


@dataclass
class _Walk:
    form: FormDefinition
    ctx: ReadContext
    reference: str
    found: list[_Found] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)
    other_limit_group: str | None = None

    def next_index(self, link_id: str) -> int:
        index = self.counters.get(link_id, 0)
        self.counters[link_id] = index + 1
        return index

    def unknown(self, link_id: str) -> None:
        if link_id not in self.reported:
            self.reported.add(link_id)
            self.ctx.problem(
                self.reference,
                f"onbekende vraag (linkId {link_id!r}) in vragenlijstantwoord genegeerd",
            )


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the walk is: repeat number, 4g instance, parent answer number."""

    repeat: int = 0
    instance: int = 0
    parent_answer: int | None = None


def _walk(walk: _Walk, nodes: object, place: _Place) -> None:
    for node in dicts(nodes):
        link_id = as_str(node.get("linkId"))
        if link_id is None:
            walk.ctx.problem(walk.reference, "vraag zonder linkId in vragenlijstantwoord")
            _walk(walk, node.get("item"), place)
            continue
        link_id = link_id.strip()
        item: FormItem | None = None
        if walk.form.has_item(link_id):
            item = walk.form.item(link_id)
        else:
            walk.unknown(link_id)
        here = place
        if item is not None and item.is_group:
            # Instances are numbered over the whole response, in document order.
            if item.repeats:
                here = dataclasses.replace(here, repeat=walk.next_index(link_id))
            if link_id == walk.other_limit_group:
                here = dataclasses.replace(here, instance=walk.next_index(link_id))
        _walk_answers(walk, node, item, link_id, here)
        # Children in item.item: the place of a group's children; lenient for questions.
        _walk(walk, node.get("item"), dataclasses.replace(here, parent_answer=None))


def _walk_answers(
    walk: _Walk, node: Json, item: FormItem | None, link_id: str, place: _Place
) -> None:
    for answer in dicts(node.get("answer")):
        own_repeat = place.repeat
        parent_answer: int | None = None
        if item is not None and not item.is_group and item.repeats:
            own_repeat = parent_answer = walk.next_index(link_id)
        if item is not None:
            value, known = _value_of(walk, item, answer)
            if value is not None and not _is_fixed_answer(item, value):
                walk.found.append(
                    _Found(
                        link_id,
                        value,
                        own_repeat,
                        place.instance,
                        known,
                        place.parent_answer,
                    )
                )
        # Children of a question live in answer.item (lenient: groups too).
        _walk(walk, answer.get("item"), dataclasses.replace(place, parent_answer=parent_answer))


def _is_fixed_answer(item: FormItem, value: AnswerValue) -> bool:
    """The fixed concept of a read-only item is not a value (read-only items). 1422 is
    read-only too, but its free text (or any other code) is the treatment name."""
    if item.fixed_concept:
        return True
    if not item.read_only:
        return False
    return isinstance(value, Coding) and any(o.coding.same_concept(value) for o in item.options)


def _value_of(walk: _Walk, item: FormItem, answer: Json) -> tuple[AnswerValue | None, bool]:
    """The answer's value and whether a coding is one of the item's options."""
    if "valueCoding" in answer:
        coding = Coding.from_fhir(answer.get("valueCoding"))
        if coding is None:
            walk.ctx.problem(walk.reference, f"antwoord zonder code bij vraag {item.link_id}")
            return None, False
        return _form_coding(walk.form, item, coding)
    if "valueString" in answer:
        text = as_str(answer.get("valueString"))
        return (text.strip() if text else None), True
    for key in ("valueDateTime", "valueDate", "valueInstant"):
        if key in answer:
            parsed = ClinicalDate.try_parse(answer.get(key))
            if parsed is None:
                walk.ctx.problem(walk.reference, f"ongeldige datum bij vraag {item.link_id}")
            return parsed, True
    if "valueBoolean" in answer:
        flag = answer.get("valueBoolean")
        return (flag if isinstance(flag, bool) else None), True
    for key in ("valueInteger", "valueDecimal"):
        number = answer.get(key)
        if isinstance(number, int | float) and not isinstance(number, bool):
            return str(number), True
    if any(k.startswith("value") for k in answer):
        walk.ctx.problem(
            walk.reference, f"antwoord van onverwacht type bij vraag {item.link_id} genegeerd"
        )
    return None, False


def _form_coding(form: FormDefinition, item: FormItem, coding: Coding) -> tuple[Coding, bool]:
    """The form's own coding (Dutch display) for a known option; a coding without system
    matches on its code within this item (spec §7 item 13). Unknown codes stay as received."""
    option = form.option(item.link_id, coding)
    if option is not None:
        return option.coding, True
    if coding.system is None:
        same_code = [o for o in item.options if o.coding.code == coding.code]
        if len(same_code) == 1:
            return same_code[0].coding, True
    return coding, False


# --------------------------------------------------------------------------- one response


@dataclass(frozen=True, slots=True)
class _Header:
    date: ClinicalDate | None
    professional: Professional | None
    family: str | None  # 969 + 970, for matching on name
    patient_present: bool | None
    attendees: tuple[Attendee, ...]


def _read_one(
    resource: Json,
    key: str,
    form: FormDefinition,
    ctx: ReadContext,
    merged: _Merged,
) -> tuple[Conversation | None, list[RecordedItem]]:
    walk = _Walk(form, ctx, key, other_limit_group=_other_limit_group(form))
    _walk(walk, resource.get("item"), _Place())
    header = _header(walk, resource, ctx)

    status = as_str(resource.get("status"))
    record_status = RecordStatus.ERROR if status in _ERROR_STATUSES else RecordStatus.CURRENT

    # The conversation date (spec §3.2 step 3): item 963, else the QR's Encounter, else
    # `authored` (uncertain), else meta.lastUpdated (uncertain).
    encounter_ref = reference_of(resource.get("encounter"))
    linked = ctx.conversation_for(encounter_ref) if encounter_ref else None
    encounter_date = linked.date if linked else _encounter_date(ctx, encounter_ref)
    notes: list[str] = []
    date: ClinicalDate | None
    if header.date is not None:
        date, basis = header.date, DateBasis.CONVERSATION
        if encounter_date is not None and encounter_date.local_day != header.date.local_day:
            notes.append(NOTE_DATE_MISMATCH)
    elif encounter_date is not None:
        date, basis = encounter_date, DateBasis.CONVERSATION
    elif (authored := ClinicalDate.try_parse(resource.get("authored"))) is not None:
        date, basis = authored, DateBasis.AUTHORED
        notes.append(NOTE_DATE_FROM_AUTHORED)
    else:
        date = last_updated_of(resource)
        basis = DateBasis.LAST_UPDATED if date else DateBasis.NONE
        if date is not None:
            notes.append(NOTE_DATE_FROM_LAST_UPDATED)

    # The conversation this response belongs to (spec §3.2 step 5, §4).
    own: Conversation | None = None
    match: Conversation | None = None
    if record_status is not RecordStatus.ERROR:
        match = linked
        if match is None and basis is DateBasis.CONVERSATION and date is not None:
            match = _match_by_day(merged, date, header, notes)
    if match is not None:
        map_key = merged.key_of(match)
        base = merged[map_key] if map_key is not None else match  # earlier QRs included
        form_date = date if basis is DateBasis.CONVERSATION else None
        enriched = _enrich(base, key, header, form_date, notes)
        if map_key is not None:
            merged[map_key] = enriched
        conversation_ref = enriched.ref
        # The Encounter's date is the conversation date when the form has none.
        if basis is not DateBasis.CONVERSATION and enriched.date is not None:
            date, basis = enriched.date, DateBasis.CONVERSATION
            notes = [n for n in notes if not n.startswith("date-from-")]
        professional = header.professional or enriched.professional
    else:
        conversation_ref = ConversationRef(ctx.source, key)
        own = Conversation(
            ref=conversation_ref,
            date=date,
            professional=header.professional,
            patient_present=header.patient_present,
            attendees=header.attendees,
            encounter=_relative(encounter_ref) if encounter_ref else None,
            questionnaire_responses=(key,),
            status=record_status,
            notes=tuple(notes),
        )
        professional = header.professional

    items = _items(
        walk,
        source=ctx.source,
        origin=Origin(OriginKind.QUESTIONNAIRE_RESPONSE, key, version_of(resource)),
        date=date,
        basis=basis,
        status=record_status,
        conversation=conversation_ref,
        professional=professional,
        last_updated=last_updated_of(resource),
        notes=(
            *(n for n in notes if n == NOTE_DATE_MISMATCH),
            *conversation_notes(match, record_status),
        ),
    )
    return own, items


def _other_limit_group(form: FormDefinition) -> str | None:
    """The group whose every instance is one "other" treatment limit (4g): 1421."""
    try:
        return form.item(OTHER_LIMIT_NAME_LINK).parent
    except KeyError:
        return None


def _header(walk: _Walk, resource: Json, ctx: ReadContext) -> _Header:
    def first(link_id: str) -> AnswerValue | None:
        for f in walk.found:
            if f.link_id == link_id:
                return f.value
        return None

    date_value = first(DATE_LINK)
    date = date_value if isinstance(date_value, ClinicalDate) else None

    name_parts = [
        v
        for v in (
            first(PROFESSIONAL_GIVEN_LINK),
            first(PROFESSIONAL_PREFIX_LINK),
            first(PROFESSIONAL_LAST_NAME_LINK),
        )
        if isinstance(v, str) and v
    ]
    family_parts = [
        v
        for v in (first(PROFESSIONAL_PREFIX_LINK), first(PROFESSIONAL_LAST_NAME_LINK))
        if isinstance(v, str) and v
    ]
    function_value = first(PROFESSIONAL_FUNCTION_LINK)
    function = function_value if isinstance(function_value, Coding) else None

    author = _author(resource, ctx)
    name = " ".join(name_parts) or (author.name if author else None)
    professional: Professional | None = None
    if name or function or author:
        professional = Professional(
            name=name,
            function=function or (author.function if author else None),
            reference=author.reference if author else None,
        )

    present = first(PATIENT_PRESENT_LINK)
    presence_answered = any(
        f.link_id
        in (
            PATIENT_PRESENT_LINK,
            ATTENDEE_ROLE_LINK,
            ATTENDEE_RELATION_LINK,
            ATTENDEE_ROLE_TEXT_LINK,
            ATTENDEE_RELATION_TEXT_LINK,
        )
        for f in walk.found
    )
    # 82 answered: present; section 2 filled without 82: not present; else not known.
    patient_present = (
        True if isinstance(present, Coding) else (False if presence_answered else None)
    )

    return _Header(
        date=date,
        professional=professional,
        family=" ".join(family_parts) or None,
        patient_present=patient_present,
        attendees=_attendees(walk),
    )


def _attendees(walk: _Walk) -> tuple[Attendee, ...]:
    """Section 2. The form cannot tie roles and relations to persons (spec §2.2 ⚠), so all of
    them are one attendee. The free text of "Anders" (414 / 413) becomes the display of the
    Anders coding it belongs to."""
    roles = _with_other_text(walk, ATTENDEE_ROLE_LINK, ATTENDEE_ROLE_TEXT_LINK)
    relations = _with_other_text(walk, ATTENDEE_RELATION_LINK, ATTENDEE_RELATION_TEXT_LINK)
    if not roles and not relations:
        return ()
    return (Attendee(roles=tuple(roles), relations=tuple(relations)),)


def _with_other_text(walk: _Walk, link_id: str, text_link_id: str) -> list[Coding]:
    """The codings of ``link_id``; an "Anders" coding carries the text of its child."""
    codings = [(f.repeat, f.value) for f in walk.found if f.link_id == link_id]
    texts: dict[int, str] = {}
    loose: list[str] = []  # texts not found under an answer (lenient reading)
    for f in walk.found:
        if f.link_id == text_link_id and isinstance(f.value, str):
            if f.parent_answer is None or f.parent_answer in texts:
                loose.append(f.value)
            else:
                texts[f.parent_answer] = f.value
    out: list[Coding] = []
    for repeat, value in codings:
        if not isinstance(value, Coding):
            continue
        text = texts.pop(repeat, None)
        if text is None and loose and _is_other(value):
            text = loose.pop(0)
        if text is not None and _is_other(value):
            value = dataclasses.replace(value, display=text)
        elif text is not None:
            loose.append(text)
        out.append(value)
    # A text without an "Anders" answer to go with still says who was there.
    for text in (*texts.values(), *loose):
        other = (
            Coding(ROL472, "09") if link_id == ATTENDEE_ROLE_LINK else Coding(NULL_FLAVOR, "OTH")
        )
        out.append(dataclasses.replace(other, display=text))
    return out


def _is_other(coding: Coding) -> bool:
    return coding.is_(ROL472, "09") or coding.is_(NULL_FLAVOR, "OTH")


def _author(resource: Json, ctx: ReadContext) -> Professional | None:
    element = as_dict(resource.get("author"))
    reference = reference_of(element)
    if element is None or reference is None:
        return None
    found = ctx.professional(reference, resource)
    if found is not None:
        return found
    declared = as_str(element.get("type"))
    head = _relative(reference).split("/")[0]
    if (declared or head) in _PROFESSIONAL_TYPES:
        return Professional(name=as_str(element.get("display")), reference=_relative(reference))
    return None


def _encounter_date(ctx: ReadContext, reference: str | None) -> ClinicalDate | None:
    encounter = ctx.index.get(reference) if reference else None
    if encounter is None or encounter.get("resourceType") != "Encounter":
        return None
    period = as_dict(encounter.get("period"))
    return ClinicalDate.try_parse(period.get("start")) if period else None


def _match_by_day(
    conversations: _Merged,
    date: ClinicalDate,
    header: _Header,
    notes: list[str],
) -> Conversation | None:
    """The conversation on the same local day held by the same professional."""
    if header.professional is None:
        return None
    candidates = [
        c
        for c in conversations.on_day(date.local_day)
        if c.status is not RecordStatus.ERROR
        and c.professional is not None
        and _same_professional(header.professional, header.family, c.professional)
    ]
    if len(candidates) > 1:
        notes.append(NOTE_AMBIGUOUS_MATCH)
    return candidates[0] if candidates else None


def _same_professional(mine: Professional, family: str | None, theirs: Professional) -> bool:
    """Same person: same reference or name (Professional.same_person), or — as the form
    holds the name in parts and other sources often write initials — the same family name
    (prefix + last name) at the end of the other name."""
    if mine.same_person(theirs):
        return True
    if mine.reference and theirs.reference:
        return False  # both identified, and not the same
    if family and theirs.name:
        wanted = normalise_text(family)
        other = normalise_text(theirs.name)
        return other == wanted or other.endswith(" " + wanted)
    return False


def _enrich(
    conversation: Conversation,
    qr_key: str,
    header: _Header,
    date: ClinicalDate | None,
    notes: list[str],
) -> Conversation:
    """The conversation with this response added; gaps filled from the form's header."""
    extra_notes = [n for n in notes if n in (NOTE_DATE_MISMATCH, NOTE_AMBIGUOUS_MATCH)]
    return dataclasses.replace(
        conversation,
        date=conversation.date if conversation.date is not None else date,
        professional=conversation.professional or header.professional,
        patient_present=(
            conversation.patient_present
            if conversation.patient_present is not None
            else header.patient_present
        ),
        attendees=conversation.attendees or header.attendees,
        questionnaire_responses=(*conversation.questionnaire_responses, qr_key),
        notes=tuple(dict.fromkeys((*conversation.notes, *extra_notes))),
    )


def _relative(reference: str) -> str:
    parts = [p for p in reference.split("/_history/", 1)[0].split("/") if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else reference


# --------------------------------------------------------------------------- items


def _items(
    walk: _Walk,
    *,
    source: str,
    origin: Origin,
    date: ClinicalDate | None,
    basis: DateBasis,
    status: RecordStatus,
    conversation: ConversationRef,
    professional: Professional | None,
    last_updated: ClinicalDate | None,
    notes: tuple[str, ...],
) -> list[RecordedItem]:
    grouped: dict[tuple[ItemId, int], list[_Found]] = {}
    for found in walk.found:
        if found.link_id in _CONVERSATION_LINKS:
            continue
        item = walk.form.item(found.link_id)
        if item.item_id is None:
            continue  # patient name and birth date (964–967), groups: not an item
        instance = found.instance if item.item_id is ItemId.OTHER_LIMIT else 0
        grouped.setdefault((item.item_id, instance), []).append(found)

    out: list[RecordedItem] = []
    for (item_id, _instance), entries in grouped.items():
        answers = tuple(Answer(f.link_id, f.value, f.repeat) for f in entries)
        item_notes = list(notes)
        if any(not f.known_option for f in entries):
            item_notes.append(NOTE_UNKNOWN_CODE)
        qualifier = ""
        if item_id is ItemId.OTHER_LIMIT:
            name = next(
                (
                    f.value
                    for f in entries
                    if f.link_id == OTHER_LIMIT_NAME_LINK and isinstance(f.value, str)
                ),
                None,
            )
            if name is None:
                item_notes.append(NOTE_NO_NAME)
            else:
                qualifier = normalise_text(name)
        out.append(
            RecordedItem(
                key=ItemKey(item_id, qualifier),
                answers=answers,
                source=source,
                origin=origin,
                recorded=date,
                date_basis=basis,
                status=status,
                conversation=conversation,
                professional=professional,
                last_updated=last_updated,
                notes=tuple(item_notes),
            )
        )
    return out


def iter_form_responses(ctx: ReadContext) -> Iterator[Json]:
    """The newest version of every form QuestionnaireResponse in the source."""
    seen: set[str] = set()
    for resource in ctx.index.of_type("QuestionnaireResponse"):
        key = resource_key(resource)
        if key is None or key in seen:
            continue
        seen.add(key)
        # Only the newest version: an amended response replaces the earlier one.
        newest = ctx.index.get(key) or resource
        if not is_form_response(newest):
            continue
        # The IG's examples have no subject; one of another patient is not ours to show.
        if refers_to_other_patient(ctx, newest.get("subject"), newest):
            ctx.problem(key, OTHER_PATIENT)
            continue
        yield newest
