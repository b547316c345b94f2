"""The FHIR REST client: one shared synchronous ``httpx.Client`` per source.

This is the one seam between PZP Desktop and the network (together with the rest of
``pzp_desktop.fhir``, the only code that imports httpx). It is safe to use from several
worker threads at once: httpx's connection pool is thread-safe and the client keeps no
per-request state.

Guarantees:

* Timeouts are always on (:data:`DEFAULT_TIMEOUT`).
* Every request carries ``Accept: application/fhir+json``, a fresh ``X-Request-Id``, the
  session's ``X-Correlation-Id`` and ``User-Agent: PZP-Desktop/<version>``.
* The bearer token goes **only** to URLs under the client's own base (scheme, host, port
  and path prefix). A paging link to anywhere else is refused (:class:`ContentError`), so a
  token can never leak to another host. After a 401 the token provider may refresh once.
* 429 (any method) and 503 (reads) are retried at most :data:`MAX_RETRIES` times, honouring
  ``Retry-After`` up to a cap.
* ``read_only=True`` refuses every write before any network traffic (:class:`WriteRefused`).
* Search results follow ``next`` links to the end, with a guard against links that loop
  and hard caps on pages and entries; entries keep their ``search.mode``.
* Nothing is logged that could hold patient data: the httpx/httpcore loggers (which log
  URLs, and search URLs may hold a BSN) are capped at WARNING.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import json
import logging
import re
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote

import certifi
import httpx

from pzp_desktop import __version__
from pzp_desktop.fhir.capabilities import Capabilities
from pzp_desktop.fhir.errors import (
    ContentError,
    ContentReason,
    Timeout,
    Unreachable,
    WriteRefused,
    error_for_status,
    parse_operation_outcome,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "FhirClient",
    "Json",
    "PageHandler",
    "Params",
    "SearchEntry",
    "SearchResult",
    "StaticToken",
    "TokenProvider",
    "encode_query",
]

Json = dict[str, Any]
#: Search parameters: ``[("_include", "A:b"), ("_include", "C:d")]`` (repeats allowed) or a
#: mapping whose values may be a list for repeated parameters.
Params = Sequence[tuple[str, str]] | Mapping[str, str | Sequence[str]]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_RETRIES = 2
MAX_RETRY_WAIT_SECONDS = 10.0
DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_ENTRIES = 10_000
FHIR_JSON = "application/fhir+json"

# URLs (with search parameters, possibly a BSN) are logged by httpx at INFO and by httpcore
# at DEBUG: never let those reach a log file.
for _name in ("httpx", "httpcore"):
    _logger = logging.getLogger(_name)
    if _logger.level < logging.WARNING:
        _logger.setLevel(logging.WARNING)

_RESOURCE_TYPE = re.compile(r"[A-Z][A-Za-z]{1,63}")
_LOGICAL_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One TLS context (with certificate verification) for every client of the process.

    Building a context loads the CA bundle, about 40 ms; a patient opened from three sources
    would pay that three times over. The context is only read after creation, so sharing
    it between clients and threads is safe.
    """
    return ssl.create_default_context(cafile=certifi.where())


class TokenProvider(Protocol):
    """Where the client gets its bearer token (SMART launch, or a fixed token for the CLI)."""

    def access_token(self) -> str | None:
        """The current access token, or ``None`` to send no Authorization header."""
        ...

    def refresh_after_401(self) -> bool:
        """Called once after a 401; True when a new token is available for one retry."""
        ...


class StaticToken:
    """A fixed token that cannot be refreshed (the CLI's environment variable)."""

    def __init__(self, token: str | None) -> None:
        self._token = token or None

    def access_token(self) -> str | None:
        return self._token

    def refresh_after_401(self) -> bool:
        return False


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One resource of a search or history result."""

    resource: Json
    #: ``search.mode``: "match", "include" or "outcome" ("match" when the server omits it).
    mode: str = "match"
    full_url: str | None = None


#: Receives the entries of one page of a search or history (see :meth:`FhirClient.collect`).
PageHandler = Callable[[list[SearchEntry]], None]


class SearchResult(list[SearchEntry]):
    """The entries of all pages of one search, plus how the paging went."""

    def __init__(self, entries: Sequence[SearchEntry] = ()) -> None:
        super().__init__(entries)
        self.pages = 0
        #: True when a page/entry cap or a repeated ``next`` link stopped the paging.
        self.truncated = False
        #: Dutch remarks without patient data ("element overgeslagen bij Bundle.entry[2]").
        self.notes: list[str] = []
        self.total: int | None = None
        #: How many entries arrived (also those handed to an ``on_page`` handler).
        self.received = len(self)

    def resources(self, mode: str | None = None) -> list[Json]:
        """The resources, optionally only those with ``search.mode == mode``."""
        return [e.resource for e in self if mode is None or e.mode == mode]

    @property
    def matches(self) -> list[Json]:
        return self.resources("match")


def encode_query(params: Params) -> str:
    """A query string that keeps repeated parameters and their order.

    Names keep ``:`` (``_include:iterate``, ``description:in``); values are percent-encoded
    except ``,`` (FHIR's OR separator) and ``/``, so ``|`` becomes ``%7C`` and ``:`` ``%3A``.
    """
    pairs: list[tuple[str, str]] = []
    if isinstance(params, Mapping):
        for name, value in params.items():
            if isinstance(value, str):
                pairs.append((name, value))
            else:
                pairs.extend((name, v) for v in value)
    else:
        pairs.extend(params)
    return "&".join(f"{quote(n, safe=':_-.')}={quote(v, safe=',/')}" for n, v in pairs)


@dataclass(frozen=True, slots=True)
class _Origin:
    scheme: str
    host: str
    port: int
    path: str  # without trailing slash

    @classmethod
    def of(cls, url: httpx.URL) -> _Origin:
        port = url.port or (443 if url.scheme == "https" else 80)
        return cls(url.scheme.lower(), url.host.lower(), port, url.path.rstrip("/"))


class FhirClient:
    """A FHIR R4 REST client for one source (see the module docstring for its guarantees)."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        token_provider: TokenProvider | None = None,
        read_only: bool = False,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        correlation_id: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retry_wait: float = MAX_RETRY_WAIT_SECONDS,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_connections: int = 16,
    ) -> None:
        base = httpx.URL(base_url.rstrip("/"))
        if base.scheme not in ("http", "https") or not base.host:
            raise ValueError("base_url must be an absolute http(s) URL")
        if base.query or base.fragment:
            raise ValueError("base_url must not have a query or fragment")
        self.base_url = str(base)
        self._origin = _Origin.of(base)
        self.read_only = read_only
        self.correlation_id = correlation_id or str(uuid.uuid4())
        self._token_provider = token_provider
        self._sleep = sleep
        self._max_retry_wait = max_retry_wait
        self.max_pages = max_pages
        self.max_entries = max_entries
        self._http = httpx.Client(
            transport=transport,
            verify=shared_ssl_context(),
            timeout=timeout,
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            headers={
                "Accept": FHIR_JSON,
                "User-Agent": f"PZP-Desktop/{__version__}",
                "X-Correlation-Id": self.correlation_id,
            },
        )
        self._capabilities: Capabilities | None = None
        self._lock = threading.Lock()
        self._page_lock = threading.Lock()
        self._request_count = 0

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FhirClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def request_count(self) -> int:
        """How many HTTP requests this client sent (retries included)."""
        return self._request_count

    # ------------------------------------------------------------------ URLs

    def is_on_base(self, url: str) -> bool:
        """True when ``url`` lies under this client's base (the only place a token goes)."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            return False
        if not parsed.is_absolute_url:
            return False
        origin = _Origin.of(parsed)
        if (origin.scheme, origin.host, origin.port) != (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        ):
            return False
        return origin.path == self._origin.path or origin.path.startswith(self._origin.path + "/")

    def relative_reference(self, url: str) -> str | None:
        """``Type/id`` (or ``Type/id/_history/v``) for an absolute URL on this base."""
        if not self.is_on_base(url):
            return None
        path = httpx.URL(url).path.rstrip("/")[len(self._origin.path) :].strip("/")
        return path or None

    def url(self, path: str, params: Params | None = None) -> str:
        url = f"{self.base_url}/{path}" if path else self.base_url
        if params:
            url += "?" + encode_query(params)
        return url

    @staticmethod
    def _check_type(resource_type: str) -> None:
        if not _RESOURCE_TYPE.fullmatch(resource_type):
            raise ContentError(ContentReason.INVALID_REFERENCE_TYPE)

    @staticmethod
    def _check_id(resource_id: str) -> None:
        if not _LOGICAL_ID.fullmatch(resource_id):
            raise ContentError(ContentReason.INVALID_REFERENCE_ID)

    # ------------------------------------------------------------------ transport

    def _send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        if self.read_only and method != "GET":
            raise WriteRefused()
        if not self.is_on_base(url):
            raise ContentError(ContentReason.OTHER_SERVER)
        retries = 0
        refreshed = False
        while True:
            request_headers: dict[str, str] = {"X-Request-Id": str(uuid.uuid4())}
            if body is not None:
                request_headers["Content-Type"] = f"{FHIR_JSON}; charset=utf-8"
            request_headers.update(headers or {})
            token = self._token_provider.access_token() if self._token_provider else None
            if token:
                request_headers["Authorization"] = f"Bearer {token}"
            with self._lock:
                self._request_count += 1
            try:
                response = self._http.request(method, url, content=body, headers=request_headers)
            except httpx.TimeoutException as exc:
                raise Timeout() from exc
            except httpx.TransportError as exc:
                raise Unreachable() from exc
            except httpx.InvalidURL as exc:
                raise ContentError(ContentReason.INVALID_ADDRESS) from exc
            status = response.status_code
            if status == 401 and self._token_provider is not None and not refreshed:
                refreshed = True
                if self._token_provider.refresh_after_401():
                    response.close()
                    continue
            if retries < MAX_RETRIES and (status == 429 or (status == 503 and method == "GET")):
                wait = self._retry_wait(response, retries)
                response.close()
                retries += 1
                self._sleep(wait)
                continue
            return response

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        wait = 0.5 * (2**attempt)
        if header:
            header = header.strip()
            if header.isdigit():
                wait = float(header)
            else:
                try:
                    when: datetime | None = email.utils.parsedate_to_datetime(header)
                except (TypeError, ValueError, IndexError):
                    when = None
                if when is not None:
                    if when.tzinfo is None:
                        when = when.replace(tzinfo=UTC)
                    wait = (when - datetime.now(UTC)).total_seconds()
        return max(0.0, min(float(wait), float(self._max_retry_wait)))

    def _fhir_json(
        self,
        response: httpx.Response,
        expect: str | tuple[str, ...] | None,
        *,
        allow_empty: bool = False,
    ) -> Json | None:
        """The JSON body of a response, or the right exception."""
        content_type = response.headers.get("Content-Type", "").lower()
        body = response.content
        if response.status_code >= 400:
            issues = (
                parse_operation_outcome(body) if "json" in content_type or not content_type else []
            )
            raise error_for_status(response.status_code, issues)
        if not body.strip():
            if allow_empty:
                return None
            raise ContentError(ContentReason.EMPTY)
        if "html" in content_type or body.lstrip()[:1] == b"<":
            raise ContentError(ContentReason.WEB_PAGE)
        if content_type and "json" not in content_type:
            raise ContentError(ContentReason.NOT_JSON)
        try:
            data = json.loads(body)
        except ValueError:
            raise ContentError(ContentReason.INVALID_JSON) from None
        if not isinstance(data, dict):
            raise ContentError(ContentReason.NOT_A_RESOURCE)
        rtype = data.get("resourceType")
        wanted = (expect,) if isinstance(expect, str) else expect
        if wanted and rtype not in wanted:
            shown = rtype if isinstance(rtype, str) and _RESOURCE_TYPE.fullmatch(rtype) else "?"
            raise ContentError(ContentReason.wrong_type(shown, tuple(wanted)), "resourceType")
        return data

    def _get(self, url: str, expect: str | tuple[str, ...] | None) -> Json:
        response = self._send("GET", url)
        data = self._fhir_json(response, expect)
        assert data is not None
        return data

    # ------------------------------------------------------------------ reads

    @property
    def cached_capabilities(self) -> Capabilities | None:
        """The capabilities if already read (no request)."""
        return self._capabilities

    def capabilities(self, *, refresh: bool = False) -> Capabilities:
        """The server's CapabilityStatement (``GET [base]/metadata``), cached per client."""
        if self._capabilities is None or refresh:
            data = self._get(self.url("metadata"), "CapabilityStatement")
            self._capabilities = Capabilities.from_json(data)
        return self._capabilities

    def read(self, resource_type: str, resource_id: str) -> Json:
        """``GET [base]/Type/id``; :class:`NotFound` for 404 and 410."""
        self._check_type(resource_type)
        self._check_id(resource_id)
        data = self._get(self.url(f"{resource_type}/{resource_id}"), resource_type)
        if data.get("id") not in (None, resource_id):
            raise ContentError(ContentReason.OTHER_RESOURCE, "id")
        return data

    def search(
        self,
        resource_type: str,
        params: Params = (),
        *,
        max_pages: int | None = None,
        max_entries: int | None = None,
        on_page: PageHandler | None = None,
    ) -> SearchResult:
        """``GET [base]/Type?params``, following ``next`` links to the end (``on_page``: see
        :meth:`collect`)."""
        self._check_type(resource_type)
        return self.collect(
            self.url(resource_type, params),
            ("searchset",),
            max_pages=max_pages,
            max_entries=max_entries,
            on_page=on_page,
        )

    def history(
        self, resource_type: str, resource_id: str, *, on_page: PageHandler | None = None
    ) -> SearchResult:
        """``GET [base]/Type/id/_history``: every version still on the server, newest first
        as the server sends them (deleted versions, which have no resource, are left out).
        ``on_page``: see :meth:`collect`."""
        self._check_type(resource_type)
        self._check_id(resource_id)
        return self.collect(
            self.url(f"{resource_type}/{resource_id}/_history"), ("history",), on_page=on_page
        )

    def collect(
        self,
        first_url: str,
        bundle_types: tuple[str, ...],
        *,
        max_pages: int | None = None,
        max_entries: int | None = None,
        on_page: PageHandler | None = None,
    ) -> SearchResult:
        """All entries of a paged Bundle starting at ``first_url`` (on this base).

        ``on_page``: called with the entries of each page as soon as it has arrived, instead
        of keeping them in the result (which then only counts them in ``received``): a
        caller that holds the resources in a form of its own never has more than one page
        parsed at a time. Pages are handed over one at a time per client; ``on_page`` must
        not send requests through this client.
        """
        page_cap = max_pages or self.max_pages
        entry_cap = max_entries or self.max_entries
        result = SearchResult()
        seen: set[str] = set()
        next_url: str | None = first_url
        while next_url is not None:
            if next_url in seen:
                result.truncated = True
                result.notes.append("de bron gaf een volgende pagina die al was opgehaald")
                break
            if result.pages >= page_cap:
                result.truncated = True
                result.notes.append(f"meer dan {page_cap} pagina's; niet alles is opgehaald")
                break
            seen.add(next_url)
            response = self._send("GET", next_url)
            # One page at a time is parsed and handed over (per client): parsing holds the
            # GIL, so parallel threads would not be faster, only hold more pages at once.
            with self._page_lock if on_page is not None else contextlib.nullcontext():
                next_url, full = self._take_page(response, bundle_types, result, entry_cap, on_page)
            del response
            if full:
                break
        return result

    def _take_page(
        self,
        response: httpx.Response,
        bundle_types: tuple[str, ...],
        result: SearchResult,
        entry_cap: int,
        on_page: PageHandler | None,
    ) -> tuple[str | None, bool]:
        """Read one page into ``result`` (or hand it to ``on_page``); returns the next
        page's URL and whether the entry cap was reached."""
        bundle = self._fhir_json(response, "Bundle")
        assert bundle is not None
        result.pages += 1
        btype = bundle.get("type")
        if btype not in bundle_types:
            raise ContentError(ContentReason.wrong_bundle_type(btype, bundle_types[0]))
        if result.total is None and isinstance(bundle.get("total"), int):
            result.total = bundle["total"]
        page: list[SearchEntry] = []
        full = False
        for entry in self._entries(bundle, result):
            if result.received >= entry_cap:
                result.truncated = True
                result.notes.append(f"meer dan {entry_cap} resultaten; niet alles is opgehaald")
                full = True
                break
            page.append(entry)
            result.received += 1
        next_url = None if full else self._next_link(bundle)
        del bundle  # the page's entries stay, the rest of the Bundle goes
        if on_page is None:
            result.extend(page)
        elif page:
            on_page(page)
        return next_url, full

    def _next_link(self, bundle: Json) -> str | None:
        links = bundle.get("link")
        if links is None:
            return None
        if not isinstance(links, list):
            raise ContentError(ContentReason.INVALID_PAGING_LINKS, "Bundle.link")
        for index, link in enumerate(links):
            if not isinstance(link, dict) or link.get("relation") != "next":
                continue
            url = link.get("url")
            if not isinstance(url, str) or not url.strip():
                raise ContentError(ContentReason.EMPTY_NEXT_LINK, f"Bundle.link[{index}].url")
            url = url.strip()
            if not httpx.URL(url).is_absolute_url:
                url = self.url(url.lstrip("/"))
            if not self.is_on_base(url):
                # Never follow (and never send a token) to another server.
                raise ContentError(ContentReason.NEXT_PAGE_ELSEWHERE, f"Bundle.link[{index}].url")
            return url
        return None

    @staticmethod
    def _entries(bundle: Json, result: SearchResult) -> Iterator[SearchEntry]:
        entries = bundle.get("entry")
        if entries is None:
            return
        if not isinstance(entries, list):
            raise ContentError(ContentReason.INVALID_ENTRIES, "Bundle.entry")
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                result.notes.append(f"onleesbaar element overgeslagen (Bundle.entry[{index}])")
                continue
            resource = entry.get("resource")
            if resource is None:  # a deleted version in a history bundle
                continue
            if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
                result.notes.append(
                    f"onleesbaar element overgeslagen (Bundle.entry[{index}].resource)"
                )
                continue
            search = entry.get("search")
            mode = search.get("mode") if isinstance(search, dict) else None
            full_url = entry.get("fullUrl")
            yield SearchEntry(
                resource=resource,
                mode=mode if isinstance(mode, str) else "match",
                full_url=full_url if isinstance(full_url, str) else None,
            )

    # ------------------------------------------------------------------ writes

    def _write(
        self,
        method: str,
        url: str,
        resource: Json,
        expect: str,
        headers: Mapping[str, str],
    ) -> Json:
        if self.read_only:
            raise WriteRefused()
        body = json.dumps(resource, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        response = self._send(
            method, url, body=body, headers={"Prefer": "return=representation", **headers}
        )
        data = self._fhir_json(response, expect, allow_empty=True)
        if data is not None:
            return data
        location = response.headers.get("Content-Location") or response.headers.get("Location")
        reference = self.relative_reference(location) if location else None
        if reference is None and location and not httpx.URL(location).is_absolute_url:
            reference = location.strip("/")
        if not reference:
            raise ContentError(ContentReason.NO_RESOURCE_NO_LOCATION)
        parts = reference.split("/")
        return self.read(parts[0], parts[1]) if len(parts) >= 2 else {}

    def transaction(self, bundle: Json) -> Json:
        """``POST [base]`` with a transaction (or batch) Bundle; returns the response Bundle."""
        if self.read_only:
            raise WriteRefused()
        if bundle.get("resourceType") != "Bundle" or bundle.get("type") not in (
            "transaction",
            "batch",
        ):
            raise ValueError("transaction() needs a Bundle of type transaction or batch")
        response = self._write("POST", self.base_url, bundle, "Bundle", {})
        expected = f"{bundle['type']}-response"
        if response.get("type") != expected:
            raise ContentError(ContentReason.wrong_bundle_type(response.get("type"), expected))
        return response

    def create(self, resource: Json, *, if_none_exist: Params | str | None = None) -> Json:
        """``POST [base]/Type``; with ``if_none_exist`` a conditional create (no duplicate
        when a resource matching those search parameters exists already)."""
        if self.read_only:
            raise WriteRefused()
        rtype = str(resource.get("resourceType") or "")
        self._check_type(rtype)
        headers: dict[str, str] = {}
        if if_none_exist:
            headers["If-None-Exist"] = (
                if_none_exist if isinstance(if_none_exist, str) else encode_query(if_none_exist)
            )
        return self._write("POST", self.url(rtype), resource, rtype, headers)

    def update(self, resource: Json, *, if_match: str | None) -> Json:
        """``PUT [base]/Type/id``; ``if_match`` is the versionId the change was based on
        (:class:`Conflict` when the source has a newer version). ``None`` = unconditional."""
        if self.read_only:
            raise WriteRefused()
        rtype = str(resource.get("resourceType") or "")
        rid = str(resource.get("id") or "")
        self._check_type(rtype)
        self._check_id(rid)
        headers = {"If-Match": f'W/"{if_match}"'} if if_match is not None else {}
        return self._write("PUT", self.url(f"{rtype}/{rid}"), resource, rtype, headers)
