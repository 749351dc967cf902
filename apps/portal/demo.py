"""Demo content of the public portal: the editable texts an administrator would enter
(invented contact details; idempotent). Languages without their own value fall back to German.
The hotline hours exist in all 13 client languages; those beyond de/en/ar/ru are drafts."""

from apps.portal.models import PortalText

# (key, language or "" for language-independent texts, value)
DEMO_TEXTS = [
    ("hotline_number", "", "+49 800 1234567"),
    ("hotline_hours", "de", "Montag bis Freitag, 9 bis 16 Uhr"),
    ("hotline_hours", "en", "Monday to Friday, 9 am to 4 pm"),
    ("hotline_hours", "ar", "من الاثنين إلى الجمعة، من 9 صباحًا حتى 4 مساءً"),
    ("hotline_hours", "ru", "С понедельника по пятницу, с 9 до 16 часов"),
    # Drafts, not reviewed by native speakers (docs/operator-guide.md "Public portal").
    ("hotline_hours", "fa", "دوشنبه تا جمعه، ساعت ۹ صبح تا ۴ بعدازظهر"),
    ("hotline_hours", "ps", "له دوشنبې تر جمعې، د سهار له ۹ بجو تر ماسپښین ۴ بجو"),
    ("hotline_hours", "tr", "Pazartesiden cumaya, saat 9:00 ile 16:00 arası"),
    ("hotline_hours", "uk", "З понеділка по п’ятницю, з 9 до 16 години"),
    ("hotline_hours", "ka", "ორშაბათიდან პარასკევამდე, 9:00-დან 16:00-მდე"),
    ("hotline_hours", "sq", "E hënë deri të premte, nga ora 9 deri në 16"),
    ("hotline_hours", "sr-latn", "Od ponedeljka do petka, od 9 do 16 časova"),
    ("hotline_hours", "kmr", "Ji Duşemê heta Înê, ji saet 9an heta 16an"),
    ("hotline_hours", "fr", "Du lundi au vendredi, de 9 h à 16 h"),
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
