"""The conversation's QuestionnaireResponse (method 2; spec §2, §6).

Strict: the response follows the form exactly. Children of a group are written in the
group's ``item``, children of a question in the ``answer.item`` of the answer they belong to
(spec §2 "Nesting"); a child answer without the question it hangs under is an error
(spec §7 item 20). Every group that is written carries its read-only fixed concept (RO
items, with their initially selected option). The repeating groups 40, 41, 62, 66 are
written once per :attr:`Answer.repeat`. Only the header (963, 968–970, 1405), section 2 (who
was present) and the answers of the changed items are written: a partial response is valid
(no item of the form is required).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from pzp_desktop.domain import profiles
from pzp_desktop.domain.codes import NULL_FLAVOR, ROL472, Coding
from pzp_desktop.domain.dates import ClinicalDate, Precision
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.form import FormDefinition, FormItem, load_code_tables, load_form
from pzp_desktop.domain.items import (
    Answer,
    AnswerValue,
    Attendee,
    ItemId,
    Professional,
    normalise_text,
)
from pzp_desktop.domain.writing.context import ItemChange, WriteContext

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
OTHER_LIMIT_NAME_LINK = "1422"

# Fields of an item's answers that the standard holds without a form item ("AD.type",
# "DEVICE.type", "DECISION.text", …) and the Observation's dataAbsentReason: method 1 only.
DATA_ABSENT_REASON = "dataAbsentReason"

# Dutch surname prefixes (voorvoegsels), to split a professional's display name into the
# form's parts (968 given names, 969 prefixes, 970 last name).
_NAME_PREFIXES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "te",
        "ter",
        "ten",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "onder",
        "voor",
        "over",
        "la",
        "le",
        "les",
        "du",
        "da",
        "di",
        "del",
        "della",
        "des",
        "dos",
        "el",
        "l'",
        "d'",
        "'s",
        "vander",
        "vanden",
    }
)

_AnswerMap = dict[str, list[Answer]]


def is_method1_only_field(link_id: str) -> bool:
    """Answers of the item model that the form has no question for (never in a QR)."""
    return "." in link_id or link_id == DATA_ABSENT_REASON


def validate_changes(changes: Sequence[ItemChange]) -> None:
    """``ValueError`` for a change the form cannot hold: an item without form items
    (advance directives), an answer to a question of another item or to a fixed concept,
    or a value that does not fit its question."""
    form = load_form()
    for change in changes:
        item_id = change.key.item
        if not form.link_ids_of(item_id):
            raise ValueError(
                f"{item_id.value}: the form has no items for this item; it cannot be recorded "
                "in a conversation"
            )
        for answer in change.answers:
            if is_method1_only_field(answer.link_id):
                continue
            if not form.has_item(answer.link_id):
                raise ValueError(f"{item_id.value}: the form has no question {answer.link_id!r}")
            question = form.item(answer.link_id)
            if question.item_id is not item_id:
                raise ValueError(
                    f"{item_id.value}: question {answer.link_id!r} belongs to "
                    f"{question.item_id.value if question.item_id else 'no item'}"
                )
            if question.is_group or question.fixed_concept:
                raise ValueError(
                    f"{item_id.value}: {answer.link_id!r} is not a question that takes answers"
                )
            answer_json(form, question, answer.value)


def build_questionnaire_response(
    ctx: WriteContext, changes: Sequence[ItemChange], *, now: datetime | None = None
) -> Json:
    """The QuestionnaireResponse of this conversation: header, section 2 and the changed
    items' answers, strictly nested per the form."""
    validate_changes(changes)
    form = load_form()
    base: _AnswerMap = {}
    for answer in header_answers(form, ctx.conversation.date, ctx.conversation.professional):
        base.setdefault(answer.link_id, []).append(answer)
    present = presence_answers(form, ctx.conversation.patient_present, ctx.conversation.attendees)
    for answer in present:
        base.setdefault(answer.link_id, []).append(answer)

    # 4g: every "other" treatment limit is an instance of its own of group 1421.
    instance_group = form.item(OTHER_LIMIT_NAME_LINK).parent
    instances: dict[str, list[_AnswerMap]] = {}
    for change in changes:
        answers = [a for a in change.answers if not is_method1_only_field(a.link_id)]
        if change.key.item is ItemId.OTHER_LIMIT and instance_group is not None:
            own: _AnswerMap = {}
            for answer in answers:
                own.setdefault(answer.link_id, []).append(answer)
            instances.setdefault(instance_group, []).append(own)
            continue
        for answer in answers:
            base.setdefault(answer.link_id, []).append(answer)

    _check_enable_when(form, base, instances)
    writer = _Writer(form, instances)
    items = [node for top in form.items for node in writer.render(top, base)]

    moment = now if now is not None else datetime.now().astimezone()
    response: Json = {
        "resourceType": "QuestionnaireResponse",
        "identifier": ctx.identifier("QuestionnaireResponse"),
        "questionnaire": profiles.QUESTIONNAIRE_CANONICAL,
        "status": "completed",
        "subject": {"reference": ctx.patient_reference},
        "encounter": {"reference": ctx.encounter_url},
        "authored": ClinicalDate.from_datetime(moment).raw,
    }
    author = ctx.practitioner_role_reference
    if author:
        response["author"] = {"reference": author}
    response["item"] = items
    return response


# --------------------------------------------------------------------------- header


def split_professional_name(name: str) -> tuple[str | None, str | None, str | None]:
    """(given names, prefixes, last name) of a display name such as ``"Jan van der Berg"``.

    The first run of Dutch surname prefixes after the given names starts the surname; without
    prefixes the last word is the last name. Joining the parts with spaces gives the name
    back (word for word), so nothing is lost when the split is imperfect."""
    words = name.split()
    if not words:
        return None, None, None
    if len(words) == 1:
        return None, None, words[0]
    start = next(
        (i for i, w in enumerate(words[:-1]) if w.casefold() in _NAME_PREFIXES),
        None,
    )
    if start is None:
        return " ".join(words[:-1]), None, words[-1]
    end = start
    while end < len(words) - 1 and words[end].casefold() in _NAME_PREFIXES:
        end += 1
    given = " ".join(words[:start]) or None
    return given, " ".join(words[start:end]), " ".join(words[end:])


def header_answers(
    form: FormDefinition, date: ClinicalDate, professional: Professional
) -> list[Answer]:
    """963 (the conversation date) and the professional (968–970, 1405)."""
    answers = [Answer(DATE_LINK, date)]
    if professional.name:
        given, prefix, last = split_professional_name(professional.name)
        for link_id, part in (
            (PROFESSIONAL_GIVEN_LINK, given),
            (PROFESSIONAL_PREFIX_LINK, prefix),
            (PROFESSIONAL_LAST_NAME_LINK, last),
        ):
            if part:
                answers.append(Answer(link_id, part))
    function = professional.function
    if function is not None:
        option = form.option(PROFESSIONAL_FUNCTION_LINK, function)
        # A function outside the form's UZI list (e.g. an AGB specialism) is not written.
        if option is not None:
            answers.append(Answer(PROFESSIONAL_FUNCTION_LINK, option.coding))
    return answers


def presence_answers(
    form: FormDefinition, patient_present: bool, attendees: Sequence[Attendee]
) -> list[Answer]:
    """Section 2: 82 when the patient was present; every attendee's roles as 997 and
    relations as 998 (repeating questions: ``repeat`` numbers the answer). A role or relation
    the form does not offer becomes "Anders" with the text in 414 / 413; so does the free
    text of an "Anders" coding (its display, when it is not the form's own)."""
    answers: list[Answer] = []
    if patient_present:
        option = form.item(PATIENT_PRESENT_LINK).options[0]
        answers.append(Answer(PATIENT_PRESENT_LINK, option.coding))
    roles = [c for a in attendees for c in a.roles]
    relations = [c for a in attendees for c in a.relations]
    answers += _coded_with_other(
        form, ATTENDEE_ROLE_LINK, ATTENDEE_ROLE_TEXT_LINK, Coding(ROL472, "09"), roles
    )
    answers += _coded_with_other(
        form,
        ATTENDEE_RELATION_LINK,
        ATTENDEE_RELATION_TEXT_LINK,
        Coding(NULL_FLAVOR, "OTH"),
        relations,
    )
    return answers


def _coded_with_other(
    form: FormDefinition,
    link_id: str,
    text_link_id: str,
    other: Coding,
    codings: Sequence[Coding],
) -> list[Answer]:
    other_option = form.option(link_id, other)
    if other_option is None:  # pragma: no cover - the form offers "Anders" on 997 and 998
        raise ValueError(f"question {link_id!r} has no option {other.token!r}")
    pairs: list[tuple[Coding, str | None]] = []
    for coding in codings:
        option = form.option(link_id, coding)
        pair: tuple[Coding, str | None]
        if option is not None and not option.coding.same_concept(other):
            pair = (option.coding, None)
        elif option is not None:
            shown = coding.display
            same = shown is None or normalise_text(shown) == normalise_text(option.display_nl)
            pair = (option.coding, None if same else shown)
        else:
            label = coding.display or load_code_tables().label(coding) or coding.describe_raw()
            pair = (other_option.coding, label)
        if not any(p[0].same_concept(pair[0]) and p[1] == pair[1] for p in pairs):
            pairs.append(pair)
    answers: list[Answer] = []
    for repeat, (coding, text) in enumerate(pairs):
        answers.append(Answer(link_id, coding, repeat))
        if text:
            answers.append(Answer(text_link_id, text, repeat))
    return answers


# --------------------------------------------------------------------------- values


def answer_json(form: FormDefinition, question: FormItem, value: AnswerValue) -> Json:
    """``{"value<x>": …}`` for one answer; ``ValueError`` when it does not fit the question."""
    where = f"question {question.link_id!r} ({question.type})"
    if question.type in ("choice", "open-choice"):
        if isinstance(value, Coding):
            option = form.option(question.link_id, value)
            if option is not None:
                return {"valueCoding": option.coding.to_fhir()}
            if question.type == "open-choice":
                return {"valueCoding": value.to_fhir()}
            raise ValueError(f"{where}: {value.token!r} is not one of its answer options")
        if question.type == "open-choice" and isinstance(value, str):
            return {"valueString": _text(value, where)}
        raise ValueError(f"{where}: expected a coding, got {type(value).__name__}")
    if question.type in ("string", "text"):
        if isinstance(value, str):
            return {"valueString": _text(value, where)}
        raise ValueError(f"{where}: expected text, got {type(value).__name__}")
    if question.type == "dateTime":
        if isinstance(value, ClinicalDate):
            return {"valueDateTime": value.raw}
        raise ValueError(f"{where}: expected a date, got {type(value).__name__}")
    if question.type == "date":
        if isinstance(value, ClinicalDate):
            day = value.raw if value.precision is not Precision.TIME else str(value.local_day)
            return {"valueDate": day}
        raise ValueError(f"{where}: expected a date, got {type(value).__name__}")
    if question.type == "boolean":
        if isinstance(value, bool):
            return {"valueBoolean": value}
        raise ValueError(f"{where}: expected true/false, got {type(value).__name__}")
    raise ValueError(f"{where}: answers of this type are not written")


def _text(value: str, where: str) -> str:
    if not value.strip():
        raise ValueError(f"{where}: empty text")
    return value


# --------------------------------------------------------------------------- nesting


def _descendants(item: FormItem) -> list[FormItem]:
    out: list[FormItem] = []
    for child in item.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _has_content(item: FormItem, answers: Mapping[str, list[Answer]]) -> bool:
    return any(answers.get(i.link_id) for i in (item, *_descendants(item)) if not i.fixed_concept)


def _check_enable_when(
    form: FormDefinition, base: _AnswerMap, instances: Mapping[str, list[_AnswerMap]]
) -> None:
    """An item written while its condition's question is answered otherwise in this response
    is an error (the form would not show it). A condition on a question that this partial
    response does not answer is not checked: it was answered in an earlier conversation."""
    scopes = [base, *(m for maps in instances.values() for m in maps)]
    for item in form.walk():
        condition = item.enable_when
        if condition is None:
            continue
        for scope in scopes:
            if not _has_content(item, scope):
                continue
            controlling = scope.get(condition.question) or base.get(condition.question) or []
            if not controlling:
                continue
            if not any(
                isinstance(a.value, Coding) and condition.matches(a.value) for a in controlling
            ):
                raise ValueError(
                    f"question {item.link_id!r} is only enabled when {condition.question!r} is "
                    f"answered {condition.code!r}, which it is not in this conversation"
                )


class _Writer:
    def __init__(self, form: FormDefinition, instances: Mapping[str, list[_AnswerMap]]) -> None:
        self.form = form
        self.instances = instances

    def render(self, item: FormItem, answers: Mapping[str, list[Answer]]) -> list[Json]:
        """The QR item(s) for ``item`` (none when nothing is answered in it)."""
        if item.link_id in self.instances:
            return [n for own in self.instances[item.link_id] for n in self._group(item, own)]
        if item.is_group:
            if not item.repeats:
                return self._group(item, answers)
            inside = {i.link_id for i in _descendants(item)}
            repeats = sorted({a.repeat for lid in inside for a in answers.get(lid, [])})
            out: list[Json] = []
            for repeat in repeats:
                scoped = {
                    lid: [a for a in found if a.repeat == repeat] if lid in inside else found
                    for lid, found in answers.items()
                }
                out.extend(self._group(item, scoped))
            return out
        return self._question(item, answers)

    def _group(self, item: FormItem, answers: Mapping[str, list[Answer]]) -> list[Json]:
        rendered: list[Json] = []
        content = False
        for child in item.children:
            if child.read_only and not answers.get(child.link_id):
                rendered.append(self._fixed(child))
                continue
            nodes = self.render(child, answers)
            content = content or bool(nodes)
            rendered.extend(nodes)
        if not content:
            return []
        return [{"linkId": item.link_id, "text": item.text_nl, "item": rendered}]

    def _fixed(self, item: FormItem) -> Json:
        option = item.initial_option
        if option is None:  # pragma: no cover - guaranteed by the form loader
            raise ValueError(f"read-only item {item.link_id!r} has no initial option")
        return {
            "linkId": item.link_id,
            "text": item.text_nl,
            "answer": [{"valueCoding": option.coding.to_fhir()}],
        }

    def _question(self, item: FormItem, answers: Mapping[str, list[Answer]]) -> list[Json]:
        own = sorted(answers.get(item.link_id, []), key=lambda a: a.repeat)
        if not own:
            for child in item.children:
                if _has_content(child, answers):
                    raise ValueError(
                        f"an answer to {child.link_id!r} ({child.text_nl}) needs an answer to "
                        f"{item.link_id!r} ({item.text_nl}): it is written under that answer"
                    )
            return []
        if len(own) > 1 and not item.repeats:
            raise ValueError(f"question {item.link_id!r} takes one answer, got {len(own)}")
        nodes = [answer_json(self.form, item, a.value) for a in own]
        for child in item.children:
            inside = [child, *_descendants(child)]
            child_answers = [a for i in inside for a in answers.get(i.link_id, [])]
            for repeat in sorted({a.repeat for a in child_answers}):
                target = self._target(item, child, own, repeat if item.repeats else None)
                scoped = {
                    i.link_id: [
                        a
                        for a in answers.get(i.link_id, [])
                        if not item.repeats or a.repeat == repeat
                    ]
                    for i in inside
                }
                rendered = self.render(child, scoped)
                if rendered:
                    nodes[target].setdefault("item", []).extend(rendered)
                if not item.repeats:
                    break
        return [{"linkId": item.link_id, "text": item.text_nl, "answer": nodes}]

    def _target(
        self, item: FormItem, child: FormItem, own: list[Answer], repeat: int | None
    ) -> int:
        """Which answer of ``item`` the answers of ``child`` go under: the one with the same
        repeat number (repeating questions), that satisfies the child's enableWhen."""
        condition = child.enable_when
        if condition is not None and condition.question != item.link_id:
            condition = None  # a condition on another question is checked elsewhere

        def fits(answer: Answer) -> bool:
            return condition is None or (
                isinstance(answer.value, Coding) and condition.matches(answer.value)
            )

        if repeat is not None:
            for index, answer in enumerate(own):
                if answer.repeat == repeat and fits(answer):
                    return index
        for index, answer in enumerate(own):
            if fits(answer):
                return index
        raise ValueError(
            f"an answer to {child.link_id!r} ({child.text_nl}) is only possible when "
            f"{item.link_id!r} is answered {condition.code if condition else ''!r}"
        )
