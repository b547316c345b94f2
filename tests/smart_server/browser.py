"""A headless stand-in for the system browser: an httpx client that follows redirects.

Pass :meth:`HeadlessBrowser.open` as the app's ``open_browser`` callback. It fetches the
authorisation URL, fills in the login form when the server shows one (like a user would),
and follows the redirect to the app's loopback listener, keeping cookies as a browser does.
Hooks let a test act in between (``after_authorize``) or tamper with the redirect
(``rewrite_callback``), e.g. to send a wrong ``state``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

__all__ = ["BrowserVisit", "HeadlessBrowser"]

_FORM = re.compile(r"<form method='post' action='([^']*)'>")


@dataclass
class BrowserVisit:
    url: str
    status: int
    text: str


@dataclass
class HeadlessBrowser:
    username: str | None = None
    password: str | None = None
    #: Press "Weigeren" on the login page instead of logging in.
    deny: bool = False
    #: Called with the Location of the authorisation server's redirect before following it.
    after_authorize: Callable[[str], None] | None = None
    #: May rewrite the redirect to the loopback listener (to test a wrong state).
    rewrite_callback: Callable[[str], str] | None = None
    #: Return False from ``open`` as a browser that failed to start would.
    fail: bool = False
    visits: list[BrowserVisit] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    cookies: httpx.Cookies = field(default_factory=httpx.Cookies)

    @property
    def authorize_url(self) -> str:
        return self.opened[-1]

    @property
    def last_page(self) -> BrowserVisit:
        return self.visits[-1]

    def _get(self, client: httpx.Client, url: str) -> httpx.Response:
        response = client.get(url)
        self.visits.append(BrowserVisit(url, response.status_code, response.text))
        return response

    def open(self, url: str) -> bool:
        self.opened.append(url)
        if self.fail:
            return False
        with httpx.Client(follow_redirects=False, timeout=10.0, cookies=self.cookies) as client:
            try:
                return self._navigate(client, url)
            finally:
                self.cookies = httpx.Cookies(client.cookies)

    def _navigate(self, client: httpx.Client, url: str) -> bool:
        response = self._get(client, url)
        for _ in range(10):
            if response.status_code in (301, 302, 303, 307, 308):
                location = urljoin(str(response.url), response.headers["Location"])
                if "/callback" in location:
                    if self.after_authorize is not None:
                        self.after_authorize(location)
                    if self.rewrite_callback is not None:
                        location = self.rewrite_callback(location)
                    self._get(client, location)
                    return True
                response = self._get(client, location)
                continue
            match = _FORM.search(response.text)
            if match is None:
                return True  # an error page of the server; nothing more to click
            action = urljoin(str(response.url), html.unescape(match.group(1)))
            form = (
                {"action": "deny"}
                if self.deny
                else {
                    "action": "login",
                    "username": self.username or "",
                    "password": self.password or "",
                }
            )
            response = client.post(action, data=form)
            self.visits.append(BrowserVisit(action, response.status_code, response.text))
            if response.status_code == 401:
                return True  # wrong password: the user gives up
        return True
