"""The search planner against full and reduced CapabilityStatements (spec §5)."""

from __future__ import annotations

from pzp_desktop.fhir.capabilities import Capabilities, Support
from pzp_desktop.fhir.filters import ClientFilter
from pzp_desktop.fhir.planner import (
    ACP_PROCEDURES_PLACEHOLDER,
    AttemptKind,
    PlannedQuery,
    QueryPlan,
    plan_patient_queries,
)
from tests.fhir.fakes import capability_statement

SCT = "http://snomed.info/sct"


def plan(**reduced: object) -> QueryPlan:
    caps = Capabilities.from_json(capability_statement(**reduced))  # type: ignore[arg-type]
    return plan_patient_queries(caps, "p1", page_size=50)


def query(p: QueryPlan, key: str) -> PlannedQuery:
    found = p.query(key)
    assert found is not None, key
    return found


def params(p: QueryPlan, key: str, attempt: int = 0) -> list[tuple[str, str]]:
    return list(query(p, key).attempts[attempt].params)


def decisions(p: QueryPlan, key: str) -> str:
    return " ".join(d.message for d in p.decisions if d.query == key)


# ------------------------------------------------------------------------ full support


def test_full_support_uses_the_corrected_standard_queries() -> None:
    p = plan()
    assert params(p, "1a") == [
        ("patient", "p1"),
        ("code", f"{SCT}|713603004"),
        ("_include", "Procedure:encounter"),
        ("_revinclude", "Encounter:reason-reference"),
        ("_include:iterate", "Encounter:participant"),
        ("_include", "Procedure:performer"),
        ("_include:iterate", "PractitionerRole:practitioner"),
        ("_count", "50"),
    ]
    assert params(p, "2") == [
        ("patient", "p1"),
        ("scope", "http://terminology.hl7.org/CodeSystem/consentscope|treatment"),
        ("category", f"{SCT}|129125009"),
        ("_include", "Consent:actor"),
        ("_include:iterate", "PractitionerRole:practitioner"),
        ("_count", "50"),
    ]
    assert params(p, "3")[:4] == [
        ("patient", "p1"),
        ("scope", "http://terminology.hl7.org/CodeSystem/consentscope|adr"),
        ("category", "http://terminology.hl7.org/CodeSystem/consentcategorycodes|acd"),
        ("_include", "Consent:actor"),
    ]
    # Query 5: every code with its system, and the donor-register code is there.
    code = dict(params(p, "5"))["code"].split(",")
    assert code == [
        f"{SCT}|153851000146100",
        f"{SCT}|395091006",
        f"{SCT}|340171000146104",
        f"{SCT}|570801000146104",
        f"{SCT}|247751003",
    ]
    assert ("_include", "Observation:performer") in params(p, "5")
    assert params(p, "7")[:2] == [("patient", "p1"), ("reason-code", f"{SCT}|713603004")]
    assert query(p, "patient").attempts[0].kind is AttemptKind.READ
    assert query(p, "patient").essential
    assert query(p, "patient-history").attempts[0].kind is AttemptKind.HISTORY
    assert p.related_person_history is Support.YES
    assert params(p, "related-persons") == [("patient", "p1"), ("_count", "50")]


def test_goal_code_list_includes_the_forms_code_and_falls_back_to_in_then_plain() -> None:
    q = query(plan(), "4")
    assert [a.label for a in q.attempts] == [
        "codelijst",
        "waardelijst (:in)",
        "alle doelen, gefilterd",
    ]
    description = dict(q.attempts[0].params)["description"]
    assert f"{SCT}|225353007" in description.split(",")
    assert f"{SCT}|713148004" in description.split(",")
    assert dict(q.attempts[1].params)["description:in"].endswith("ValueSet/ACP-MedicalPolicyGoal")
    assert dict(q.attempts[2].params) == {"patient": "p1", "_count": "50"}
    assert q.client_filter is ClientFilter.POLICY_GOAL


def test_device_query_checks_an_empty_in_answer_with_the_plain_query() -> None:
    q = query(plan(), "6")
    first, second, third = q.attempts
    assert (
        "device.type:in",
        "https://fhir.iknl.nl/fhir/ValueSet/ACP-MedicalDeviceProductType-ICD",
    ) in first.params
    assert first.fallback_if_empty
    assert ("_include", "DeviceUseStatement:device") in second.params
    assert not third.has_param("_include")
    assert q.client_filter is ClientFilter.ICD_DEVICE_USE


def test_questionnaire_responses_unversioned_then_versioned_then_plain() -> None:
    q = query(plan(), "qr")
    values = [dict(a.params).get("questionnaire") for a in q.attempts]
    older = "https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020"
    # Both canonicals of the form in one OR list: the older one has no known version.
    assert values == [
        f"https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020,{older}",
        f"https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020|0.1.3-beta3,{older}",
        None,
    ]
    assert q.attempts[0].fallback_if_empty
    assert q.attempts[1].fallback_if_empty
    assert q.client_filter is ClientFilter.PZP_QUESTIONNAIRE_RESPONSE


def test_1b_is_not_needed_when_revinclude_is_supported() -> None:
    p = plan()
    q = query(p, "1b")
    assert q.phase == 2
    assert q.unless_used == ("1a", "_revinclude")
    assert "Niet nodig" in decisions(p, "1b")


# ------------------------------------------------------------------------ fallbacks


def test_without_includes_nothing_is_included_and_references_are_read_later() -> None:
    p = plan(drop_includes=True, drop_revincludes=True)
    for key in ("1a", "2", "3", "5", "6"):
        for attempt in query(p, key).attempts:
            assert not any(n.startswith(("_include", "_revinclude")) for n, _ in attempt.params)
    assert "_include=Consent:actor niet ondersteund" in decisions(p, "2")
    assert "_revinclude=Encounter:reason-reference niet ondersteund" in decisions(p, "1a")


def test_without_revinclude_1b_searches_encounters_of_the_found_procedures() -> None:
    p = plan(drop_revincludes=True)
    q = query(p, "1b")
    labels = [a.label for a in q.attempts]
    assert labels == ["op de Procedures van 1a", "geketende zoekvraag", "alle contacten, gefilterd"]
    assert dict(q.attempts[0].params)["reason-reference"] == ACP_PROCEDURES_PLACEHOLDER
    assert dict(q.attempts[1].params)["reason-reference:Procedure.code"] == f"{SCT}|713603004"
    assert q.client_filter is ClientFilter.ACP_ENCOUNTER
    assert "_revinclude niet ondersteund" in decisions(p, "1b")


def test_without_chaining_parameters_1b_uses_the_plain_search() -> None:
    p = plan(drop_revincludes=True, drop_params=[("Encounter", "reason-reference")])
    labels = [a.label for a in query(p, "1b").attempts]
    assert labels == ["alle contacten, gefilterd"]
    assert "Geketende zoekvraag" in decisions(p, "1b")


def test_without_goal_description_all_goals_are_filtered_here() -> None:
    p = plan(drop_params=[("Goal", "description")])
    q = query(p, "4")
    assert [a.label for a in q.attempts] == ["alle doelen, gefilterd"]
    assert "'description' ontbreekt" in decisions(p, "4")


def test_without_reason_code_all_communication_is_filtered_here() -> None:
    p = plan(drop_params=[("Communication", "reason-code")])
    assert [a.label for a in query(p, "7").attempts] == ["alle communicatie, gefilterd"]
    assert "reason-code" in decisions(p, "7")


def test_without_consent_scope_and_category() -> None:
    p = plan(drop_params=[("Consent", "scope"), ("Consent", "category")])
    first = dict(query(p, "2").attempts[0].params)
    assert "scope" not in first
    assert "category" not in first
    assert "'scope' niet ondersteund" in decisions(p, "2")
    assert query(p, "2").client_filter is ClientFilter.TREATMENT_DIRECTIVE
    assert query(p, "3").client_filter is ClientFilter.ADVANCE_DIRECTIVE


def test_without_observation_and_procedure_code() -> None:
    p = plan(drop_params=[("Observation", "code"), ("Procedure", "code")])
    assert not query(p, "5").attempts[0].has_param("code")
    assert not query(p, "1a").attempts[0].has_param("code")
    assert query(p, "1a").client_filter is ClientFilter.ACP_PROCEDURE


def test_without_device_chain() -> None:
    p = plan(drop_params=[("DeviceUseStatement", "device")])
    q = query(p, "6")
    assert [a.label for a in q.attempts] == [
        "alle hulpmiddelen",
        "alle hulpmiddelen, zonder _include",
    ]
    assert "device.type:in niet ondersteund" in decisions(p, "6")


def test_without_questionnaire_parameter() -> None:
    p = plan(drop_params=[("QuestionnaireResponse", "questionnaire")])
    assert [a.label for a in query(p, "qr").attempts] == ["alle formulieren, gefilterd"]


def test_subject_when_patient_is_not_searchable() -> None:
    p = plan(drop_params=[("Goal", "patient")])
    assert dict(query(p, "4").attempts[0].params)["subject"] == "Patient/p1"
    assert "'subject' gebruikt" in decisions(p, "4")


def test_a_type_the_server_lacks_is_skipped() -> None:
    p = plan(drop_types=["Communication"])
    assert query(p, "7").skipped
    assert "niet doorzoekbaar" in decisions(p, "7")


def test_without_history() -> None:
    p = plan(no_history=True)
    assert query(p, "patient-history").skipped
    assert p.related_person_history is Support.NO
    assert "_history" in decisions(p, "patient-history")


def test_unknown_capabilities_try_everything() -> None:
    p = plan_patient_queries(Capabilities.unknown(), "p1")
    assert query(p, "1a").attempts[0].has_param("_revinclude")
    assert query(p, "6").attempts[0].has_param("device.type:in")
    assert query(p, "7").attempts[0].has_param("reason-code")
    assert query(p, "1b").unless_used == ("1a", "_revinclude")
    assert not p.capabilities_known
    assert "CapabilityStatement" in decisions(p, "metadata")


def test_attempt_display_is_readable() -> None:
    attempt = query(plan(), "2").attempts[0]
    assert attempt.display().startswith(
        "GET Consent?patient=p1&scope=http://terminology.hl7.org/CodeSystem/consentscope|treatment"
    )
    assert "_count" not in attempt.display()
