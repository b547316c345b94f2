"""Shared test configuration: Qt runs offscreen, the real FHIR test server is a plugin."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fhir_server_fixture", "tests.smart_server.fixture"]
