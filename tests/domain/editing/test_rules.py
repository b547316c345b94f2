"""The form's rules (enableWhen), validation, the minimum to save and coherence warnings."""

from __future__ import annotations

import pytest

from pzp_desktop.domain.codes import NULL_FLAVOR, ROL472, ROLE_CODE, SCT, Coding
from pzp_desktop.domain.dates import ClinicalDate
from pzp_desktop.domain.editing.rules import (
    PAIR_RULES,
    Severity,
    check_draft,
    coherence_findings,
    effective_answers,
    enabled_link_ids,
    is_enabled,
    validate,
)
from pzp_desktop.domain.form import load_form
from pzp_desktop.domain.items import Answer, ItemId, ItemKey, Professional
from tests.domain.editing.support import (
    AGREED,
    ANDERS,
    COMFORT_ONLY,
    CURATIVE,
    NIET,
    NO,
    SCT_NO,
    SCT_YES,
    TODAY,
    UNKNOWN,
    WEL,
    YES,
    decision,
    key,
    new_draft,
    record,
)

FIRST_CONTACT = {"53", "61", "995", "985", "986", "987", "62", "988", "66", "992"}
ICD_CHILDREN = {"1008", "1009", "1425", "1426", "1005", "1010"}


def state(*pairs: tuple[ItemId, tuple[Answer, ...]]) -> dict[ItemKey, tuple[Answer, ...]]:
    return {ItemKey(item): answers for item, answers in pairs}


# ---------------------------------------------------------------------------------------------
# enableWhen


def test_984_no_enables_the_first_contact_person() -> None:
    enabled = enabled_link_ids(state((ItemId.LEGAL_REPRESENTATIVE, (Answer("984", NO),))))
    assert enabled >= FIRST_CONTACT
    assert "412" not in enabled  # needs 995 = OTH


@pytest.mark.parametrize("answers", [(), (Answer("984", YES),)])
def test_984_yes_or_unanswered_disables_the_first_contact_person(answers) -> None:
    enabled = enabled_link_ids(state((ItemId.LEGAL_REPRESENTATIVE, answers)))
    assert not (FIRST_CONTACT & enabled)
    assert {"29", "30", "973", "982", "984"} <= enabled  # the representative: no condition


def test_system_less_enable_when_compares_the_code_only() -> None:
    # 984's condition has no system: a "0" from any system counts.
    coded = Coding("urn:oid:1.2.3", "0")
    assert is_enabled("53", state((ItemId.LEGAL_REPRESENTATIVE, (Answer("984", coded),))))
    # A condition with a system does not match a system-less or other-system code.
    assert not is_enabled("1425", state((ItemId.ICD, (Answer("1006", Coding(None, "373066001")),))))


def test_chained_conditions_follow_their_question() -> None:
    other = Coding(NULL_FLAVOR, "OTH")
    first = state(
        (ItemId.LEGAL_REPRESENTATIVE, (Answer("984", NO),)),
        (ItemId.FIRST_CONTACT_PERSON, (Answer("995", other),)),
    )
    assert is_enabled("412", first)
    # 995 itself is disabled when 984 = Ja, so its answer enables nothing.
    second = state(
        (ItemId.LEGAL_REPRESENTATIVE, (Answer("984", YES),)),
        (ItemId.FIRST_CONTACT_PERSON, (Answer("995", other),)),
    )
    assert not is_enabled("412", second)


def test_icd_yes_enables_type_comment_and_the_agreement() -> None:
    assert enabled_link_ids(state((ItemId.ICD, (Answer("1006", SCT_YES),)))) >= ICD_CHILDREN
    for answer in (SCT_NO, Coding(NULL_FLAVOR, "UNK")):
        enabled = enabled_link_ids(state((ItemId.ICD, (Answer("1006", answer),))))
        assert not (ICD_CHILDREN & enabled)
    assert not (ICD_CHILDREN & enabled_link_ids({}))


def test_previous_agreements_yes_enables_7b() -> None:
    assert is_enabled("1199", state((ItemId.PREVIOUS_AGREEMENTS, (Answer("1197", SCT_YES),))))
    assert not is_enabled("1199", state((ItemId.PREVIOUS_AGREEMENTS, (Answer("1197", SCT_NO),))))
    assert "1198" in enabled_link_ids({})  # the comment has no condition


@pytest.mark.parametrize(
    ("decision_link", "other_link"),
    [
        ("1386", "1001"),
        ("1387", "1388"),
        ("1390", "1391"),
        ("1393", "1394"),
        ("1396", "1397"),
        ("1399", "1400"),
    ],
)
def test_anders_enables_its_specification(decision_link: str, other_link: str) -> None:
    item = load_form().item(decision_link).item_id
    assert item is not None
    assert is_enabled(other_link, state((item, (Answer(decision_link, ANDERS),))))
    assert not is_enabled(other_link, state((item, (Answer(decision_link, NIET),))))
    # Toelichting has no condition.
    comment = next(
        c.link_id for c in load_form().item(decision_link).children if c.link_id != other_link
    )
    assert is_enabled(comment, {})


def test_every_enable_when_question_precedes_its_items() -> None:
    order = {item.link_id: i for i, item in enumerate(load_form().walk())}
    for item in load_form().walk():
        if item.enable_when is not None:
            assert order[item.enable_when.question] < order[item.link_id]


def test_effective_answers_drop_superseded_method1_fields() -> None:
    enabled = enabled_link_ids({})
    absent = Answer(
        "dataAbsentReason",
        Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-asked"),
    )
    assert effective_answers((absent, Answer("1190", "thuis")), enabled) == (
        Answer("1190", "thuis"),
    )
    assert effective_answers((absent,), enabled) == (absent,)


# ---------------------------------------------------------------------------------------------
# Validation


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_anders_needs_its_specification() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.RESUSCITATION), [Answer("1386", ANDERS)])
    findings = validate(draft, today=TODAY)
    [finding] = [f for f in findings if f.code == "anders-zonder-specificatie"]
    assert finding.severity is Severity.ERROR
    assert finding.link_ids == ("1001",)
    assert "Reanimatie" in finding.message
    assert "Anders" in finding.message
    draft.set_answers(
        key(ItemId.RESUSCITATION), [Answer("1386", ANDERS), Answer("1001", "alleen bij X")]
    )
    assert "anders-zonder-specificatie" not in codes(validate(draft, today=TODAY))
    assert check_draft(draft, today=TODAY).can_save


def test_a_comment_needs_the_decision_it_belongs_to() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.VENTILATION), [Answer("1389", "besproken met dochter")])
    [finding] = [f for f in validate(draft, today=TODAY) if f.code == "toelichting-zonder-antwoord"]
    assert finding.severity is Severity.ERROR
    assert finding.link_ids == ("1389", "1387")
    draft.set_answers(key(ItemId.VENTILATION), [Answer("1387", NIET), Answer("1389", "besproken")])
    assert "toelichting-zonder-antwoord" not in codes(validate(draft, today=TODAY))


def test_an_icd_agreement_needs_an_icd() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.ICD_DEACTIVATION), [Answer("1005", WEL)])
    report = check_draft(draft, today=TODAY)
    [finding] = [f for f in report.findings if f.code == "icd-afspraak-zonder-icd"]
    assert finding.severity is Severity.ERROR
    assert "ICD" in finding.message
    assert not report.can_save
    draft.set_answers(key(ItemId.ICD), [Answer("1006", SCT_YES)])
    report = check_draft(draft, today=TODAY)
    assert "icd-afspraak-zonder-icd" not in report.codes()
    assert report.can_save


def test_an_existing_icd_enables_the_agreement() -> None:
    draft = new_draft([record(ItemId.ICD, [Answer("1006", SCT_YES)])])
    draft.set_answers(key(ItemId.ICD_DEACTIVATION), [Answer("1005", WEL)])
    assert check_draft(draft, today=TODAY).can_save


def test_answers_to_disabled_questions_are_reported() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.RESUSCITATION), [Answer("1386", NIET), Answer("1001", "iets")])
    [finding] = [f for f in validate(draft, today=TODAY) if f.code == "vraag-niet-van-toepassing"]
    assert finding.severity is Severity.WARNING
    assert "‘Anders’" in finding.message


def test_the_minimum_to_save() -> None:
    draft = new_draft(professional=None)
    draft.update_conversation(date=None)
    report = check_draft(draft, today=TODAY)
    assert {"datum-ontbreekt", "zorgverlener-ontbreekt", "niets-gewijzigd"} <= set(report.codes())
    assert not report.can_save
    draft.update_conversation(
        date=ClinicalDate.parse("2026-03-12T10:00:00+01:00"),
        professional=Professional(name="A. Jansen", reference="PractitionerRole/1"),
    )
    draft.set_answer(key(ItemId.CARE_WISHES), "1190", "thuis")
    report = check_draft(draft, today=TODAY)
    assert report.errors == []
    assert report.can_save


def test_a_conversation_in_the_future_cannot_be_saved() -> None:
    draft = new_draft(date="2026-03-13T09:00:00+01:00")
    draft.set_answer(key(ItemId.CARE_WISHES), "1190", "thuis")
    assert "datum-in-toekomst" in codes(validate(draft, today=TODAY))


def test_a_professional_without_a_reference_is_a_warning() -> None:
    draft = new_draft(professional=Professional(name="A. Jansen"))
    draft.set_answer(key(ItemId.CARE_WISHES), "1190", "thuis")
    report = check_draft(draft, today=TODAY)
    assert "zorgverlener-onbekend-in-bron" in [f.code for f in report.warnings]
    assert report.can_save


def test_other_limits_need_a_name_and_a_decision_and_keep_their_name() -> None:
    draft = new_draft()
    limit = draft.add_other_limit("Sondevoeding")
    assert "besluit-ontbreekt" in codes(validate(draft, today=TODAY))
    draft.set_answer(limit, "1402", NIET)
    assert validate(draft, today=TODAY) == []
    draft.set_answer(limit, "1422", "Dialyse")
    assert "overige-grens-hernoemd" in codes(validate(draft, today=TODAY))
    nameless = ItemKey(ItemId.OTHER_LIMIT, "")
    draft.revert(limit)
    draft.set_answers(nameless, [Answer("1402", NIET)])
    assert "overige-grens-zonder-naam" in codes(validate(draft, today=TODAY))


def test_a_value_that_does_not_fit_its_question_cannot_be_saved() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.PLACE_OF_DEATH), [Answer("1191", "Thuis")])  # text, not a code
    assert "ongeldige-waarde" in codes(validate(draft, today=TODAY))


def test_an_emptied_item_is_reported() -> None:
    draft = new_draft([record(ItemId.CARE_WISHES, [Answer("1190", "thuis")])])
    draft.set_answers(key(ItemId.CARE_WISHES), [])
    assert "leeggemaakt" in codes(validate(draft, today=TODAY))


# ---------------------------------------------------------------------------------------------
# Coherence


def goal(coding: Coding) -> tuple[Answer, ...]:
    return (Answer("999", coding),)


LIMITS = {
    "1386": ItemId.RESUSCITATION,
    "1387": ItemId.VENTILATION,
    "1390": ItemId.ICU_ADMISSION,
    "1393": ItemId.HOSPITAL_ADMISSION,
}


def answers_for(item: ItemId, link_id: str, code: str) -> tuple[Answer, ...]:
    if item is ItemId.TREATMENT_GOAL:
        return goal(Coding(SCT, code))
    return decision(item, WEL if code == "0" else NIET)


@pytest.mark.parametrize("rule", PAIR_RULES, ids=lambda r: r.code)
def test_each_coherence_rule_fires_for_a_new_value_against_an_existing_one(rule) -> None:
    first = rule.first
    second = rule.second
    existing = record(first.item, answers_for(first.item, first.link_id, first.code))
    draft = new_draft([existing])
    draft.set_answers(key(second.item), answers_for(second.item, second.link_id, second.code))
    findings = [f for f in coherence_findings(draft) if f.code == rule.code]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert "nieuw in dit gesprek" in finding.message
    assert "eerder vastgelegd op 05-01-2026 door Anna Jansen" in finding.message
    assert rule.reason in finding.message


@pytest.mark.parametrize("rule", PAIR_RULES, ids=lambda r: r.code)
def test_no_coherence_warning_when_nothing_involved_is_new(rule) -> None:
    first, second = rule.first, rule.second
    draft = new_draft(
        [
            record(first.item, answers_for(first.item, first.link_id, first.code)),
            record(second.item, answers_for(second.item, second.link_id, second.code)),
        ]
    )
    draft.set_answer(key(ItemId.CARE_WISHES), "1190", "thuis")
    assert rule.code not in codes(coherence_findings(draft))


def test_curative_goal_with_do_not_resuscitate() -> None:
    draft = new_draft([record(ItemId.TREATMENT_GOAL, goal(CURATIVE), reference="Goal/g1")])
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    [finding] = [f for f in coherence_findings(draft) if f.code == "doel-curatief-niet-reanimeren"]
    assert "Reanimatie: ‘Niet uitvoeren’ (nieuw in dit gesprek)" in finding.message
    assert finding.keys == (key(ItemId.TREATMENT_GOAL), key(ItemId.RESUSCITATION))


def test_no_warning_for_consistent_agreements() -> None:
    draft = new_draft([record(ItemId.TREATMENT_GOAL, goal(COMFORT_ONLY), reference="Goal/g1")])
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    draft.set_answers(key(ItemId.ICU_ADMISSION), decision(ItemId.ICU_ADMISSION, NIET))
    draft.set_answers(key(ItemId.VENTILATION), decision(ItemId.VENTILATION, NIET))
    draft.set_answers(key(ItemId.HOSPITAL_ADMISSION), decision(ItemId.HOSPITAL_ADMISSION, WEL))
    draft.set_answers(key(ItemId.SHARING_CONSENT), [Answer("1201", AGREED)])
    assert coherence_findings(draft) == []


def test_do_not_resuscitate_with_icu_admission() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    draft.set_answers(key(ItemId.ICU_ADMISSION), decision(ItemId.ICU_ADMISSION, WEL))
    assert "niet-reanimeren-wel-ic" in codes(coherence_findings(draft))
    draft.set_answers(key(ItemId.ICU_ADMISSION), decision(ItemId.ICU_ADMISSION, UNKNOWN))
    assert "niet-reanimeren-wel-ic" not in codes(coherence_findings(draft))


def test_a_changed_value_replaces_the_existing_one_in_coherence() -> None:
    draft = new_draft([record(ItemId.ICU_ADMISSION, decision(ItemId.ICU_ADMISSION, WEL))])
    draft.set_answers(key(ItemId.RESUSCITATION), decision(ItemId.RESUSCITATION, NIET))
    assert "niet-reanimeren-wel-ic" in codes(coherence_findings(draft))
    draft.set_answers(key(ItemId.ICU_ADMISSION), decision(ItemId.ICU_ADMISSION, NIET))
    assert "niet-reanimeren-wel-ic" not in codes(coherence_findings(draft))


def test_not_capable_without_a_representative() -> None:
    draft = new_draft()
    draft.set_answers(key(ItemId.LEGAL_CAPACITY), [Answer("1406", NO)])
    [finding] = [
        f for f in coherence_findings(draft) if f.code == "wilsonbekwaam-zonder-vertegenwoordiger"
    ]
    assert finding.severity is Severity.WARNING
    assert "wettelijk vertegenwoordiger" in finding.message
    draft.set_answers(
        key(ItemId.LEGAL_REPRESENTATIVE),
        [Answer("973", "Hendrik"), Answer("975", "Kramer"), Answer("982", Coding(ROL472, "15"))],
    )
    assert "wilsonbekwaam-zonder-vertegenwoordiger" not in codes(coherence_findings(draft))


def test_not_capable_with_an_existing_representative_is_fine() -> None:
    draft = new_draft(
        [
            record(
                ItemId.LEGAL_REPRESENTATIVE, [Answer("973", "Hendrik")], reference="RelatedPerson/1"
            )
        ]
    )
    draft.set_answers(key(ItemId.LEGAL_CAPACITY), [Answer("1406", NO)])
    assert "wilsonbekwaam-zonder-vertegenwoordiger" not in codes(coherence_findings(draft))


def test_a_representative_for_a_capable_patient_is_fine() -> None:
    draft = new_draft([record(ItemId.LEGAL_CAPACITY, [Answer("1406", YES)], reference="Patient/p")])
    draft.set_answers(
        key(ItemId.LEGAL_REPRESENTATIVE),
        [
            Answer("973", "Marieke"),
            Answer("982", Coding(ROL472, "24")),
            Answer("983", Coding(ROLE_CODE, "DAUC")),
        ],
    )
    report = check_draft(draft, today=TODAY)
    assert report.can_save
    assert report.warnings == []


def test_an_icd_agreement_without_an_icd() -> None:
    draft = new_draft(
        [
            record(ItemId.ICD, [Answer("1006", SCT_YES)], reference="DeviceUseStatement/d"),
            record(ItemId.ICD_DEACTIVATION, [Answer("1005", WEL)]),
        ]
    )
    assert "icd-afspraak-zonder-icd" not in codes(coherence_findings(draft))
    draft.set_answers(key(ItemId.ICD), [Answer("1006", SCT_NO)])
    [finding] = [f for f in coherence_findings(draft) if f.code == "icd-afspraak-zonder-icd"]
    assert finding.severity is Severity.WARNING
    assert "geen ICD" in finding.message
    assert "eerder vastgelegd" in finding.message


def test_without_sharing_consent_others_will_not_see_the_data() -> None:
    draft = new_draft()
    [notice] = [f for f in coherence_findings(draft) if f.code == "geen-toestemming-delen"]
    assert notice.severity is Severity.NOTICE
    assert "niet beschikbaar voor andere zorgverleners" in notice.message
    draft.set_answers(key(ItemId.SHARING_CONSENT), [Answer("1201", Coding(NULL_FLAVOR, "UNK"))])
    assert "geen-toestemming-delen" in codes(coherence_findings(draft))
    draft.set_answers(key(ItemId.SHARING_CONSENT), [Answer("1201", AGREED)])
    assert "geen-toestemming-delen" not in codes(coherence_findings(draft))


def test_existing_sharing_consent_counts() -> None:
    draft = new_draft([record(ItemId.SHARING_CONSENT, [Answer("1201", AGREED)])])
    assert "geen-toestemming-delen" not in codes(coherence_findings(draft))
