"""The editor's model: one :class:`~pzp_desktop.domain.editing.Draft` and its rule report.

The views of the editor (conversation form, sections, warnings, save bar) receive this model
and never touch the draft directly. Every edit goes through a method here, which updates the
draft, runs :func:`~pzp_desktop.domain.editing.check_draft` (about a millisecond) and emits
``draft_changed``. The GUI thread owns the draft; workers get :meth:`Draft.copy`.

Signals (past tense, house style):

* ``draft_changed`` — any edit; views update markers, enabled states and findings;
* ``answers_reset(keys)`` — values changed *under* the widgets (revert, rebase, a restored
  draft): the widgets of those items read their values again;
* ``conversation_reset`` — the conversation fields were replaced under the widgets;
* ``item_added(key)`` / ``item_removed(key)`` — a new "other treatment limit" (4g) row
  appeared or a new one was reverted away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QObject, Signal

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.editing import (
    BaselineValue,
    Draft,
    Finding,
    RuleReport,
    check_draft,
)
from pzp_desktop.domain.items import Answer, AnswerValue, Attendee, ItemId, ItemKey, Professional
from pzp_desktop.sources.patient_data import PatientData
from pzp_desktop.sources.push import rebase_draft

__all__ = ["EditorModel"]


class EditorModel(QObject):
    """One draft being edited (see the module docstring)."""

    draft_changed = Signal()
    answers_reset = Signal(object)  # list[ItemKey]
    conversation_reset = Signal()
    item_added = Signal(object)  # ItemKey
    item_removed = Signal(object)  # ItemKey

    def __init__(self, draft: Draft, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self._enabled: frozenset[str] = frozenset()
        self._report = RuleReport(())
        #: Items whose prefill changed in the last rebase (shown as "bijgewerkt").
        self.refreshed: frozenset[ItemKey] = frozenset()
        self._update()

    # -- reading -------------------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return self._draft

    @property
    def report(self) -> RuleReport:
        return self._report

    @property
    def enabled(self) -> frozenset[str]:
        """The linkIds the form enables for the current answers (enableWhen)."""
        return self._enabled

    def answers(self, key: ItemKey) -> tuple[Answer, ...]:
        return self._draft.answers(key)

    def prefilled(self, key: ItemKey) -> tuple[Answer, ...]:
        return self._draft.prefilled(key)

    def baseline(self, key: ItemKey) -> BaselineValue | None:
        return self._draft.baseline.get(key)

    def is_touched(self, key: ItemKey) -> bool:
        return key in self._draft.edited

    def is_changed(self, key: ItemKey) -> bool:
        return self._draft.is_changed(key, self._enabled)

    def changed_keys(self) -> list[ItemKey]:
        return self._draft.changed_keys()

    def findings_for(self, key: ItemKey) -> list[Finding]:
        return self._report.for_key(key)

    def other_limit_keys(self) -> list[ItemKey]:
        """Every "other treatment limit" (4g) known: prefilled or added, in form order."""
        return [k for k in self._draft.item_keys() if k.item is ItemId.OTHER_LIMIT]

    # -- editing -------------------------------------------------------------------------------

    def set_question(
        self, key: ItemKey, link_id: str, value: AnswerValue | None, repeat: int = 0
    ) -> None:
        """Set (``None``: clear) one question's answer of ``key``, keeping the others."""
        current = self._draft.answers(key)
        same = [a for a in current if a.link_id == link_id and a.repeat == repeat]
        if value is None and not same and key not in self._draft.edited:
            return  # clearing what is not there: not an edit
        if len(same) == 1 and same[0].value == value and key in self._draft.edited:
            return
        self._draft.set_answer(key, link_id, value, repeat)
        self._update()

    def set_questions(
        self, key: ItemKey, link_ids: Iterable[str], answers: Sequence[Answer]
    ) -> None:
        """Replace every answer of ``key`` to the questions ``link_ids`` by ``answers``
        (repeating groups and repeating questions), keeping the item's other answers."""
        wanted = set(link_ids)
        kept = [a for a in self._draft.answers(key) if a.link_id not in wanted]
        new = [*kept, *answers]
        if key not in self._draft.edited and _same(new, self._draft.answers(key)):
            return
        self._draft.set_answers(key, new)
        self._update()

    def revert(self, key: ItemKey) -> None:
        """Undo every edit of ``key`` ("Herstel")."""
        self._draft.revert(key)
        self._update()
        if key.item is ItemId.OTHER_LIMIT and key not in self._draft.baseline:
            self.item_removed.emit(key)
        else:
            self.answers_reset.emit([key])

    def add_other_limit(self, name: str) -> ItemKey:
        """A new "other treatment limit" (4g); ``ValueError`` for an empty name."""
        existing = set(self.other_limit_keys())
        key = self._draft.add_other_limit(name)
        self._update()
        if key not in existing:
            self.item_added.emit(key)
        else:
            self.answers_reset.emit([key])
        return key

    def update_conversation(
        self,
        *,
        date: ClinicalDate | object | None = ...,
        professional: Professional | object | None = ...,
        patient_present: bool | object = ...,
        attendees: Sequence[Attendee] | object = ...,
        contact_class: Coding | object | None = ...,
        comment: str | object | None = ...,
    ) -> None:
        """Change some conversation fields (``...``: leave as it is)."""
        changes = {
            name: value
            for name, value in (
                ("date", date),
                ("professional", professional),
                ("patient_present", patient_present),
                ("attendees", attendees),
                ("contact_class", contact_class),
                ("comment", comment),
            )
            if value is not ...
        }
        if not changes:
            return
        self._draft.update_conversation(**changes)  # type: ignore[arg-type]
        self._update()

    def rebase(self, fresh: PatientData) -> list[ItemKey]:
        """After the review of what changed in the sources: ``fresh`` becomes the baseline
        (edits are kept). Returns (and remembers in :attr:`refreshed`) the items whose
        prefill changed."""
        before = set(self.other_limit_keys())
        changed = rebase_draft(self._draft, fresh)
        self.refreshed = frozenset(changed)
        self._update()
        for key in self.other_limit_keys():
            if key not in before:
                self.item_added.emit(key)
        self.answers_reset.emit(list(changed))
        return changed

    def _update(self) -> None:
        self._enabled = self._draft.enabled_link_ids()
        self._report = check_draft(self._draft)
        self.draft_changed.emit()


def _same(a: Sequence[Answer], b: Sequence[Answer]) -> bool:
    return sorted(x.comparable() for x in a) == sorted(x.comparable() for x in b)
