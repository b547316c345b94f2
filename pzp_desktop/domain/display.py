"""What a clinician sees for an item's value: labels of codes and one line of text per value.

Rules (spec §3.1, §7 item 14):

* A coded answer shows the form's label of that option for that linkId (system + code; the
  form's system-less codes by code, for that linkId only); else the label from the code
  tables; else the code as received: ``onbekende code SNOMED CT 12345 (display)``. Codes are
  never dropped and displays as received are never trusted for known codes.
* Free texts are shown as written, in either language.
* Treatment decisions follow spec §3.1: an absent decision is "Geen besluit vastgelegd" and
  never "Wel uitvoeren"; what the reader could not read as one decision of the form (a
  modifier extension it did not understand, nested provisions, a ``provision.type`` other
  than permit/deny, a decision code outside the form's options) is "Niet eenduidig
  vastgelegd" with the reason and the raw value; "Anders" shows its specification.
* A comment ("Toelichting") is appended after " — ".

Everything is table driven: which linkIds make up which item is written down once below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from pzp_desktop.domain.codes import (
    BEHANDEL_BESLUIT,
    NULL_FLAVOR,
    ROL472,
    SYSTEM_SHORT_NAMES,
    Coding,
)
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.form import check_lang, load_code_tables, load_form
from pzp_desktop.domain.items import AnswerValue, ItemId, RecordedItem, RecordStatus

# Notes set by the readers (see the answer encoding in items.py and the readers) that change
# the display.
NOTE_NO_DECISION = "no-decision"
NOTE_UNKNOWN_MODIFIER = "unknown-modifier"
NOTE_NESTED_PROVISION = "nested-provision"
NOTE_UNREADABLE_DECISION = "unreadable-decision"
NOTE_CONFLICTING_DECISION = "conflicting-decision"
# "starts-later:<FHIR date>": the agreement applies only from that (future) date.
NOTE_STARTS_LATER = "starts-later:"
# "status-other:<status>": a Consent status the standard does not know (read as not agreed).
NOTE_STATUS_OTHER = "status-other:"

# Answer fields without a form item (the readers' contract).
DATA_ABSENT_REASON = "dataAbsentReason"
DECISION_TEXT = "DECISION.text"
DECISION_TYPE = "DECISION.type"
DEVICE_TYPE = "DEVICE.type"
AD_TYPE = "AD.type"
AD_COMMENT = "AD.comment"
AD_DOCUMENT = "AD.document"
AD_REPRESENTATIVE = "AD.representative"

SEPARATOR = " — "


def _t(lang: str, nl: str, en: str) -> str:
    return en if check_lang(lang) == "en" else nl


class Decision(Enum):
    """The decision of a treatment limit (4a–g) or the ICD agreement (4i), for the banner."""

    PERMIT = "permit"
    DENY = "deny"
    OTHER = "other"
    UNKNOWN = "unknown"
    NONE = "none"
    UNCLEAR = "unclear"

    def label(self, lang: str = "nl") -> str:
        nl, en = _DECISION_LABELS[self]
        return _t(lang, nl, en)


_DECISION_LABELS: dict[Decision, tuple[str, str]] = {
    Decision.PERMIT: ("Wel", "Perform"),
    Decision.DENY: ("Niet", "Do not perform"),
    Decision.OTHER: ("Anders", "Other"),
    Decision.UNKNOWN: ("Onbekend", "Unknown"),
    Decision.NONE: ("Geen besluit vastgelegd", "No decision recorded"),
    Decision.UNCLEAR: ("Niet eenduidig vastgelegd", "Not clearly recorded"),
}

NO_DECISION_TEXT = ("Geen besluit vastgelegd", "No decision recorded")
UNCLEAR_TEXT = (
    "Niet eenduidig vastgelegd (onbekende modifier-extensie) — raadpleeg de bron",
    "Not clearly recorded (unknown modifier extension) — consult the source",
)
UNCLEAR_SOURCE_TEXT = (
    "Niet eenduidig vastgelegd — raadpleeg de bron",
    "Not clearly recorded — consult the source",
)
UNCLEAR_WITH_REASON = (
    "Niet eenduidig vastgelegd ({reason}) — raadpleeg de bron",
    "Not clearly recorded ({reason}) — consult the source",
)
NO_VALUE_TEXT = ("Geen waarde vastgelegd", "No value recorded")

# Decision codes of the form (BehandelBesluit and the null flavours used as decisions).
_DECISION_OF_CODE: dict[tuple[str | None, str], Decision] = {
    (BEHANDEL_BESLUIT, "0"): Decision.PERMIT,
    (BEHANDEL_BESLUIT, "1"): Decision.OTHER,
    (BEHANDEL_BESLUIT, "2"): Decision.DENY,
    (NULL_FLAVOR, "UNK"): Decision.UNKNOWN,
    (NULL_FLAVOR, "ASKU"): Decision.UNKNOWN,  # ICD: "Nee, nog geen besluit genomen"
    (NULL_FLAVOR, "NASK"): Decision.UNKNOWN,  # ICD: "Niet besproken"
}


@dataclass(frozen=True, slots=True)
class _DecisionFields:
    decision: str
    specification: str | None  # SpecificatieAnders (only with BB 1 "Anders")
    comment: str
    name: str | None = None  # the treatment's name (4g)


_DECISION_FIELDS: dict[ItemId, _DecisionFields] = {
    ItemId.RESUSCITATION: _DecisionFields("1386", "1001", "1002"),
    ItemId.VENTILATION: _DecisionFields("1387", "1388", "1389"),
    ItemId.ICU_ADMISSION: _DecisionFields("1390", "1391", "1392"),
    ItemId.HOSPITAL_ADMISSION: _DecisionFields("1393", "1394", "1395"),
    ItemId.ANTIBIOTICS: _DecisionFields("1396", "1397", "1398"),
    ItemId.BLOOD_PRODUCTS: _DecisionFields("1399", "1400", "1401"),
    ItemId.OTHER_LIMIT: _DecisionFields("1402", None, "1404", name="1422"),
    ItemId.ICD_DEACTIVATION: _DecisionFields("1005", None, "1010"),
}

DECISION_ITEMS = frozenset(_DECISION_FIELDS)


# --- codes ---------------------------------------------------------------------------------


def coding_label(coding: Coding, link_id: str | None = None, lang: str = "nl") -> str:
    """The label of a code: the form's option for ``link_id``, else the code tables, else
    any form option with the same system + code, else the code as received."""
    check_lang(lang)
    form = load_form()
    if link_id is not None and form.has_item(link_id):
        option = form.option(link_id, coding)
        if option is not None:
            return option.label(lang)
    label = load_code_tables().label(coding, lang)
    if label is not None:
        return label
    option = form.find_option(coding)
    if option is not None:
        return option.label(lang)
    return unknown_code_text(coding, lang)


def unknown_code_text(coding: Coding, lang: str = "nl") -> str:
    """``onbekende code SNOMED CT 12345 (display as received)``."""
    if check_lang(lang) == "nl":
        return f"onbekende code {coding.describe_raw()}"
    system = SYSTEM_SHORT_NAMES.get(coding.system or "", coding.system or "without code system")
    shown = f"unknown code {system} {coding.code}"
    return f"{shown} ({coding.display})" if coding.display else shown


def _value_text(value: AnswerValue, link_id: str, lang: str) -> str:
    if isinstance(value, Coding):
        return coding_label(value, link_id, lang)
    if isinstance(value, bool):
        return _t(lang, "Ja", "Yes") if value else _t(lang, "Nee", "No")
    if isinstance(value, ClinicalDate):
        return value.display()
    return value


def _text(item: RecordedItem, link_id: str | None) -> str | None:
    """A free-text answer as written (blank texts count as absent)."""
    if link_id is None:
        return None
    value = item.answer(link_id)
    return value if isinstance(value, str) and value.strip() else None


def _with_comment(head: str | None, comment: str | None) -> str:
    parts = [p for p in (head, comment) if p]
    return SEPARATOR.join(parts)


# --- decisions -----------------------------------------------------------------------------


def decision_of(item: RecordedItem) -> Decision:
    """The decision of a treatment-limit (4a–g) or ICD-agreement (4i) item.

    A record without a decision is :attr:`Decision.NONE`, never a permit; a record with a
    modifier extension the reader did not understand, or with a decision code the form does
    not know, is :attr:`Decision.UNCLEAR`. ``ValueError`` for any other item.
    """
    fields = _DECISION_FIELDS.get(item.key.item)
    if fields is None:
        raise ValueError(f"{item.key.item.value} is not a treatment decision")
    if any(note in _UNCLEAR_NOTES for note in item.notes):
        return Decision.UNCLEAR
    if item.answer(DECISION_TYPE) is not None:  # a provision.type the form has no option for
        return Decision.UNCLEAR
    value = item.answer(fields.decision)
    if isinstance(value, Coding):
        return _DECISION_OF_CODE.get(value.concept, Decision.UNCLEAR)
    if value is not None:
        return Decision.UNCLEAR
    if _text(item, DECISION_TEXT) is not None:
        return Decision.OTHER
    return Decision.NONE


_UNCLEAR_NOTES = frozenset({NOTE_UNKNOWN_MODIFIER, NOTE_NESTED_PROVISION, NOTE_UNREADABLE_DECISION})


def unclear_reason(item: RecordedItem, lang: str = "nl") -> str | None:
    """Why a decision is :attr:`Decision.UNCLEAR`, with the raw value where there is one
    (``"onbekend type 'Deny'"``, ``"geen besluit van het formulier: onbekende code SNOMED CT
    373067005 (Nee)"``); ``None`` when the decision is not unclear or no reason is known."""
    if item.key.item not in _DECISION_FIELDS or decision_of(item) is not Decision.UNCLEAR:
        return None
    notes = item.notes
    if NOTE_CONFLICTING_DECISION in notes:
        return _t(
            lang,
            "zowel een type als een specificatie vastgelegd",
            "both a type and a specification recorded",
        )
    if NOTE_UNKNOWN_MODIFIER in notes:
        return _t(lang, "onbekende modifier-extensie", "unknown modifier extension")
    if NOTE_NESTED_PROVISION in notes:
        return _t(
            lang,
            "uitzonderingen in geneste bepalingen",
            "exceptions in nested provisions",
        )
    raw_type = item.answer(DECISION_TYPE)
    if isinstance(raw_type, str):
        if item.key.item is ItemId.ICD_DEACTIVATION and raw_type == "deny":
            return _t(
                lang,
                "type 'deny' is geen besluit van het formulier voor het uitzetten van de ICD",
                "type 'deny' is not a decision of the form for ICD deactivation",
            )
        return _t(lang, f"onbekend type '{raw_type}'", f"unknown type '{raw_type}'")
    if NOTE_UNREADABLE_DECISION in notes:
        return _t(lang, "besluit onleesbaar", "decision unreadable")
    value = item.answer(_DECISION_FIELDS[item.key.item].decision)
    if isinstance(value, Coding):
        prefix = _t(lang, "geen besluit van het formulier", "not a decision of the form")
        return f"{prefix}: {unknown_code_text(value, lang)}"
    return None


def start_of_note(note: str) -> ClinicalDate | None:
    """The date of a note ``starts-later:<date>``; ``None`` for any other note."""
    if not note.startswith(NOTE_STARTS_LATER):
        return None
    return ClinicalDate.try_parse(note.removeprefix(NOTE_STARTS_LATER))


def starts_later(item: RecordedItem) -> ClinicalDate | None:
    """The date from which an agreement applies, when that was still in the future when it
    was read (note ``starts-later:<date>``)."""
    return next((d for n in item.notes if (d := start_of_note(n)) is not None), None)


def _decision_text(item: RecordedItem, lang: str) -> str:
    fields = _DECISION_FIELDS[item.key.item]
    decision = decision_of(item)
    value = item.answer(fields.decision)
    other = _t(lang, "Anders", "Other")
    if decision is Decision.UNCLEAR:  # whatever else was read, it is not reliable
        reason = unclear_reason(item, lang)
        head = (
            _t(lang, *UNCLEAR_WITH_REASON).format(reason=reason)
            if reason
            else _t(lang, *UNCLEAR_SOURCE_TEXT)
        )
    elif decision is Decision.NONE:
        head = _t(lang, *NO_DECISION_TEXT)
    elif isinstance(value, Coding):
        if decision is Decision.OTHER:
            specification = _text(item, fields.specification)
            head = f"{other}: {specification}" if specification else other
        else:  # a known decision, or an unknown code shown as received
            head = coding_label(value, fields.decision, lang)
    elif decision is Decision.OTHER:  # an unmapped decision text (4i)
        head = f"{other}: {_text(item, DECISION_TEXT)}"
    else:  # a decision answer that is not a code: malformed
        head = _t(lang, *UNCLEAR_SOURCE_TEXT)
    if fields.name is not None:
        name = _text(item, fields.name) or _t(lang, "Onbekende behandeling", "Unnamed treatment")
        head = f"{name}: {head}"
    return _with_comment(head, _text(item, fields.comment))


# --- people --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PersonFields:
    names: tuple[str, str, str]  # Voornamen, Voorvoegsels, Achternaam
    phone: str
    telecom_type: str
    number_kind: str
    phone_comment: str
    email: str
    email_kind: str
    relation: str
    relation_other: str
    roles: str | None = None
    role_other: str | None = None
    also_first_contact: str | None = None


_REPRESENTATIVE = _PersonFields(
    names=("973", "974", "975"),
    phone="976",
    telecom_type="977",
    number_kind="978",
    phone_comment="979",
    email="980",
    email_kind="981",
    relation="983",
    relation_other="408",
    roles="982",
    role_other="411",
    also_first_contact="984",
)
_FIRST_CONTACT = _PersonFields(
    names=("985", "986", "987"),
    phone="988",
    telecom_type="989",
    number_kind="990",
    phone_comment="991",
    email="992",
    email_kind="993",
    relation="995",
    relation_other="412",
)


def person_name(item: RecordedItem, link_ids: tuple[str, str, str]) -> str | None:
    """ "Voornamen Voorvoegsels Achternaam" from the three name answers, if any."""
    parts = [_text(item, link_id) for link_id in link_ids]
    name = " ".join(p.strip() for p in parts if p)
    return name or None


def _coded_with_other(
    item: RecordedItem, link_id: str, other_link_id: str, other_code: Coding, lang: str
) -> list[str]:
    """Labels of a (repeating) coded answer; the "Anders" option shows its specification."""
    other_text = _text(item, other_link_id)
    labels: list[str] = []
    used_other = False
    for value in item.answers_to(link_id):
        if not isinstance(value, Coding):
            continue
        label = coding_label(value, link_id, lang)
        if other_text and value.same_concept(other_code):
            label = f"{label}: {other_text}"
            used_other = True
        labels.append(label)
    if other_text and not used_other:
        labels.append(other_text)
    return labels


def _contact_lines(
    item: RecordedItem, value_id: str, kind_ids: tuple[str, ...], comment_id: str | None, lang: str
) -> list[str]:
    """One text per repetition of a telephone or e-mail group: value (kinds; comment)."""
    lines: list[str] = []
    repeats = sorted({a.repeat for a in item.answers if a.link_id == value_id})
    for repeat in repeats:
        by_link = {a.link_id: a.value for a in item.answers if a.repeat == repeat}
        value = by_link.get(value_id)
        if not isinstance(value, str) or not value.strip():
            continue
        extras = [
            coding_label(kind, kind_id, lang)
            for kind_id in kind_ids
            if isinstance(kind := by_link.get(kind_id), Coding)
        ]
        comment = by_link.get(comment_id) if comment_id else None
        if isinstance(comment, str) and comment.strip():
            extras.append(comment)
        lines.append(f"{value} ({'; '.join(extras)})" if extras else value)
    return lines


def _person_text(fields: _PersonFields, item: RecordedItem, lang: str) -> str:
    if not item.answers:
        return ""
    name = person_name(item, fields.names) or _t(lang, "Naam onbekend", "Name unknown")
    descriptors: list[str] = []
    if fields.roles and fields.role_other:
        descriptors += _coded_with_other(
            item, fields.roles, fields.role_other, Coding(ROL472, "09"), lang
        )
    descriptors += _coded_with_other(
        item, fields.relation, fields.relation_other, Coding(NULL_FLAVOR, "OTH"), lang
    )
    if fields.also_first_contact:
        flag = item.answer(fields.also_first_contact)
        if isinstance(flag, Coding) and flag.code == "1":
            descriptors.append(_t(lang, "ook eerste contactpersoon", "also first contact person"))
    contacts = _contact_lines(
        item, fields.phone, (fields.telecom_type, fields.number_kind), fields.phone_comment, lang
    )
    contacts += _contact_lines(item, fields.email, (fields.email_kind,), None, lang)
    text = f"{name} ({', '.join(descriptors)})" if descriptors else name
    return _with_comment(text, "; ".join(contacts) or None)


# --- other items ---------------------------------------------------------------------------


def _icd_text(item: RecordedItem, lang: str) -> str:
    present = item.answer("1006")
    head = _value_text(present, "1006", lang) if present is not None else None
    details = [
        coding_label(value, link_id, lang)
        for link_id in ("1008", DEVICE_TYPE)
        if isinstance(value := item.answer(link_id), Coding)
    ]
    if details:
        head = f"{head} ({', '.join(details)})" if head else ", ".join(details)
    return _with_comment(head, _text(item, "1009"))


def _advance_directive_text(item: RecordedItem, lang: str) -> str:
    kind = item.answer(AD_TYPE)
    head = (
        coding_label(kind, AD_TYPE, lang)
        if isinstance(kind, Coding)
        else _t(lang, "Wilsverklaring", "Advance directive")
    )
    if item.recorded is not None:
        head = f"{head}, {item.recorded.display_date()}"
    extras = []
    if document := _text(item, AD_DOCUMENT):
        extras.append(f"{_t(lang, 'document', 'document')}: {document}")
    if representative := _text(item, AD_REPRESENTATIVE):
        extras.append(f"{_t(lang, 'vertegenwoordiger', 'representative')}: {representative}")
    if extras:
        head = f"{head} ({'; '.join(extras)})"
    return _with_comment(head, _text(item, AD_COMMENT))


# Items shown as "<value> — <comment>": (value linkId, comment linkId).
_VALUE_AND_COMMENT: dict[ItemId, tuple[str, str | None]] = {
    ItemId.LEGAL_CAPACITY: ("1406", "1407"),
    ItemId.TREATMENT_GOAL: ("999", None),
    ItemId.CARE_WISHES: ("1190", None),
    ItemId.PLACE_OF_DEATH: ("1191", "1192"),
    ItemId.EUTHANASIA_POSITION: ("1193", "1194"),
    ItemId.ORGAN_DONATION: ("1435", None),
    ItemId.OTHER_IMPORTANT: ("1196", None),
    ItemId.PREVIOUS_AGREEMENTS: ("1197", "1198"),
    ItemId.PREVIOUS_AGREEMENTS_DIFFER: ("1199", None),
    ItemId.INFORMED_RELATIVES: ("1200", None),
    ItemId.SHARING_CONSENT: ("1201", None),
}


def _value_and_comment_text(item: RecordedItem, lang: str) -> str:
    value_id, comment_id = _VALUE_AND_COMMENT[item.key.item]
    value = item.answer(value_id)
    if value is None:  # Observations may carry a data-absent reason instead of a value
        value, value_id = item.answer(DATA_ABSENT_REASON), DATA_ABSENT_REASON
    head = _value_text(value, value_id, lang) if value is not None else None
    return _with_comment(head, _text(item, comment_id))


_Renderer = Callable[[RecordedItem, str], str]

_RENDERERS: dict[ItemId, _Renderer] = {
    **dict.fromkeys(_VALUE_AND_COMMENT, _value_and_comment_text),
    **dict.fromkeys(_DECISION_FIELDS, _decision_text),
    ItemId.LEGAL_REPRESENTATIVE: lambda item, lang: _person_text(_REPRESENTATIVE, item, lang),
    ItemId.FIRST_CONTACT_PERSON: lambda item, lang: _person_text(_FIRST_CONTACT, item, lang),
    ItemId.ICD: _icd_text,
    ItemId.ADVANCE_DIRECTIVE: _advance_directive_text,
}


def display_value(item: RecordedItem, lang: str = "nl") -> str:
    """The text a clinician sees for an item's value, e.g. ``"Niet uitvoeren — toelichting"``,
    ``"Anders: alleen bij reversibele oorzaak"``, ``"Geen besluit vastgelegd"``."""
    check_lang(lang)
    return _RENDERERS[item.key.item](item, lang) or _t(lang, *NO_VALUE_TEXT)


def not_in_force_text(item: RecordedItem, lang: str = "nl") -> str | None:
    """What a not (yet) agreed record is (:attr:`RecordStatus.PROPOSED`): "voorstel, nog niet
    van kracht", "concept, nog niet van kracht", or the unknown status as received; ``None``
    for any other record."""
    if item.status is not RecordStatus.PROPOSED:
        return None
    for note in item.notes:
        if note == "status-draft":
            return _t(lang, "concept, nog niet van kracht", "draft, not yet in force")
        if note.startswith(NOTE_STATUS_OTHER):
            raw = note.removeprefix(NOTE_STATUS_OTHER)
            return _t(lang, f"status '{raw}', niet van kracht", f"status '{raw}', not in force")
    return _t(lang, "voorstel, nog niet van kracht", "proposal, not yet in force")
