"""Every string clients read is translated into every client language (issue 10's acceptance).

The extraction runs in a temporary directory (nothing in the repository is written); the
committed catalogues must hold every extracted string, translated, not fuzzy, with the msgid's
placeholders, and their .mo files must match the .po. Needs GNU gettext (msgfmt, msgmerge).
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from apps.core.management.commands.client_messages import (
    PLURAL_FORMS,
    _placeholder_mismatches,
    client_locales,
    compile_catalogue,
    extract,
    parse_po,
    problems,
    with_header,
)

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def _german_is_the_default(settings):
    """The suite runs in English (conftest); the client catalogues are those of every language
    but the default one, German, as in production."""
    settings.LANGUAGE_CODE = "de"


def test_every_client_string_is_translated_in_every_client_language(tmp_path):
    fresh = extract(tmp_path / "src")
    found = problems(fresh, LOCALE, tmp_path)
    assert not found, f"{len(found)} problem(s); run `make client-messages` and translate:\n" + "\n".join(found)


def test_the_client_languages_are_all_but_german_in_django_directory_names():
    assert "de" not in client_locales()
    assert {"en", "ar", "fa", "ps", "tr", "ru", "uk", "ka", "sq", "sr_Latn", "kmr", "fr"} == set(client_locales())
    assert set(client_locales()) <= set(PLURAL_FORMS)
    assert PLURAL_FORMS["ar"].startswith("nplurals=6;") and PLURAL_FORMS["ru"].startswith("nplurals=3;")


def test_extraction_takes_only_the_client_sources(tmp_path):
    fresh = extract(tmp_path / "src")
    _header, entries = parse_po((fresh / "ar" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    msgids = {entry.msgid for entry in entries}
    assert "Your counselling appointment has been moved" in msgids      # apps/appointments/notices.py
    assert "Sign in" not in msgids                                     # the back office's sign-in page
    _header, english = parse_po((fresh / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    assert english and all(entry.msgstr == [entry.msgid] for entry in english if entry.msgid_plural is None)


def _source(tmp_path: Path, code: str) -> Path:
    (tmp_path / "clientapp").mkdir(parents=True)
    (tmp_path / "clientapp" / "texts.py").write_text(code, encoding="utf-8")
    return tmp_path


def _catalogue(locale_dir: Path, locale: str, body: str) -> None:
    po = locale_dir / locale / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(with_header("", locale) + body, encoding="utf-8")
    compile_catalogue(po, po.with_suffix(".mo"), check_format=False)


@override_settings(LANGUAGES=[("de", "German"), ("ar", "Arabic")], CLIENT_MESSAGE_SOURCES=["clientapp"])
def test_the_check_lists_missing_empty_fuzzy_and_wrong_placeholders(tmp_path):
    base = _source(tmp_path / "base", "from django.utils.translation import gettext as _\n"
                   "A = _('Free counselling')\nB = _('Call %(number)s')\nC = _('Open today')\n"
                   "D = _('Welcome')\nE = _('Book a slot')\n")
    committed = tmp_path / "committed"
    _catalogue(committed, "ar", 'msgid "Free counselling"\nmsgstr "استشارة مجانية"\n\n'
               '#, python-format\nmsgid "Call %(number)s"\nmsgstr "اتصل بالرقم %(nummer)s"\n\n'
               '#, fuzzy\nmsgid "Open today"\nmsgstr "مفتوح اليوم"\n\n'
               'msgid "Welcome"\nmsgstr ""\n')
    with override_settings(BASE_DIR=base):
        fresh = extract(tmp_path / "work", committed)
    found = problems(fresh, committed, tmp_path)
    assert "ar: untranslated: 'Welcome'" in found
    assert "ar: fuzzy: 'Open today'" in found
    assert "ar: not in the catalogue yet (make client-messages): 'Book a slot'" in found
    assert any(line.startswith("ar: placeholders differ: 'Call %(number)s'") for line in found)
    assert not any("Free counselling" in line for line in found)
    assert any(line.startswith("ar: does not compile") for line in found)  # msgfmt --check-format agrees
    assert len(found) == 5


@override_settings(LANGUAGES=[("de", "German"), ("ar", "Arabic")], CLIENT_MESSAGE_SOURCES=["clientapp"])
def test_the_check_finds_an_outdated_mo_and_a_string_no_longer_used(tmp_path):
    base = _source(tmp_path / "base", "from django.utils.translation import gettext as _\nA = _('Welcome')\n")
    committed = tmp_path / "committed"
    _catalogue(committed, "ar", 'msgid "Welcome"\nmsgstr "أهلا"\n\nmsgid "Goodbye"\nmsgstr "مع السلامة"\n')
    po = committed / "ar" / "LC_MESSAGES" / "django.po"
    po.write_text(po.read_text("utf-8").replace("أهلا", "أهلًا وسهلًا"), encoding="utf-8")  # .mo not recompiled
    with override_settings(BASE_DIR=base):
        fresh = extract(tmp_path / "work", committed)
    found = problems(fresh, committed, tmp_path)
    assert "ar: no longer used (make client-messages): 'Goodbye'" in found
    assert any(line.startswith("ar: ") and "older than its .po" in line for line in found)
    # The extraction merged the translation and dropped the string no longer used.
    _header, entries = parse_po((fresh / "ar" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    assert [(e.msgid, e.msgstr) for e in entries] == [("Welcome", ["أهلًا وسهلًا"])]


@override_settings(LANGUAGES=[("de", "German"), ("ar", "Arabic")], CLIENT_MESSAGE_SOURCES=["clientapp"],
                   CLIENT_MESSAGE_EXCLUDE=["clientapp/staff"])
def test_staff_pages_inside_a_client_source_are_left_out(tmp_path):
    base = _source(tmp_path / "base", "from django.utils.translation import gettext as _\nA = _('Welcome')\n")
    (base / "clientapp" / "staff").mkdir()
    (base / "clientapp" / "staff" / "views.py").write_text(
        "from django.utils.translation import gettext as _\nB = _('Edit the portal texts')\n", encoding="utf-8")
    with override_settings(BASE_DIR=base):
        fresh = extract(tmp_path / "work", tmp_path / "committed")
    _header, entries = parse_po((fresh / "ar" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    assert [e.msgid for e in entries] == ["Welcome"]
    assert (base / "clientapp" / "staff" / "views.py").exists()  # the project itself is untouched


@override_settings(LANGUAGES=[("de", "German"), ("ar", "Arabic")], CLIENT_MESSAGE_SOURCES=["clientapp"])
def test_right_to_left_catalogues_have_no_english_left_and_no_left_to_right_marks(tmp_path):
    base = _source(tmp_path / "base", "from django.utils.translation import gettext as _\n"
                   "A = _('Free counselling')\nB = _('Code %(code)s')\nC = _('Call us')\nD = _('%(date)s')\n")
    committed = tmp_path / "committed"
    _catalogue(committed, "ar", 'msgid "Free counselling"\nmsgstr "Free counselling"\n\n'
               '#, python-format\nmsgid "Code %(code)s"\nmsgstr "الرمز \u200e%(code)s"\n\n'
               'msgid "Call us"\nmsgstr "اتصل بنا"\n\n#, python-format\nmsgid "%(date)s"\nmsgstr "%(date)s"\n')
    with override_settings(BASE_DIR=base):
        fresh = extract(tmp_path / "work", committed)
    assert problems(fresh, committed, tmp_path) == [
        "ar: not in Arabic script: 'Free counselling'", "ar: left-to-right control character: 'Code %(code)s'"]


def test_plural_entries_may_drop_the_number_but_never_add_a_placeholder():
    _header, entries = parse_po('msgid "%(count)s day"\nmsgid_plural "%(count)s days"\n'
                                'msgstr[0] "يوم واحد"\nmsgstr[1] "%(count)s أيام"\n')
    assert _placeholder_mismatches(entries[0]) == []
    entries[0].msgstr[1] = "%(days)s أيام"
    assert _placeholder_mismatches(entries[0]) == ["%(days)s أيام"]
