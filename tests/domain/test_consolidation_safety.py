"""Latest-value safety rules: proposals, records that cannot be ordered, resource versions."""

from __future__ import annotations

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, Coding
from pzp_desktop.domain.items import Answer, OriginKind, RecordStatus
from tests.domain.test_consolidation import DENY, PERMIT, only, rec


def test_a_newer_proposal_never_outranks_an_active_agreement() -> None:
    active = rec(DENY, ref="Consent/1", recorded="2024-01-10")
    proposal = rec(PERMIT, ref="Consent/2", recorded="2024-03-01", status=RecordStatus.PROPOSED)
    item = only([proposal, active])
    assert item.current is active
    assert proposal in item.older  # still shown


def test_only_a_proposal_is_shown_as_a_proposal() -> None:
    proposal = rec(PERMIT, recorded="2024-03-01", status=RecordStatus.PROPOSED)
    assert only([proposal]).current.status is RecordStatus.PROPOSED


def test_a_year_only_date_cannot_be_ordered_against_a_day_of_that_year() -> None:
    year = rec(DENY, source="B", ref="Consent/1", recorded="2024", professional=None)
    day = rec(PERMIT, source="A", ref="Consent/2", recorded="2024-01-02", professional=None)
    item = only([year, day])
    assert item.conflicts == (year,)


def test_midnight_is_compared_on_the_amsterdam_day() -> None:
    date_only = rec(DENY, source="B", ref="Consent/1", recorded="2024-01-11", professional=None)
    timed = rec(PERMIT, source="A", ref="Consent/2", recorded="2024-01-10T23:30:00Z")
    assert only([date_only, timed]).conflicts == (date_only,)


def test_different_days_are_ordered() -> None:
    older = rec(DENY, source="B", ref="Consent/1", recorded="2024-01-09", professional=None)
    newer = rec(PERMIT, source="A", ref="Consent/2", recorded="2024-01-10T10:00:00+01:00")
    item = only([older, newer])
    assert item.current is newer
    assert not item.conflicts


def test_the_same_conversation_with_two_values_is_a_conflict() -> None:
    consent = rec(DENY, recorded="2024-01-05", conversation="Encounter/e1")
    form = rec(
        PERMIT,
        kind=OriginKind.QUESTIONNAIRE_RESPONSE,
        ref="QuestionnaireResponse/q1",
        recorded="2024-01-10",
        conversation="Encounter/e1",
    )
    item = only([consent, form])
    assert item.current is form
    assert item.conflicts == (consent,)


def test_the_same_value_on_the_same_day_is_no_conflict() -> None:
    a = rec(DENY, source="A", ref="Consent/1", recorded="2024-01-10", professional=None)
    b = rec(DENY, source="B", ref="Consent/2", recorded="2024-01-10T10:00", professional=None)
    assert not only([a, b]).conflicts


def test_a_withdrawn_newest_version_withdraws_the_older_versions() -> None:
    v1 = rec(DENY, version="1", recorded="2024-01-10")
    v2 = rec(DENY, version="2", recorded="2024-01-10", status=RecordStatus.ERROR)
    other = rec(PERMIT, ref="Consent/9", recorded="2023-05-01")
    assert only([v1, v2, other]).current is other


def test_the_newest_version_is_current_whatever_its_date() -> None:
    v1 = rec(PERMIT, version="1", recorded="2024-03-01", updated="2024-03-01T10:00:00Z")
    v2 = rec(DENY, version="2", recorded="2024-02-01", updated="2024-03-02T10:00:00Z")
    item = only([v1, v2])
    assert item.current is v2
    assert v1 in item.older  # history, never current


def test_an_ended_newest_version_ends_the_agreement() -> None:
    v1 = rec(DENY, version="1", recorded="2024-03-01")
    v2 = rec(DENY, version="2", recorded="2024-02-01", status=RecordStatus.ENDED)
    item = only([v1, v2])
    assert item.current is v2
    assert item.ended


def test_other_unknown_from_the_form_is_the_unknown_of_its_consent() -> None:
    # Spec §3.1 (lossy): "Anders" + "onbekend" is written as a Consent that reads back as UNK.
    form = rec(
        (
            Answer("1386", Coding(BEHANDEL_BESLUIT, "1", "Anders")),
            Answer("1001", "Onbekend."),
        ),
        kind=OriginKind.QUESTIONNAIRE_RESPONSE,
        ref="QuestionnaireResponse/q1",
        conversation="Encounter/e1",
    )
    consent = rec(
        (Answer("1386", Coding(NULL_FLAVOR, "UNK", "Onbekend")),), conversation="Encounter/e1"
    )
    item = only([form, consent])
    assert {id(item.current), *map(id, item.same_event)} == {id(form), id(consent)}
    assert not item.older_differs
    assert not item.conflicts


def test_other_with_a_real_specification_is_not_unknown() -> None:
    form = rec(
        (
            Answer("1386", Coding(BEHANDEL_BESLUIT, "1", "Anders")),
            Answer("1001", "alleen bij reversibele oorzaak"),
        ),
        kind=OriginKind.QUESTIONNAIRE_RESPONSE,
        ref="QuestionnaireResponse/q1",
        conversation="Encounter/e1",
    )
    consent = rec(
        (Answer("1386", Coding(NULL_FLAVOR, "UNK", "Onbekend")),), conversation="Encounter/e1"
    )
    item = only([form, consent])
    assert item.conflicts  # one conversation, two values


def test_a_conflicting_event_is_reported_once() -> None:
    current = rec(DENY, source="A", ref="Consent/1", recorded="2024-01-10T10:00:00+01:00")
    twin_resource = rec(
        PERMIT, source="B", ref="Consent/2", recorded="2024-01-10", conversation="Encounter/e2"
    )
    twin_form = rec(
        PERMIT,
        source="B",
        kind=OriginKind.QUESTIONNAIRE_RESPONSE,
        ref="QuestionnaireResponse/q2",
        recorded="2024-01-10T10:00:00+01:00",
        conversation="Encounter/e2",
    )
    item = only([current, twin_resource, twin_form])
    assert item.current is current
    assert len(item.conflicts) == 1
    assert item.conflicts[0] in (twin_resource, twin_form)


def test_a_version_that_became_a_proposal_does_not_bring_the_old_agreement_back() -> None:
    v1 = rec(DENY, version="1", recorded="2024-01-10")
    v2 = rec(PERMIT, version="2", recorded="2024-01-05", status=RecordStatus.PROPOSED)
    item = only([v1, v2])
    assert item.current is v2  # the resource's state: a proposal, shown as not in force
    assert item.current.status is RecordStatus.PROPOSED
