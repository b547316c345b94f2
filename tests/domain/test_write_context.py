"""In-place updates are always guarded by ``If-Match``: an update of a resource whose current
version is unknown is refused instead of being sent unguarded (a possible lost update)."""

from __future__ import annotations

import pytest

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.fhir_json import Json
from pzp_desktop.domain.items import Answer, ItemId, ItemKey
from pzp_desktop.domain.writing.context import ItemChange, UnversionedUpdateError, WriteContext
from pzp_desktop.domain.writing.transaction import build_transaction
from tests.domain.transaction_support import NOW, PATIENT_REF, conversation, patient

CAPACITY_CHANGE = ItemChange(
    ItemKey(ItemId.LEGAL_CAPACITY),
    (Answer("1406", Coding(None, "0", "Nee")), Answer("1407", "Sinds CVA")),
)


def unversioned_patient() -> Json:
    resource = patient()
    del resource["meta"]["versionId"]
    return resource


def test_an_update_is_guarded_by_the_version_it_is_based_on() -> None:
    ctx = WriteContext(PATIENT_REF, conversation())
    ctx.add_update(patient(), "3")
    assert ctx.entries[0]["request"] == {
        "method": "PUT",
        "url": PATIENT_REF,
        "ifMatch": 'W/"3"',
    }


@pytest.mark.parametrize("version", [None, ""])
def test_an_update_without_a_version_is_refused(version: str | None) -> None:
    ctx = WriteContext(PATIENT_REF, conversation())
    with pytest.raises(UnversionedUpdateError) as refused:
        ctx.add_update(unversioned_patient(), version)
    assert refused.value.reference == PATIENT_REF
    assert ctx.entries == []
    dutch, english = UnversionedUpdateError.USER_MESSAGE
    assert "niet opgeslagen" in dutch
    assert "blijft bewaard" in dutch
    assert "not been saved" in english
    assert "is kept" in english


def test_a_transaction_that_would_update_an_unversioned_patient_is_not_built() -> None:
    # The control: with the version the transaction is built, guarded.
    bundle = build_transaction(
        PATIENT_REF, conversation(), [CAPACITY_CHANGE], current_patient=patient(), now=NOW
    )
    puts = [e["request"] for e in bundle["entry"] if e["request"]["method"] == "PUT"]
    assert puts == [{"method": "PUT", "url": PATIENT_REF, "ifMatch": 'W/"3"'}]
    # Without it nothing is built: it is a ValueError, so the caller keeps the draft.
    with pytest.raises(UnversionedUpdateError):
        build_transaction(
            PATIENT_REF,
            conversation(),
            [CAPACITY_CHANGE],
            current_patient=unversioned_patient(),
            now=NOW,
        )
    assert issubclass(UnversionedUpdateError, ValueError)
