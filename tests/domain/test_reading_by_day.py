"""Records without a conversation link are matched to the conversation of the same day
through an index by local day: several conversations on one day, many days, a date that a
QuestionnaireResponse fills in, dates known only to the year."""

from __future__ import annotations

from datetime import date, timedelta

from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.items import Conversation, ConversationRef, Professional
from pzp_desktop.domain.reading.communication import read_communication
from tests.domain.agreements_support import (
    DE_VRIES,
    OTHER_ROLE_REF,
    VAN_HUISSEN,
    conversation,
    encounter,
    make_context,
)
from tests.domain.test_map_goal_device_communication import communication
from tests.domain.test_questionnaire_response import (
    GP,
    SOURCE,
    encounter_conversation,
    ig_style_response,
    read,
)

BERG = Professional(name="J. van der Berg", function=GP, reference="PractitionerRole/r1")
OTHER = Professional(name="A. de Vries", reference="PractitionerRole/r2")


def days_of_conversations(count: int) -> list[tuple[dict[str, object], Conversation]]:
    """``count`` conversations by van der Berg on consecutive days from 2020-09-01."""
    first = date(2020, 9, 1)
    return [
        encounter_conversation(f"d{n}", (first + timedelta(days=n)).isoformat(), BERG)
        for n in range(count)
    ]


def test_a_response_finds_its_conversation_among_many_days_and_several_on_its_day() -> None:
    many = days_of_conversations(60)  # 2020-09-01 … 2020-10-30, one a day
    other_gp_resource, other_gp = encounter_conversation("x1", "2020-10-01T09:00:00+02:00", OTHER)
    second_resource, second = encounter_conversation("x2", "2020-10-01T18:00:00+02:00", BERG)
    resources = [r for r, _ in many] + [other_gp_resource, second_resource]
    conversations = (other_gp, *(c for _, c in many), second)
    found, items, _ = read(*resources, ig_style_response(), conversations=conversations)
    by_ref = {c.ref.reference: c for c in found}
    # 2020-10-01 holds three: van der Berg's of the day (d30, first in order), another
    # professional's, and a second one of van der Berg: the first is taken, and flagged.
    matched = [c for c in found if c.questionnaire_responses]
    assert [c.ref.reference for c in matched] == ["Encounter/d30"]
    assert {i.conversation for i in items} == {ConversationRef(SOURCE, "Encounter/d30")}
    assert "ambiguous-conversation-match" in by_ref["Encounter/d30"].notes
    assert by_ref["Encounter/x1"].questionnaire_responses == ()
    assert by_ref["Encounter/x2"].questionnaire_responses == ()
    assert len(found) == 62


def test_a_date_filled_in_by_one_response_is_found_by_the_next() -> None:
    """The Encounter has no date; the first response (linked to it) gives it one, and the
    second response (not linked) is matched on that day."""
    resource = {"resourceType": "Encounter", "id": "e1", "status": "finished"}
    undated = Conversation(
        ref=ConversationRef(SOURCE, "Encounter/e1"),
        date=None,
        professional=BERG,
        encounter="Encounter/e1",
    )
    linked = ig_style_response("one")
    linked["encounter"] = {"reference": "Encounter/e1"}
    unlinked = ig_style_response("two")
    found, _, _ = read(resource, linked, unlinked, conversations=(undated,))
    (enriched,) = found
    assert enriched.date == ClinicalDate.parse("2020-10-01T16:27:36.364Z")
    assert enriched.questionnaire_responses == (
        "QuestionnaireResponse/one",
        "QuestionnaireResponse/two",
    )


def test_a_response_on_another_day_finds_nothing() -> None:
    many = days_of_conversations(20)  # 2020-09-01 … 2020-09-20
    found, _, _ = read(
        *(r for r, _ in many), ig_style_response(), conversations=tuple(c for _, c in many)
    )
    assert len(found) == 21  # the response is a conversation of its own
    assert not any(c.questionnaire_responses for _, c in many)


def test_communication_among_many_conversations_and_a_year_only_one() -> None:
    dated = [
        conversation(f"c{n}", f"2020-10-{n:02d}T10:00:00+02:00", VAN_HUISSEN) for n in range(2, 29)
    ]
    on_the_day = conversation("de-vries", "2020-10-01T15:00:00+02:00", DE_VRIES)
    year_only = conversation("year", "2020", DE_VRIES)
    resource = communication(sender={"reference": OTHER_ROLE_REF}, sent="2020-10-01T16:10:00+02:00")
    ctx = make_context(
        [encounter("de-vries", "2020-10-01T15:00:00+02:00"), resource],
        [*dated, on_the_day],
    )
    (item,) = read_communication(resource, ctx)
    assert item.conversation is not None
    assert item.conversation.reference == "Encounter/de-vries"

    # A conversation known only by its year is on "the same day" at that precision too.
    ctx = make_context(
        [encounter("de-vries", "2020-10-01T15:00:00+02:00"), resource],
        [*dated, on_the_day, year_only],
    )
    (item,) = read_communication(resource, ctx)
    assert item.conversation is None
    assert "conversation-ambiguous" in item.notes

    # And a Communication sent in a month only matches that month's conversations.
    month = communication(sender={"reference": OTHER_ROLE_REF}, sent="2020-10")
    ctx = make_context([encounter("de-vries", "2020-10-01T15:00:00+02:00"), month], [on_the_day])
    (item,) = read_communication(month, ctx)
    assert item.conversation is not None
    assert item.conversation.reference == "Encounter/de-vries"
