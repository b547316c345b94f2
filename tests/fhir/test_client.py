"""FhirClient against injected transport faults (httpx.MockTransport, no network)."""

from __future__ import annotations

import json

import httpx
import pytest

from pzp_desktop import __version__
from pzp_desktop.domain.messages import render
from pzp_desktop.fhir.client import FhirClient, encode_query
from pzp_desktop.fhir.errors import (
    Conflict,
    ContentError,
    FhirError,
    Forbidden,
    InvalidRequest,
    NotAuthorised,
    NotFound,
    RateLimited,
    ServerError,
    Timeout,
    Unavailable,
    Unreachable,
    WriteRefused,
)
from tests.fhir.fakes import BASE, Scripted, Tokens, bundle, fhir_response, outcome

PATIENT = {"resourceType": "Patient", "id": "p1"}


def client_for(
    script: Scripted, *, tokens: Tokens | None = None, read_only: bool = False
) -> tuple[FhirClient, list[float]]:
    sleeps: list[float] = []
    client = FhirClient(
        BASE,
        transport=script.transport,
        token_provider=tokens,
        read_only=read_only,
        sleep=sleeps.append,
        correlation_id="session-1",
    )
    return client, sleeps


# ------------------------------------------------------------------------------ headers


def test_every_request_carries_the_standard_headers() -> None:
    script = Scripted(fhir_response(200, PATIENT), fhir_response(200, PATIENT))
    client, _ = client_for(script, tokens=Tokens())
    client.read("Patient", "p1")
    client.read("Patient", "p1")
    first, second = script.requests
    assert first.headers["Accept"] == "application/fhir+json"
    assert first.headers["User-Agent"] == f"PZP-Desktop/{__version__}"
    assert first.headers["X-Correlation-Id"] == "session-1"
    assert second.headers["X-Correlation-Id"] == "session-1"
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert first.headers["Authorization"] == "Bearer token-1"


def test_no_authorization_header_without_a_token() -> None:
    script = Scripted(fhir_response(200, PATIENT))
    client, _ = client_for(script)
    client.read("Patient", "p1")
    assert "Authorization" not in script.requests[0].headers


# ------------------------------------------------------------------------------ 401


def test_401_refreshes_the_token_once_and_retries() -> None:
    tokens = Tokens()
    script = Scripted(fhir_response(401, outcome("login")), fhir_response(200, PATIENT))
    client, _ = client_for(script, tokens=tokens)
    assert client.read("Patient", "p1")["id"] == "p1"
    assert tokens.refreshes == 1
    assert [r.headers["Authorization"] for r in script.requests] == [
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_a_second_401_is_not_authorised() -> None:
    tokens = Tokens()
    script = Scripted(fhir_response(401), fhir_response(401))
    client, _ = client_for(script, tokens=tokens)
    with pytest.raises(NotAuthorised) as caught:
        client.read("Patient", "p1")
    assert tokens.refreshes == 1
    assert len(script.requests) == 2
    assert "aangemeld" in caught.value.user_message


def test_401_without_refresh_is_not_retried() -> None:
    script = Scripted(fhir_response(401))
    client, _ = client_for(script, tokens=Tokens(can_refresh=False))
    with pytest.raises(NotAuthorised):
        client.read("Patient", "p1")
    assert len(script.requests) == 1


def test_401_without_a_token_provider() -> None:
    client, _ = client_for(Scripted(fhir_response(401)))
    with pytest.raises(NotAuthorised):
        client.read("Patient", "p1")


# ------------------------------------------------------------------------------ statuses


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, InvalidRequest),
        (403, Forbidden),
        (404, NotFound),
        (410, NotFound),
        (409, Conflict),
        (412, Conflict),
        (422, InvalidRequest),
        (500, ServerError),
        (502, ServerError),
        (504, ServerError),
    ],
)
def test_error_statuses_map_onto_the_tree(status: int, error: type[FhirError]) -> None:
    client, sleeps = client_for(Scripted(fhir_response(status, outcome("processing"))))
    with pytest.raises(error) as caught:
        client.read("Patient", "p1")
    assert caught.value.user_message
    assert f"HTTP {status}" in caught.value.user_message
    assert sleeps == []


def test_operation_outcome_becomes_a_dutch_message_without_server_text() -> None:
    body = outcome("value", "Invalid identifier 123456782 for patient Jansen")
    client, _ = client_for(Scripted(fhir_response(422, body)))
    with pytest.raises(InvalidRequest) as caught:
        client.search("Patient", [("identifier", "http://fhir.nl/fhir/NamingSystem/bsn|123456782")])
    error = caught.value
    assert error.status == 422
    assert error.issues[0].code == "value"
    assert "ongeldige waarde" in error.user_message
    # Nothing the server wrote, no BSN, no URL in what the user sees.
    assert "123456782" not in error.user_message
    assert "123456782" not in str(error)
    assert "Jansen" not in error.user_message
    assert "http" not in error.user_message
    assert error.server_messages == ["Invalid identifier ********* for patient Jansen"]


def test_html_error_page_with_an_error_status() -> None:
    page = httpx.Response(
        502, text="<html><body>Bad gateway</body></html>", headers={"Content-Type": "text/html"}
    )
    client, _ = client_for(Scripted(page))
    with pytest.raises(ServerError) as caught:
        client.read("Patient", "p1")
    assert caught.value.issues == []


# ------------------------------------------------------------------------------ 429 / 503


def test_429_waits_for_retry_after_and_retries() -> None:
    script = Scripted(
        fhir_response(429, outcome("throttled"), headers={"Retry-After": "2"}),
        fhir_response(200, PATIENT),
    )
    client, sleeps = client_for(script)
    assert client.read("Patient", "p1")["id"] == "p1"
    assert sleeps == [2.0]


def test_429_gives_up_after_two_retries_with_a_capped_wait() -> None:
    script = Scripted(*(fhir_response(429, headers={"Retry-After": "3600"}) for _ in range(3)))
    client, sleeps = client_for(script)
    with pytest.raises(RateLimited):
        client.read("Patient", "p1")
    assert len(script.requests) == 3
    assert sleeps == [10.0, 10.0]


def test_retry_after_as_http_date_in_the_past_waits_nothing() -> None:
    script = Scripted(
        fhir_response(503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        fhir_response(200, PATIENT),
    )
    client, sleeps = client_for(script)
    client.read("Patient", "p1")
    assert sleeps == [0.0]


def test_503_without_retry_after_backs_off_then_fails() -> None:
    script = Scripted(*(fhir_response(503) for _ in range(3)))
    client, sleeps = client_for(script)
    with pytest.raises(Unavailable):
        client.read("Patient", "p1")
    assert sleeps == [0.5, 1.0]


def test_503_on_a_write_is_not_retried() -> None:
    script = Scripted(fhir_response(503))
    client, sleeps = client_for(script)
    with pytest.raises(Unavailable):
        client.transaction({"resourceType": "Bundle", "type": "transaction", "entry": []})
    assert len(script.requests) == 1
    assert sleeps == []


# ------------------------------------------------------------------------------ transport


def _raise(exc: Exception) -> Scripted:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return Scripted(handler)


def test_timeout() -> None:
    client, _ = client_for(_raise(httpx.ReadTimeout("slow")))
    with pytest.raises(Timeout) as caught:
        client.read("Patient", "p1")
    assert "op tijd" in caught.value.user_message


def test_unreachable() -> None:
    client, _ = client_for(_raise(httpx.ConnectError("refused")))
    with pytest.raises(Unreachable):
        client.read("Patient", "p1")


# ------------------------------------------------------------------------------ content


def test_malformed_json() -> None:
    response = httpx.Response(
        200, content=b'{"resourceType": "Pat', headers={"Content-Type": "application/fhir+json"}
    )
    client, _ = client_for(Scripted(response))
    with pytest.raises(ContentError) as caught:
        client.read("Patient", "p1")
    assert caught.value.reason == "ongeldige JSON"
    # The reason follows the interface language like the rest of the message.
    assert "(invalid JSON)" in render(caught.value.user_message, "en")


def test_html_page_with_status_200() -> None:
    page = httpx.Response(
        200, text="<!DOCTYPE html><html>Login</html>", headers={"Content-Type": "text/html"}
    )
    client, _ = client_for(Scripted(page))
    with pytest.raises(ContentError) as caught:
        client.read("Patient", "p1")
    assert "webpagina" in caught.value.user_message


def test_wrong_resource_type_names_the_element() -> None:
    client, _ = client_for(
        Scripted(fhir_response(200, {"resourceType": "Observation", "id": "p1"}))
    )
    with pytest.raises(ContentError) as caught:
        client.read("Patient", "p1")
    assert caught.value.path == "resourceType"
    assert "Observation in plaats van Patient" in caught.value.user_message


def test_search_answered_with_something_else_than_a_bundle() -> None:
    client, _ = client_for(Scripted(fhir_response(200, PATIENT)))
    with pytest.raises(ContentError):
        client.search("Patient", {"_id": "p1"})


def test_unreadable_entries_are_skipped_with_a_note() -> None:
    data = bundle([PATIENT])
    data["entry"].append({"resource": "not an object"})
    client, _ = client_for(Scripted(fhir_response(200, data)))
    result = client.search("Patient", {"_id": "p1"})
    assert [e.resource["id"] for e in result] == ["p1"]
    assert result.notes == ["onleesbaar element overgeslagen (Bundle.entry[1].resource)"]


def test_invalid_id_in_a_reference_is_refused_without_a_request() -> None:
    script = Scripted()
    client, _ = client_for(script)
    with pytest.raises(ContentError):
        client.read("Patient", "../metadata")
    assert script.requests == []


# ------------------------------------------------------------------------------ paging


def test_search_follows_next_links_and_keeps_search_modes() -> None:
    practitioner = {"resourceType": "Practitioner", "id": "pr1"}
    script = Scripted(
        fhir_response(200, bundle([PATIENT], next_url=f"{BASE}?_getpages=a&offset=1")),
        fhir_response(
            200,
            bundle(
                [{"resourceType": "Patient", "id": "p2"}, practitioner],
                next_url="?_getpages=a&offset=3",  # relative: resolved against the base
                modes=["match", "include"],
            ),
        ),
        fhir_response(200, bundle([{"resourceType": "Patient", "id": "p3"}])),
    )
    client, _ = client_for(script, tokens=Tokens())
    result = client.search("Patient", {"name": "x"})
    assert [(e.resource["id"], e.mode) for e in result] == [
        ("p1", "match"),
        ("p2", "match"),
        ("pr1", "include"),
        ("p3", "match"),
    ]
    assert result.pages == 3
    assert [m["id"] for m in result.matches] == ["p1", "p2", "p3"]
    assert all(r.headers["Authorization"] == "Bearer token-1" for r in script.requests)
    assert str(script.requests[2].url) == f"{BASE}/?_getpages=a&offset=3"


def test_next_link_to_another_host_is_refused_and_never_requested() -> None:
    script = Scripted(
        fhir_response(200, bundle([PATIENT], next_url="https://evil.example.com/fhir?page=2"))
    )
    client, _ = client_for(script, tokens=Tokens())
    with pytest.raises(ContentError) as caught:
        client.search("Patient", {"name": "x"})
    assert caught.value.path == "Bundle.link[0].url"
    assert len(script.requests) == 1  # the other host saw nothing, let alone the token


@pytest.mark.parametrize(
    "next_url",
    [
        "http://fhir.example.org/fhir?page=2",  # other scheme
        "https://fhir.example.org:8443/fhir?page=2",  # other port
        "https://fhir.example.org/other?page=2",  # other path
        "https://fhir.example.org/fhirx?page=2",  # a prefix that is not a path segment
    ],
)
def test_next_link_outside_the_base_is_refused(next_url: str) -> None:
    script = Scripted(fhir_response(200, bundle([PATIENT], next_url=next_url)))
    client, _ = client_for(script, tokens=Tokens())
    with pytest.raises(ContentError):
        client.search("Patient", {"name": "x"})
    assert len(script.requests) == 1


def test_a_next_link_that_loops_stops_the_paging() -> None:
    page_2 = f"{BASE}?_getpages=a&offset=1"
    script = Scripted(
        fhir_response(200, bundle([PATIENT], next_url=page_2)),
        fhir_response(200, bundle([{"resourceType": "Patient", "id": "p2"}], next_url=page_2)),
    )
    client, _ = client_for(script)
    result = client.search("Patient", {"name": "x"})
    assert [e.resource["id"] for e in result] == ["p1", "p2"]
    assert result.truncated
    assert len(script.requests) == 2


def test_page_cap() -> None:
    def endless(request: httpx.Request) -> httpx.Response:
        n = len(script.requests)
        return fhir_response(
            200,
            bundle([{"resourceType": "Patient", "id": f"p{n}"}], next_url=f"{BASE}?page={n + 1}"),
        )

    script = Scripted(*([endless] * 10))
    client, _ = client_for(script)
    client.max_pages = 4
    result = client.search("Patient", {"name": "x"})
    assert len(result) == 4
    assert result.truncated
    assert len(script.requests) == 4


def test_entry_cap() -> None:
    patients = [{"resourceType": "Patient", "id": f"p{i}"} for i in range(10)]
    client, _ = client_for(Scripted(fhir_response(200, bundle(patients))))
    result = client.search("Patient", {"name": "x"}, max_entries=3)
    assert len(result) == 3
    assert result.truncated


def test_history_skips_deleted_versions() -> None:
    data = bundle(
        [{"resourceType": "Patient", "id": "p1", "meta": {"versionId": "2"}}],
        bundle_type="history",
    )
    data["entry"].append({"request": {"method": "DELETE", "url": "Patient/p1"}})
    script = Scripted(fhir_response(200, data))
    client, _ = client_for(script)
    versions = client.history("Patient", "p1")
    assert [e.resource["meta"]["versionId"] for e in versions] == ["2"]
    assert script.requests[0].url.path == "/fhir/Patient/p1/_history"


# ------------------------------------------------------------------------------ query strings


def test_query_string_keeps_repeats_and_encodes_bars_and_colons() -> None:
    query = encode_query(
        [
            ("patient", "p1"),
            ("code", "http://snomed.info/sct|1,http://snomed.info/sct|2"),
            ("_include", "Consent:actor"),
            ("_include:iterate", "PractitionerRole:practitioner"),
            ("_include", "Procedure:encounter"),
        ]
    )
    assert query == (
        "patient=p1"
        "&code=http%3A//snomed.info/sct%7C1,http%3A//snomed.info/sct%7C2"
        "&_include=Consent%3Aactor"
        "&_include:iterate=PractitionerRole%3Apractitioner"
        "&_include=Procedure%3Aencounter"
    )
    assert encode_query({"_include": ["A:b", "C:d"]}) == "_include=A%3Ab&_include=C%3Ad"


def test_query_string_reaches_the_server_unchanged() -> None:
    script = Scripted(fhir_response(200, bundle()))
    client, _ = client_for(script)
    client.search("Consent", [("_include", "Consent:actor"), ("_include", "X:y"), ("scope", "a|b")])
    assert script.requests[0].url.query == b"_include=Consent%3Aactor&_include=X%3Ay&scope=a%7Cb"


# ------------------------------------------------------------------------------ writes


def test_read_only_refuses_every_write_before_any_request() -> None:
    script = Scripted()
    client, _ = client_for(script, read_only=True)
    with pytest.raises(WriteRefused):
        client.transaction({"resourceType": "Bundle", "type": "transaction", "entry": []})
    with pytest.raises(WriteRefused):
        client.create({"resourceType": "Goal"})
    with pytest.raises(WriteRefused):
        client.update({"resourceType": "Goal", "id": "g1"}, if_match="1")
    assert script.requests == []
    assert client.request_count == 0


def test_conditional_create_sends_if_none_exist() -> None:
    created = {"resourceType": "Goal", "id": "g1", "meta": {"versionId": "1"}}
    script = Scripted(fhir_response(201, created))
    client, _ = client_for(script)
    result = client.create({"resourceType": "Goal"}, if_none_exist=[("identifier", "urn:sys|abc")])
    assert result == created
    request = script.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/fhir/Goal"
    assert request.headers["If-None-Exist"] == "identifier=urn%3Asys%7Cabc"
    assert request.headers["Content-Type"].startswith("application/fhir+json")
    assert json.loads(request.content) == {"resourceType": "Goal"}


def test_update_with_a_stale_version_is_a_conflict() -> None:
    script = Scripted(fhir_response(412, outcome("conflict", "version 3 is not current")))
    client, _ = client_for(script)
    with pytest.raises(Conflict) as caught:
        client.update({"resourceType": "Patient", "id": "p1"}, if_match="3")
    assert script.requests[0].headers["If-Match"] == 'W/"3"'
    assert "versieconflict" in caught.value.user_message


def test_write_without_body_reads_the_location() -> None:
    script = Scripted(
        httpx.Response(201, headers={"Location": f"{BASE}/Goal/g9/_history/1"}),
        fhir_response(200, {"resourceType": "Goal", "id": "g9"}),
    )
    client, _ = client_for(script)
    assert client.create({"resourceType": "Goal"})["id"] == "g9"
    assert script.requests[1].url.path == "/fhir/Goal/g9"


def test_transaction_returns_the_response_bundle() -> None:
    response = {"resourceType": "Bundle", "type": "transaction-response", "entry": []}
    script = Scripted(fhir_response(200, response))
    client, _ = client_for(script)
    assert client.transaction({"resourceType": "Bundle", "type": "transaction"}) == response
    assert script.requests[0].url == httpx.URL(BASE)


def test_transaction_answered_with_the_wrong_bundle_type() -> None:
    client, _ = client_for(Scripted(fhir_response(200, bundle())))
    with pytest.raises(ContentError):
        client.transaction({"resourceType": "Bundle", "type": "transaction"})


def test_capabilities_are_read_once() -> None:
    statement = {"resourceType": "CapabilityStatement", "rest": [{"mode": "server"}]}
    script = Scripted(fhir_response(200, statement))
    client, _ = client_for(script)
    assert client.capabilities() is client.capabilities()
    assert len(script.requests) == 1
    assert script.requests[0].url.path == "/fhir/metadata"


def test_base_url_must_be_absolute() -> None:
    with pytest.raises(ValueError, match="absolute"):
        FhirClient("fhir.example.org/fhir")


def test_clients_share_one_verifying_tls_context() -> None:
    import ssl

    from pzp_desktop.fhir.client import shared_ssl_context

    context = shared_ssl_context()
    assert context is shared_ssl_context()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
