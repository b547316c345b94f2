"""Double registration ("dubbel vastleggen", product brief §5): the four warnings before saving.

The GUI calls :func:`check_double_registration` when the clinician presses *Opslaan*, with
the patient's data **freshly fetched** from the sources (not what was loaded when the editor
opened), shows every warning with who, when and where, and:

* when :attr:`DoubleRegistrationReport.review_required` is true (warning 4: a source
  changed), shows :attr:`DoubleRegistrationReport.source_changes` and saves only after the
  clinician confirmed the review; then it calls :meth:`Draft.rebase` with the fresh data
  (the new baseline), which also updates the versions a push uses for ``If-Match``;
* otherwise lets the clinician save after reading the warnings (they do not block).

The warnings:

1. ``SAME_VALUE_RECENTLY`` — a changed item's new value is already recorded, in any source,
   within :attr:`DoubleRegistrationSettings.recent_days` (default 30) of the conversation
   date. Only current records count (an ended or withdrawn record is not a registration of
   the value); values are compared on the form's answers (system + code, normalised text).
   One warning per item, source and conversation (a record stored as resources and as a
   QuestionnaireResponse is one registration).
2. ``SAME_DAY_CONVERSATION`` — a PZP conversation on the same (Amsterdam) calendar day by the
   same professional (same PractitionerRole reference, else the same name) exists in any
   source.
3. ``NATIVE_REGISTRATION`` — the launching system records PZP itself (an installation
   setting, :attr:`DoubleRegistrationSettings.native_pzp_system`): recording here duplicates
   the registration there.
4. ``SOURCE_CHANGED`` — the sources changed since the editor loaded them: a new
   conversation, a new record, a newer version of a record, or a record that is gone.
   :func:`detect_source_changes` lists exactly what changed; sources that did not answer
   this time are listed as not checked (they do not require a review: nothing is known).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from pzp_desktop.domain.dates import AMSTERDAM, ClinicalDate
from pzp_desktop.domain.display import display_value
from pzp_desktop.domain.editing.draft import (
    Draft,
    LoadedPatient,
    RecordStamp,
    SourceFingerprint,
    fingerprint_of,
)
from pzp_desktop.domain.editing.rules import item_text
from pzp_desktop.domain.items import (
    Answer,
    Conversation,
    ItemId,
    ItemKey,
    Origin,
    OriginKind,
    RecordedItem,
    RecordStatus,
    value_signature,
)
from pzp_desktop.domain.messages import Message, Text, joined
from pzp_desktop.domain.writing.questionnaire_response import is_method1_only_field

__all__ = [
    "DEFAULT_RECENT_DAYS",
    "ChangeKind",
    "DoubleRegistrationReport",
    "DoubleRegistrationSettings",
    "DoubleRegistrationWarning",
    "SourceChange",
    "SourceChanges",
    "WarningKind",
    "check_double_registration",
    "detect_source_changes",
    "native_registration",
    "same_day_conversations",
    "same_value_recently",
]

DEFAULT_RECENT_DAYS = 30


@dataclass(frozen=True, slots=True)
class DoubleRegistrationSettings:
    """Installation settings: how recent counts as "recent" (warning 1) and whether the
    launching system records PZP itself (warning 3; its name, e.g. "HiX", else ``None``)."""

    recent_days: int = DEFAULT_RECENT_DAYS
    native_pzp_system: str | None = None


class WarningKind(Enum):
    SAME_VALUE_RECENTLY = "same-value-recently"
    SAME_DAY_CONVERSATION = "same-day-conversation"
    NATIVE_REGISTRATION = "native-registration"
    SOURCE_CHANGED = "source-changed"


@dataclass(frozen=True, slots=True)
class DoubleRegistrationWarning:
    """One warning, with who (professional), when (date) and where (source or system).

    ``message`` is the sentence to show (a :class:`~pzp_desktop.domain.messages.Text`: Dutch
    as a string, English through ``render("en")``); the other fields let the GUI lay it out.
    ``reference`` points at the record or conversation concerned (``Consent/12``).
    """

    kind: WarningKind
    message: str
    key: ItemKey | None = None
    who: str | None = None
    when: ClinicalDate | None = None
    where: str | None = None
    reference: str | None = None


class ChangeKind(Enum):
    NEW_CONVERSATION = "new-conversation"
    NEW_RECORD = "new-record"
    NEWER_VERSION = "newer-version"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class SourceChange:
    """One thing that changed in a source since the editor loaded it."""

    kind: ChangeKind
    source: str
    reference: str
    message: str
    keys: tuple[ItemKey, ...] = ()
    who: str | None = None
    when: ClinicalDate | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class SourceChanges:
    changes: tuple[SourceChange, ...] = ()
    # Sources of the baseline that did not answer now: changes there are unknown.
    unchecked_sources: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def item_keys(self) -> set[ItemKey]:
        """Every item touched by a change (the GUI highlights them in the review)."""
        return {key for change in self.changes for key in change.keys}


@dataclass(frozen=True, slots=True)
class DoubleRegistrationReport:
    warnings: tuple[DoubleRegistrationWarning, ...]
    source_changes: SourceChanges

    @property
    def review_required(self) -> bool:
        """The sources changed: the GUI must show the changes and get them confirmed
        (then :meth:`Draft.rebase`) before saving."""
        return self.source_changes.changed

    def of_kind(self, kind: WarningKind) -> list[DoubleRegistrationWarning]:
        return [w for w in self.warnings if w.kind is kind]


# ---------------------------------------------------------------------------------------------
# 1. The same value recently


def _form_signature(answers: Iterable[Answer]) -> tuple[tuple[str, int, str, str], ...]:
    """The value as the form holds it (fields only the resources carry are left out, so a
    resource and a QuestionnaireResponse of the same value compare equal)."""
    return value_signature(tuple(a for a in answers if not is_method1_only_field(a.link_id)))


def _reference_moment(draft: Draft, now: datetime | None) -> datetime:
    if draft.conversation.date is not None:
        return draft.conversation.date.instant
    return (now or datetime.now(AMSTERDAM)).astimezone(AMSTERDAM)


_UNKNOWN_PROFESSIONAL = Message("common.unknown-professional")


def _who(item: RecordedItem) -> str:
    return item.professional.display() if item.professional else _UNKNOWN_PROFESSIONAL


def _shown(key: ItemKey, answers: tuple[Answer, ...]) -> Text:
    probe = RecordedItem(key, answers, "", Origin(OriginKind.RESOURCE, ""))
    return Text(display_value(probe, "nl"), display_value(probe, "en"))


def same_value_recently(
    draft: Draft,
    items: Iterable[RecordedItem],
    *,
    days: int = DEFAULT_RECENT_DAYS,
    now: datetime | None = None,
) -> list[DoubleRegistrationWarning]:
    """Warning 1 for every changed item (see the module docstring)."""
    changes = draft.changes()
    if not changes:
        return []
    wanted = {change.key: _form_signature(change.answers) for change in changes}
    moment = _reference_moment(draft, now)
    window = timedelta(days=days)
    found: dict[tuple[ItemKey, str, object], RecordedItem] = {}
    for item in items:
        signature = wanted.get(item.key)
        if signature is None or item.status is not RecordStatus.CURRENT:
            continue
        if item.recorded is None or abs(item.recorded.instant - moment) > window:
            continue
        if _form_signature(item.answers) != signature:
            continue
        event: object = (
            item.conversation
            if item.conversation is not None
            else (item.recorded.local_day, _who(item))
        )
        ident = (item.key, item.source, event)
        best = found.get(ident)
        if best is None or item.origin.kind is OriginKind.RESOURCE:
            found[ident] = item
    warnings = []
    for item in sorted(
        found.values(),
        key=lambda i: (_order(i.key), -(i.recorded.instant.timestamp() if i.recorded else 0)),
    ):
        assert item.recorded is not None
        change_answers = next(c.answers for c in changes if c.key == item.key)
        warnings.append(
            DoubleRegistrationWarning(
                WarningKind.SAME_VALUE_RECENTLY,
                Message(
                    "dr.same-value-recently",
                    item=item_text(item.key),
                    value=_shown(item.key, change_answers),
                    date=item.recorded.display_date(),
                    who=_who(item),
                    source=item.source,
                ),
                key=item.key,
                who=_who(item),
                when=item.recorded,
                where=item.source,
                reference=item.origin.reference,
            )
        )
    return warnings


def _order(key: ItemKey) -> tuple[int, str]:
    return (list(ItemId).index(key.item), key.qualifier)


# ---------------------------------------------------------------------------------------------
# 2. A conversation on the same day by the same professional


def same_day_conversations(
    draft: Draft, conversations: Iterable[Conversation]
) -> list[DoubleRegistrationWarning]:
    """Warning 2 (see the module docstring)."""
    fields = draft.conversation
    if fields.date is None or fields.professional is None:
        return []
    day = fields.date.local_day
    warnings = []
    for conversation in conversations:
        if conversation.status is RecordStatus.ERROR or conversation.date is None:
            continue
        if conversation.date.local_day != day or conversation.professional is None:
            continue
        if not conversation.professional.same_person(fields.professional):
            continue
        who = conversation.professional.display()
        warnings.append(
            DoubleRegistrationWarning(
                WarningKind.SAME_DAY_CONVERSATION,
                Message(
                    "dr.same-day-conversation",
                    date=conversation.date.display_date(),
                    who=who,
                    source=conversation.source,
                ),
                who=who,
                when=conversation.date,
                where=conversation.source,
                reference=conversation.ref.reference,
            )
        )
    return warnings


# ---------------------------------------------------------------------------------------------
# 3. The launching system records PZP itself


def native_registration(settings: DoubleRegistrationSettings) -> list[DoubleRegistrationWarning]:
    """Warning 3 (see the module docstring)."""
    system = settings.native_pzp_system
    if not system:
        return []
    return [
        DoubleRegistrationWarning(
            WarningKind.NATIVE_REGISTRATION,
            Message("dr.native-registration", system=system),
            where=system,
        )
    ]


# ---------------------------------------------------------------------------------------------
# 4. The source changed since the editor loaded it


def _keys_of(stamp: RecordStamp) -> tuple[ItemKey, ...]:
    out = []
    for text in stamp.keys:
        item, _, qualifier = text.partition(":")
        try:
            out.append(ItemKey(ItemId(item), qualifier))
        except ValueError:
            continue
    return tuple(sorted(out, key=_order))


def _labels(keys: Sequence[ItemKey]) -> Text:
    return joined(", ", [item_text(k) for k in keys]) if keys else Message("dr.no-items")


def detect_source_changes(
    baseline: SourceFingerprint,
    items: Sequence[RecordedItem],
    conversations: Sequence[Conversation],
    answered_sources: Iterable[str],
) -> SourceChanges:
    """What changed between ``baseline`` and freshly fetched data (warning 4)."""
    answered = set(answered_sources)
    fresh = fingerprint_of(items, conversations, answered)
    old_identities = {s.identity for s in baseline.stamps}
    old_resources: dict[tuple[str, str, str], list[RecordStamp]] = {}
    for stamp in baseline.stamps:
        old_resources.setdefault(stamp.resource, []).append(stamp)
    new_resources = {s.resource for s in fresh.stamps}

    conversation_info = {(c.source, c.ref.reference): c for c in conversations}
    item_info: dict[tuple[str, str, str | None], RecordedItem] = {}
    for item in items:
        item_info.setdefault((item.source, item.origin.reference, item.origin.version), item)

    changes: list[SourceChange] = []
    new_conversations: set[tuple[str, str]] = set()
    for stamp in fresh.stamps:
        if stamp.kind != "conversation" or stamp.identity in old_identities:
            continue
        if stamp.resource in old_resources:
            continue  # the same conversation (its date text changed): its records tell more
        conversation = conversation_info.get((stamp.source, stamp.reference))
        new_conversations.add((stamp.source, stamp.reference))
        conversation_keys = sorted(
            {
                i.key
                for i in items
                if i.conversation is not None
                and i.source == stamp.source
                and i.conversation.reference == stamp.reference
            },
            key=_order,
        )
        who = (
            conversation.professional.display()
            if conversation is not None and conversation.professional
            else _UNKNOWN_PROFESSIONAL
        )
        when = conversation.date if conversation is not None else None
        conversation_text = (
            Message(
                "dr.new-conversation-on",
                date=when.display_date(),
                who=who,
                source=stamp.source,
                items=_labels(conversation_keys),
            )
            if when is not None
            else Message(
                "dr.new-conversation",
                who=who,
                source=stamp.source,
                items=_labels(conversation_keys),
            )
        )
        changes.append(
            SourceChange(
                ChangeKind.NEW_CONVERSATION,
                stamp.source,
                stamp.reference,
                conversation_text,
                keys=tuple(conversation_keys),
                who=who,
                when=when,
            )
        )

    for stamp in fresh.stamps:
        if stamp.kind != "item" or stamp.identity in old_identities:
            continue
        if (
            stamp.conversation is not None
            and (stamp.source, stamp.conversation) in new_conversations
            and stamp.resource not in old_resources
        ):
            continue  # listed with its new conversation
        keys = _keys_of(stamp)
        info = item_info.get((stamp.source, stamp.reference, stamp.version))
        who = _who(info) if info is not None else _UNKNOWN_PROFESSIONAL
        when = info.recorded if info is not None else None
        day = when.display_date() if when is not None else None
        if stamp.resource in old_resources:
            older = old_resources[stamp.resource]
            if any(_newer_or_same(o, stamp) is False for o in older):
                continue  # an older version than one already seen (history listing)
            kind = ChangeKind.NEWER_VERSION
            message = (
                Message(
                    "dr.newer-version-of",
                    items=_labels(keys),
                    date=day,
                    source=stamp.source,
                    who=who,
                )
                if day
                else Message("dr.newer-version", items=_labels(keys), source=stamp.source, who=who)
            )
        else:
            kind = ChangeKind.NEW_RECORD
            message = (
                Message(
                    "dr.new-record-on", items=_labels(keys), date=day, who=who, source=stamp.source
                )
                if day
                else Message("dr.new-record", items=_labels(keys), who=who, source=stamp.source)
            )
        changes.append(
            SourceChange(
                kind,
                stamp.source,
                stamp.reference,
                message,
                keys=keys,
                who=who,
                when=when,
                version=stamp.version,
            )
        )

    for stamp in baseline.stamps:
        if stamp.source not in answered or stamp.resource in new_resources:
            continue
        keys = _keys_of(stamp)
        what = Message("dr.conversation") if stamp.kind == "conversation" else _labels(keys)
        changes.append(
            SourceChange(
                ChangeKind.REMOVED,
                stamp.source,
                stamp.reference,
                Message("dr.removed", what=what, source=stamp.source),
                keys=keys,
                version=stamp.version,
            )
        )

    unchecked = tuple(sorted(set(baseline.sources) - answered))
    return SourceChanges(tuple(_dedupe(changes)), unchecked)


def _newer_or_same(old: RecordStamp, new: RecordStamp) -> bool | None:
    """Whether ``new`` is a later version than ``old`` (``None``: cannot tell)."""
    if old.version and new.version and old.version.isdigit() and new.version.isdigit():
        return int(new.version) >= int(old.version)
    return None


def _dedupe(changes: list[SourceChange]) -> list[SourceChange]:
    seen: set[tuple[ChangeKind, str, str, str | None]] = set()
    out = []
    for change in changes:
        ident = (change.kind, change.source, change.reference, change.version)
        if ident not in seen:
            seen.add(ident)
            out.append(change)
    return out


def _source_changed_warnings(changes: SourceChanges) -> list[DoubleRegistrationWarning]:
    warnings = [
        DoubleRegistrationWarning(
            WarningKind.SOURCE_CHANGED,
            change.message,
            key=change.keys[0] if len(change.keys) == 1 else None,
            who=change.who,
            when=change.when,
            where=change.source,
            reference=change.reference,
        )
        for change in changes.changes
    ]
    for source in changes.unchecked_sources:
        warnings.append(
            DoubleRegistrationWarning(
                WarningKind.SOURCE_CHANGED,
                Message("dr.source-unchecked", source=source),
                where=source,
            )
        )
    return warnings


# ---------------------------------------------------------------------------------------------
# All four


def check_double_registration(
    draft: Draft,
    fresh: LoadedPatient,
    settings: DoubleRegistrationSettings | None = None,
    *,
    now: datetime | None = None,
) -> DoubleRegistrationReport:
    """The four warnings for ``draft`` against freshly fetched data (module docstring)."""
    settings = settings or DoubleRegistrationSettings()
    answered = [r.source for r in fresh.records]
    changes = detect_source_changes(draft.fingerprint, fresh.items, fresh.conversations, answered)
    warnings = [
        *same_value_recently(draft, fresh.items, days=settings.recent_days, now=now),
        *same_day_conversations(draft, fresh.conversations),
        *native_registration(settings),
        *_source_changed_warnings(changes),
    ]
    return DoubleRegistrationReport(tuple(warnings), changes)
