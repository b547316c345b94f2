"""The editor's findings and double-registration warnings in English (``render("en")``);
their string value stays Dutch."""

from __future__ import annotations

from pzp_desktop.domain.editing.double_registration import (
    DoubleRegistrationSettings,
    WarningKind,
    check_double_registration,
    detect_source_changes,
    native_registration,
    same_value_recently,
)
from pzp_desktop.domain.editing.rules import check_draft, coherence_findings
from pzp_desktop.domain.items import Answer, ItemId
from pzp_desktop.domain.messages import Text
from tests.domain.editing.support import (
    CURATIVE,
    GP,
    HOME,
    HOSPICE,
    HOSPITAL,
    NIET,
    VAN_DAM,
    decision,
    key,
    loaded,
    new_draft,
    record,
)

PLACE = key(ItemId.PLACE_OF_DEATH)
DUTCH_WORDS = (" het ", " een ", " niet ", " wordt ", " de ", "vastgelegd", "gesprek", " zijn ")


def english(text: str) -> str:
    assert isinstance(text, Text), f"not translatable: {text!r}"
    rendered = text.render("en")
    assert not any(word in f" {rendered} " for word in DUTCH_WORDS), rendered
    return rendered


def test_a_coherence_warning_in_english_names_items_values_and_provenance() -> None:
    goal = [Answer("999", CURATIVE)]
    draft = new_draft([record(ItemId.TREATMENT_GOAL, goal, reference="Goal/g1")])
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    [finding] = [f for f in coherence_findings(draft) if f.code == "doel-curatief-niet-reanimeren"]
    assert "Reanimatie: ‘Niet uitvoeren’ (nieuw in dit gesprek)" in finding.message
    text = english(finding.message)
    assert "Resuscitation: ‘Do not perform’ (new in this conversation)" in text
    assert "recorded earlier on 05-01-2026 by Anna Jansen in" in text
    assert "A curative or active policy usually goes together with resuscitation." in text


def test_every_finding_of_an_empty_draft_has_english() -> None:
    report = check_draft(new_draft())
    assert report.codes() == ["niets-gewijzigd", "geen-toestemming-delen"]
    assert [english(f.message) for f in report.findings] == [
        "Nothing has been changed yet. Record at least one part of the form.",
        "The patient has not (yet) consented to sharing these treatment agreements (part 8b). "
        "Without ‘Agreed’ the data are not available to other care professionals.",
    ]


def test_same_value_recently_in_english() -> None:
    items = [
        record(ItemId.PLACE_OF_DEATH, [Answer("1191", HOME)], when="2026-03-05T10:00:00+01:00"),
        record(
            ItemId.PLACE_OF_DEATH,
            [Answer("1191", HOSPICE)],
            when="2026-03-02T09:00:00+01:00",
            source=GP,
            professional=VAN_DAM,
            reference="Observation/hospice",
        ),
    ]
    draft = new_draft(items)
    draft.set_answer(PLACE, "1191", HOSPICE)
    [warning] = same_value_recently(draft, items)
    assert warning.message.startswith("Gewenste plek van overlijden: dezelfde waarde")
    assert english(warning.message) == (
        "Preferred place of death: the same value (‘Hospice’) was already recorded on "
        f"02-03-2026 by Pieter van Dam in {GP}."
    )


def test_source_changes_and_native_registration_in_english() -> None:
    base = [record(ItemId.PLACE_OF_DEATH, [Answer("1191", HOME)], reference="Observation/home")]
    draft = new_draft(base)
    other = record(ItemId.CARE_WISHES, [Answer("1190", "thuis")], reference="Observation/w")
    changes = detect_source_changes(draft.fingerprint, [other], [], [HOSPITAL, GP])
    texts = sorted(english(change.message) for change in changes.changes)
    assert texts[0].endswith(f"no longer present in {HOSPITAL} (removed or restricted).")
    assert "newly recorded" in texts[1]
    report = check_double_registration(draft, loaded([], [], sources=[GP]))
    [unchecked] = report.of_kind(WarningKind.SOURCE_CHANGED)
    assert english(unchecked.message) == (
        f"{HOSPITAL} could not be read now: whether anything has changed there in the "
        "meantime has not been checked."
    )
    [native] = native_registration(DoubleRegistrationSettings(native_pzp_system="HiX"))
    assert english(native.message).startswith("HiX records advance care planning itself.")
