"""The words of the travel sheet the client takes home, in the client's language.

A client source (settings.CLIENT_MESSAGE_SOURCES): every string here and in
templates/applications/travel_sheet.html is translated into every client language. The staff
pages keep their own wording (models, services); the sheet maps their codes to these texts and
leaves out what only staff read (the reasons a document is not valid yet, names of officials).
"""

from django.utils.translation import gettext_lazy as _

from apps.core.client_languages import client_language_of_household

NEEDS = {
    "wheelchair": _("Wheelchair"),
    "medical_escort": _("Medical escort"),
    "escort": _("Escort (not medical)"),
    "other": _("Other support"),
}

DOCUMENTS = {
    "travel_documents": _("Passport or travel document substitute"),
    "gub": _("Border crossing certificate (GÜB)"),
    "tickets": _("Tickets"),
    "medical_documents": _("Medical documents"),
}

CHECKLIST = {
    "departure_date": _("Departure date and connection are fixed"),
    "documents_checked": _("Documents checked together with your counsellor"),
    "documents_valid": _("Travel documents valid on the departure date"),
    "gub_valid": _("Border crossing certificate valid on the departure date"),
}


def sheet_checklist(items, travel) -> list[dict]:
    """The departure checklist (apps.applications.services.departure_checklist) in the client's
    words: documents still to check by name; what only staff read (the reasons a document is not
    valid yet) is left out."""
    required = ["travel_documents", "gub", "tickets"] + (["medical_documents"] if travel and travel.needs else [])
    checked = set(travel.documents_checked) if travel else set()
    rows = []
    for item in items:
        if item.code not in CHECKLIST:
            continue
        wanting = [str(DOCUMENTS[code]) for code in required if code not in checked] \
            if item.code == "documents_checked" else []
        rows.append({"label": str(CHECKLIST[item.code]), "ok": item.ok, "missing": wanting})
    return rows


def need_labels(codes) -> list[str]:
    return [str(NEEDS.get(code, NEEDS["other"])) for code in codes]



def sheet_language(application) -> str:
    """The language the principal traveller reads (apps.core.client_languages)."""
    return client_language_of_household(application.case.household)
