"""Round trip of the whole domain: changes → transaction → (simulated) server → read_source.

For every item that has form items, the value read back from the method-1 resources *and*
the value read back from the QuestionnaireResponse equal the change (same value signature),
and both records of one change belong to one conversation (spec §3.2 step 5: the same
conversation recorded in both methods is one event).
"""

from __future__ import annotations

import pytest

from pzp_desktop.domain.codes import BEHANDEL_BESLUIT, NULL_FLAVOR, ROL472, SCT, Coding
from pzp_desktop.domain.form import ITEMS_WITHOUT_FORM_ITEMS
from pzp_desktop.domain.items import (
    Answer,
    ConversationRef,
    DateBasis,
    ItemId,
    ItemKey,
    OriginKind,
    RecordedItem,
    value_signature,
)
from pzp_desktop.domain.reading import SourceRecord, read_source
from pzp_desktop.domain.writing.context import ItemChange
from pzp_desktop.domain.writing.transaction import QR_ONLY_ITEMS, build_transaction
from tests.domain.transaction_support import (
    CONVERSATION_DATE,
    NOW,
    PATIENT_REF,
    PROFESSIONAL,
    SOURCE,
    SimulatedServer,
    all_changes,
    changes_by_item,
    conversation,
    existing_resources,
    patient,
    validate,
)

FORM_ITEMS = [i for i in ItemId if i not in ITEMS_WITHOUT_FORM_ITEMS]
# Master data: no link to a conversation in method 1 (spec §4: Patient, RelatedPerson).
MASTER_DATA = frozenset(
    {ItemId.LEGAL_CAPACITY, ItemId.LEGAL_REPRESENTATIVE, ItemId.FIRST_CONTACT_PERSON}
)


class RoundTrip:
    def __init__(self) -> None:
        self.server = SimulatedServer(existing_resources())
        self.bundle = build_transaction(
            PATIENT_REF, conversation(), all_changes(), current_patient=patient(), now=NOW
        )
        self.mapping = self.server.transact(self.bundle)
        self.record: SourceRecord = read_source(SOURCE, self.server.all_versions(), PATIENT_REF)
        self.conversation_ref = ConversationRef(
            SOURCE, self.mapping[self.bundle["entry"][0]["fullUrl"]]
        )

    def written_by_us(self, item_id: ItemId, kind: OriginKind) -> list[RecordedItem]:
        """The records of ``item_id`` that this transaction wrote (not the Patient's
        earlier version)."""
        stored = set(self.mapping.values()) | {PATIENT_REF}
        return [
            i
            for i in self.record.items
            if i.key.item is item_id
            and i.origin.kind is kind
            and i.origin.reference in stored
            and not (i.origin.reference == PATIENT_REF and i.origin.version == "3")
        ]


@pytest.fixture(scope="module")
def trip() -> RoundTrip:
    return RoundTrip()


def test_the_change_set_covers_every_form_item() -> None:
    assert set(changes_by_item()) == set(FORM_ITEMS)


def test_nothing_is_a_problem(trip: RoundTrip) -> None:
    assert trip.record.problems == []


def test_one_conversation_with_its_questionnaire_response(trip: RoundTrip) -> None:
    (conversation,) = trip.record.conversations
    assert conversation.ref == trip.conversation_ref
    assert conversation.date is not None
    assert conversation.date.raw == CONVERSATION_DATE
    assert conversation.professional is not None
    assert conversation.professional.same_person(PROFESSIONAL)
    assert conversation.patient_present is True
    (qr_key,) = conversation.questionnaire_responses
    assert qr_key.startswith("QuestionnaireResponse/")
    assert conversation.notes == ()


@pytest.mark.parametrize("item_id", FORM_ITEMS, ids=lambda i: i.value)
def test_the_questionnaire_response_gives_the_change_back(trip: RoundTrip, item_id: ItemId) -> None:
    change = changes_by_item()[item_id]
    (found,) = trip.written_by_us(item_id, OriginKind.QUESTIONNAIRE_RESPONSE)
    assert found.key == change.key
    assert found.signature == value_signature(change.answers)
    assert found.conversation == trip.conversation_ref
    assert found.date_basis is DateBasis.CONVERSATION
    assert found.recorded is not None
    assert found.recorded.raw == CONVERSATION_DATE


@pytest.mark.parametrize(
    "item_id", [i for i in FORM_ITEMS if i not in QR_ONLY_ITEMS], ids=lambda i: i.value
)
def test_the_resources_give_the_change_back(trip: RoundTrip, item_id: ItemId) -> None:
    change = changes_by_item()[item_id]
    (found,) = trip.written_by_us(item_id, OriginKind.RESOURCE)
    assert found.key == change.key
    assert found.signature == value_signature(change.answers)


@pytest.mark.parametrize(
    "item_id",
    [i for i in FORM_ITEMS if i not in QR_ONLY_ITEMS | MASTER_DATA],
    ids=lambda i: i.value,
)
def test_both_records_of_a_change_share_one_conversation(trip: RoundTrip, item_id: ItemId) -> None:
    (from_resource,) = trip.written_by_us(item_id, OriginKind.RESOURCE)
    (from_form,) = trip.written_by_us(item_id, OriginKind.QUESTIONNAIRE_RESPONSE)
    assert from_resource.conversation == from_form.conversation == trip.conversation_ref
    assert from_resource.same_value(from_form)


def test_qr_only_items_have_no_resource(trip: RoundTrip) -> None:
    for item_id in QR_ONLY_ITEMS:
        assert trip.written_by_us(item_id, OriginKind.RESOURCE) == []


# --- values at the edges of what method 1 can hold --------------------------------------------


def edge_changes() -> list[ItemChange]:
    def change(item: ItemId, *answers: Answer, qualifier: str = "") -> ItemChange:
        return ItemChange(ItemKey(item, qualifier), answers)

    return [
        change(
            ItemId.LEGAL_REPRESENTATIVE,
            Answer("975", "Wit"),
            Answer("982", Coding(ROL472, "24"), 0),
            Answer("982", Coding(ROL472, "09"), 1),
            Answer("411", "Zaakwaarnemer"),
            Answer("983", Coding(NULL_FLAVOR, "OTH")),
            Answer("408", "Buurvrouw"),
            Answer("984", Coding(None, "1")),
        ),
        # 225353007 is written as 713148004 in the Goal and read back as 225353007.
        change(ItemId.TREATMENT_GOAL, Answer("999", Coding(SCT, "225353007"))),
        change(
            ItemId.RESUSCITATION,
            Answer("1386", Coding(BEHANDEL_BESLUIT, "1")),
            Answer("1001", "Alleen bij een reversibele oorzaak"),
            Answer("1002", "Besproken"),
        ),
        change(ItemId.ICU_ADMISSION, Answer("1390", Coding(NULL_FLAVOR, "UNK"))),
        change(ItemId.OTHER_LIMIT, Answer("1402", Coding(BEHANDEL_BESLUIT, "2"))),
        change(ItemId.PLACE_OF_DEATH, Answer("1191", Coding(NULL_FLAVOR, "UNK"))),
        # "Nee" has no method-1 representation (spec §7 item 10): only in the form.
        change(ItemId.ICD, Answer("1006", Coding(SCT, "373067005"))),
        change(ItemId.INFORMED_RELATIVES, Answer("1200", Coding(None, "0"))),
    ]


@pytest.fixture(scope="module")
def edge_record() -> tuple[SourceRecord, set[str]]:
    server = SimulatedServer(existing_resources())
    bundle = build_transaction(
        PATIENT_REF, conversation(), edge_changes(), current_patient=patient(), now=NOW
    )
    for entry in bundle["entry"]:
        validate(entry["resource"])
    mapping = server.transact(bundle)
    return read_source(SOURCE, server.all_versions(), PATIENT_REF), set(mapping.values())


@pytest.mark.parametrize("change", edge_changes(), ids=lambda c: str(c.key) or "other")
def test_edge_values_come_back(
    edge_record: tuple[SourceRecord, set[str]], change: ItemChange
) -> None:
    record, written = edge_record
    found = [i for i in record.items if i.key == change.key and i.origin.reference in written]
    kinds = sorted(i.origin.kind.value for i in found)
    if change.key.item in (ItemId.ICD, ItemId.INFORMED_RELATIVES):
        assert kinds == [OriginKind.QUESTIONNAIRE_RESPONSE.value]
    else:
        assert kinds == sorted([OriginKind.QUESTIONNAIRE_RESPONSE.value, OriginKind.RESOURCE.value])
    for item in found:
        assert item.signature == value_signature(change.answers), item.origin
