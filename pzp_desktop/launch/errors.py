"""Everything that can make a launch fail, as one exception tree.

::

    LaunchError                    anything below; ``.user_message`` is safe to show
    ├── InvalidLaunchArguments     bad command line or pzp-desktop:// URL (exit code 2)
    │   └── InvalidBsn             the BSN fails the 11-test
    ├── HandoverError              a second instance sent a message that is not a launch
    ├── IssuerUnreachable          the FHIR server / its SMART configuration cannot be reached
    ├── DiscoveryInvalid           the SMART configuration is missing, broken or insecure
    │   └── SmartNotOffered        the server publishes no SMART configuration (404)
    ├── BrowserUnavailable         no system browser could be opened
    ├── LoginTimedOut              no answer from the login page in time
    ├── LoginCancelled             the user cancelled while the app waited
    ├── AccessDenied               the user (or the EHR) refused access
    ├── StateMismatch              answers arrived, but none belonged to this launch
    ├── AuthorizationFailed        the authorisation server answered with another error
    ├── LaunchExpired              the token endpoint said ``invalid_grant``
    ├── TokenEndpointError         the token endpoint failed otherwise, or its answer is unusable
    ├── IdTokenInvalid             the id_token's signature or claims do not check out
    ├── NoPatientInContext         the launch gave no patient
    ├── PatientNotFound            no patient with this BSN in the source
    ├── AmbiguousPatient           more than one patient with this BSN
    ├── SourceError                the FHIR source failed while resolving the context
    └── TokenStoreUnavailable      the OS keyring cannot be used (forget-tokens)

Every message says what happened and what to do and never contains a token, an
authorisation code, a PKCE verifier, a state value or a BSN. It is a catalogue
:class:`~pzp_desktop.domain.messages.Text`: Dutch as a string, English through
``render(message, "en")`` (the GUI shows it in its current language). ``str(exc)`` is the
Dutch text, so logging an exception cannot leak more than the message shows.
"""

from __future__ import annotations

from pzp_desktop.domain.messages import Message, Text

__all__ = [
    "AccessDenied",
    "AmbiguousPatient",
    "AuthorizationFailed",
    "BrowserUnavailable",
    "DiscoveryInvalid",
    "HandoverError",
    "IdTokenInvalid",
    "InvalidBsn",
    "InvalidLaunchArguments",
    "IssuerUnreachable",
    "LaunchError",
    "LaunchExpired",
    "LoginCancelled",
    "LoginTimedOut",
    "NoPatientInContext",
    "PatientNotFound",
    "SmartNotOffered",
    "SourceError",
    "StateMismatch",
    "TokenEndpointError",
    "TokenStoreUnavailable",
]


class LaunchError(Exception):
    """Base of every launch failure."""

    default_message: Text = Message("launch.error.default")
    #: The process exit code when this error ends a command-line start.
    exit_code = 1

    def __init__(self, user_message: str | None = None) -> None:
        #: What to tell the user: a :class:`~pzp_desktop.domain.messages.Text` (Dutch and
        #: English) for every message of this package.
        self.user_message: str = user_message or self.default_message
        super().__init__(self.user_message)


class InvalidLaunchArguments(LaunchError):
    default_message = Message("launch.error.invalid-arguments")
    exit_code = 2


class InvalidBsn(InvalidLaunchArguments):
    default_message = Message("launch.error.invalid-bsn")


class HandoverError(LaunchError):
    default_message = Message("launch.error.handover")


class IssuerUnreachable(LaunchError):
    default_message = Message("launch.error.issuer-unreachable")


class DiscoveryInvalid(LaunchError):
    default_message = Message("launch.error.discovery-invalid")

    def __init__(self, reason: str | None = None) -> None:
        #: What was wrong (no secrets), e.g. "token_endpoint ontbreekt": a catalogue
        #: message (``launch.discovery.*``) or a plain technical text such as "HTTP 500".
        self.reason = reason
        message: str = self.default_message
        if reason:
            message = Message(
                "launch.error.discovery-invalid.reason", message=message, reason=reason
            )
        super().__init__(message)


class SmartNotOffered(DiscoveryInvalid):
    default_message = Message("launch.error.smart-not-offered")


class BrowserUnavailable(LaunchError):
    default_message = Message("launch.error.browser-unavailable")


class LoginTimedOut(LaunchError):
    default_message = Message("launch.error.login-timed-out")


class LoginCancelled(LaunchError):
    default_message = Message("launch.error.login-cancelled")


class AccessDenied(LaunchError):
    default_message = Message("launch.error.access-denied")


class StateMismatch(LaunchError):
    default_message = Message("launch.error.state-mismatch")


class AuthorizationFailed(LaunchError):
    default_message = Message("launch.error.authorization-failed")


class LaunchExpired(LaunchError):
    default_message = Message("launch.error.launch-expired")


class TokenEndpointError(LaunchError):
    default_message = Message("launch.error.token-endpoint")


class IdTokenInvalid(LaunchError):
    default_message = Message("launch.error.id-token-invalid")


class NoPatientInContext(LaunchError):
    default_message = Message("launch.error.no-patient")


class PatientNotFound(LaunchError):
    default_message = Message("launch.error.patient-not-found")


class AmbiguousPatient(LaunchError):
    default_message = Message("launch.error.ambiguous-patient")


class SourceError(LaunchError):
    """The FHIR source failed while the context was resolved (message of the FHIR layer)."""


class TokenStoreUnavailable(LaunchError):
    default_message = Message("launch.error.token-store-unavailable")
