"""Blocking for the batch duplicate review: which pairs of an organisation's persons are worth
scoring (apps.clients.matching.batch_pairs scores them).

Comparing every person with every other is quadratic (5·10⁹ pairs at 100,000 persons), so the
database joins the name tokens instead, in a few statements that read each token once:
- same year of birth and two name keys in common (skeletons: transliterations, swapped order),
  or one key and the very same date (a typo in the other word);
- a person whose date of birth is unknown and two name keys in common;
- a name written in Arabic script and the consonant frames of two words (or one and the date).
"""

from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from apps.clients import names
from apps.clients.models import PersonNameToken

SKELETON = "~"


def _tokens(organisation_id: int, prefix: str, person_ids=None) -> QuerySet:
    """(person_id, token, y, d) of the active persons' tokens with the prefix; y is the year of
    birth, NULL when the date is unknown."""
    tokens = PersonNameToken.objects.filter(
        person__organisation_id=organisation_id, person__merged_into__isnull=True,
        person__anonymised_at__isnull=True, token__startswith=prefix)
    if person_ids is not None:
        tokens = tokens.filter(person_id__in=list(person_ids))
    return tokens.annotate(
        y=Case(When(person__birth_date_precision="unknown", then=Value(None)),
               default=ExtractYear("person__birth_date"), output_field=IntegerField()),
        d=F("person__birth_date"),
    ).values_list("person_id", "token", "y", "d")


def _join(left: QuerySet, right: QuerySet, *, dates: str, one_way: bool, rewrite_left: str = "") -> set:
    """Pairs (smaller id first) of a left and a right token sharing two tokens, or one token and
    the date of birth. `dates`: "year" same year of birth, "left_unknown"/"right_unknown" that
    side's date unknown, "any" either. `rewrite_left` replaces the left token's prefix."""
    left_sql, left_params = left.query.sql_with_params()
    right_sql, right_params = right.query.sql_with_params()
    left_token = f"'{rewrite_left}' || SUBSTR(l.token, 2)" if rewrite_left else "l.token"
    condition = {
        "year": "r.y = l.y", "left_unknown": "l.y IS NULL", "right_unknown": "r.y IS NULL",
        "any": "(r.y = l.y OR l.y IS NULL OR r.y IS NULL)",
    }[dates]
    order = "r.person_id > l.person_id" if one_way else "r.person_id <> l.person_id"
    # Only fixed SQL fragments are formatted in; every value is a bound parameter.
    if dates.endswith("unknown"):
        # Without a date only two shared keys count, so join on pairs of keys: a token alone
        # (the skeleton of Mohammad) would meet tens of thousands of persons of every year.
        sql = (f"SELECT DISTINCT l.person_id, r.person_id FROM ({_key_pairs(left_sql)}) l "  # noqa: S608
               f"JOIN ({_key_pairs(right_sql)}) r ON r.t1 = l.t1 AND r.t2 = l.t2 AND {order} AND {condition}")
        params = [*left_params, *left_params, *right_params, *right_params]
    else:
        sql = (f"SELECT l.person_id, r.person_id FROM ({left_sql}) l JOIN ({right_sql}) r "  # noqa: S608
               f"ON r.token = {left_token} AND {order} AND {condition} "
               "GROUP BY l.person_id, r.person_id "
               "HAVING COUNT(*) >= 2 OR MAX(CASE WHEN r.d = l.d THEN 1 ELSE 0 END) = 1")
        params = [*left_params, *right_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(a, b) if a < b else (b, a) for a, b in cursor.fetchall()}


def _key_pairs(tokens_sql: str) -> str:
    """Each person's pairs of two different tokens (t1 < t2), with y and d."""
    return (f"SELECT a.person_id, a.token AS t1, b.token AS t2, a.y, a.d FROM ({tokens_sql}) a "  # noqa: S608
            f"JOIN ({tokens_sql}) b ON b.person_id = a.person_id AND b.token > a.token")


def candidate_pairs(organisation_id: int, person_ids=None) -> set[tuple[int, int]]:
    """The pairs (a < b) worth scoring; with `person_ids`, only pairs with one of them."""
    person_ids = None if person_ids is None else list(person_ids)
    one_way = person_ids is None
    left = _tokens(organisation_id, SKELETON, person_ids)
    right = _tokens(organisation_id, SKELETON)
    pairs = _join(left, right, dates="year", one_way=one_way)
    pairs |= _join(left, right, dates="left_unknown", one_way=False)
    if person_ids is not None:
        pairs |= _join(left, right, dates="right_unknown", one_way=False)
    # Arabic script: its "#" frames meet every "=" frame (Latin or Arabic) of the other person.
    arabic = _tokens(organisation_id, names.ARABIC_PREFIX, person_ids)
    frames = _tokens(organisation_id, names.CONSONANT_PREFIX)
    pairs |= _join(arabic, frames, dates="any", one_way=False, rewrite_left=names.CONSONANT_PREFIX)
    if person_ids is not None:
        pairs |= _join(_tokens(organisation_id, names.CONSONANT_PREFIX, person_ids),
                       _tokens(organisation_id, names.ARABIC_PREFIX), dates="any", one_way=False,
                       rewrite_left=names.ARABIC_PREFIX)
    return pairs
