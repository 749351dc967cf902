"""The README and the two guides describe the software as it is.

Docs fell behind before: features that had long existed were still marked "planned", the
layout table missed apps and the API section listed a handful of groups. These checks make
that fail: a sentence that marks something as planned may not name a feature whose pages
exist (FEATURES ties each feature to its URL names, which must resolve), every app appears
in the README's layout table, and every tag of the API appears in the README's API table.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

BASE = Path(settings.BASE_DIR)
README = BASE / "README.md"
DOCS = [README, BASE / "docs" / "counsellor-guide.md", BASE / "docs" / "operator-guide.md"]

# How the docs mark something as not built yet. "planned" alone also means "scheduled"
# (monitoring visits are planned after departure), so only the marking forms count.
PLANNED = re.compile(
    r"\(planned\)|\*planned\*|\bis planned\b|\bare planned\b|^Planned\b|\bPlanned:"
    r"|\bnot (yet )?implemented\b|\bnot built yet\b"
    r"|\bcoming soon\b|\bcoming\)|\(geplant\)|\bist geplant\b|\bsind geplant\b|^Geplant\b|\bfolgt später\b"
    r"|\bspäter (verfügbar|möglich)\b|\bnoch nicht (fertig|verfügbar|umgesetzt)\b|\(todo\)|\bTODO\b",
    re.IGNORECASE | re.MULTILINE,
)

# feature → (words that name it in the docs, English and German; URL names of its pages).
FEATURES = {
    "assessments": (["assessment", "Einschätzung"], ["assessments:case_assessment", "assessments:assessment_create"]),
    "vulnerabilities": (["vulnerabilit", "Vulnerabilität", "besondere Bedarfe"],
                        ["assessments:case_vulnerabilities", "assessments:vulnerability_create"]),
    "children's participation": (["children's participation", "child participation", "Beteiligung der Kinder",
                                  "Beteiligung von Kindern", "angehört"],
                                 ["assessments:case_children", "assessments:participation_create"]),
    "referrals": (["referral", "Verweisung", "service directory", "Hilfeangebot"],
                  ["referrals:case_referrals", "referrals:services", "referrals:inbox", "referrals:incoming"]),
    "documents": (["document upload", "Dokumente hochladen", "Dokument hochladen"],
                  ["cases:documents", "cases:document_upload"]),
    "country information": (["country information", "country-of-origin contact", "origin-country contact",
                             "virtual counselling", "Länderinformation", "virtuelle Beratung", "Länderanfrage"],
                            ["countryinfo:case_countryinfo", "countryinfo:knowledge", "countryinfo:virtual_schedule"]),
    "programmes": (["programme", "eligibility", "Programm", "Förderfähigkeit"],
                   ["programmes:list", "programmes:case_eligibility"]),
    "applications": (["application", "REAG", "Antrag", "Anträge", "travel", "Reise"],
                     ["applications:case_application", "applications:overview", "applications:travel"]),
    "disclosures": (["disclosure", "Übermittlung", "Weitergabe", "nothing leaves", "verlässt nichts"],
                    ["disclosures:case_disclosures", "disclosures:create", "disclosures:inbox"]),
    "reintegration": (["reintegration", "monitoring", "Reintegration"],
                      ["reintegration:case_reintegration", "reintegration:overview", "reintegration:visit_record"]),
    "mobile counselling": (["mobile counselling", "counselling day", "hosting", "coverage", "Mobile Beratung",
                            "Beratungstag", "Abdeckung"],
                           ["mobile:start", "mobile:days", "mobile:hosting_list", "mobile:coverage"]),
    "tour planning": (["tour", "Tourenplanung"], ["tours:list", "tours:solve"]),
    "appointments": (["appointment", "booking", "calendar", "Termin", "Buchung", "Kalender"],
                     ["appointments:free", "appointments:calendars", "portal:book"]),
    "hotline": (["hotline", "callback", "Rückruf"], ["hotline:desk", "hotline:callbacks", "hotline:overview"]),
    "portal": (["portal", "Portal"], ["portal:home", "portal:find", "portal_manage:texts"]),
    "outreach": (["outreach", "material", "campaign", "flyer", "Öffentlichkeitsarbeit", "Kampagne"],
                 ["outreach:materials", "outreach:campaigns", "outreach:orders"]),
    "network": (["partner directory", "expert question", "knowledge base", "Partnerverzeichnis", "Fachanfrage",
                 "Wissensdatenbank", "Netzwerk"],
                ["network:home", "network:partners", "network:questions", "network:knowledge"]),
    "events": (["event", "Veranstaltung"], ["events:list", "events:create"]),
    "reports": (["report", "dashboard", "indicator", "statistic", "aggregate", "Bericht", "Indikator",
                 "zusammengefasste Zahlen", "Statistik"],
                ["reports:dashboard", "reports:indicators", "reports:funder_report"]),
    "exports": (["export", "Export"], ["jobs:exports", "jobs:export_request", "audit:export"]),
    "background jobs": (["background job", "outbox", "Hintergrundauftr"], ["jobs:list"]),
    "audit log": (["audit log", "Protokoll"], ["audit:list"]),
    "second factor": (["second factor", "zweiter Faktor", "zweiten Faktor"], ["accounts:second_factor"]),
    "members": (["member administration", "Benutzer*innen"], ["accounts:members", "accounts:member_create"]),
    "taxonomies": (["assessment questions", "vulnerability types", "Listen"], ["assessments:taxonomy"]),
    "retention": (["retention", "Aufbewahrung", "Löschlauf", "legal hold", "Löschsperre"],
                  ["privacy:home", "privacy:rules", "privacy:runs", "privacy:holds"]),
    "erasure": (["erasure", "Löschantrag", "Löschung auf Antrag"], ["privacy:erasure_list", "privacy:erasure_create"]),
    "subject access": (["subject-access", "subject access", "Auskunft"], ["privacy:access", "privacy:access_request"]),
    "records of processing": (["records of processing", "Verzeichnis der Verarbeitungstätigkeiten"],
                              ["privacy:processing"]),
    "data protection registers": (["account events", "Kontoereignisse", "disclosures that left",
                                   "Weitergaben nach außen"], ["audit:account_events", "disclosures:dpo_register"]),
    "operations": (["readiness", "metrics", "Prometheus"], ["core:ready", "core:metrics"]),
}


def url_names() -> set[str]:
    """Every named route, namespaced as `reverse` takes it ("cases:list")."""
    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}"
    return set(walk(get_resolver().url_patterns))


def sentences(text: str):
    """(line number, sentence) for prose, list items and table rows; code blocks are skipped."""
    text = re.sub(r"```.*?```", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for block in re.finditer(r"(?:[^\n]+\n?)+", text):
        line = text.count("\n", 0, block.start()) + 1
        # A list item or a table row starts a new unit even without a blank line before it.
        for unit in re.split(r"\n(?=\s*(?:[-*|]|\d+\.)\s)", block.group(0)):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ*(])", unit):
                yield line, " ".join(sentence.split())
            line += unit.count("\n") + 1


def planned_features(text: str) -> list[tuple[int, str, str]]:
    """(line, feature, sentence) for every sentence that marks a feature of FEATURES as planned."""
    found = []
    for line, sentence in sentences(text):
        if not PLANNED.search(sentence):
            continue
        for feature, (words, _names) in FEATURES.items():
            if any(word.lower() in sentence.lower() for word in words):
                found.append((line, feature, sentence))
    return found


def test_every_url_name_of_the_feature_list_resolves():
    names = url_names()
    missing = {feature: [n for n in url_names_ if n not in names]
               for feature, (_words, url_names_) in FEATURES.items()}
    assert not {f: m for f, m in missing.items() if m}, "update FEATURES in this test to the routes that exist"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_mark_no_existing_feature_as_planned(path):
    hits = planned_features(path.read_text(encoding="utf-8"))
    assert not hits, "\n".join(f"{path.name}:{line}: {feature!r} exists but is marked planned: {s}"
                               for line, feature, s in hits)


def test_the_check_catches_a_feature_marked_planned():
    # The check itself must be able to fail: the README's old wording and the guide's.
    assert {f for _l, f, _s in planned_features("Planned: disclosures, referrals and mobile counselling.")} == {
        "disclosures", "referrals", "mobile counselling"}
    assert [f for _l, f, _s in planned_features("Die Weitergabe an eine Behörde ist (geplant).")] == ["disclosures"]
    assert [f for _l, f, _s in planned_features("Bis dahin verlässt nichts Ihre Organisation (geplant).")] == [
        "disclosures"]
    assert planned_features("Monitoring visits are scheduled 3, 6 and 12 months after departure.") == []
    assert {f for _l, f, _s in planned_features("The privacy app (retention, erasure) is *planned*.")} == {
        "retention", "erasure"}
    assert planned_features("Partitioning with Citus is *planned*.") == []


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README.md has no section '## {heading}'"
    return match.group(1)


def _first_cells(section: str) -> list[str]:
    return [row.split("|")[1] for row in section.splitlines() if row.startswith("|") and not row.startswith("|--")]


def test_every_app_appears_in_the_readme_layout_table():
    rows = [r for r in _section(README.read_text(encoding="utf-8"), "Layout of the code").splitlines()
            if r.startswith("| L")]
    listed = set(re.findall(r"`(\w+)`", " ".join(rows)))
    ours = {config.name.removeprefix("apps.") for config in django_apps.get_app_configs()
            if config.name.startswith("apps.")}
    assert rows, "the layout table is empty"
    assert ours - listed == set(), "apps missing from the README's layout table"
    assert listed - ours == set(), "the README's layout table names apps that do not exist"


def test_every_api_tag_appears_in_the_readme_api_table():
    from apps.api.api import api

    schema = api.get_openapi_schema()
    tags = {tag for operations in schema["paths"].values() for op in operations.values() for tag in op.get("tags", [])}
    listed = {cell.strip().strip("`") for cell in _first_cells(_section(README.read_text(encoding="utf-8"), "API"))}
    listed.discard("tag")
    assert tags, "the API has no tagged operations"
    assert tags - listed == set(), "API tags missing from the README's API table"
    assert listed - tags == set(), "the README's API table names tags the API does not have"


def test_the_readme_sign_ins_are_the_demo_personas():
    from apps.demo.network import DEMO_PASSWORD, PERSONAS

    text = README.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ([\w.]+@[\w.]+) \|", text, re.M))
    assert listed == {email for _key, email, *_rest in PERSONAS}
    assert f"`{DEMO_PASSWORD}`" in text
