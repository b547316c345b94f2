"""The one-shot loopback listener (RFC 8252): only the expected path and state count."""

from __future__ import annotations

import http.client
import threading

import httpx
import pytest

from pzp_desktop.launch.errors import (
    AccessDenied,
    AuthorizationFailed,
    LoginCancelled,
    LoginTimedOut,
    StateMismatch,
)
from pzp_desktop.launch.loopback import LoopbackListener

STATE = "expected-state-value-with-enough-entropy"


def get(listener: LoopbackListener, target: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{listener.port}{target}", timeout=5)


def test_redirect_uri_is_loopback_ip_with_ephemeral_port() -> None:
    with LoopbackListener(STATE) as first, LoopbackListener(STATE) as second:
        assert first.redirect_uri == f"http://127.0.0.1:{first.port}/callback"
        assert first.port != second.port
        assert first.port > 1024


def test_code_with_the_right_state_is_accepted() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        response = get(listener, f"/callback?code=the-code&state={STATE}")
        assert listener.wait() == "the-code"
    assert response.status_code == 200
    assert "U kunt dit tabblad sluiten" in response.text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "target",
    [
        f"/other?code=c&state={STATE}",
        f"/callback/extra?code=c&state={STATE}",
        "/callback?code=c&state=wrong",
        "/callback?code=c",
        f"/callback?code=c&state={STATE}&state=x",
        f"/callback?state={STATE}",
        "/favicon.ico",
    ],
)
def test_anything_else_gets_400_and_the_listener_keeps_waiting(target: str) -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        response = get(listener, target)
        assert response.status_code == 400
        assert "genegeerd" in response.text
        # Still waiting: the real answer is accepted afterwards.
        get(listener, f"/callback?code=real&state={STATE}")
        assert listener.wait() == "real"


def test_only_get_is_accepted() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        response = httpx.post(f"{listener.redirect_uri}?code=c&state={STATE}", timeout=5)
        assert response.status_code == 405
        get(listener, f"/callback?code=real&state={STATE}")
        assert listener.wait() == "real"


def test_wrong_host_header_is_refused() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        connection = http.client.HTTPConnection("127.0.0.1", listener.port, timeout=5)
        connection.request(
            "GET", f"/callback?code=c&state={STATE}", headers={"Host": "evil.example:80"}
        )
        assert connection.getresponse().status == 400
        connection.close()
        get(listener, f"/callback?code=real&state={STATE}")
        assert listener.wait() == "real"


def test_second_answer_is_not_taken() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        get(listener, f"/callback?code=first&state={STATE}")
        assert get(listener, f"/callback?code=second&state={STATE}").status_code == 400
        assert listener.wait() == "first"


def test_timeout() -> None:
    with LoopbackListener(STATE, timeout=0.2) as listener, pytest.raises(LoginTimedOut) as caught:
        listener.wait()
    assert "duurde te lang" in caught.value.user_message


def test_timeout_after_only_wrong_states_is_a_state_mismatch() -> None:
    with LoopbackListener(STATE, timeout=0.5) as listener:
        get(listener, "/callback?code=c&state=stale-tab")
        with pytest.raises(StateMismatch) as caught:
            listener.wait()
        assert listener.mismatches == 1
    assert "hoorde niet bij deze aanmelding" in caught.value.user_message


def test_access_denied() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        response = get(listener, f"/callback?error=access_denied&state={STATE}")
        with pytest.raises(AccessDenied) as caught:
            listener.wait()
    assert "toegang is geweigerd" in caught.value.user_message.lower()
    assert "tabblad sluiten" in response.text


def test_access_denied_with_a_wrong_state_is_ignored() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        assert get(listener, "/callback?error=access_denied&state=x").status_code == 400
        get(listener, f"/callback?code=real&state={STATE}")
        assert listener.wait() == "real"


def test_other_errors() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        get(listener, f"/callback?error=invalid_scope&state={STATE}")
        with pytest.raises(AuthorizationFailed):
            listener.wait()


def test_cancel() -> None:
    cancel = threading.Event()
    cancel.set()
    with LoopbackListener(STATE, timeout=5) as listener, pytest.raises(LoginCancelled):
        listener.wait(cancel)


def test_port_is_closed_afterwards() -> None:
    with LoopbackListener(STATE, timeout=5) as listener:
        port = listener.port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/callback", timeout=2)


def test_configured_path() -> None:
    with LoopbackListener(STATE, timeout=5, path="/pzp/cb") as listener:
        assert listener.redirect_uri.endswith("/pzp/cb")
        assert get(listener, f"/callback?code=c&state={STATE}").status_code == 400
        get(listener, f"/pzp/cb?code=real&state={STATE}")
        assert listener.wait() == "real"


@pytest.mark.parametrize("path", ["callback", "/cb?x=1", "/cb#f"])
def test_bad_paths(path: str) -> None:
    with pytest.raises(ValueError, match="path"):
        LoopbackListener(STATE, path=path)
