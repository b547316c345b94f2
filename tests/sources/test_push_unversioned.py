"""A push that would update the patient in place without knowing its version sends nothing
and keeps the draft (no unguarded PUT, no lost update, nothing the clinician entered lost)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest

from pzp_desktop.domain.codes import Coding
from pzp_desktop.domain.items import Answer
from pzp_desktop.domain.messages import Message
from pzp_desktop.sources.drafts import DraftStore
from pzp_desktop.sources.push import PushStatus, PushTarget, push_draft, start_draft
from pzp_desktop.sources.training import HOSPITAL, build_training_servers
from tests.sources.test_drafts import MemoryKeyring
from tests.sources.test_push import CAPACITY, CARDIOLOGIST, client_for, load, snapshot


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DraftStore]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield DraftStore(tmp_path)
    finally:
        keyring.set_keyring(previous)


def test_an_unversioned_patient_is_not_updated_and_the_draft_is_kept(
    store: DraftStore, caplog: pytest.LogCaptureFixture
) -> None:
    servers = build_training_servers()
    hospital = servers[HOSPITAL.base_url]
    data = load(servers, "devries")
    target = PushTarget.from_patient_data(data, HOSPITAL.name)
    assert target.current_patient is not None
    meta = {k: v for k, v in target.current_patient["meta"].items() if k != "versionId"}
    target = replace(target, current_patient={**target.current_patient, "meta": meta})
    draft = start_draft(data, source=HOSPITAL.name, user="uzi:900001", professional=CARDIOLOGIST)
    draft.tracked_versions.pop(target.patient_reference, None)
    draft.set_answers(CAPACITY, [Answer("1406", Coding(None, "0")), Answer("1407", "Delier")])
    before = snapshot(hospital)
    client = client_for(hospital)

    with caplog.at_level(logging.DEBUG):
        outcome = push_draft(draft, client, target, view_only=False, store=store)

    assert outcome.status is PushStatus.INVALID
    # Its own message: the version is unknown (not "does not fit the standard").
    assert isinstance(outcome.message, Message)
    assert outcome.message.key == "push.no-version"
    assert "de versie onbekend" in outcome.message
    assert "Laad de gegevens opnieuw" in outcome.message
    assert "blijft bewaard" in outcome.message
    assert "the version of a record in the source is unknown" in outcome.message.render("en")
    assert "standaard" not in outcome.message
    # The log says what was refused, not which patient.
    patient_id = target.patient_reference.split("/", 1)[1]
    assert "zonder bekende versie" in caplog.text
    assert patient_id not in caplog.text
    assert not outcome.request_sent
    assert outcome.draft_kept
    assert [p.draft.identifier for p in store.list_pending()] == [draft.identifier]
    assert client.request_count == 0
    assert snapshot(hospital) == before
