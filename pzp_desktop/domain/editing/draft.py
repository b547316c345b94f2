"""The editor's state: one conversation being recorded (product brief §5, issue 6).

A :class:`Draft` holds

* the patient (``Patient/<id>`` in the target source), the target source and the user;
* the conversation fields (:class:`ConversationFields`: date-time, professional, patient
  present, attendees, kind of contact, comment);
* the answers per :class:`ItemKey` as edited (only for items the clinician touched);
* the **baseline**: the consolidated value of every item when the editor opened (what the
  form was prefilled with, with when/by whom/where it was recorded), a fingerprint of what the
  sources held (:class:`SourceFingerprint`, used to detect that a source changed while the
  clinician was typing) and the versions of the resources a push updates in place (the
  Patient, the representative's and first contact person's RelatedPersons: ``If-Match``).

Life cycle (what the GUI calls, in order)::

    draft = Draft.start(patient_reference=..., source=..., user=..., loaded=patient_data,
                        tracked_versions=..., professional=..., date=...)
    draft.answers(key)               # what to show for an item (prefill or edit)
    draft.set_answer(key, link_id, value)   # or set_answers(key, answers); revert(key)
    draft.is_changed(key)            # mark the item visibly as changed
    draft.update_conversation(date=..., attendees=...)
    draft.changes()                  # what will be written: only changed items
    draft.to_json() / Draft.from_json(...)  # the draft store (encrypted) does this
    draft.rebase(fresh_patient_data, tracked_versions=...)  # after the review of changes

Only items whose (effective) value differs from the prefilled value are written; untouched
items never are, even when a rule of the form disables part of their prefilled value.
Answers to questions the form disables (enableWhen, :mod:`.rules`) are never written.

Identity: :attr:`Draft.identifier` is a UUID chosen once per draft. Every business identifier
of the transaction derives from it, so a retried push creates nothing twice.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.consolidation import FORM_POSITION, Overview
from pzp_desktop.domain.dates import ClinicalDate, InvalidDate
from pzp_desktop.domain.form import ITEMS_WITHOUT_FORM_ITEMS
from pzp_desktop.domain.items import (
    Answer,
    AnswerValue,
    Attendee,
    Conversation,
    ItemId,
    ItemKey,
    Professional,
    RecordedItem,
    RecordStatus,
    normalise_text,
    value_signature,
)
from pzp_desktop.domain.messages import Message, Text, joined
from pzp_desktop.domain.reading.context import SourceRecord
from pzp_desktop.domain.writing.context import ItemChange, NewConversation

__all__ = [
    "DRAFT_FORMAT",
    "BaselineValue",
    "ConversationFields",
    "Draft",
    "DraftFormatError",
    "LoadedPatient",
    "RecordStamp",
    "SourceFingerprint",
    "fingerprint_of",
    "form_order_key",
]

#: Version of the JSON layout of :meth:`Draft.to_json`.
DRAFT_FORMAT = 1

OTHER_LIMIT_NAME_LINK = "1422"


class DraftFormatError(ValueError):
    """A stored draft that is not a draft of this application (or of a newer version)."""


class LoadedPatient(Protocol):
    """What the editor needs of a loaded patient; ``sources.patient_data.PatientData`` is one.

    ``records`` tells which sources answered (one :class:`SourceRecord` per source that was
    read); ``items`` and ``conversations`` are those of all sources, after de-duplication.
    """

    @property
    def items(self) -> Sequence[RecordedItem]: ...

    @property
    def conversations(self) -> Sequence[Conversation]: ...

    @property
    def overview(self) -> Overview: ...

    @property
    def records(self) -> Sequence[SourceRecord]: ...


# ---------------------------------------------------------------------------------------------
# Baseline


@dataclass(frozen=True, slots=True)
class BaselineValue:
    """The consolidated value of one item when the editor opened: what was prefilled.

    ``professional``, ``recorded`` and ``source`` say who, when and where the value was
    recorded (shown next to the prefilled value and in coherence warnings). An ``ended``
    agreement is not prefilled (it is no longer in force), nor is a ``proposed`` one (a
    draft or proposal in the source that was never agreed: not yet in force). ``conflict``:
    sources disagree on the same date (the GUI must not present the prefill as settled).
    """

    key: ItemKey
    answers: tuple[Answer, ...]
    source: str
    recorded: ClinicalDate | None = None
    professional: str | None = None
    ended: bool = False
    conflict: bool = False
    proposed: bool = False

    @property
    def prefill(self) -> tuple[Answer, ...]:
        return () if self.ended or self.proposed else self.answers

    def provenance_text(self) -> Text:
        """``"op 12-03-2024 door Anna Jansen in Huisartsenpraktijk X"`` (parts when known;
        ``render("en")``: ``"on 12-03-2024 by …"``)."""
        parts: list[str] = []
        if self.recorded is not None:
            parts.append(Message("common.provenance.on", date=self.recorded.display_date()))
        who = self.professional or Message("common.unknown-professional")
        parts.append(Message("common.provenance.by", who=who))
        parts.append(Message("common.provenance.in", source=self.source))
        return joined(" ", parts)


@dataclass(frozen=True, slots=True)
class RecordStamp:
    """One record (or conversation) a source held: enough to see later that it is new,
    has a newer version or is gone.

    ``kind`` is ``"item"`` (a resource or QuestionnaireResponse carrying item values) or
    ``"conversation"``. ``keys`` are the item keys the record carries (``str(ItemKey)``);
    ``conversation`` the conversation reference an item record belongs to.
    """

    kind: str
    source: str
    reference: str
    version: str | None = None
    last_updated: str | None = None
    keys: tuple[str, ...] = ()
    conversation: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, str | None, str | None]:
        return (self.kind, self.source, self.reference, self.version, self.last_updated)

    @property
    def resource(self) -> tuple[str, str, str]:
        return (self.kind, self.source, self.reference)


@dataclass(frozen=True, slots=True)
class SourceFingerprint:
    """What the sources held when the editor loaded them: every record's (reference,
    version, lastUpdated) and every conversation, per source that answered."""

    stamps: tuple[RecordStamp, ...] = ()
    sources: tuple[str, ...] = ()


def fingerprint_of(
    items: Iterable[RecordedItem], conversations: Iterable[Conversation], sources: Iterable[str]
) -> SourceFingerprint:
    """The fingerprint of loaded data (see :class:`SourceFingerprint`)."""
    grouped: dict[tuple[str, str, str | None, str | None], tuple[set[str], str | None]] = {}
    for item in items:
        last = item.last_updated.raw if item.last_updated else None
        ident = (item.source, item.origin.reference, item.origin.version, last)
        keys, conv = grouped.setdefault(ident, (set(), None))
        keys.add(str(item.key))
        if conv is None and item.conversation is not None:
            grouped[ident] = (keys, item.conversation.reference)
    stamps = [
        RecordStamp("item", source, reference, version, last, tuple(sorted(keys)), conv)
        for (source, reference, version, last), (keys, conv) in grouped.items()
    ]
    for conversation in conversations:
        stamps.append(
            RecordStamp(
                "conversation",
                conversation.source,
                conversation.ref.reference,
                None,
                conversation.date.raw if conversation.date else None,
            )
        )
    stamps.sort(
        key=lambda s: (s.kind, s.source, s.reference, s.version or "", s.last_updated or "")
    )
    return SourceFingerprint(tuple(stamps), tuple(sorted(set(sources))))


def baseline_values(overview: Overview) -> dict[ItemKey, BaselineValue]:
    """The prefill of every item the form can record, from the consolidated overview."""
    values: dict[ItemKey, BaselineValue] = {}
    for item_id, consolidated_items in overview.in_form_order():
        if item_id in ITEMS_WITHOUT_FORM_ITEMS:
            continue
        for consolidated in consolidated_items:
            current = consolidated.current
            values[consolidated.key] = BaselineValue(
                key=consolidated.key,
                answers=current.answers,
                source=current.source,
                recorded=current.recorded,
                professional=current.professional.display() if current.professional else None,
                ended=consolidated.ended or current.status is RecordStatus.ENDED,
                conflict=bool(consolidated.conflicts),
                proposed=current.status is RecordStatus.PROPOSED,
            )
    return values


def form_order_key(key: ItemKey) -> tuple[int, str]:
    return (FORM_POSITION[key.item], key.qualifier)


# ---------------------------------------------------------------------------------------------
# The draft


@dataclass(frozen=True, slots=True)
class ConversationFields:
    """The conversation being recorded (header and section 2 of the form).

    ``professional.reference`` must be the professional's ``PractitionerRole/<id>`` in the
    target source (from the launch context). ``attendees``: the people present other than
    the patient and the professional. ``contact_class``: the kind of contact
    (``Encounter.class``, ActCode AMB/HH/IMP/VR…). ``organization``: ``Organization/<id>``
    for the Provenance.
    """

    date: ClinicalDate | None = None
    professional: Professional | None = None
    patient_present: bool = True
    attendees: tuple[Attendee, ...] = ()
    contact_class: Coding | None = None
    comment: str | None = None
    organization: str | None = None


_UNSET: Any = object()


@dataclass(eq=False)
class Draft:
    """One conversation being recorded; see the module docstring for the life cycle.

    Mutable and not thread-safe: the GUI thread owns it. Hand a copy
    (:meth:`copy`) to a worker thread (saving, pushing).
    """

    identifier: str
    patient_reference: str
    source: str
    user: str
    created: datetime
    updated: datetime
    conversation: ConversationFields = field(default_factory=ConversationFields)
    baseline: dict[ItemKey, BaselineValue] = field(default_factory=dict)
    fingerprint: SourceFingerprint = field(default_factory=SourceFingerprint)
    # ``Type/id`` -> versionId of the resources a push updates in place (If-Match).
    tracked_versions: dict[str, str] = field(default_factory=dict)
    # The answers of touched items, as edited (an empty tuple: the clinician cleared it).
    edited: dict[ItemKey, tuple[Answer, ...]] = field(default_factory=dict)
    # How often a push was started (a retry first checks whether an earlier one committed).
    push_attempts: int = 0

    # -- creating ------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        *,
        patient_reference: str,
        source: str,
        user: str,
        loaded: LoadedPatient,
        tracked_versions: Mapping[str, str] | None = None,
        professional: Professional | None = None,
        date: ClinicalDate | None = None,
        organization: str | None = None,
        now: datetime | None = None,
        identifier: str | None = None,
    ) -> Draft:
        """A new draft for ``patient_reference`` in ``source``, prefilled from ``loaded``.

        ``date`` defaults to ``now`` (the conversation is usually recorded right after it
        was held); the clinician can change it.
        """
        moment = _aware(now or datetime.now(UTC))
        return cls(
            identifier=identifier or str(uuid.uuid4()),
            patient_reference=patient_reference,
            source=source,
            user=user,
            created=moment,
            updated=moment,
            conversation=ConversationFields(
                date=date if date is not None else ClinicalDate.from_datetime(moment),
                professional=professional,
                organization=organization,
            ),
            baseline=baseline_values(loaded.overview),
            fingerprint=fingerprint_of(
                loaded.items, loaded.conversations, (r.source for r in loaded.records)
            ),
            tracked_versions=dict(tracked_versions or {}),
        )

    def copy(self) -> Draft:
        """An independent copy (all parts are immutable except the dictionaries)."""
        return dataclasses.replace(
            self,
            baseline=dict(self.baseline),
            tracked_versions=dict(self.tracked_versions),
            edited=dict(self.edited),
        )

    # -- reading ---------------------------------------------------------------------------------

    def item_keys(self) -> list[ItemKey]:
        """Every item key that has a prefilled or an edited value, in form order."""
        return sorted(set(self.baseline) | set(self.edited), key=form_order_key)

    def prefilled(self, key: ItemKey) -> tuple[Answer, ...]:
        """The value the form was prefilled with (the latest value when the editor opened;
        empty when there was none or it had ended)."""
        value = self.baseline.get(key)
        return value.prefill if value is not None else ()

    def answers(self, key: ItemKey) -> tuple[Answer, ...]:
        """What the form shows for ``key`` now: the edit, else the prefill."""
        if key in self.edited:
            return self.edited[key]
        return self.prefilled(key)

    def answer(self, key: ItemKey, link_id: str, repeat: int = 0) -> AnswerValue | None:
        """The value of one question of ``key`` (``None`` when unanswered)."""
        for a in self.answers(key):
            if a.link_id == link_id and a.repeat == repeat:
                return a.value
        return None

    @property
    def touched(self) -> frozenset[ItemKey]:
        return frozenset(self.edited)

    def form_state(self) -> dict[ItemKey, tuple[Answer, ...]]:
        """Every item's current answers (edit or prefill): the input of the form's rules."""
        return {key: self.answers(key) for key in self.item_keys()}

    def enabled_link_ids(self) -> frozenset[str]:
        """The linkIds the form enables for the current answers (enableWhen)."""
        from pzp_desktop.domain.editing.rules import enabled_link_ids

        return enabled_link_ids(self.form_state())

    def effective(self, key: ItemKey, enabled: frozenset[str] | None = None) -> tuple[Answer, ...]:
        """The answers of ``key`` that would be written: disabled questions and blank texts
        dropped (see :func:`.rules.effective_answers`)."""
        from pzp_desktop.domain.editing.rules import effective_answers

        return effective_answers(
            self.answers(key), self.enabled_link_ids() if enabled is None else enabled
        )

    def is_changed(self, key: ItemKey, enabled: frozenset[str] | None = None) -> bool:
        """True when ``key`` was touched and its effective value differs from the prefill
        (the GUI marks such items visibly)."""
        if key not in self.edited:
            return False
        from pzp_desktop.domain.editing.rules import effective_answers

        enabled = self.enabled_link_ids() if enabled is None else enabled
        new = effective_answers(self.edited[key], enabled)
        old = effective_answers(self.prefilled(key), enabled)
        return value_signature(new) != value_signature(old)

    def changed_keys(self) -> list[ItemKey]:
        """The touched items whose value differs from the prefill, in form order (an item
        cleared completely is included; :meth:`changes` cannot write it, see there)."""
        enabled = self.enabled_link_ids()
        return [k for k in sorted(self.edited, key=form_order_key) if self.is_changed(k, enabled)]

    def changes(self) -> list[ItemChange]:
        """What a push writes: one :class:`ItemChange` per touched item whose effective value
        differs from the prefilled one, in form order. An item whose effective value is empty
        is not written (the standard has no "deleted" value; :mod:`.rules` reports it)."""
        from pzp_desktop.domain.editing.rules import effective_answers

        enabled = self.enabled_link_ids()
        out: list[ItemChange] = []
        for key in sorted(self.edited, key=form_order_key):
            new = effective_answers(self.edited[key], enabled)
            if not new:
                continue
            old = effective_answers(self.prefilled(key), enabled)
            if value_signature(new) == value_signature(old):
                continue
            out.append(ItemChange(key, new))
        return out

    def new_conversation(self) -> NewConversation:
        """The conversation for the transaction; ``ValueError`` without date or professional
        (:func:`.rules.validate` reports those in Dutch first)."""
        fields = self.conversation
        if fields.date is None:
            raise ValueError("the conversation has no date")
        if fields.professional is None:
            raise ValueError("the conversation has no professional")
        return NewConversation(
            identifier=self.identifier,
            date=fields.date,
            professional=fields.professional,
            patient_present=fields.patient_present,
            attendees=fields.attendees,
            contact_class=fields.contact_class,
            comment=fields.comment or None,
            organization=fields.organization,
        )

    # -- editing ---------------------------------------------------------------------------------

    def set_answers(self, key: ItemKey, answers: Iterable[Answer]) -> None:
        """Replace the answers of ``key`` (marks it touched)."""
        if key.item in ITEMS_WITHOUT_FORM_ITEMS:
            raise ValueError(f"{key.item.value} cannot be recorded: the form has no items for it")
        self.edited[key] = tuple(answers)
        self._touch()

    def set_answer(
        self, key: ItemKey, link_id: str, value: AnswerValue | None, repeat: int = 0
    ) -> None:
        """Set (or with ``None`` remove) one question's answer of ``key``, keeping the others.
        For a repeating question (982, 997…) use :meth:`set_answers`."""
        kept = [a for a in self.answers(key) if not (a.link_id == link_id and a.repeat == repeat)]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            kept.append(Answer(link_id, value, repeat))
        self.set_answers(key, kept)

    def revert(self, key: ItemKey) -> None:
        """Undo every edit of ``key``: it shows the prefill again and is not written."""
        if self.edited.pop(key, None) is not None:
            self._touch()

    def add_other_limit(self, name: str) -> ItemKey:
        """A new "other treatment limit" (4g) named ``name``; its key's qualifier is the
        normalised name, as the readers key it."""
        qualifier = normalise_text(name)
        if not qualifier:
            raise ValueError("an other treatment limit needs a name")
        key = ItemKey(ItemId.OTHER_LIMIT, qualifier)
        if key not in self.edited:
            kept = [a for a in self.answers(key) if a.link_id != OTHER_LIMIT_NAME_LINK]
            self.set_answers(key, [Answer(OTHER_LIMIT_NAME_LINK, name.strip()), *kept])
        return key

    def update_conversation(
        self,
        *,
        date: ClinicalDate | None = _UNSET,
        professional: Professional | None = _UNSET,
        patient_present: bool = _UNSET,
        attendees: Sequence[Attendee] = _UNSET,
        contact_class: Coding | None = _UNSET,
        comment: str | None = _UNSET,
        organization: str | None = _UNSET,
    ) -> None:
        """Change some of the conversation fields (the others are kept)."""
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("date", date),
                ("professional", professional),
                ("patient_present", patient_present),
                ("contact_class", contact_class),
                ("comment", comment),
                ("organization", organization),
            )
            if value is not _UNSET
        }
        if attendees is not _UNSET:
            changes["attendees"] = tuple(attendees)
        self.conversation = dataclasses.replace(self.conversation, **changes)
        self._touch()

    def rebase(
        self,
        loaded: LoadedPatient,
        *,
        tracked_versions: Mapping[str, str] | None = None,
    ) -> list[ItemKey]:
        """After the clinician reviewed what changed in the sources: take ``loaded`` as the
        new baseline. Edits are kept; untouched items show the new values; a push updates
        the versions of ``tracked_versions`` (If-Match). Returns the keys whose prefill
        changed."""
        new_values = baseline_values(loaded.overview)
        changed = [
            key
            for key in sorted(set(new_values) | set(self.baseline), key=form_order_key)
            if (self.baseline.get(key) is None) != (new_values.get(key) is None)
            or value_signature(self.prefilled(key))
            != value_signature(new_values[key].prefill if key in new_values else ())
        ]
        self.baseline = new_values
        self.fingerprint = fingerprint_of(
            loaded.items, loaded.conversations, (r.source for r in loaded.records)
        )
        if tracked_versions is not None:
            self.tracked_versions = dict(tracked_versions)
        self._touch()
        return changed

    def _touch(self) -> None:
        self.updated = max(self.updated, datetime.now(UTC))

    # -- JSON --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form of the whole draft (for the encrypted draft store)."""
        c = self.conversation
        return {
            "format": DRAFT_FORMAT,
            "identifier": self.identifier,
            "patientReference": self.patient_reference,
            "source": self.source,
            "user": self.user,
            "created": self.created.isoformat(),
            "updated": self.updated.isoformat(),
            "pushAttempts": self.push_attempts,
            "conversation": {
                "date": c.date.raw if c.date else None,
                "professional": _professional_json(c.professional),
                "patientPresent": c.patient_present,
                "attendees": [_attendee_json(a) for a in c.attendees],
                "contactClass": _coding_json(c.contact_class),
                "comment": c.comment,
                "organization": c.organization,
            },
            "baseline": [
                {
                    "key": _key_json(v.key),
                    "answers": [_answer_json(a) for a in v.answers],
                    "source": v.source,
                    "recorded": v.recorded.raw if v.recorded else None,
                    "professional": v.professional,
                    "ended": v.ended,
                    "conflict": v.conflict,
                    "proposed": v.proposed,
                }
                for v in sorted(self.baseline.values(), key=lambda v: form_order_key(v.key))
            ],
            "fingerprint": {
                "sources": list(self.fingerprint.sources),
                "stamps": [
                    {
                        "kind": s.kind,
                        "source": s.source,
                        "reference": s.reference,
                        "version": s.version,
                        "lastUpdated": s.last_updated,
                        "keys": list(s.keys),
                        "conversation": s.conversation,
                    }
                    for s in self.fingerprint.stamps
                ],
            },
            "trackedVersions": dict(sorted(self.tracked_versions.items())),
            "edited": [
                {"key": _key_json(key), "answers": [_answer_json(a) for a in answers]}
                for key, answers in sorted(
                    self.edited.items(), key=lambda kv: form_order_key(kv[0])
                )
            ],
        }

    def dumps(self) -> bytes:
        """:meth:`to_json` as compact UTF-8 JSON."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, data: object) -> Draft:
        """The draft of :meth:`to_json`; :class:`DraftFormatError` for anything else."""
        try:
            return _draft_from_json(data)
        except DraftFormatError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, InvalidDate) as exc:
            raise DraftFormatError(f"not a valid draft: {type(exc).__name__}") from None

    @classmethod
    def loads(cls, data: bytes | str) -> Draft:
        try:
            parsed = json.loads(data)
        except ValueError:
            raise DraftFormatError("not a valid draft: no JSON") from None
        return cls.from_json(parsed)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------------------------
# JSON codec (explicit, so that a stored draft never depends on Python object layout)


def _coding_json(coding: Coding | None) -> dict[str, Any] | None:
    if coding is None:
        return None
    return {"system": coding.system, "code": coding.code, "display": coding.display}


def _coding_from(data: object) -> Coding | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        raise DraftFormatError("not a valid draft: bad coding")
    return Coding(_opt_str(data.get("system")), data["code"], _opt_str(data.get("display")))


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DraftFormatError("not a valid draft: text expected")
    return value


def _key_json(key: ItemKey) -> dict[str, str]:
    return {"item": key.item.value, "qualifier": key.qualifier}


def _key_from(data: object) -> ItemKey:
    if not isinstance(data, dict):
        raise DraftFormatError("not a valid draft: bad item key")
    return ItemKey(ItemId(data["item"]), str(data.get("qualifier") or ""))


def _answer_json(answer: Answer) -> dict[str, Any]:
    value = answer.value
    encoded: dict[str, Any]
    if isinstance(value, Coding):
        encoded = {"coding": _coding_json(value)}
    elif isinstance(value, bool):
        encoded = {"boolean": value}
    elif isinstance(value, ClinicalDate):
        encoded = {"date": value.raw}
    else:
        encoded = {"string": value}
    return {"linkId": answer.link_id, "repeat": answer.repeat, "value": encoded}


def _answer_from(data: object) -> Answer:
    if not isinstance(data, dict) or not isinstance(data.get("value"), dict):
        raise DraftFormatError("not a valid draft: bad answer")
    raw = data["value"]
    value: AnswerValue
    if "coding" in raw:
        coding = _coding_from(raw["coding"])
        if coding is None:
            raise DraftFormatError("not a valid draft: empty coding")
        value = coding
    elif "boolean" in raw and isinstance(raw["boolean"], bool):
        value = raw["boolean"]
    elif "date" in raw and isinstance(raw["date"], str):
        value = ClinicalDate.parse(raw["date"])
    elif "string" in raw and isinstance(raw["string"], str):
        value = raw["string"]
    else:
        raise DraftFormatError("not a valid draft: bad answer value")
    repeat = data.get("repeat", 0)
    if not isinstance(repeat, int) or isinstance(repeat, bool):
        raise DraftFormatError("not a valid draft: bad repeat")
    return Answer(str(data["linkId"]), value, repeat)


def _professional_json(professional: Professional | None) -> dict[str, Any] | None:
    if professional is None:
        return None
    return {
        "name": professional.name,
        "function": _coding_json(professional.function),
        "reference": professional.reference,
    }


def _professional_from(data: object) -> Professional | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise DraftFormatError("not a valid draft: bad professional")
    return Professional(
        name=_opt_str(data.get("name")),
        function=_coding_from(data.get("function")),
        reference=_opt_str(data.get("reference")),
    )


def _attendee_json(attendee: Attendee) -> dict[str, Any]:
    return {
        "name": attendee.name,
        "roles": [_coding_json(c) for c in attendee.roles],
        "relations": [_coding_json(c) for c in attendee.relations],
        "reference": attendee.reference,
    }


def _codings_from(data: object) -> tuple[Coding, ...]:
    if not isinstance(data, list):
        raise DraftFormatError("not a valid draft: list expected")
    out = []
    for entry in data:
        coding = _coding_from(entry)
        if coding is not None:
            out.append(coding)
    return tuple(out)


def _attendee_from(data: object) -> Attendee:
    if not isinstance(data, dict):
        raise DraftFormatError("not a valid draft: bad attendee")
    return Attendee(
        name=_opt_str(data.get("name")),
        roles=_codings_from(data.get("roles", [])),
        relations=_codings_from(data.get("relations", [])),
        reference=_opt_str(data.get("reference")),
    )


def _date_from(value: object) -> ClinicalDate | None:
    text = _opt_str(value)
    return ClinicalDate.parse(text) if text is not None else None


def _moment_from(value: object) -> datetime:
    if not isinstance(value, str):
        raise DraftFormatError("not a valid draft: bad timestamp")
    return _aware(datetime.fromisoformat(value))


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise DraftFormatError("not a valid draft: list expected")
    return value


def _draft_from_json(data: object) -> Draft:
    if not isinstance(data, dict):
        raise DraftFormatError("not a valid draft: not an object")
    if data.get("format") != DRAFT_FORMAT:
        raise DraftFormatError(f"unsupported draft format {data.get('format')!r}")
    conv = data["conversation"]
    if not isinstance(conv, dict):
        raise DraftFormatError("not a valid draft: bad conversation")
    contact = conv.get("contactClass")
    conversation = ConversationFields(
        date=_date_from(conv.get("date")),
        professional=_professional_from(conv.get("professional")),
        patient_present=bool(conv.get("patientPresent", True)),
        attendees=tuple(_attendee_from(a) for a in _list(conv.get("attendees", []))),
        contact_class=_coding_from(contact),
        comment=_opt_str(conv.get("comment")),
        organization=_opt_str(conv.get("organization")),
    )
    baseline: dict[ItemKey, BaselineValue] = {}
    for entry in _list(data.get("baseline", [])):
        key = _key_from(entry["key"])
        baseline[key] = BaselineValue(
            key=key,
            answers=tuple(_answer_from(a) for a in _list(entry["answers"])),
            source=str(entry["source"]),
            recorded=_date_from(entry.get("recorded")),
            professional=_opt_str(entry.get("professional")),
            ended=bool(entry.get("ended", False)),
            conflict=bool(entry.get("conflict", False)),
            proposed=bool(entry.get("proposed", False)),
        )
    fp = data.get("fingerprint") or {}
    if not isinstance(fp, dict):
        raise DraftFormatError("not a valid draft: bad fingerprint")
    stamps = tuple(
        RecordStamp(
            kind=str(s["kind"]),
            source=str(s["source"]),
            reference=str(s["reference"]),
            version=_opt_str(s.get("version")),
            last_updated=_opt_str(s.get("lastUpdated")),
            keys=tuple(str(k) for k in _list(s.get("keys", []))),
            conversation=_opt_str(s.get("conversation")),
        )
        for s in _list(fp.get("stamps", []))
    )
    fingerprint = SourceFingerprint(stamps, tuple(str(s) for s in _list(fp.get("sources", []))))
    tracked = data.get("trackedVersions") or {}
    if not isinstance(tracked, dict):
        raise DraftFormatError("not a valid draft: bad tracked versions")
    edited: dict[ItemKey, tuple[Answer, ...]] = {}
    for entry in _list(data.get("edited", [])):
        edited[_key_from(entry["key"])] = tuple(_answer_from(a) for a in _list(entry["answers"]))
    attempts = data.get("pushAttempts", 0)
    if not isinstance(attempts, int):
        raise DraftFormatError("not a valid draft: bad push attempts")
    identifier = str(data["identifier"])
    uuid.UUID(identifier)  # ValueError for anything that is not a UUID
    return Draft(
        identifier=identifier,
        patient_reference=str(data["patientReference"]),
        source=str(data["source"]),
        user=str(data["user"]),
        created=_moment_from(data["created"]),
        updated=_moment_from(data["updated"]),
        conversation=conversation,
        baseline=baseline,
        fingerprint=fingerprint,
        tracked_versions={str(k): str(v) for k, v in tracked.items()},
        edited=edited,
        push_attempts=attempts,
    )
