"""The programmes and versions a fresh installation starts with (data migration 0002).

Afterwards they are data an administrator edits (programme.manage): rules change every year.
Everything here was read in the sources named in `source_url` / `source_note` (the issue-4
domain research); no date of reading was recorded, so `verified_on` stays empty until an
operator checks a version. Values the sources do not confirm (unverified, conflicting or
secondary-only) are listed in `unverified` and flagged wherever they are used.
"""

import copy
from datetime import date

EU_MEMBER_STATES = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
                    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]
# Starthilfe group 1 and the longer 2017 group 2 (returningfromgermany.de 2019-era page;
# Flüchtlingshilfe Paderborn 2017); whether 2.0 still uses these lists is unverified.
# Georgia is listed "entries up to a cut-off date" without the date in the copy read (facts.md
# §1.3): the entry carries the condition with an unknown cut-off, so Georgians' Starthilfe always
# needs checking until an operator enters the date.
GEORGIA_UNTIL_CUT_OFF = {"country": "GE", "entered_until": None,
                         "note": "Group 2 lists Georgia for entries up to a cut-off date; the date was not readable."}
STARTHILFE_COUNTRIES = [
    "AF", "ET", "ER", "GM", "GH", "IQ", "IR", "NG", "PK",
    "EG", "DZ", "AM", "AZ", "BD", "BJ", "BF", "CN", "CI", "CD", GEORGIA_UNTIL_CUT_OFF, "GN", "GW", "IN", "CM", "KE",
    "LB",
    "LY", "ML", "MA", "MN", "NE", "PS", "RU", "SN", "SL", "SO", "LK", "SD", "SY", "TJ", "TG", "TR", "TN",
    "UA", "VN",
]
VISA_FREE_STATES = ["AL", "BA", "GE", "MK", "ME", "MD", "RS", "UA"]
SHP_REGULAR = ["BJ", "BF", "CN", "CI", "GW", "ML", "NE", "RU", "SN", "SL", "SD", "TG"]
SHP_REDUCED = ["EG", "DZ", "AM", "ET", "BD", "CD", "GM", "GH", "GN", "IN", "IQ", "CM", "KE", "MA", "MN", "NG",
               "PK", "LK", "TJ", "TN", "TR", "VN"]
SHP_HOUSING = ["AZ", "IR", "LB"]
SHP_LONG_TERM_TOLERATION = ["AL", "BA", "GE", "ME", "MK", "RS", "MD", "UA"]
EURP_COUNTRIES = ["EG", "ET", "AL", "DZ", "AM", "BD", "GM", "GE", "GH", "GN", "IN", "IQ", "JO", "CM", "KZ", "KE",
                  "KG", "CO", "CD", "MA", "MD", "MN", "NP", "NG", "MK", "PK", "RS", "SO", "LK", "TJ", "TN", "TR",
                  "UZ", "VE", "VN", "SY"]
EURP_SPECIAL_RULE_COUNTRIES = ["AL", "GE", "CO", "MD", "MK", "RS"]

ELIGIBLE_STATUSES = ["asylum_request", "permission_to_reside", "toleration", "obliged_to_leave",
                     "residence_permit"]

# The sources of amounts (facts.md §1.3): not the programme page the version links to.
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

TR_SHORT_STAY = {
    "code": "tr_short_stay", "title": "Türkei, less than 6 months' stay", "nationalities": ["TR"],
    "months_of_stay_below": 6,
    "valid_from": "2024-07-01", "valid_to": "2025-06-30", "may_be_extended": True,
    "note": "Applications received from 01.07.2024, extended to 30.06.2025, option to extend.",
}

REAG_GARP_RULES = {
    "eligible_residence_statuses": ELIGIBLE_STATUSES,
    "statuses_needing_circumstance": {"residence_permit": "residence_22_26"},
    "qualifying_circumstances": ["trafficking_victim"],
    "excluded_nationalities": {"list": "eu_member_states", "except_circumstances": ["trafficking_victim"]},
    # "Excluded: … third-country nationals returning to an EU member state" (facts.md §1.2): an
    # EU national (a trafficking victim, excepted above) returning to an EU state is not excluded.
    "excluded_destinations": {"list": "eu_member_states",
                              "except": [{"lists": ["eu_member_states"], "basis": "nationality"}]},
    "destinations_to_check": {"list": "refinancing_destinations"},
    "onward_migration_needs_checking": True,
    "country_lists": {
        "eu_member_states": EU_MEMBER_STATES,
        "starthilfe_countries": STARTHILFE_COUNTRIES,
        "reduced_travel_assistance_countries": VISA_FREE_STATES,
        "refinancing_destinations": ["YE", "SY"],
    },
    "special_rules": [{**TR_SHORT_STAY, "effect": "only_components",
                       "components": ["travel_costs", "travel_assistance", "travel_assistance_reduced"]}],
    "benefits": [
        {"code": "travel_costs", "kind": "costs", "label": "Travel costs (ticket and travel to the airport)"},
        {"code": "travel_assistance", "kind": "cash", "label": "Travel assistance (Reisebeihilfe)",
         "adult_amount": 200, "child_amount": 100, "source": FOERDERDATENBANK,
         "when": [{"lists_none": ["reduced_travel_assistance_countries"], "basis": "nationality"}]},
        {"code": "travel_assistance_reduced", "kind": "cash", "label": "Reduced travel assistance",
         "adult_amount": None, "child_amount": None,
         "when": [{"lists": ["reduced_travel_assistance_countries"], "basis": "nationality"}]},
        {"code": "medical_costs", "kind": "costs", "label": "Medical costs (up to 3 months after arrival)",
         "adult_amount": 2000, "child_amount": 2000, "up_to": True, "source": FOERDERDATENBANK,
         "when": [{"circumstances_any": ["medical_needs"]}]},
        {"code": "starthilfe", "kind": "cash", "label": "Start-up assistance (Starthilfe)",
         "adult_amount": 1000, "child_amount": 500, "family_cap": 4000, "source": FOERDERDATENBANK,
         "family_cap_source": FAMILY_CAP_SOURCE, "conflicts": [FAMILY_CAP_CONFLICT],
         "when": [{"lists": ["starthilfe_countries"], "basis": "nationality"}]},
    ],
}

SHP_RULES = {
    "requires_programme": "reag_garp",
    "needs_a_benefit": True,
    "excluded_nationalities": {"list": "eu_member_states"},
    "country_lists": {
        "eu_member_states": EU_MEMBER_STATES,
        "shp_regular": SHP_REGULAR, "shp_reduced": SHP_REDUCED, "shp_housing": SHP_HOUSING,
        "shp_long_term_toleration": SHP_LONG_TERM_TOLERATION,
    },
    "special_rules": [{**TR_SHORT_STAY, "effect": "not_eligible"}],
    "benefits": [
        {"code": "shp_regular", "kind": "cash", "label": "Second start-up assistance, regular",
         "when": [{"lists": ["shp_regular"], "basis": "destination"},
                  {"lists": ["shp_reduced"], "basis": "destination",
                   "circumstances_any": ["vulnerable", "residence_22_26"]}]},
        {"code": "shp_reduced", "kind": "cash", "label": "Second start-up assistance, reduced",
         "when": [{"lists": ["shp_reduced"], "basis": "destination",
                   "circumstances_none": ["vulnerable", "residence_22_26"]}]},
        {"code": "shp_housing", "kind": "in_kind", "label": "Reintegration support for housing",
         "when": [{"lists": ["shp_housing"], "basis": "destination"}]},
        {"code": "shp_long_term_toleration", "kind": "in_kind",
         "label": "Housing and medical support after long-term toleration",
         "when": [{"lists": ["shp_long_term_toleration"], "basis": "destination",
                   "circumstances_any": ["long_term_toleration"]}]},
    ],
}

EURP_RULES = {
    "excluded_nationalities": {"list": "eu_member_states"},
    "excluded_destinations": {"list": "eu_member_states"},
    "destination_lists": ["eurp_countries"],
    "destinations_to_check": {"list": "eurp_special_rule_countries"},
    "country_lists": {
        "eu_member_states": EU_MEMBER_STATES, "eurp_countries": EURP_COUNTRIES,
        "eurp_special_rule_countries": EURP_SPECIAL_RULE_COUNTRIES,
    },
    "special_rules": [{**TR_SHORT_STAY, "effect": "not_eligible"}],
    "benefits": [
        {"code": "eurp_post_arrival", "kind": "in_kind", "label": "Post-arrival package (up to 14 working days)"},
        {"code": "eurp_post_return", "kind": "in_kind", "label": "Post-return package (up to 12 months)"},
    ],
}

# programme code, name, English name, operator, description, requires, order, [versions]
DEFAULT_PROGRAMMES = [
    ("reag_garp", "REAG/GARP 2.0", "REAG/GARP 2.0", "BAMF",
     "Bund-Länder-Programm zur Förderung der freiwilligen Rückkehr (Reisekosten, Reisebeihilfe, "
     "medizinische Kosten, Starthilfe).", None, 10, [{
         "label": "2024", "valid_from": date(2024, 1, 1), "valid_to": None,
         "source_url": "https://www.returningfromgermany.de/de/reaggarp/",
         "source_note": (
             "BAMF processes REAG/GARP 2.0 since 01.01.2024 (returningfromgermany.de/de/reaggarp/). Eligible groups "
             "and exclusions: Informationsblatt REAG/GARP 2023 via foerderdatenbank.info "
             "(https://foerderdatenbank.info/FDB/Content/DE/Foerderprogramm/Bund/BMI/reag-garp-programm-2023.html). "
             "Amounts: foerderdatenbank.de; returningfromgermany.de/de/programmes/reag-garp. "
             "Family cap on Starthilfe CONFLICTING: 4,000 EUR (foerderdatenbank.de 'pro Familie maximal 4.000 EUR', "
             "nachrichten.ag 2025) vs 3,500 EUR (frnrw.de REAG/GARP 2.0; BT-Drs. 19/12470 of 2019) — 4,000 shipped, "
             "flagged unverified. Reduced travel assistance for visa-free states: amount UNVERIFIED. "
             "Starthilfe country list: 2019/2017 group lists; whether 2.0 keeps two groups is UNVERIFIED. "
             "Türkei special rule: https://www.returningfromgermany.de/de/reaggarp/sonderregelungen "
             "(until 30.06.2025, option to extend). Yemen/Syria: refinancing procedure 'until further notice' "
             "(returningfromgermany.de news after 18.10.2024); Syria resumed 13.01.2025 per a secondary source. "
             "Not modelled: 200 EUR travel assistance for unaccompanied minors and 250 EUR fuel allowance "
             "(secondary sources only)."),
         "unverified": ["benefits.travel_assistance_reduced", "benefits.starthilfe.family_cap",
                        "country_lists.starthilfe_countries", "country_lists.starthilfe_countries.GE",
                        "country_lists.refinancing_destinations"],
     }]),
    ("starthilfe_plus", "StarthilfePlus", "StarthilfePlus", "BAMF",
     "Ergänzendes Bundesprogramm zu REAG/GARP 2.0 (2. Starthilfe, Wohnen, Langzeitgeduldete).", "reag_garp", 20, [{
         "label": "2024", "valid_from": date(2024, 1, 1), "valid_to": None,
         "source_url": "https://returningfromgermany.de/de/programmes/starthilfe-plus",
         "source_note": (
             "Components valid from 01.01.2024 (returningfromgermany.de/de/programmes/starthilfe-plus; "
             "bamf.de starthilfeplus-node dated 08.04.2024). Requires an approved REAG/GARP 2.0 departure. "
             "Housing: returningfromgermany.de 2024 page version. Long-term toleration list: pre-2024 lists "
             "(frnrw.de). Current SHP amounts are UNVERIFIED (2019: BT-Drs. 19/12470)."),
         "unverified": ["benefits.shp_regular", "benefits.shp_reduced", "benefits.shp_housing",
                        "benefits.shp_long_term_toleration", "country_lists.shp_long_term_toleration"],
     }]),
    ("eurp", "EU-Reintegrationsprogramm (EURP)", "EU Reintegration Programme (EURP)", "Frontex",
     "Reintegrationsunterstützung von Frontex (Post-Arrival und Post-Return), in Sachleistungen.", None, 30, [{
         "label": "2022", "valid_from": date(2022, 4, 1), "valid_to": None,
         "source_url": "https://returningfromgermany.de/de/programmes/european-reintegration-programme-eurp",
         "source_note": (
             "Frontex Joint Reintegration Services from 01.04.2022 (returningfromgermany.de news), EURP since "
             "July 2022. Countries: returningfromgermany.de EURP page (countries with special rules: Albania, "
             "Georgia, Colombia, Moldova, North Macedonia, Serbia; Turkey not for Turkish nationals with ≤ 6 "
             "months' stay). Syria only in a newer Serbian-language copy. German EURP amounts are UNVERIFIED "
             "(other states: 615 EUR post-arrival, 2,000 EUR in kind post-return)."),
         "unverified": ["benefits.eurp_post_arrival", "benefits.eurp_post_return", "country_lists.eurp_countries.SY"],
     }]),
]

RULES = {"reag_garp": REAG_GARP_RULES, "starthilfe_plus": SHP_RULES, "eurp": EURP_RULES}


def ensure_defaults(programme_model, version_model) -> int:
    """Create the shipped programmes and versions that are missing; returns how many rows."""
    created = 0
    by_code = {}
    for code, name, name_en, operator, description, requires, order, versions in DEFAULT_PROGRAMMES:
        programme, new = programme_model.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "operator": operator, "description": description,
            "requires": by_code.get(requires), "sort_order": order})
        by_code[code] = programme
        created += new
        for version in versions:
            _v, new = version_model.objects.get_or_create(
                programme=programme, valid_from=version["valid_from"],
                defaults={**{k: v for k, v in version.items() if k != "valid_from"},
                          "rules": copy.deepcopy(RULES[code])})
            created += new
    return created


def ensure_default_programmes() -> int:
    from apps.programmes.models import Programme, ProgrammeVersion

    return ensure_defaults(Programme, ProgrammeVersion)
