"""Pseudo-localisation: every back-office page, rendered in a language in which each translated
message reads "⟦Šàṽé⟧", shows no interface text that escaped gettext.

The world is the authorisation matrix's (tests/test_authorisation_matrix.py): every route filled
with its objects; each page rendered for the first persona that may see it, in PERSONAS order, so
the counsellor with write access comes first (the text hardly depends on the reader, and the
suite's time is scarce), the home page and menu for every persona, the refusal pages once.

What may stay untransformed is data: every string stored in the database (names, addresses,
notes, taxonomy rows), e-mail addresses, links, numbers and dates, codes, names of languages and
countries from their libraries, and the brand. The public portal is left out: it is written for
clients in their languages and has its own catalogue test (apps/core/tests/test_client_catalogues.py).
"""

import time
import warnings
from collections import defaultdict

import pycountry
import pytest
from django.apps import apps
from django.conf.locale import LANG_INFO
from django.db import models
from django.utils.translation import trans_real

from apps.applications.models import AIRPORTS
from tests.pseudo_locale import PSEUDO_LANGUAGE, activate_fallback, build_catalogue, pieces, pseudo, untransformed
from tests.test_authorisation_matrix import (  # noqa: F401 (world and scope are fixtures)
    PERSONAS,
    WEB_ROUTES,
    expected,
    fill,
    scope,
    web_variants,
    world,
)

# Proper names the interface shows that no catalogue translates (the brand, a file format, the
# attribution the map data's licence prescribes), and JSON literals of rules shown as stored.
BRAND = {"ReturnNet", "Pseudo", "Excel", "© GeoBasis-DE", "true", "false", "null"}
SKIPPED_NAMESPACES = ("portal:",)  # the public site (see the module docstring)
SKIPPED_ROUTES = {"accounts:logout", "accounts:logout_all"}  # they end the session
PERSONAS_PER_PAGE = 1
# Departure airports offered as suggestions: proper names, not interface text.
AIRPORT_NAMES = {piece for _code, label in AIRPORTS for piece in (label, *pieces(label))}


@pytest.fixture
def pseudo_language(settings, tmp_path, monkeypatch):
    """The pseudo language, accepted by Django and by the staff language middleware (only in this
    test); returns its fallback, which remembers the messages missing from the German catalogue."""
    assert build_catalogue(tmp_path / "locale") > 1000
    monkeypatch.setitem(LANG_INFO, PSEUDO_LANGUAGE, {
        "bidi": False, "code": PSEUDO_LANGUAGE, "name": "Pseudo", "name_local": "Pseudo"})
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO_LANGUAGE, "Pseudo")]
    settings.STAFF_LANGUAGES = [*settings.STAFF_LANGUAGES, PSEUDO_LANGUAGE]
    return activate_fallback(trans_real.translation(PSEUDO_LANGUAGE))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def stored_strings() -> set[str]:
    """Every string value in the test database, whole, by line and in pieces."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for text in _strings(list(row)):
                found.add(" ".join(text.split()))
                found.update(pieces(text))
    return found


def library_names() -> set[str]:
    """Names of languages and countries as their libraries give them (not our catalogue)."""
    names = {getattr(entry, "name", "") for entry in (*pycountry.languages, *pycountry.countries)}
    names |= {info.get("name_local", "") for info in LANG_INFO.values()}
    return {piece for name in names for piece in (name, *pieces(name)) if piece}


def test_pseudo_transformation_keeps_placeholders_and_markup():
    assert pseudo("Save") == "⟦Šàṽé⟧"
    assert pseudo("%(count)s cases of %s in {district}") == "⟦%(count)s çàšéš öƒ %s îñ {district}⟧"
    assert pseudo('See <a href="/x/">the guide</a> &amp; more') == \
        '⟦Šéé <a href="/x/">ţĥé ĝûîđé</a> &amp; ɱöŕé⟧'


def test_a_page_with_untranslated_text_is_reported():
    html = ('<h1>⟦Çàšé⟧ Hosseini</h1><button aria-label="Close">×</button><script>var a = "x";</script>'
            '<input type="submit" value="Send"><p>⟦Šéñţ öñ %s⟧ 12.03.2027 · anna@iom.test · V-12</p>'
            '<p lang="de">Reisedokumente</p><p>Sara Hosseini</p><p>Sara was here</p>')
    assert untransformed(html, {"Hosseini"}, {"Sara", "Hosseini", "was", "here"}) == {"Close", "Send",
                                                                                      "Sara was here"}


def stored_words(strings: set[str]) -> set[str]:
    return {word for text in strings for word in text.split()}


def test_every_back_office_page_is_translated(client, world, scope, pseudo_language):  # noqa: F811
    started = time.monotonic()
    findings: dict[str, set[str]] = defaultdict(set)
    client.cookies["django_language"] = PSEUDO_LANGUAGE
    allowed: set[str] = set()
    words: set[str] = set()
    no_page: set[str] = set()
    renderings: dict[str, int] = defaultdict(int)
    pages = 0

    def check(label: str, response) -> None:
        nonlocal allowed, words, pages
        if not allowed:  # after the first page: what rendering stores (audit entries) is data too
            allowed = stored_strings() | library_names() | BRAND | AIRPORT_NAMES
            words = stored_words(allowed)
        pages += 1
        for text in untransformed(response.content.decode(), allowed, words):
            findings[text].add(label)

    for persona in PERSONAS:
        if persona != "anonymous":
            user = getattr(world.personas, persona)
            client.force_login(type(user).objects.get(pk=user.pk))
        for name, pattern, callback in WEB_ROUTES:
            if name.startswith(SKIPPED_NAMESPACES) or name in SKIPPED_ROUTES or name in no_page:
                continue
            for variant in web_variants(pattern, scope, world):
                url, target = fill(pattern, variant)
                if renderings[url] >= PERSONAS_PER_PAGE and url != "/":
                    continue
                if 200 not in expected(callback.access_policy, persona, target, world):
                    continue
                response = client.get(url)
                if response.status_code == 405 or "text/html" not in response.get("Content-Type", "text/html"):
                    no_page.add(name)  # a form's POST target or a download, for everybody
                if response.status_code != 200 or name in no_page:
                    continue
                renderings[url] += 1
                check(f"{persona} {url}", response)
    # The refusal pages, once.
    client.force_login(world.personas.statistics)
    for url in ("/cases/", f"/cases/{world.case.pk}/", "/no-such-page/"):
        check(f"statistics {url}", client.get(url))
    report = [f"{text!r}: {', '.join(sorted(where)[:3])}{' …' if len(where) > 3 else ''}"
              for text, where in sorted(findings.items())]
    assert pages > 200, f"only {pages} pages rendered"
    assert not findings, (f"{len(findings)} texts escaped gettext on {pages} pages "
                          f"({time.monotonic() - started:.0f} s):\n" + "\n".join(report))
    if pseudo_language.missing:
        # Marked for translation, but not (yet) in locale/de: new strings wait for the next
        # extraction (makemessages). Shown, not failed: that is a step of its own.
        warnings.warn(f"{len(pseudo_language.missing)} messages shown are missing from the German catalogue: "
                      + "; ".join(sorted(m.replace("\x04", " | ") for m in pseudo_language.missing)[:40]),
                      stacklevel=1)
