"""The editor's core ("vastleggen", product brief §5), free of Qt and HTTP.

* :mod:`~pzp_desktop.domain.editing.draft` — :class:`Draft`, the state of one conversation
  being recorded: the conversation fields, the answers per item as edited, and the baseline
  (what was prefilled and what the sources held when the editor opened).
* :mod:`~pzp_desktop.domain.editing.rules` — the form's enableWhen rules, per-item
  validation, the minimum to save, and coherence warnings, each with a Dutch reason.
* :mod:`~pzp_desktop.domain.editing.double_registration` — the four "dubbel vastleggen"
  warnings, including "the source changed since the editor loaded it" (a review the GUI
  must get confirmed before saving).

Storing drafts (encrypted) and pushing them live in the sources layer:
:mod:`pzp_desktop.sources.drafts` and :mod:`pzp_desktop.sources.push`.

How the editor screens use it (network calls in worker threads; the GUI thread owns the
draft and hands :meth:`Draft.copy` to workers)::

    store = DraftStore()                                   # once; store.problem -> banner
    for pending in store.list_pending(user=me):            # at start: offer unsaved drafts
        ...                                                # pending.describe(), .draft

    draft = start_draft(patient_data, source=launching_source, user=me,
                        professional=from_launch_context)  # or a pending draft
    # per widget
    draft.answers(key) / draft.prefilled(key) / draft.baseline[key]   # value + who/when/where
    draft.enabled_link_ids()                               # enable/disable questions
    draft.set_answer(key, link_id, value) / draft.set_answers(key, answers) / draft.revert(key)
    draft.add_other_limit(name)                            # a new 4g row
    draft.update_conversation(date=..., attendees=..., patient_present=..., ...)
    draft.is_changed(key)                                  # mark changed items
    report = check_draft(draft)                            # inline findings; report.can_save
    store.save(draft.copy())                               # at most every 2 s while typing

    # "Opslaan"
    fresh = <fetch the patient again>
    dr = check_double_registration(draft, fresh, settings) # 4 warnings: who, when, where
    if dr.review_required:                                 # show dr.source_changes; confirm
        rebase_draft(draft, fresh)
    outcome = push_draft(draft.copy(), client, PushTarget.from_patient_data(fresh, draft.source),
                         view_only=view_only, store=store, audit_actor=actor)
    # outcome.status: SUCCESS / CONFLICT (fetch, review, rebase, retry) / REFUSED /
    # INVALID (outcome.findings) / FAILURE (draft kept; retry later)

Note: ``push_draft`` increments ``push_attempts`` on the draft it is given; when it is a
copy, copy the attempt count back (``draft.push_attempts = sent.push_attempts``) or reload
the draft from the store, so that a retry first checks whether the earlier attempt committed.
"""

from pzp_desktop.domain.editing.double_registration import (
    DEFAULT_RECENT_DAYS,
    ChangeKind,
    DoubleRegistrationReport,
    DoubleRegistrationSettings,
    DoubleRegistrationWarning,
    SourceChange,
    SourceChanges,
    WarningKind,
    check_double_registration,
    detect_source_changes,
)
from pzp_desktop.domain.editing.draft import (
    BaselineValue,
    ConversationFields,
    Draft,
    DraftFormatError,
    LoadedPatient,
    RecordStamp,
    SourceFingerprint,
    fingerprint_of,
)
from pzp_desktop.domain.editing.rules import (
    Finding,
    RuleReport,
    Severity,
    check_draft,
    coherence_findings,
    effective_answers,
    enabled_link_ids,
    is_enabled,
    validate,
)

__all__ = [
    "DEFAULT_RECENT_DAYS",
    "BaselineValue",
    "ChangeKind",
    "ConversationFields",
    "DoubleRegistrationReport",
    "DoubleRegistrationSettings",
    "DoubleRegistrationWarning",
    "Draft",
    "DraftFormatError",
    "Finding",
    "LoadedPatient",
    "RecordStamp",
    "RuleReport",
    "Severity",
    "SourceChange",
    "SourceChanges",
    "SourceFingerprint",
    "WarningKind",
    "check_double_registration",
    "check_draft",
    "coherence_findings",
    "detect_source_changes",
    "effective_answers",
    "enabled_link_ids",
    "fingerprint_of",
    "is_enabled",
    "validate",
]
