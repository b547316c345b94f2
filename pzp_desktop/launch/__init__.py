"""Launching PZP Desktop: from the command line (or a ``pzp-desktop://`` URL) to a patient
context, without a second login (product brief §1–§2).

* :mod:`.arguments` — the one parser: ``--iss/--launch``, ``pzp-desktop://`` URLs,
  ``--fhir-base [--bsn]``, ``--demo`` → a typed ``LaunchRequest``.
* :mod:`.context` — ``resolve_launch(request, settings)`` → ``LaunchContext`` (patient,
  encounter, user, view-only, token provider); :func:`.context.create_client`.
* :mod:`.smart` with :mod:`.discovery`, :mod:`.pkce`, :mod:`.loopback`, :mod:`.scopes`,
  :mod:`.id_token` — SMART App Launch 2.x for a native public client.
* :mod:`.tokens` — access token in memory, refresh token in the OS keyring.
* :mod:`.handover` — the message a second instance hands to the running one.
* :mod:`.cli` — ``pzp-desktop forget-tokens``.
* :mod:`.errors` — ``LaunchError`` and its messages (Dutch, and English through the
  message catalogue).

Nothing here imports PySide6 or httpx (HTTP goes through :mod:`pzp_desktop.fhir.oauth_http`).
This package's ``__init__`` imports nothing, so ``pzp_desktop.config`` can use
:func:`.arguments.is_loopback_host` cheaply.
"""
