"""Demo content of the public portal: the editable texts an administrator would enter
(invented contact details; idempotent). Languages without their own value fall back to German."""

from apps.portal.models import PortalText

# (key, language or "" for language-independent texts, value)
DEMO_TEXTS = [
    ("hotline_number", "", "+49 800 1234567"),
    ("hotline_hours", "de", "Montag bis Freitag, 9 bis 16 Uhr"),
    ("hotline_hours", "en", "Monday to Friday, 9 am to 4 pm"),
    ("hotline_hours", "ar", "من الاثنين إلى الجمعة، من 9 صباحًا حتى 4 مساءً"),
    ("hotline_hours", "ru", "С понедельника по пятницу, с 9 до 16 часов"),
    ("controller", "", "Netzwerk Rückkehrberatung Rheinland-Pfalz (Demo)\nMusterstraße 1\n55116 Mainz\n"
                       "info@rueckkehr-rlp.demo"),
    ("dpo_contact", "", "Datenschutzbeauftragte (Demo)\nMusterstraße 1\n55116 Mainz\n"
                        "datenschutz@rueckkehr-rlp.demo"),
    ("imprint", "de", "Netzwerk Rückkehrberatung Rheinland-Pfalz (Demo)\nMusterstraße 1\n55116 Mainz\n"
                      "Telefon: +49 800 1234567\nE-Mail: info@rueckkehr-rlp.demo\n\n"
                      "Dies ist eine Demo-Installation. Alle Angaben sind erfunden."),
    ("accessibility_date", "", "2026-12-01"),
    ("accessibility_contact", "", "barrierefreiheit@rueckkehr-rlp.demo"),
    ("feedback_email", "", "barrierefreiheit@rueckkehr-rlp.demo"),
]


def seed(network) -> int:
    """Creates the demo texts that do not exist yet; an administrator's later edits stay."""
    created = 0
    for key, language, value in DEMO_TEXTS:
        _text, was_created = PortalText.objects.get_or_create(key=key, language=language,
                                                              defaults={"value": value})
        created += was_created
    return created
