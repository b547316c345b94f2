"""Form responses under the older canonical (api.iknl.nl), fetched from the real HAPI server.

The planner asks for both canonicals of ACP-zib2020 in one OR list
(``questionnaire=<current>,<older>``); HAPI must answer it with the responses under either
canonical, with or without a version, and nothing else, so the broad "all forms" fallback is
not needed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from pzp_desktop.domain.items import ItemId
from pzp_desktop.domain.reading import read_source
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.fetch import fetch_patient_resources
from tests.fhir.example_patients import ExamplePatient, example_patient

pytestmark = pytest.mark.integration

Json = dict[str, Any]

CURRENT = "https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020"
OLDER = "https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020"


@pytest.fixture
def client(request: pytest.FixtureRequest) -> Iterator[FhirClient]:
    try:
        fhir_server = request.getfixturevalue("fhir_server")
    except pytest.FixtureLookupError:
        pytest.skip("fixture 'fhir_server' (HAPI FHIR test server) is not available")
    with FhirClient(str(fhir_server.base_url).rstrip("/")) as fhir:
        yield fhir


def with_responses(example: ExamplePatient, canonicals: dict[str, str]) -> ExamplePatient:
    """``example`` with its form response replaced by one per ``suffix -> questionnaire``."""
    template = next(r for r in example.resources if r["resourceType"] == "QuestionnaireResponse")
    example.resources.remove(template)
    for suffix, questionnaire in canonicals.items():
        response = copy.deepcopy(template)
        response["id"] = f"{example.prefix}-{suffix}"
        response["identifier"] = {
            "system": "urn:pzp-desktop:test:qr",
            "value": f"{example.prefix}-{suffix}",
        }
        response["questionnaire"] = questionnaire
        example.resources.append(response)
    return example


def fetched_responses(client: FhirClient, example: ExamplePatient) -> tuple[set[str], Any]:
    client.transaction(example.transaction())
    fetched = fetch_patient_resources(client, example.patient_id)
    ids = {
        r["id"].removeprefix(f"{example.prefix}-")
        for r in fetched.resources
        if r["resourceType"] == "QuestionnaireResponse"
    }
    return ids, fetched


def test_responses_under_the_older_canonical_are_fetched_by_the_first_query(
    client: FhirClient,
) -> None:
    example = with_responses(
        example_patient(conversations=1),
        {
            "older": OLDER,
            "older-versioned": f"{OLDER}|0.1.0",
            "other-form": "https://example.org/Questionnaire/pain|1",
        },
    )
    ids, fetched = fetched_responses(client, example)
    assert ids == {"older", "older-versioned"}
    outcome = fetched.outcomes["qr"]
    assert outcome.error is None
    assert outcome.attempt is not None
    # The server understood the OR list: no fallback, and it filtered out the other form.
    assert outcome.attempt.label == "formulier zonder versie"
    assert dict(outcome.attempt.params)["questionnaire"] == f"{CURRENT},{OLDER}"
    assert outcome.matches == 2

    # ... and the domain reads them as answers to the form (sharing consent, section 8b).
    record = read_source("s", fetched.resources, fetched.patient_reference)
    from_forms = {i.origin.reference for i in record.items if i.key.item is ItemId.SHARING_CONSENT}
    assert from_forms & {
        f"QuestionnaireResponse/{example.prefix}-older",
        f"QuestionnaireResponse/{example.prefix}-older-versioned",
    }


def test_current_and_older_canonicals_together(client: FhirClient) -> None:
    example = with_responses(
        example_patient(conversations=1),
        {"current": f"{CURRENT}|0.1.3-beta3", "older": OLDER},
    )
    ids, fetched = fetched_responses(client, example)
    assert ids == {"current", "older"}
    assert fetched.outcomes["qr"].matches == 2
