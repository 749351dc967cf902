"""Where did the sessions recorded so far take place? Map what can be mapped without guessing:

- office channel with an office that has a district -> that district ("office");
- phone, video and virtual counselling -> the principal client's district ("client_district");
- otherwise the free-text location, when it names exactly one district: a postcode that lies in
  one district only, else one district name (a longer name wins over a name inside it: "Trier-
  Saarburg" over "Trier"), else one district seat; the place follows the channel;
- everything else stays "unknown".

Written with bulk UPDATEs and one pass over the distinct location texts, so a large database
migrates in a few statements.
"""

import re

from django.db import migrations
from django.db.models import OuterRef, Subquery

REMOTE = ("phone", "video", "virtual_origin_country")
PLACE_BY_CHANNEL = {"office": "office", "mobile": "mobile_day"}


def _words(text: str) -> str:
    return f" {re.sub(r'[^0-9a-zäöüß]+', ' ', text.casefold())} "


def _one(candidates: set[int]) -> int | None:
    return next(iter(candidates)) if len(candidates) == 1 else None


def district_for_location(text: str, districts: list[tuple[int, str, str]], postcodes: dict[str, set[int]]):
    """The district a free-text location names unambiguously, or None."""
    codes = set(re.findall(r"\b(\d{5})\b", text))
    by_postcode = set().union(*(postcodes.get(code, set()) for code in codes)) if codes else set()
    if by_postcode:
        return _one(by_postcode)
    words = _words(text)
    named = [(name, pk) for pk, name, _seat in districts if _words(name) in words]
    # Drop names that only match as part of a longer matched name ("Trier" in "Trier-Saarburg").
    named = [(n, pk) for n, pk in named
             if not any(other != n and _words(n).strip() in _words(other) for other, _pk in named)]
    if named:
        return _one({pk for _n, pk in named})
    return _one({pk for pk, _name, seat in districts if seat and _words(seat) in words})


def map_places(apps, schema_editor):
    Session = apps.get_model("cases", "CounsellingSession")
    Office = apps.get_model("accounts", "Office")
    Member = apps.get_model("clients", "HouseholdMember")
    District = apps.get_model("regions", "District")
    Postcode = apps.get_model("regions", "Postcode")
    db = schema_editor.connection.alias
    sessions = Session.objects.using(db)

    office_district = Office.objects.using(db).filter(pk=OuterRef("office_id")).values("district_id")[:1]
    sessions.filter(channel="office", office__district__isnull=False).update(
        place="office", district=Subquery(office_district))

    principal_district = (Member.objects.using(db)
                          .filter(household__cases=OuterRef("case_id"), is_principal=True)
                          .values("person__district_id")[:1])
    remote = sessions.filter(channel__in=REMOTE)
    remote.update(district=Subquery(principal_district))
    remote.filter(district__isnull=False).update(place="client_district")

    districts = list(District.objects.using(db).values_list("pk", "name", "seat"))
    postcodes: dict[str, set[int]] = {}
    for code, district_id in Postcode.objects.using(db).values_list("code", "district_id"):
        postcodes.setdefault(code, set()).add(district_id)
    pending = sessions.filter(place="unknown", channel__in=list(PLACE_BY_CHANNEL)).exclude(location="")
    for text in pending.values_list("location", flat=True).distinct().order_by():
        district_id = district_for_location(text, districts, postcodes)
        if district_id is None:
            continue
        for channel, place in PLACE_BY_CHANNEL.items():
            pending.filter(location=text, channel=channel).update(place=place, district_id=district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_session_place"),
        ("accounts", "0008_network_and_reports_permissions"),
        ("clients", "0004_rebuild_tokens"),
        ("regions", "0002_load_reference_data"),
    ]

    operations = [migrations.RunPython(map_places, migrations.RunPython.noop)]
