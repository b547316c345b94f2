"""FHIR → items: reading what one source holds for one patient.

:func:`read_source` takes every resource a source returned for the patient (search results,
included resources, ``_history`` versions, QuestionnaireResponses) and gives a
:class:`SourceRecord`: the patient summary, the conversations, one :class:`RecordedItem` per
value found, and the problems met. It never raises on bad data.

The readers per resource type live in the modules of this package; each is a function
``(resource, ctx) -> list[RecordedItem]`` registered in :data:`READERS`.
"""

from __future__ import annotations

from pzp_desktop.domain.reading.context import ReadContext, SourceRecord
from pzp_desktop.domain.reading.source import read_source

__all__ = ["ReadContext", "SourceRecord", "read_source"]
