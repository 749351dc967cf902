"""Indicator definitions and aggregated figures. Figures carry no personal data: for a viewer who
may not open every record behind them they are protected (cells 1..4 withheld as "<5", secondary
and overlapping-query suppression: docs/operator-guide.md, "Disclosure control")."""

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from apps.api.schemas.common import CountryCode, Id, SaneDate


class IndicatorOut(Schema):
    code: str
    kind: str
    title: str
    definition: str
    unit: str = Field(description="What is counted (persons, sessions, …)")
    decisive_date: str = Field(description="Which date decides the period a record falls into")
    source: str
    source_url: str
    verified: bool = Field(description="The title and definition were read in the cited source")
    breakdowns: list[str]
    default_breakdown: str | None


class FiguresQuery(Schema):
    period: str | None = Field(None, max_length=7, description=(
        'A calendar period: "2025" (year), "2025-H1" (half-year), "2025-Q3" (quarter) or "2025-07" '
        "(month). Aggregate-only viewers must use one. Without `period`, `start` and `end`: this calendar year."))
    start: SaneDate | None = Field(None, description="With `end`, any dates (only for your own organisation)")
    end: SaneDate | None = None
    code: str | None = Field(None, max_length=60, description="One indicator instead of all active ones")
    breakdown: str | None = Field(None, max_length=30, description="With `code`: one of its breakdowns")
    organisation_id: Id | None = None
    office_id: Id | None = None
    district_id: Id | None = None
    nationality: CountryCode | None = None
    sex: str | None = Field(None, pattern=r"^(female|male|diverse|unknown)$")
    age_group: str | None = Field(None, pattern=r"^(under_18|18_60|over_60|unknown)$")


class CellOut(Schema):
    key: str
    label: str
    value: int | Decimal | None = Field(description="null when withheld")
    withheld: str | None = Field(description='"<5" (1 to 4) or "×" (withheld so no small group can be '
                                             "worked out); null when shown")


class FigureOut(Schema):
    code: str
    title: str
    breakdown: str | None
    total: CellOut
    cells: list[CellOut]


class FiguresOut(Schema):
    start: date
    end: date
    protected: bool = Field(description="Disclosure control applied (you may not open every record behind them)")
    filters: list[str]
    figures: list[FigureOut]
