"""Client-side filters: the form's QuestionnaireResponses under either canonical."""

from __future__ import annotations

from typing import Any

import pytest

from pzp_desktop.fhir.filters import ClientFilter, FilterContext, keep

CURRENT = "https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020"
OLDER = "https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020"


def response(questionnaire: object, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": "qr1",
        "status": "completed",
        "questionnaire": questionnaire,
        **extra,
    }


def kept(resource: dict[str, Any]) -> bool:
    return keep(ClientFilter.PZP_QUESTIONNAIRE_RESPONSE, resource, FilterContext({}))


@pytest.mark.parametrize(
    ("questionnaire", "expected"),
    [
        (CURRENT, True),
        (f"{CURRENT}|0.1.3-beta3", True),
        (f"{CURRENT}/", True),
        (OLDER, True),
        (f"{OLDER}|0.1.0", True),
        (f"{OLDER}/|0.1.0", True),
        (f"{OLDER}-other", False),
        ("https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-Administrative", False),
        ("https://example.org/Questionnaire/pain|1", False),
        (None, False),
        (42, False),
    ],
)
def test_the_form_under_either_canonical_is_kept(questionnaire: object, expected: bool) -> None:
    assert kept(response(questionnaire)) is expected


def test_a_contained_copy_of_the_form_under_the_older_canonical_is_kept() -> None:
    contained = [{"resourceType": "Questionnaire", "id": "form", "url": f"{OLDER}|0.1.0"}]
    assert kept(response("#form", contained=contained))
    other = [{"resourceType": "Questionnaire", "id": "form", "url": "https://example.org/Q"}]
    assert not kept(response("#form", contained=other))
    assert not kept(response("#missing", contained=contained))


def test_other_filters_do_not_take_questionnaire_responses_for_the_form() -> None:
    resource = response(OLDER)
    assert keep(ClientFilter.NONE, resource, FilterContext({}))
    assert not keep(ClientFilter.ACP_COMMUNICATION, resource, FilterContext({}))
