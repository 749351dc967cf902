"""Building blocks of the indicators: where a record's facts live (Source), how the common
filters apply to it, the breakdowns, and the two usual ways of counting (records, or distinct
persons). Everything is a handful of aggregate queries on the reporting database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.db import reporting_alias
from apps.reports.engine import AGE_GROUPS, Figure, Filters, Period

PERSON_FILTERS = ("nationalities", "sexes", "age_groups")
AGE_ORDINAL = {code: n for n, code in enumerate(AGE_GROUPS)}  # under_18 0, 18_60 1, over_60 2, unknown 3


def age_labels() -> dict[str, str]:
    return {"under_18": _("under 18"), "18_60": _("18 to 60"), "over_60": _("over 60"),
            "unknown": _("age unknown")}


# --- Age at the decisive date ----------------------------------------------------------------

def _int(extract):
    # PostgreSQL's EXTRACT returns numeric: integer arithmetic is cheaper over a million rows.
    return Cast(extract, IntegerField())


def _year(expr):
    return _int(ExtractYear(expr))


def _month_day(expr):
    return _int(ExtractMonth(expr)) * 100 + _int(ExtractDay(expr))


def age_ordinal(birth: str, precision: str, on_year, on_month_day):
    """The AMIF age group (as AGE_ORDINAL) in full years on a date given as year and
    month*100+day expressions; 'unknown' without a usable date of birth. Comparing month and
    day avoids date arithmetic, which the databases spell differently."""
    age = (on_year - _year(birth)
           - Case(When(GreaterThan(_month_day(birth), on_month_day), then=Value(1)), default=Value(0)))
    return Case(
        When(Q(**{f"{birth}__isnull": True}) | Q(**{precision: "unknown"}), then=Value(3)),
        When(LessThan(age, 18), then=Value(0)),
        When(LessThan(age, 61), then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )


def holds_nationality(path: str, codes: tuple[str, ...]) -> Q:
    """The person holds one of the nationalities (the field stores "AF,SY")."""
    q = Q()
    for code in codes:
        code = code.upper()
        q |= (Q(**{path: code}) | Q(**{f"{path}__startswith": f"{code},"})
              | Q(**{f"{path}__endswith": f",{code}"}) | Q(**{f"{path}__contains": f",{code},"}))
    return q


# --- Where the facts of a record live ------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A kind of record an indicator counts, and the paths to its facts (None: does not apply)."""

    model: Callable[[], Any]               # lazy: returns the model class
    date: str                              # the decisive date (DateField or DateTimeField)
    organisation: str | None = None
    office: str | None = None
    district: str | None = None            # path to regions.District
    person: str | None = None              # single-valued path to clients.Person
    persons: str | None = None             # or: a many-to-many to Person (one match suffices)
    base: Q = field(default_factory=Q)
    case: str | None = "case"              # path to cases.Case (drilldown scoping)
    visible: Callable | None = None        # user -> the app's scoped queryset of the model
    owner: str | None = None               # organisation owning the records (default: organisation)

    @property
    def ignored(self) -> tuple[str, ...]:
        names = []
        for name, path in (("organisation_ids", self.organisation), ("office_ids", self.office),
                           ("district_ids", self.district)):
            if path is None:
                names.append(name)
        if self.person is None and self.persons is None:
            names.extend(PERSON_FILTERS)
        return tuple(names)

    def _is_datetime(self) -> bool:
        return _path_is_datetime(self.model(), self.date)

    def in_period(self, period: Period) -> Q:
        if self._is_datetime():
            tz = timezone.get_current_timezone()
            start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
            end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), tz)
            return Q(**{f"{self.date}__gte": start, f"{self.date}__lt": end})
        return Q(**{f"{self.date}__gte": period.start, f"{self.date}__lte": period.end})

    def queryset(self, period: Period, filters: Filters) -> QuerySet:
        """The records in the period that pass the filters, on the reporting database."""
        qs = self.model().objects.using(reporting_alias()).filter(self.base).filter(self.in_period(period))
        if filters.organisation_ids and self.organisation:
            qs = qs.filter(**{f"{self.organisation}__in": filters.organisation_ids})
        if filters.office_ids and self.office:
            qs = qs.filter(**{f"{self.office}__in": filters.office_ids})
        if filters.district_ids and self.district:
            qs = qs.filter(**{f"{self.district}__in": filters.district_ids})
        if any(getattr(filters, name) for name in PERSON_FILTERS):
            if self.person:
                on = (_year(self.date), _month_day(self.date))
                qs = _person_filtered(qs, self.person, filters, on)
            elif self.persons:
                qs = qs.alias(_on_year=_year(self.date), _on_md=_month_day(self.date))
                m2m = self.model()._meta.get_field(self.persons)
                through = m2m.remote_field.through
                inner = through.objects.filter(**{m2m.m2m_field_name(): OuterRef("pk")})
                inner = _person_filtered(inner, m2m.m2m_reverse_field_name(), filters,
                                         (OuterRef("_on_year"), OuterRef("_on_md")))
                qs = qs.filter(Exists(inner))
        return qs


def _path_is_datetime(model, path: str) -> bool:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1]).get_internal_type() == "DateTimeField"


def _person_filtered(qs: QuerySet, person: str, filters: Filters, on) -> QuerySet:
    if filters.sexes:
        qs = qs.filter(**{f"{person}__sex__in": filters.sexes})
    if filters.nationalities:
        qs = qs.filter(holds_nationality(f"{person}__nationalities", filters.nationalities))
    if filters.age_groups:
        qs = qs.alias(_age=age_ordinal(f"{person}__birth_date", f"{person}__birth_date_precision", *on))
        qs = qs.filter(_age__in=[AGE_ORDINAL[g] for g in filters.age_groups])
    return qs


# --- Breakdowns --------------------------------------------------------------------------------

def _plain_key(value) -> str:
    return "unknown" if value in (None, "") else str(value)


def _plain_value(key: str):
    return None if key == "unknown" else key


@dataclass(frozen=True)
class Breakdown:
    """A breakdown: the expression per record, its value as a key (a code), and the words."""

    name: str
    expr: Callable[[Source], Any]                       # source -> expression (Min-able)
    labels: Callable[[list[str]], dict[str, str]]       # keys -> words
    to_key: Callable[[Any], str] = _plain_key
    from_key: Callable[[str], Any] = _plain_value
    multi: bool = False    # a record may fall into several cells (a many-to-many): not additive
    # The same value read on clients.Person itself, when it depends only on the person (sex,
    # nationality): persons are then counted with a semi-join instead of grouping per person.
    of_person: Callable[[], Any] | None = None
    # Record counts may group by a cheaper value (a foreign key id instead of a joined code) and
    # map those values to the keys in one lookup: (source -> expression, values -> {value: key}).
    grouped: tuple[Callable[[Source], Any], Callable[[set], dict]] | None = None
    # The path of an encrypted column whose decrypted value is the key (a vulnerability's type):
    # the database cannot group by it, so the records' values are decrypted and counted here.
    decrypted: str | None = None

    def decrypted_keys(self, qs: QuerySet) -> Any:
        """(pk, key) of each record, decrypted in Python (only for `decrypted` breakdowns)."""
        for pk, value in qs.values_list("pk", self.decrypted).order_by().iterator(chunk_size=2000):
            yield pk, self.to_key(value)

    def key_filter(self, qs: QuerySet, source: Source, key: str) -> QuerySet:
        if self.decrypted:
            return qs.filter(pk__in=[pk for pk, k in self.decrypted_keys(qs) if k == key])
        value = self.from_key(key)
        qs = qs.alias(_cell=self.expr(source))
        if value is None:
            return qs.filter(Q(_cell__isnull=True) | Q(_cell=""))
        return qs.filter(_cell=value)


def with_unknown(words: dict[str, str], keys) -> dict[str, str]:
    labels = {k: words.get(k, k) for k in keys if k != "unknown"}
    if "unknown" in keys:
        labels["unknown"] = _("unknown")
    return labels


def choice_labels(choices) -> Callable[[list[str]], dict[str, str]]:
    return lambda keys: with_unknown({code: str(label) for code, label in choices}, keys)


def _sex_labels(keys):
    from apps.clients.models import Person

    return with_unknown({c: str(lbl) for c, lbl in Person.Sex.choices}, keys)


def country_labels(keys):
    from django_countries import countries

    return with_unknown({k: countries.name(k) or _("unknown") for k in keys}, keys)


def district_labels(keys):
    from apps.regions.models import District

    # display_name: the city and the Landkreis Kaiserslautern must not read alike.
    names = {d.ags: str(d.display_name) for d in District.objects.using(reporting_alias()).filter(ags__in=keys)}
    return with_unknown(names, keys)


def named_labels(model_getter, key_field="code"):
    """Words of rows with name / name_en (taxonomies), in the current language."""
    from django.utils.translation import get_language

    def labels(keys):
        rows = model_getter().objects.using(reporting_alias()).filter(**{f"{key_field}__in": keys})
        english = (get_language() or "de").startswith("en")
        words = {getattr(r, key_field): (r.name_en if english and getattr(r, "name_en", "") else r.name)
                 for r in rows}
        return with_unknown(words, keys)
    return labels


def sex_breakdown() -> Breakdown:
    return Breakdown("sex", lambda s: F(f"{s.person}__sex"), _sex_labels, of_person=lambda: F("sex"))


def age_breakdown() -> Breakdown:
    return Breakdown(
        "age_group",
        lambda s: age_ordinal(f"{s.person}__birth_date", f"{s.person}__birth_date_precision",
                              _year(s.date), _month_day(s.date)),
        lambda keys: {k: v for k, v in age_labels().items() if k in keys},
        to_key=lambda v: AGE_GROUPS[3] if v is None else AGE_GROUPS[v],
        from_key=lambda k: AGE_ORDINAL[k],
    )


def nationality_breakdown() -> Breakdown:
    from django.db.models.functions import Substr

    # The first nationality recorded (the field keeps the order of entry).
    return Breakdown("nationality", lambda s: Substr(f"{s.person}__nationalities", 1, 2), country_labels,
                     of_person=lambda: Substr("nationalities", 1, 2))


def _district_codes(ids: set) -> dict:
    from apps.regions.models import District

    return dict(District.objects.using(reporting_alias()).filter(pk__in=ids - {None}).values_list("pk", "ags"))


def district_breakdown(path: str | None = None) -> Breakdown:
    # Person counts keep the code itself (a person's cell is the smallest code, not the smallest id).
    return Breakdown("district", lambda s: F(f"{path or s.district}__ags"), district_labels,
                     grouped=(lambda s: F(path or s.district), _district_codes))


def person_breakdowns() -> list[Breakdown]:
    return [sex_breakdown(), age_breakdown(), nationality_breakdown()]


# --- Counting ------------------------------------------------------------------------------------

class Indicator:
    """The counting code of one indicator code (registered in apps.reports.indicators)."""

    code: str
    source: Source
    default_breakdown: str | None = None
    unit = "count"

    def __init__(self, code: str, source: Source, breakdowns: list[Breakdown], default: str | None = None):
        self.code, self.source = code, source
        self._breakdowns = {b.name: b for b in breakdowns}
        self.default_breakdown = default

    @property
    def breakdowns(self) -> tuple[str, ...]:
        return tuple(self._breakdowns)

    @property
    def ignored(self) -> tuple[str, ...]:
        return self.source.ignored

    def breakdown(self, name: str) -> Breakdown:
        return self._breakdowns[name]

    def figure(self, period: Period, filters: Filters, breakdown: str | None) -> Figure:
        raise NotImplementedError

    def records(self, period: Period, filters: Filters) -> QuerySet:
        return self.source.queryset(period, filters)

    def drilldown(self, period, filters, user, cell, breakdown) -> QuerySet:
        qs = self.records(period, filters)
        if cell is not None:
            qs = self.breakdown(breakdown).key_filter(qs, self.source, cell)
        return visible_records(self.source, user, qs)


def visible_records(source: Source, user, qs: QuerySet) -> QuerySet:
    """The records of `qs` the user may open: organisations where they hold report.drilldown,
    and there only what the app's own selector (or cases_visible_to) shows."""
    from apps.accounts.selectors import organisation_ids_with

    model = source.model()
    orgs = organisation_ids_with(user, "report.drilldown")
    if source.visible is not None:
        visible = source.visible(user)
    elif source.case is not None:
        from apps.cases.selectors import cases_visible_to

        visible = model.objects.filter(**{f"{source.case}__in": cases_visible_to(user)})
    else:
        return model.objects.none()
    org_path = source.owner or source.organisation or f"{source.case}__organisation"
    ids = qs.values("pk")
    return visible.using(reporting_alias()).filter(**{f"{org_path}__in": orgs}).filter(pk__in=Subquery(ids))


class RecordCount(Indicator):
    """Counts records (each once); a breakdown groups them in one GROUP BY query."""

    def figure(self, period, filters, breakdown):
        qs = self.records(period, filters)
        if breakdown is None:
            return Figure(self.code, qs.count(), breakdown=None)
        b = self.breakdown(breakdown)
        if b.decrypted:
            cells = dict(Counter(key for _pk, key in b.decrypted_keys(qs)))
            return Figure(self.code, sum(cells.values()), cells, b.labels(list(cells)), breakdown)
        expr, resolve = b.grouped if b.grouped else (b.expr, None)
        # COUNT(*) lets PostgreSQL answer from an index alone; a many-to-many needs DISTINCT pk.
        n = Count("pk", distinct=True) if b.multi else Count("*")
        rows = list(qs.values(_k=expr(self.source)).annotate(_n=n).order_by().values_list("_k", "_n"))
        keys = resolve({value for value, _n in rows}) if resolve else None
        cells: dict[str, int] = {}
        for value, count in rows:
            key = b.to_key(keys.get(value) if keys is not None else value)
            cells[key] = cells.get(key, 0) + count
        total = qs.count() if b.multi else sum(cells.values())
        return Figure(self.code, total, cells, b.labels(list(cells)), breakdown, additive=not b.multi)


class PersonCount(Indicator):
    """Counts distinct persons. In a breakdown each person falls into the cell of their first
    qualifying record in the period (for the age group: the youngest age, i.e. the age at the
    first record), so the cells add up to the total.

    `drill` names the records a drilldown lists instead of the person rows: (their Source, the
    path from a counted row to their primary key)."""

    def __init__(self, code, source, breakdowns, default=None, *, drill: tuple[Source, str] | None = None):
        super().__init__(code, source, breakdowns, default)
        self.drill = drill

    def drilldown(self, period, filters, user, cell, breakdown):
        if self.drill is None:
            return super().drilldown(period, filters, user, cell, breakdown)
        qs = self.records(period, filters)
        if cell is not None:
            qs = self.breakdown(breakdown).key_filter(qs, self.source, cell)
        target, path = self.drill
        records = target.model().objects.using(reporting_alias()).filter(pk__in=Subquery(qs.values(path)))
        return visible_records(target, user, records)

    def figure(self, period, filters, breakdown):
        qs = self.records(period, filters)
        person = f"{self.source.person}_id" if "__" not in self.source.person else self.source.person
        if breakdown is None:
            total = qs.aggregate(n=Count(person, distinct=True))["n"]
            return Figure(self.code, total, breakdown=None)
        b = self.breakdown(breakdown)
        if b.decrypted:
            raise NotImplementedError("persons are not counted by an encrypted breakdown")
        if b.of_person is not None:
            rows = self._by_person_attribute(qs, b)
        else:
            inner = qs.values(_p=F(person)).annotate(_k=Min(b.expr(self.source))).order_by()
            rows = grouped_counts(inner)
        cells: dict[str, int] = {}
        for value, n in rows:
            key = b.to_key(value)
            cells[key] = cells.get(key, 0) + n
        return Figure(self.code, sum(cells.values()), cells, b.labels(list(cells)), breakdown)

    def _by_person_attribute(self, qs: QuerySet, b: Breakdown) -> list[tuple[Any, int]]:
        # Each person once, in the cell of an attribute of their own: the persons with at least
        # one qualifying record (EXISTS, a semi-join) grouped by it. The same figure as the
        # per-person MIN, without grouping a million records by person first.
        from apps.clients.models import Person

        records = qs.filter(**{self.source.person: OuterRef("pk")})
        persons = Person.objects.using(reporting_alias()).filter(Exists(records))
        rows = persons.values(_k=b.of_person()).annotate(_n=Count("*")).order_by()
        return list(rows.values_list("_k", "_n"))


def grouped_counts(inner: QuerySet) -> list[tuple[Any, int]]:
    """SELECT _k, COUNT(*) FROM (inner) GROUP BY _k — a second level of grouping, which the ORM
    cannot express; the inner query is the ORM's own SQL, so this stays database-neutral."""
    alias = reporting_alias()
    sql, params = inner.query.get_compiler(using=alias).as_sql()
    connection = connections[alias]
    k = connection.ops.quote_name("_k")
    with connection.cursor() as cursor:
        # The SQL is the ORM's compiled query with its parameters kept apart: nothing user-typed.
        cursor.execute(f"SELECT t.{k}, COUNT(*) FROM ({sql}) t GROUP BY t.{k}", params)  # noqa: S608
        return cursor.fetchall()
