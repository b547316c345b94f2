"""``pzp-desktop overview`` and ``probe`` against in-memory servers (no network)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from pzp_desktop import cli
from pzp_desktop.fhir.client import FhirClient
from pzp_desktop.fhir.fetch import fetch_patient_resources
from tests.fhir import sample_data
from tests.fhir.fakes import MiniServer, capability_statement, fhir_response, outcome

BASE_A = "https://a.example.org/fhir"
BASE_B = "https://b.example.org/fhir"


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Route every client the CLI makes to an in-memory server by its base URL."""
    registry: dict[str, Any] = {
        BASE_A: MiniServer(sample_data.resources(), base=BASE_A, history=sample_data.history()),
    }
    seen_tokens: list[str | None] = []

    def factory(base_url: str, **kwargs: Any) -> FhirClient:
        target = registry[base_url]

        def handle(request: httpx.Request) -> httpx.Response:
            seen_tokens.append(request.headers.get("Authorization"))
            response = target(request) if callable(target) else target.handle(request)
            assert isinstance(response, httpx.Response)
            return response

        return FhirClient(base_url, transport=httpx.MockTransport(handle), **kwargs)

    monkeypatch.setattr(cli, "FhirClient", factory)
    monkeypatch.delenv(cli.TOKEN_ENVIRONMENT_VARIABLE, raising=False)
    registry["tokens"] = seen_tokens
    return registry


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_overview_json(servers: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "overview", "--source", BASE_A, "--patient", "p1", "--json")
    assert code == 0, err
    document = json.loads(out)
    items = {i["section"]: i for i in document["items"]}
    resuscitation = items["4a"]
    assert resuscitation["label"] == "Reanimatie"
    assert resuscitation["value"].startswith("Niet uitvoeren")
    assert resuscitation["code"] == "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1|2"
    assert resuscitation["recorded"] == "2024-03-01"
    assert resuscitation["source"] == BASE_A
    assert resuscitation["conversation"] == "Encounter/enc1"
    assert resuscitation["older_differs"] is False
    # Legal capacity changed between the two Patient versions.
    assert items["1"]["code"] == "0"
    assert items["1"]["older_differs"] is True
    assert items["5d"]["label"]
    assert {"section": "4b", "label": document_label(document, "4b")} in document["not_discussed"]
    dates = [c["date"] for c in document["conversations"]]
    assert "2024-03-01" in dates
    enc1 = next(c for c in document["conversations"] if c["reference"] == "Encounter/enc1")
    assert [i["section"] for i in enc1["items"]] == ["4a"]
    assert document["sources"][0]["status"] == "ok"
    assert document["patient"] == {"reference": "Patient/p1"}


def document_label(document: dict[str, Any], section: str) -> str:
    return str(next(n["label"] for n in document["not_discussed"] if n["section"] == section))


def test_overview_text(servers: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "overview", "--source", BASE_A, "--bsn", sample_data.BSN)
    assert code == 0
    assert "4a    Reanimatie: Niet uitvoeren" in out
    assert "nog niet besproken" in out
    assert "Gesprekken:" in out


def test_token_from_the_environment(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli.TOKEN_ENVIRONMENT_VARIABLE, "secret-token")
    code, _, _ = run_cli(capsys, "overview", "--source", BASE_A, "--patient", "p1", "--json")
    assert code == 0
    assert set(servers["tokens"]) == {"Bearer secret-token"}


@pytest.mark.parametrize(
    "argv",
    [
        ["overview", "--source", BASE_A, "--bsn", "123456789"],  # fails the 11-test
        ["overview", "--source", BASE_A],  # no patient
        ["overview", "--patient", "p1"],  # no source
        ["overview", "--source", "ftp://x", "--patient", "p1"],
        ["overview", "--source", BASE_A, "--patient", "p1", "--bsn", sample_data.BSN],
        [
            "overview",
            "--source",
            BASE_A,
            "--source",
            BASE_B,
            "--patient",
            "a",
            "--patient",
            "b",
            "--patient",
            "c",
        ],
        ["overview", "--source", BASE_A, "--source", BASE_A, "--patient", "p1"],
        ["probe", BASE_A, "--bsn", "12"],
        ["nonsense"],
    ],
)
def test_bad_arguments_exit_2(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    assert err


def test_invalid_bsn_message_is_dutch(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run_cli(capsys, "overview", "--source", BASE_A, "--bsn", "123456789")
    assert "11-proef" in err


def test_unreachable_exit_3(servers: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    servers[BASE_B] = refuse
    code, out, err = run_cli(
        capsys, "overview", "--source", BASE_A, "--source", BASE_B, "--patient", "p1", "--json"
    )
    assert code == 3
    assert json.loads(out)["sources"][1]["status"] == "unreachable"  # A's data still shown
    assert "Niet bereikbaar" in err


def test_not_authorised_exit_4(servers: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    servers[BASE_B] = lambda request: fhir_response(401, outcome("login"))
    code, out, err = run_cli(capsys, "overview", "--source", BASE_B, "--patient", "p1")
    assert code == 4
    assert out == ""
    assert "Geen toestemming" in err


def test_patient_not_found_exit_5(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "overview", "--source", BASE_A, "--bsn", "111222333")
    assert code == 5
    assert out == ""
    assert "111222333" not in err


def test_overview_json_counts_the_fetched_resources(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # The resources are released once read; the count reported is what was fetched.
    with cli.FhirClient(BASE_A) as client:
        fetched = len(fetch_patient_resources(client, "p1").resources)
    assert fetched > 0
    code, out, err = run_cli(capsys, "overview", "--source", BASE_A, "--patient", "p1", "--json")
    assert code == 0, err
    (source,) = json.loads(out)["sources"]
    assert source["status"] == "ok"
    assert source["resources"] == fetched


def test_overview_json_no_count_for_a_source_not_read(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    servers[BASE_B] = lambda request: fhir_response(500, outcome("exception"))
    code, out, _ = run_cli(
        capsys, "overview", "--source", BASE_A, "--source", BASE_B, "--patient", "p1", "--json"
    )
    assert code == 1
    counts = {s["source"]: s["resources"] for s in json.loads(out)["sources"]}
    assert counts[BASE_A] is not None
    assert counts[BASE_A] > 0
    assert counts[BASE_B] is None


def test_unexpected_error_has_no_traceback(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Jansen 123456782")

    monkeypatch.setattr(cli.SourceReader, "combine", explode)
    code, _, err = run_cli(capsys, "overview", "--source", BASE_A, "--patient", "p1")
    assert code == 1
    assert "Traceback" not in err
    assert "Jansen" not in err


# ------------------------------------------------------------------------------ probe


def test_probe_reports_support_and_fallbacks(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    servers[BASE_B] = MiniServer(
        [],
        base=BASE_B,
        capabilities=capability_statement(
            drop_params=[("Goal", "description"), ("Communication", "reason-code")],
            drop_revincludes=True,
        ),
    )
    code, out, _ = run_cli(capsys, "probe", BASE_B, "--json")
    assert code == 0
    document = json.loads(out)
    queries = {q["query"]: q for q in document["queries"]}
    assert queries["2"]["status"] == "ondersteund"
    assert queries["4"]["status"] == "terugval"
    assert queries["4"]["attempts"] == ["GET Goal?patient=[id]"]
    assert queries["7"]["status"] == "terugval"
    assert queries["1b"]["status"] == "terugval"
    assert queries["6"]["status"] == "niet vastgesteld; wordt geprobeerd"
    assert document["server"] == "Fake FHIR 1, FHIR 4.0.1"


def test_probe_with_a_patient_runs_the_queries(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "probe", BASE_A, "--patient", "p1")
    assert code == 0
    assert "[1a] PZP-gesprekken (Procedure + Encounter): ondersteund" in out
    assert "[1b] PZP-gesprekken (Encounter): niet nodig" in out
    assert "gebruikt: GET Procedure?patient=p1" in out
    assert "niet opgehaald: https://other.example.com/fhir/RelatedPerson/x9" in out


def test_probe_without_capability_statement(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    servers[BASE_B] = MiniServer([], base=BASE_B, fail={"metadata": 404})
    code, out, _ = run_cli(capsys, "probe", BASE_B, "--json")
    assert code == 0
    document = json.loads(out)
    assert not document["capabilities_known"]
    assert any("CapabilityStatement niet bruikbaar" in g for g in document["general"])


def test_probe_unreachable(servers: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    servers[BASE_B] = refuse
    code, _, err = run_cli(capsys, "probe", BASE_B)
    assert code == 3
    assert "niet bereikbaar" in err


def test_register_and_run_with_a_plain_parser(
    servers: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["overview", "--source", BASE_A, "--patient", "p1", "--json"])
    assert cli.run(args) == 0
    assert json.loads(capsys.readouterr().out)["items"]


def test_importing_the_cli_does_not_import_qt() -> None:
    import subprocess
    import sys

    code = "import sys; from pzp_desktop import cli; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
