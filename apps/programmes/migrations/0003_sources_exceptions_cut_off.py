"""The shipped REAG/GARP 2.0 rules get what issue 12 found missing, where an operator has not
changed them: the EU-destination exclusion's exception for EU nationals (facts.md §1.2), Georgia's
Starthilfe entry with its (unknown) cut-off date, the sources of the amounts and the conflicting
family cap (4,000 vs 3,500 EUR). Self-contained (historical data), idempotent, and a no-op on a
fresh database, where 0002 already creates the rules in this shape."""

from django.db import migrations

FOERDERDATENBANK = {
    "url": "https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html",
    "title": "Informationsblatt REAG/GARP 2023 (Förderdatenbank); returningfromgermany.de/de/programmes/reag-garp"}
FAMILY_CAP_SOURCE = {
    "url": "https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html",
    "title": "Förderdatenbank: „pro Familie maximal 4.000 EUR“ (also nachrichten.ag 2025)"}
FAMILY_CAP_CONFLICT = {
    "field": "family_cap", "value": 3500,
    "source": {"url": "https://frnrw.de/themen-a-z/abschiebung-ausreise/reag-garp-20.html",
               "title": "Flüchtlingsrat NRW, REAG/GARP 2.0 (also BT-Drs. 19/12470 of 2019)"}}
GEORGIA = {"country": "GE", "entered_until": None,
           "note": "Group 2 lists Georgia for entries up to a cut-off date; the date was not readable."}
SOURCED = {"travel_assistance", "medical_costs", "starthilfe"}


def _patch(rules: dict, unverified: list) -> bool:
    changed = False
    excluded = rules.get("excluded_destinations")
    if isinstance(excluded, dict) and excluded.get("list") == "eu_member_states" and "except" not in excluded \
            and "eu_member_states" in rules.get("country_lists", {}):
        excluded["except"] = [{"lists": ["eu_member_states"], "basis": "nationality"}]
        changed = True
    listed = rules.get("country_lists", {}).get("starthilfe_countries")
    if isinstance(listed, list) and "GE" in listed:
        listed[listed.index("GE")] = dict(GEORGIA)
        if "country_lists.starthilfe_countries.GE" not in unverified:
            unverified.append("country_lists.starthilfe_countries.GE")
        changed = True
    for benefit in rules.get("benefits", []):
        if not isinstance(benefit, dict) or benefit.get("code") not in SOURCED or "source" in benefit:
            continue
        benefit["source"] = dict(FOERDERDATENBANK)
        if benefit["code"] == "starthilfe" and benefit.get("family_cap") == 4000:
            benefit.setdefault("family_cap_source", dict(FAMILY_CAP_SOURCE))
            benefit.setdefault("conflicts", [FAMILY_CAP_CONFLICT])
        changed = True
    return changed


def forwards(apps, schema_editor):
    version_model = apps.get_model("programmes", "ProgrammeVersion")
    for version in version_model.objects.filter(programme__code="reag_garp"):
        unverified = list(version.unverified or [])
        if _patch(version.rules, unverified):
            version.unverified = unverified
            version.save(update_fields=["rules", "unverified"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_default_programmes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
