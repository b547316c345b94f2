"""The form's rules as the clinician sees them: errors next to the item and Save disabled
with the reason, coherence warnings, the capacity rule, the sharing-consent notice and
questions that do not apply (greyed out, with why)."""

from __future__ import annotations

import pytest

from pzp_desktop.domain.items import ItemId
from tests.gui.editor.conftest import (
    Harness,
    click_option,
    item,
    save_screenshot,
    settle,
    window_of,
)

pytestmark = pytest.mark.gui


def test_anders_without_specification_blocks_saving(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    window = window_of(controller)
    hospital = item(controller, ItemId.HOSPITAL_ADMISSION)
    specification = hospital.rows["1394"]
    # "Wat is er afgesproken bij ‘Anders’?" only applies to "Anders": greyed out and why.
    assert not specification.input.isEnabled()
    assert specification.condition_label.isVisible()
    assert "Alleen van toepassing als ‘Besluit’ is beantwoord met ‘Anders’" in (
        specification.condition_label.text()
    )

    click_option(harness.qtbot, hospital, "1393", "Anders")
    settle()
    assert specification.input.isEnabled()
    assert not specification.condition_label.isVisible()
    error = "Fout: Opname in ziekenhuis: bij ‘Anders’ hoort een beschrijving"
    texts = specification.findings.texts()
    assert any(t.startswith(error) for t in texts), texts
    assert not window.save_button.isEnabled()
    assert "bij ‘Anders’ hoort een beschrijving" in window.blocked_label.text()
    assert "bij ‘Anders’ hoort een beschrijving" in window.save_button.toolTip()
    window.scroll_to(hospital)
    save_screenshot(window, "editor-validation-error")

    line = hospital.text_input("1394").line
    assert line is not None
    line.setFocus()
    harness.qtbot.keyClicks(line, "Alleen voor een heupoperatie")
    settle()
    assert specification.findings.texts() == []
    assert window.save_button.isEnabled()


def test_curative_goal_with_do_not_resuscitate_is_flagged(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    window = window_of(controller)
    goal = item(controller, ItemId.TREATMENT_GOAL)
    click_option(harness.qtbot, goal, "999", "Curatief / actief ziektebeleid")
    resuscitation = item(controller, ItemId.RESUSCITATION)
    click_option(harness.qtbot, resuscitation, "1386", "Niet uitvoeren")
    settle()
    expected = (
        "Let op: Behandeldoel: ‘Curatief / actief ziektebeleid’ (nieuw in dit gesprek) en "
        "Reanimatie: ‘Niet uitvoeren’ (nieuw in dit gesprek). Een curatief of actief beleid "
        "gaat meestal samen met reanimeren."
    )
    assert any(t.startswith(expected) for t in resuscitation.finding_texts())
    assert any(t.startswith(expected) for t in goal.finding_texts())
    assert any(t.startswith(expected) for t in window.panel.finding_texts())
    # A warning, not an error: saving stays possible.
    assert window.save_button.isEnabled()
    window.scroll_to(goal)
    save_screenshot(window, "editor-warnings")


def test_not_capable_without_representative_is_flagged(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    capacity = item(controller, ItemId.LEGAL_CAPACITY)
    click_option(harness.qtbot, capacity, "1406", "Nee")
    settle()
    texts = capacity.finding_texts()
    assert any(
        "Let op: De patiënt is wilsonbekwaam voor medische behandelbeslissingen (nieuw in dit "
        "gesprek), maar er is geen wettelijk vertegenwoordiger vastgelegd." in t
        for t in texts
    ), texts
    # Recording a representative resolves it.
    representative = item(controller, ItemId.LEGAL_REPRESENTATIVE)
    surname = representative.text_input("975").line
    assert surname is not None
    surname.setFocus()
    harness.qtbot.keyClicks(surname, "Bakker")
    settle()
    assert not any("wilsonbekwaam" in t for t in capacity.finding_texts())


def test_without_sharing_consent_the_notice_says_others_will_not_see_it(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    window = window_of(controller)
    notice = window.sharing_notice
    assert notice.isVisible()
    assert "Zonder ‘Akkoord’ zijn de gegevens niet beschikbaar voor andere zorgverleners" in (
        notice.label.text()
    )
    sharing = item(controller, ItemId.SHARING_CONSENT)
    assert any("Zonder ‘Akkoord’" in t for t in sharing.finding_texts())
    click_option(harness.qtbot, sharing, "1201", "Akkoord")
    settle()
    assert not notice.isVisible()
    assert sharing.finding_texts() == []
    click_option(harness.qtbot, sharing, "1201", "Nog onbekend")
    settle()
    assert notice.isVisible()


def test_icd_agreement_only_applies_with_an_icd(harness: Harness) -> None:
    controller = harness.open("elidrissi")
    deactivation = item(controller, ItemId.ICD_DEACTIVATION)
    decision = deactivation.rows["1005"]
    assert not decision.input.isEnabled()
    reasons = [h.condition_label.text() for h in deactivation._headings] + [
        decision.condition_label.text()
    ]
    assert any(
        "Alleen van toepassing als ‘h) Heeft de patiënt een ICD?’ is beantwoord met ‘Ja’" in r
        or "Alleen van toepassing als ‘Heeft de patiënt een ICD?’ is beantwoord met ‘Ja’" in r
        for r in reasons
    ), reasons
    click_option(harness.qtbot, item(controller, ItemId.ICD), "1006", "Ja")
    settle()
    assert decision.input.isEnabled()


def test_first_contact_person_applies_when_the_representative_is_not_it(
    harness: Harness,
) -> None:
    controller = harness.open("elidrissi")
    contact = item(controller, ItemId.FIRST_CONTACT_PERSON)
    assert all(not w.isEnabled() for w in contact.inputs())
    click_option(harness.qtbot, item(controller, ItemId.LEGAL_REPRESENTATIVE), "984", "Nee")
    settle()
    other = contact.rows["412"]  # "Anders, namelijk" still waits for the relation "Anders"
    assert all(w.isEnabled() for w in contact.inputs() if not other.isAncestorOf(w))
    assert not other.input.isEnabled()
    assert "beantwoord met ‘Anders’" in other.condition_label.text()
