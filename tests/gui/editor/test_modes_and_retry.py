"""View-only never opens the editor nor sends anything; a push whose answer got lost is
retried from the editor without creating anything twice; a refused source says so."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtWidgets import QApplication

from pzp_desktop.domain.items import ItemId
from pzp_desktop.fhir.memory_server import InMemoryFhirServer
from pzp_desktop.gui.editor import open_editor
from pzp_desktop.gui.editor.editor_window import EditorWindow
from pzp_desktop.sources.push import PushStatus
from tests.gui.editor.conftest import (
    Harness,
    click,
    click_option,
    item,
    session_with_transport,
    settle,
    window_of,
)

pytestmark = pytest.mark.gui


def test_view_only_refuses_and_sends_nothing(harness: Harness) -> None:
    session = harness.session("devries")
    data = harness.load(session)
    servers = harness.environment.servers()
    before = {name: len(server.requests) for name, server in servers.items()}
    for view_only_session in (False, True):
        session.view_only = view_only_session
        controller = open_editor(
            None,
            session,
            data,
            view_only=not view_only_session,  # either the caller or the session says so
            training=True,
            store=harness.store,
            on_pushed=harness.pushed.append,
        )
        assert controller is None
    harness.qtbot.wait(50)
    settle()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, EditorWindow)]
    after = {name: len(server.requests) for name, server in servers.items()}
    assert after == before
    assert all(method == "GET" for server in servers.values() for method, _ in server.requests)
    assert harness.store.list_pending() == []


class LosingTransport(httpx.BaseTransport):
    """The server commits the transaction but its answer never arrives (a read timeout),
    and the network stays down until ``up()``."""

    def __init__(self, server: InMemoryFhirServer) -> None:
        self.server = server
        self.lost = False
        self.down = False

    def up(self) -> None:
        self.down = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("network down", request=request)
        response = self.server.handle_request(request)
        if request.method == "POST" and not self.lost:
            self.lost = True
            self.down = True
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def test_a_retried_push_after_the_server_committed_creates_nothing_twice(
    harness: Harness,
) -> None:
    transport = LosingTransport(harness.server())
    session = session_with_transport(harness, "devries", transport)
    controller = harness.open("devries", session=session)
    window = window_of(controller)
    click_option(harness.qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Hospice")
    before = harness.snapshot()

    harness.save(controller)
    # The transaction went through, but the answer was lost and the network is down.
    assert not controller.closed
    assert controller.last_outcome is not None
    assert controller.last_outcome.status is PushStatus.FAILURE
    assert "Het gesprek is niet opgeslagen" in window.outcome_text()
    assert "blijft bewaard" in window.outcome_text()
    assert window.retry_button.isVisible()
    [pending] = harness.store.list_pending()
    assert pending.draft.push_attempts == 1

    transport.up()
    click(harness.qtbot, window.retry_button)
    harness.wait_after_save(controller)
    assert controller.closed, window.outcome_text()
    assert controller.last_outcome is not None
    assert controller.last_outcome.status is PushStatus.SUCCESS
    assert controller.last_outcome.already_saved
    assert "niets dubbel" in controller.last_outcome.message
    created = harness.new_resources(before)
    counts = {t: len(rs) for t, rs in created.items() if t != "AuditEvent"}
    assert counts == {
        "Encounter": 1,
        "Procedure": 1,
        "Observation": 1,
        "QuestionnaireResponse": 1,
        "Provenance": 1,
    }
    assert harness.store.list_pending() == []
    assert [o.status for o in harness.pushed] == [PushStatus.SUCCESS]


class RefusingTransport(httpx.BaseTransport):
    def __init__(self, server: InMemoryFhirServer) -> None:
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(
                403,
                json={
                    "resourceType": "OperationOutcome",
                    "issue": [{"severity": "error", "code": "forbidden"}],
                },
            )
        return self.server.handle_request(request)


def test_a_source_that_refuses_the_write_says_so_and_keeps_the_draft(harness: Harness) -> None:
    session = session_with_transport(harness, "devries", RefusingTransport(harness.server()))
    controller = harness.open("devries", session=session)
    window = window_of(controller)
    click_option(harness.qtbot, item(controller, ItemId.PLACE_OF_DEATH), "1191", "Hospice")
    harness.save(controller)
    assert not controller.closed
    assert "geen toestemming" in window.outcome_text()
    assert not window.retry_button.isVisible()
    assert [p.draft.identifier for p in harness.store.list_pending()] == [
        controller.draft.identifier  # type: ignore[union-attr]
    ]
