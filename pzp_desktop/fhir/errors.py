"""Everything that can go wrong when talking to a FHIR source, as one exception tree.

::

    FhirError                      anything below; ``.user_message`` is safe to show
    ├── TransportError             no usable HTTP response arrived
    │   ├── Timeout                connect/read/write/pool timeout
    │   └── Unreachable            DNS, refused connection, TLS failure, broken connection
    ├── HttpStatusError            the server answered with an error status
    │   │                          (``.status``, ``.issues`` from its OperationOutcome)
    │   ├── InvalidRequest         400, 405, 422, 501: the server rejects or does not
    │   │                          support this request (search planning falls back on it)
    │   ├── NotAuthorised          401, also after one token refresh
    │   ├── Forbidden              403
    │   ├── NotFound               404, 410
    │   ├── Conflict               409, 412: someone else changed the resource (If-Match)
    │   ├── RateLimited            429, after the bounded retries
    │   ├── Unavailable            503, after the bounded retries
    │   └── ServerError            any other 5xx
    ├── ContentError               the answer is not the FHIR that was asked for: malformed
    │                              JSON, an HTML error page, a wrong resourceType, a paging
    │                              link to another server (``.path`` names the element)
    ├── AmbiguousPatient           a BSN search found more than one patient
    └── WriteRefused               view-only mode: no write request is ever sent

Every exception carries a ``user_message``: one or two sentences saying what happened and what
to do, a catalogue :class:`~pzp_desktop.domain.messages.Text` (``fhir.*`` ids): Dutch as a
string, English through ``render(message, "en")`` (the GUI shows it in its current language,
the command line in Dutch). It never contains patient data, tokens or URLs (URLs may carry a
BSN in their query string), and neither does ``str(exc)``, which is the Dutch text. What a
server said in its OperationOutcome is kept in ``issues`` for a "details" view, in the
server's own language; :attr:`HttpStatusError.server_messages` gives those texts with
BSN-like numbers masked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from pzp_desktop.domain.messages import Message, Text, joined

__all__ = [
    "NO_PATIENT_WITH_BSN",
    "AmbiguousPatient",
    "Conflict",
    "ContentError",
    "ContentReason",
    "FhirError",
    "Forbidden",
    "HttpStatusError",
    "InvalidRequest",
    "NotAuthorised",
    "NotFound",
    "OutcomeIssue",
    "RateLimited",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unavailable",
    "Unreachable",
    "WriteRefused",
    "error_for_status",
    "mask_identifiers",
    "parse_operation_outcome",
]


class FhirError(Exception):
    """Base of every error of the FHIR layer."""

    default_message: Text = Message("fhir.error.default")

    def __init__(self, user_message: str | None = None) -> None:
        #: What to tell the user: a :class:`~pzp_desktop.domain.messages.Text` (Dutch and
        #: English) unless a caller passed a plain string.
        self.user_message: str = user_message or self.default_message
        super().__init__(self.user_message)


#: ``user_message`` of the :class:`NotFound` raised when a BSN search finds no patient.
NO_PATIENT_WITH_BSN: Final[Text] = Message("fhir.error.no-patient-with-bsn")


# ----------------------------------------------------------------------------- transport


class TransportError(FhirError):
    """No usable HTTP response: the request may or may not have reached the server."""

    default_message = Message("fhir.error.transport")


class Timeout(TransportError):
    default_message = Message("fhir.error.timeout")


class Unreachable(TransportError):
    default_message = Message("fhir.error.unreachable")


# ----------------------------------------------------------------------------- HTTP status


@dataclass(frozen=True, slots=True)
class OutcomeIssue:
    """One ``OperationOutcome.issue`` as received (texts may contain patient data)."""

    severity: str
    code: str
    diagnostics: str | None = None
    details: str | None = None
    expression: tuple[str, ...] = ()

    @property
    def text(self) -> str | None:
        return self.details or self.diagnostics


# OperationOutcome issue codes (http://hl7.org/fhir/issue-type) in words.
_ISSUE_CODES: Final[dict[str, Text]] = {
    "invalid": Message("fhir.issue.invalid"),
    "structure": Message("fhir.issue.structure"),
    "required": Message("fhir.issue.required"),
    "value": Message("fhir.issue.value"),
    "invariant": Message("fhir.issue.invariant"),
    "security": Message("fhir.issue.security"),
    "login": Message("fhir.issue.login"),
    "unknown": Message("fhir.issue.unknown"),
    "expired": Message("fhir.issue.expired"),
    "forbidden": Message("fhir.issue.forbidden"),
    "suppressed": Message("fhir.issue.suppressed"),
    "processing": Message("fhir.issue.processing"),
    "not-supported": Message("fhir.issue.not-supported"),
    "duplicate": Message("fhir.issue.duplicate"),
    "multiple-matches": Message("fhir.issue.multiple-matches"),
    "not-found": Message("fhir.issue.not-found"),
    "deleted": Message("fhir.issue.deleted"),
    "too-long": Message("fhir.issue.too-long"),
    "code-invalid": Message("fhir.issue.code-invalid"),
    "extension": Message("fhir.issue.extension"),
    "too-costly": Message("fhir.issue.too-costly"),
    "business-rule": Message("fhir.issue.business-rule"),
    "conflict": Message("fhir.issue.conflict"),
    "transient": Message("fhir.issue.transient"),
    "lock-error": Message("fhir.issue.lock-error"),
    "no-store": Message("fhir.issue.no-store"),
    "exception": Message("fhir.issue.exception"),
    "timeout": Message("fhir.issue.timeout"),
    "incomplete": Message("fhir.issue.incomplete"),
    "throttled": Message("fhir.issue.throttled"),
    "informational": Message("fhir.issue.informational"),
}

_BSN_LIKE = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def mask_identifiers(text: str) -> str:
    """``text`` with numbers that could be a BSN (8 or 9 digits) replaced by ``*********``."""
    return _BSN_LIKE.sub("*********", text)


def parse_operation_outcome(body: object) -> list[OutcomeIssue]:
    """The issues of an OperationOutcome (JSON, bytes or text); ``[]`` when it is not one."""
    data: Any = body
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body)
        except ValueError:
            return []
    if not isinstance(data, dict) or data.get("resourceType") != "OperationOutcome":
        return []
    issues: list[OutcomeIssue] = []
    for raw in data.get("issue") or []:
        if not isinstance(raw, dict):
            continue
        details = raw.get("details")
        details_text = details.get("text") if isinstance(details, dict) else None
        expression = raw.get("expression") or raw.get("location") or []
        issues.append(
            OutcomeIssue(
                severity=str(raw.get("severity") or "error"),
                code=str(raw.get("code") or "unknown"),
                diagnostics=raw.get("diagnostics")
                if isinstance(raw.get("diagnostics"), str)
                else None,
                details=details_text if isinstance(details_text, str) else None,
                expression=tuple(e for e in expression if isinstance(e, str)),
            )
        )
    return issues


class HttpStatusError(FhirError):
    """The server answered with an error status (4xx/5xx)."""

    #: Catalogue id of what this status means, with an ``{status}`` placeholder.
    status_message_id = "fhir.status.refused"

    def __init__(
        self,
        status: int,
        issues: list[OutcomeIssue] | None = None,
        user_message: str | None = None,
    ) -> None:
        self.status = status
        self.issues: list[OutcomeIssue] = list(issues or [])
        super().__init__(user_message or self._compose_message())

    def _compose_message(self) -> Text:
        message = Message(self.status_message_id, status=self.status)
        codes: list[str] = [
            _ISSUE_CODES.get(issue.code, issue.code)
            for issue in self.issues
            if issue.severity in ("fatal", "error")
        ]
        unique = list(dict.fromkeys(codes))
        if not unique:
            return message
        return Message("fhir.status.issues", message=message, issues=joined(", ", unique[:3]))

    @property
    def server_messages(self) -> list[str]:
        """What the server explained, BSN-like numbers masked (for a details view)."""
        return [mask_identifiers(i.text) for i in self.issues if i.text]


class InvalidRequest(HttpStatusError):
    status_message_id = "fhir.status.invalid-request"


class NotAuthorised(HttpStatusError):
    status_message_id = "fhir.status.not-authorised"


class Forbidden(HttpStatusError):
    status_message_id = "fhir.status.forbidden"


class NotFound(HttpStatusError):
    status_message_id = "fhir.status.not-found"


class Conflict(HttpStatusError):
    status_message_id = "fhir.status.conflict"


class RateLimited(HttpStatusError):
    status_message_id = "fhir.status.rate-limited"


class Unavailable(HttpStatusError):
    status_message_id = "fhir.status.unavailable"


class ServerError(HttpStatusError):
    status_message_id = "fhir.status.server-error"


def error_for_status(status: int, issues: list[OutcomeIssue] | None = None) -> HttpStatusError:
    """The exception for an error status."""
    cls: type[HttpStatusError]
    if status == 401:
        cls = NotAuthorised
    elif status == 403:
        cls = Forbidden
    elif status in (404, 410):
        cls = NotFound
    elif status in (409, 412):
        cls = Conflict
    elif status == 429:
        cls = RateLimited
    elif status == 503:
        cls = Unavailable
    elif status >= 500 and status != 501:
        cls = ServerError
    elif status in (400, 405, 406, 415, 422, 501):
        cls = InvalidRequest
    else:
        cls = HttpStatusError
    return cls(status, issues)


# ----------------------------------------------------------------------------- content


class ContentReason:
    """Why an answer cannot be read, for :class:`ContentError` (Dutch and English)."""

    INVALID_REFERENCE_TYPE: Final[Text] = Message("fhir.content.reason.reference-type")
    INVALID_REFERENCE_ID: Final[Text] = Message("fhir.content.reason.reference-id")
    OTHER_SERVER: Final[Text] = Message("fhir.content.reason.other-server")
    INVALID_ADDRESS: Final[Text] = Message("fhir.content.reason.invalid-address")
    EMPTY: Final[Text] = Message("fhir.content.reason.empty")
    WEB_PAGE: Final[Text] = Message("fhir.content.reason.web-page")
    NOT_JSON: Final[Text] = Message("fhir.content.reason.not-json")
    INVALID_JSON: Final[Text] = Message("fhir.content.reason.invalid-json")
    NOT_A_RESOURCE: Final[Text] = Message("fhir.content.reason.not-a-resource")
    OTHER_RESOURCE: Final[Text] = Message("fhir.content.reason.other-resource")
    INVALID_PAGING_LINKS: Final[Text] = Message("fhir.content.reason.paging-links")
    EMPTY_NEXT_LINK: Final[Text] = Message("fhir.content.reason.empty-next-link")
    NEXT_PAGE_ELSEWHERE: Final[Text] = Message("fhir.content.reason.next-page-elsewhere")
    INVALID_ENTRIES: Final[Text] = Message("fhir.content.reason.entries")
    NO_RESOURCE_NO_LOCATION: Final[Text] = Message("fhir.content.reason.no-location")

    @staticmethod
    def wrong_type(found: str, wanted: tuple[str, ...]) -> Text:
        """``"Bundle in plaats van Patient of Group"``: the resource types asked for."""
        either = Text(" of ".join(wanted), " or ".join(wanted))
        return Message("fhir.content.reason.wrong-type", found=found, wanted=either)

    @staticmethod
    def wrong_bundle_type(found: object, wanted: str) -> Text:
        """``"bundle van type 'batch' in plaats van searchset"`` (``found`` as received)."""
        return Message("fhir.content.reason.bundle-type", found=repr(found), wanted=wanted)


class ContentError(FhirError):
    """The answer is not the FHIR JSON that was asked for."""

    default_message = Message("fhir.content.default")

    def __init__(self, reason: str, path: str | None = None) -> None:
        #: What was wrong, without patient data (e.g. "ongeldige JSON"): a
        #: :class:`ContentReason` (Dutch and English) or a plain Dutch text.
        self.reason = reason
        #: The element where it went wrong, when known (e.g. ``Bundle.entry[3].resource``).
        self.path = path
        message = (
            Message("fhir.content.at", reason=reason, path=path)
            if path
            else Message("fhir.content", reason=reason)
        )
        super().__init__(message)


class AmbiguousPatient(FhirError):
    default_message = Message("fhir.error.ambiguous-patient")


class WriteRefused(FhirError):
    default_message = Message("fhir.error.write-refused")
