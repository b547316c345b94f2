"""The form's rules, validation and coherence warnings for a :class:`~.draft.Draft`.

Everything here is a pure function of the draft; the GUI calls :func:`check_draft` after
every edit (it is fast: one pass over the form) and shows each :class:`Finding` inline next
to the items in ``Finding.keys`` / ``Finding.link_ids`` (or next to the conversation field
``Finding.field``), with its ``message`` (a :class:`~pzp_desktop.domain.messages.Text`:
Dutch as a string, English through ``render("en")``). Severities:

* ``ERROR`` — saving is not possible until it is resolved (:attr:`RuleReport.can_save`);
* ``WARNING`` — shown before saving; the clinician may save anyway;
* ``NOTICE`` — information (the sharing-consent notice).

1. The form's rules (spec §2, enableWhen)
-----------------------------------------
Every enableWhen of the form has one condition on a Coding answer with operator ``=``; a
condition without a code system (984 = ``0``) compares the code alone. An item is enabled
when its condition holds *and* its parent is enabled *and* the question of its condition is
itself enabled (so 412 follows 995 follows 984). Conditions are evaluated on the current
answers of all items (prefill or edit), because they cross items: 984 (legal
representative) enables 53/61/995 (first contact person), 1006 (ICD) enables 1425/1005
(ICD agreement), 1197 enables 1199. **Answers to disabled questions are never written**
(:func:`effective_answers`).

2. Validation
-------------
Per touched item: BehandelBesluit "Anders" (BB 1) needs its SpecificatieAnders text; an
answer that lives under a question ("Toelichting" under a decision, "Anders, namelijk" under
a relation) needs that question answered; an ICD agreement (1425/1005) only when 1006 = Ja;
an "other treatment limit" (4g) needs its name (not renamed: a new name is a new limit) and a
decision; every value must fit its question (the writers' own check). Answers that will not
be written because their question is disabled are reported (WARNING), and so is an item
that was emptied (the standard has no "deleted" value: the previous value stays current).
The minimum to save: a date (not in the future), a professional, at least one changed item.

3. Coherence warnings (WARNING)
-------------------------------
Combinations of agreements a clinician would want to look at twice. They compare the
*combined* state: the new value of each changed item and the existing (prefilled) value of
every other item; a pair is only reported when at least one side is new in this
conversation (an old contradiction is not this conversation's doing), and the message says
for each side whether it is new or when, by whom and where it was recorded. Decisions:
BB 0 "Wel uitvoeren", BB 2 "Niet uitvoeren"; "Anders" and "Onbekend" never trigger a pair.

=========================  =======================================================  =========
code                       combination and why it is flagged                        severity
=========================  =======================================================  =========
doel-curatief-niet-        goal 385987000 (curatief / actief ziektebeleid) with     WARNING
reanimeren                 4a Niet: active policy usually includes CPR; DNR may be
                           deliberate (frailty, age) — ask to confirm
doel-comfort-wel-...       goal 225353007 (symptoomverlichting, levensverlenging     WARNING
(reanimeren, beademen,     niet gewenst) with 4a, 4b or 4c Wel: resuscitation,
ic-opname)                 invasive ventilation and ICU admission are
                           life-prolonging, which this goal excludes
niet-reanimeren-wel-ic     4a Niet with 4c Wel: possible (ICU support without CPR)   WARNING
                           but often contradictory
niet-beademen-wel-ic       4b Niet with 4c Wel: possible (vasopressors, non-          WARNING
                           invasive support) but worth confirming
niet-ziekenhuis-wel-ic     4d Niet with 4c Wel: ICU admission is a hospital          WARNING
                           admission — contradictory
wel-reanimeren-niet-ic     4a Wel with 4c Niet: after successful CPR ICU care is     WARNING
                           almost always needed
wel-reanimeren-niet-       4a Wel with 4b Niet: after CPR (intubation and)           WARNING
beademen                   ventilation is almost always needed
wel-reanimeren-niet-       4a Wel with 4d Niet: after CPR the patient is admitted    WARNING
ziekenhuis                 to hospital
wel-beademen-niet-ic       4b Wel with 4c Niet: invasive ventilation takes place     WARNING
                           on the ICU
=========================  =======================================================  =========

Deliberately *not* flagged: a curative goal with "Niet IC" or "Niet beademen" (a common,
consistent agreement for frail patients), "Niet reanimeren" with "Wel ziekenhuisopname" (the
usual combination), and anything involving antibiotics or blood products (independent of
the others).

Also:

* ``wilsonbekwaam-zonder-vertegenwoordiger`` (WARNING, invariant ACP-Patient-1): the
  patient is recorded as not capable (1406 = ``0``) and there is no legal representative;
  reported when an item of section 1 is changed. A representative for a *capable* patient
  is fine (the form says "is/wordt").
* ``icd-afspraak-zonder-icd`` (WARNING): there is an ICD deactivation agreement (1005) but
  1006 is not "Ja" (e.g. 1006 changed to "Nee" while an earlier agreement exists).
* ``geen-toestemming-delen`` (NOTICE): sharing consent (8b, 1201) is not "Akkoord": the
  data will not be available to other care providers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, SCT, Coding
from pzp_desktop.domain.dates import AMSTERDAM
from pzp_desktop.domain.display import coding_label
from pzp_desktop.domain.form import FormDefinition, FormItem, load_form
from pzp_desktop.domain.items import (
    Answer,
    AnswerValue,
    ItemId,
    ItemKey,
    normalise_text,
    value_signature,
)
from pzp_desktop.domain.messages import Message, Text
from pzp_desktop.domain.reading.observations import DATA_ABSENT_LINK, KINDS
from pzp_desktop.domain.writing.questionnaire_response import (
    is_method1_only_field,
    validate_changes,
)

if TYPE_CHECKING:
    from pzp_desktop.domain.editing.draft import BaselineValue, Draft

__all__ = [
    "Finding",
    "RuleReport",
    "Severity",
    "check_draft",
    "coherence_findings",
    "effective_answers",
    "enabled_link_ids",
    "is_enabled",
    "validate",
]

DECISION_TEXT = "DECISION.text"
ICD_DECISION_LINK = "1005"
ICD_LINK = "1006"
ICD_YES = Coding(SCT, "373066001")
CAPABLE_LINK = "1406"
GOAL_LINK = "999"
SHARING_LINK = "1201"
SHARING_AGREED = Coding(SCT, "441898007")
OTHER_LIMIT_NAME_LINK = "1422"
OTHER_LIMIT_DECISION_LINK = "1402"

# Decision, SpecificatieAnders of the treatment limits 4a–4f.
LIMIT_LINKS: dict[ItemId, tuple[str, str]] = {
    ItemId.RESUSCITATION: ("1386", "1001"),
    ItemId.VENTILATION: ("1387", "1388"),
    ItemId.ICU_ADMISSION: ("1390", "1391"),
    ItemId.HOSPITAL_ADMISSION: ("1393", "1394"),
    ItemId.ANTIBIOTICS: ("1396", "1397"),
    ItemId.BLOOD_PRODUCTS: ("1399", "1400"),
}
SECTION_1 = frozenset(
    {ItemId.LEGAL_CAPACITY, ItemId.LEGAL_REPRESENTATIVE, ItemId.FIRST_CONTACT_PERSON}
)

_OBSERVATION_VALUE_LINKS = frozenset(kind.value_link for kind in KINDS)


class Severity(Enum):
    ERROR = "error"  # blocks saving
    WARNING = "warning"  # shown before saving; saving allowed
    NOTICE = "notice"  # information


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the clinician should see, with its ``message`` (no codes, no jargon; a
    :class:`~pzp_desktop.domain.messages.Text`, Dutch as a string).

    ``code`` is stable (tests, GUI styling); ``keys``/``link_ids`` say where to show it;
    ``field`` names a conversation field (``"date"``, ``"professional"``) for header issues.
    """

    code: str
    severity: Severity
    message: str
    keys: tuple[ItemKey, ...] = ()
    link_ids: tuple[str, ...] = ()
    field: str | None = None


@dataclass(frozen=True, slots=True)
class RuleReport:
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.NOTICE]

    @property
    def can_save(self) -> bool:
        return not self.errors

    def for_key(self, key: ItemKey) -> list[Finding]:
        return [f for f in self.findings if key in f.keys]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


# ---------------------------------------------------------------------------------------------
# 1. enableWhen


def _answers_by_link(state: Mapping[ItemKey, Sequence[Answer]]) -> dict[str, list[AnswerValue]]:
    by_link: dict[str, list[AnswerValue]] = {}
    for answers in state.values():
        for answer in answers:
            by_link.setdefault(answer.link_id, []).append(answer.value)
    return by_link


def enabled_link_ids(
    state: Mapping[ItemKey, Sequence[Answer]], form: FormDefinition | None = None
) -> frozenset[str]:
    """The linkIds the form enables given ``state`` (every item's current answers)."""
    form = form or load_form()
    by_link = _answers_by_link(state)
    items = list(form.walk())
    enabled: set[str] = set()
    # Monotone fixpoint: enabling an item can only enable more, so this ends; in practice
    # one pass suffices (every question precedes the items it enables) and the second
    # confirms it.
    while True:
        before = len(enabled)
        for item in items:
            if item.link_id in enabled:
                continue
            if item.parent is not None and item.parent not in enabled:
                continue
            condition = item.enable_when
            if condition is not None:
                if condition.question not in enabled:
                    continue
                if not any(
                    isinstance(v, Coding) and condition.matches(v)
                    for v in by_link.get(condition.question, ())
                ):
                    continue
            enabled.add(item.link_id)
        if len(enabled) == before:
            return frozenset(enabled)


def is_enabled(link_id: str, state: Mapping[ItemKey, Sequence[Answer]]) -> bool:
    """True when the form enables ``link_id`` given ``state``."""
    return link_id in enabled_link_ids(state)


def effective_answers(answers: Iterable[Answer], enabled: frozenset[str]) -> tuple[Answer, ...]:
    """The answers that would be written: answers to disabled questions and blank texts
    dropped; method-1-only fields that a new form answer supersedes dropped too (a
    ``dataAbsentReason`` once the value is answered; an unmapped ICD decision text once
    1005 is answered)."""
    form = load_form()
    kept: list[Answer] = []
    for answer in answers:
        if isinstance(answer.value, str) and not answer.value.strip():
            continue
        if not is_method1_only_field(answer.link_id) and (
            form.has_item(answer.link_id) and answer.link_id not in enabled
        ):
            continue
        kept.append(answer)
    links = {a.link_id for a in kept}
    if links & _OBSERVATION_VALUE_LINKS:
        kept = [a for a in kept if a.link_id != DATA_ABSENT_LINK]
    if ICD_DECISION_LINK in links:
        kept = [a for a in kept if a.link_id != DECISION_TEXT]
    return tuple(kept)


# ---------------------------------------------------------------------------------------------
# Labels


def item_label(key: ItemKey, lang: str = "nl") -> str:
    """``"Reanimatie"``; for an other treatment limit ``"Overige behandelgrens (naam)"``."""
    label = load_form().overview_label(key.item, lang)
    return f"{label} ({key.qualifier})" if key.qualifier else label


def item_text(key: ItemKey) -> Text:
    """:func:`item_label` in both languages (for messages)."""
    return Text(item_label(key, "nl"), item_label(key, "en"))


# The form's zib names ("BehandelBesluit") read badly in a sentence.
_QUESTION_NAMES = {
    "BehandelBesluit": "common.question.decision",
    "SpecificatieAnders": "common.question.specification",
}


def question_label(link_id: str, lang: str = "nl") -> str:
    return question_text(link_id).render(lang)


def question_text(link_id: str) -> Text:
    """A question's text in both languages (its linkId when the form does not have it)."""
    form = load_form()
    if not form.has_item(link_id):
        return Text(link_id, link_id)
    item = form.item(link_id)
    name = _QUESTION_NAMES.get(item.text_nl)
    return Message(name) if name else Text(item.text_nl, item.text_en)


def value_label(link_id: str, value: AnswerValue, lang: str = "nl") -> str:
    return value_text(link_id, value).render(lang)


def value_text(link_id: str, value: AnswerValue) -> Text:
    """An answer as shown in a message, in both languages."""
    if isinstance(value, Coding):
        return Text(coding_label(value, link_id, "nl"), coding_label(value, link_id, "en"))
    if isinstance(value, bool):
        return Message("common.yes" if value else "common.no")
    if isinstance(value, str):
        return Text(value, value)
    shown = value.display()
    return Text(shown, shown)


def _first(answers: Sequence[Answer], link_id: str) -> AnswerValue | None:
    return next((a.value for a in answers if a.link_id == link_id), None)


def _has_code(answers: Sequence[Answer], link_id: str, system: str | None, code: str) -> bool:
    return any(
        a.link_id == link_id and isinstance(a.value, Coding) and a.value.is_(system, code)
        for a in answers
    )


# ---------------------------------------------------------------------------------------------
# 2. Validation


def validate(draft: Draft, *, today: date | None = None) -> list[Finding]:
    """Per-item validation and the minimum to save (ERRORs block saving)."""
    findings: list[Finding] = []
    findings.extend(_conversation_findings(draft, today))
    form = load_form()
    enabled = draft.enabled_link_ids()
    for key in sorted(draft.touched, key=lambda k: (list(ItemId).index(k.item), k.qualifier)):
        findings.extend(_item_findings(draft, key, enabled, form))
    changes = draft.changes()
    if not changes:
        findings.append(
            Finding(
                "niets-gewijzigd",
                Severity.ERROR,
                Message("rules.nothing-changed"),
            )
        )
    for change in changes:
        try:
            validate_changes([change])
        except ValueError:
            findings.append(
                Finding(
                    "ongeldige-waarde",
                    Severity.ERROR,
                    Message("rules.invalid-value", item=item_text(change.key)),
                    keys=(change.key,),
                )
            )
    return findings


def _conversation_findings(draft: Draft, today: date | None) -> list[Finding]:
    findings: list[Finding] = []
    fields = draft.conversation
    if fields.date is None:
        findings.append(
            Finding(
                "datum-ontbreekt",
                Severity.ERROR,
                Message("rules.date-missing"),
                field="date",
            )
        )
    else:
        today = today or datetime.now(AMSTERDAM).date()
        if fields.date.local_day > today:
            findings.append(
                Finding(
                    "datum-in-toekomst",
                    Severity.ERROR,
                    Message("rules.date-in-future"),
                    field="date",
                )
            )
    professional = fields.professional
    if professional is None or not (professional.name or professional.reference):
        findings.append(
            Finding(
                "zorgverlener-ontbreekt",
                Severity.ERROR,
                Message("rules.professional-missing"),
                field="professional",
            )
        )
    elif not professional.reference:
        findings.append(
            Finding(
                "zorgverlener-onbekend-in-bron",
                Severity.WARNING,
                Message("rules.professional-not-in-source", source=draft.source),
                field="professional",
            )
        )
    return findings


def _item_findings(
    draft: Draft, key: ItemKey, enabled: frozenset[str], form: FormDefinition
) -> list[Finding]:
    findings: list[Finding] = []
    raw = draft.edited[key]
    effective = effective_answers(raw, enabled)
    label = item_text(key)

    # Answers to disabled questions: never written.
    disabled = [
        a.link_id
        for a in raw
        if form.has_item(a.link_id)
        and a.link_id not in enabled
        and not (isinstance(a.value, str) and not a.value.strip())
    ]
    if disabled and key.item is ItemId.ICD_DEACTIVATION:
        findings.append(
            Finding(
                "icd-afspraak-zonder-icd",
                Severity.ERROR,
                Message(
                    "rules.icd-agreement-needs-icd",
                    question=question_text(ICD_LINK),
                    answer=value_text(ICD_LINK, ICD_YES),
                ),
                keys=(key, ItemKey(ItemId.ICD)),
                link_ids=tuple(dict.fromkeys(disabled)),
            )
        )
    elif disabled:
        for link_id in dict.fromkeys(disabled):
            findings.append(
                Finding(
                    "vraag-niet-van-toepassing",
                    Severity.WARNING,
                    Message(
                        "rules.question-not-applicable",
                        item=label,
                        question=question_text(link_id),
                        condition=_condition_text(form.item(link_id), form),
                    ),
                    keys=(key,),
                    link_ids=(link_id,),
                )
            )

    prefill = effective_answers(draft.prefilled(key), enabled)
    if not effective:
        if prefill:
            findings.append(
                Finding(
                    "leeggemaakt",
                    Severity.WARNING,
                    Message("rules.emptied", item=label),
                    keys=(key,),
                )
            )
        return findings
    if value_signature(effective) == value_signature(prefill):
        return findings  # unchanged: nothing is written, nothing to validate

    # BehandelBesluit "Anders" needs its specification.
    if key.item in LIMIT_LINKS:
        decision_link, other_link = LIMIT_LINKS[key.item]
        if _has_code(effective, decision_link, BEHANDEL_BESLUIT, "1") and not _first(
            effective, other_link
        ):
            findings.append(
                Finding(
                    "anders-zonder-specificatie",
                    Severity.ERROR,
                    Message("rules.other-needs-specification", item=label),
                    keys=(key,),
                    link_ids=(other_link,),
                )
            )

    # An answer nested under a question needs that question answered.
    links = {a.link_id for a in effective}
    for answer in effective:
        if not form.has_item(answer.link_id):
            continue
        question = form.item(answer.link_id)
        if question.nested_in_answer and question.parent and question.parent not in links:
            findings.append(
                Finding(
                    "toelichting-zonder-antwoord",
                    Severity.ERROR,
                    Message(
                        "rules.answer-needs-question",
                        item=label,
                        answer=question_text(answer.link_id),
                        question=question_text(question.parent),
                    ),
                    keys=(key,),
                    link_ids=(answer.link_id, question.parent),
                )
            )

    if key.item is ItemId.OTHER_LIMIT:
        name = _first(effective, OTHER_LIMIT_NAME_LINK)
        if not isinstance(name, str) or not name.strip():
            findings.append(
                Finding(
                    "overige-grens-zonder-naam",
                    Severity.ERROR,
                    Message("rules.other-limit-needs-name"),
                    keys=(key,),
                    link_ids=(OTHER_LIMIT_NAME_LINK,),
                )
            )
        elif key.qualifier and normalise_text(name) != key.qualifier:
            findings.append(
                Finding(
                    "overige-grens-hernoemd",
                    Severity.ERROR,
                    Message("rules.other-limit-renamed", name=key.qualifier),
                    keys=(key,),
                    link_ids=(OTHER_LIMIT_NAME_LINK,),
                )
            )
        if OTHER_LIMIT_DECISION_LINK not in links:
            findings.append(
                Finding(
                    "besluit-ontbreekt",
                    Severity.ERROR,
                    Message("rules.decision-missing", item=label),
                    keys=(key,),
                    link_ids=(OTHER_LIMIT_DECISION_LINK,),
                )
            )
    return findings


def _condition_text(item: FormItem, form: FormDefinition) -> Text:
    """``"als ‘Heeft de patiënt een ICD?’ is beantwoord met ‘Ja’"``: the nearest enableWhen
    of ``item`` or its groups."""
    for node in reversed([*form.parent_chain(item.link_id), item]):
        condition = node.enable_when
        if condition is not None:
            option = form.option(condition.question, Coding(condition.system, condition.code))
            shown = Text(option.label("nl"), option.label("en")) if option else condition.code
            return Message(
                "rules.condition", question=question_text(condition.question), answer=shown
            )
    return Message("rules.condition-other")


# ---------------------------------------------------------------------------------------------
# 3. Coherence


@dataclass(frozen=True, slots=True)
class _Side:
    key: ItemKey
    answers: tuple[Answer, ...]
    new: bool
    baseline: BaselineValue | None

    def where(self) -> Text:
        if self.new:
            return Message("rules.where.new")
        if self.baseline is None:
            return Message("rules.where.earlier")
        return Message("rules.where.earlier-by", provenance=self.baseline.provenance_text())


def _combined(draft: Draft) -> dict[ItemKey, _Side]:
    """Per item: the new value when it is changed in this draft, else the existing one."""
    enabled = draft.enabled_link_ids()
    changed = set(draft.changed_keys())
    sides: dict[ItemKey, _Side] = {}
    for key in draft.item_keys():
        if key in changed:
            answers = effective_answers(draft.edited[key], enabled)
            if not answers:  # emptied: nothing written, the existing value stays
                answers, new = draft.prefilled(key), False
            else:
                new = True
        else:
            answers, new = draft.prefilled(key), False
        if answers:
            sides[key] = _Side(key, answers, new, draft.baseline.get(key))
    return sides


@dataclass(frozen=True, slots=True)
class _Condition:
    item: ItemId
    link_id: str
    system: str | None
    code: str

    def holds(self, sides: Mapping[ItemKey, _Side]) -> _Side | None:
        side = sides.get(ItemKey(self.item))
        if side is not None and _has_code(side.answers, self.link_id, self.system, self.code):
            return side
        return None


def _decision(item: ItemId, code: str) -> _Condition:
    return _Condition(item, LIMIT_LINKS[item][0], BEHANDEL_BESLUIT, code)


def _goal(code: str) -> _Condition:
    return _Condition(ItemId.TREATMENT_GOAL, GOAL_LINK, SCT, code)


WEL, NIET = "0", "2"
CURATIVE = "385987000"
COMFORT_ONLY = "225353007"


@dataclass(frozen=True, slots=True)
class _PairRule:
    code: str
    first: _Condition
    second: _Condition

    @property
    def reason(self) -> Text:
        """Why the pair is worth a second look (catalogue id ``rules.reason.<code>``)."""
        return Message(f"rules.reason.{self.code}")


PAIR_RULES: tuple[_PairRule, ...] = (
    _PairRule(
        "doel-curatief-niet-reanimeren",
        _goal(CURATIVE),
        _decision(ItemId.RESUSCITATION, NIET),
    ),
    _PairRule(
        "doel-comfort-wel-reanimeren",
        _goal(COMFORT_ONLY),
        _decision(ItemId.RESUSCITATION, WEL),
    ),
    _PairRule(
        "doel-comfort-wel-beademen",
        _goal(COMFORT_ONLY),
        _decision(ItemId.VENTILATION, WEL),
    ),
    _PairRule(
        "doel-comfort-wel-ic",
        _goal(COMFORT_ONLY),
        _decision(ItemId.ICU_ADMISSION, WEL),
    ),
    _PairRule(
        "niet-reanimeren-wel-ic",
        _decision(ItemId.RESUSCITATION, NIET),
        _decision(ItemId.ICU_ADMISSION, WEL),
    ),
    _PairRule(
        "niet-beademen-wel-ic",
        _decision(ItemId.VENTILATION, NIET),
        _decision(ItemId.ICU_ADMISSION, WEL),
    ),
    _PairRule(
        "niet-ziekenhuis-wel-ic",
        _decision(ItemId.HOSPITAL_ADMISSION, NIET),
        _decision(ItemId.ICU_ADMISSION, WEL),
    ),
    _PairRule(
        "wel-reanimeren-niet-ic",
        _decision(ItemId.RESUSCITATION, WEL),
        _decision(ItemId.ICU_ADMISSION, NIET),
    ),
    _PairRule(
        "wel-reanimeren-niet-beademen",
        _decision(ItemId.RESUSCITATION, WEL),
        _decision(ItemId.VENTILATION, NIET),
    ),
    _PairRule(
        "wel-reanimeren-niet-ziekenhuis",
        _decision(ItemId.RESUSCITATION, WEL),
        _decision(ItemId.HOSPITAL_ADMISSION, NIET),
    ),
    _PairRule(
        "wel-beademen-niet-ic",
        _decision(ItemId.VENTILATION, WEL),
        _decision(ItemId.ICU_ADMISSION, NIET),
    ),
)


def _describe(side: _Side, link_id: str) -> Text:
    value = _first(side.answers, link_id)
    shown = value_text(link_id, value) if value is not None else "—"
    return Message("rules.described", item=item_text(side.key), value=shown, where=side.where())


def coherence_findings(draft: Draft) -> list[Finding]:
    """The coherence warnings and the sharing-consent notice (see the module docstring)."""
    sides = _combined(draft)
    findings: list[Finding] = []
    for rule in PAIR_RULES:
        first = rule.first.holds(sides)
        second = rule.second.holds(sides)
        if first is None or second is None or not (first.new or second.new):
            continue
        findings.append(
            Finding(
                rule.code,
                Severity.WARNING,
                Message(
                    "rules.pair",
                    first=_describe(first, rule.first.link_id),
                    second=_describe(second, rule.second.link_id),
                    reason=rule.reason,
                ),
                keys=(first.key, second.key),
                link_ids=(rule.first.link_id, rule.second.link_id),
            )
        )

    capacity = sides.get(ItemKey(ItemId.LEGAL_CAPACITY))
    representative = sides.get(ItemKey(ItemId.LEGAL_REPRESENTATIVE))
    section_1_changed = any(s.new and s.key.item in SECTION_1 for s in sides.values())
    if (
        capacity is not None
        and _has_code(capacity.answers, CAPABLE_LINK, None, "0")
        and representative is None
        and section_1_changed
    ):
        findings.append(
            Finding(
                "wilsonbekwaam-zonder-vertegenwoordiger",
                Severity.WARNING,
                Message("rules.incapable-without-representative", where=capacity.where()),
                keys=(ItemKey(ItemId.LEGAL_CAPACITY), ItemKey(ItemId.LEGAL_REPRESENTATIVE)),
                link_ids=(CAPABLE_LINK,),
            )
        )

    agreement = sides.get(ItemKey(ItemId.ICD_DEACTIVATION))
    icd = sides.get(ItemKey(ItemId.ICD))
    has_icd = icd is not None and _has_code(icd.answers, ICD_LINK, ICD_YES.system, ICD_YES.code)
    if (
        agreement is not None
        and _first(agreement.answers, ICD_DECISION_LINK) is not None
        and not has_icd
        and (agreement.new or (icd is not None and icd.new))
    ):
        icd_text = (
            Message("rules.icd.says-no", described=_describe(icd, ICD_LINK))
            if icd is not None
            else Message("rules.icd.not-recorded")
        )
        findings.append(
            Finding(
                "icd-afspraak-zonder-icd",
                Severity.WARNING,
                Message("rules.icd-agreement-without-icd", where=agreement.where(), icd=icd_text),
                keys=(ItemKey(ItemId.ICD_DEACTIVATION), ItemKey(ItemId.ICD)),
                link_ids=(ICD_DECISION_LINK, ICD_LINK),
            )
        )

    sharing = sides.get(ItemKey(ItemId.SHARING_CONSENT))
    if sharing is None or not _has_code(
        sharing.answers, SHARING_LINK, SHARING_AGREED.system, SHARING_AGREED.code
    ):
        findings.append(
            Finding(
                "geen-toestemming-delen",
                Severity.NOTICE,
                Message("rules.no-sharing-consent"),
                keys=(ItemKey(ItemId.SHARING_CONSENT),),
                link_ids=(SHARING_LINK,),
            )
        )
    return findings


def check_draft(draft: Draft, *, today: date | None = None) -> RuleReport:
    """Everything of this module for ``draft``: validation first, then coherence."""
    return RuleReport(tuple(validate(draft, today=today) + coherence_findings(draft)))
