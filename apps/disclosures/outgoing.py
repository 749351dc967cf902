"""Other data that leaves the organisation, for the data protection officer's register.

Disclosures are this app's own records. Higher apps hand data over in other ways too (the
reintegration plan to a partner in the country of origin) and list those hand-overs here
through `register_outgoing_source()` in their AppConfig.ready(), so that disclosures never
imports them (docs/architecture.md). A source takes the organisation ids and the period and
returns OutgoingLine rows: references and words, never a client's name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class OutgoingLine:
    at: datetime
    kind: Any  # translated: "Hand-over of the reintegration plan"
    recipient: str
    data: list[str]  # what was handed over, in words
    consent: str  # the consent it rests on, in words
    case_reference: str


OutgoingSource = Callable[[Iterable[int], date | None, date | None], list[OutgoingLine]]
OUTGOING_SOURCES: list[OutgoingSource] = []
LIMIT = 200  # the page lists the newest; the audit log and the export hold everything


def register_outgoing_source(source: OutgoingSource) -> None:
    if source not in OUTGOING_SOURCES:
        OUTGOING_SOURCES.append(source)


def outgoing_lines(organisation_ids: Iterable[int], date_from: date | None, date_to: date | None) -> list[OutgoingLine]:
    ids = list(organisation_ids)
    lines = [line for source in OUTGOING_SOURCES for line in source(ids, date_from, date_to)]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:LIMIT]
