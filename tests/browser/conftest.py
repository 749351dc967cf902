"""Browser tests: Playwright drives Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest

from apps.audit.testing import append_only_guard_lifted  # noqa: F401 - fixture

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # The hook sees the whole session's items: mark only the ones in this directory.
    here = Path(__file__).parent
    items = [item for item in items if here in Path(item.fspath).parents]
    for item in items:
        item.add_marker(pytest.mark.browser)
    if not CHROMIUM.exists() and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not installed")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, append_only_guard_lifted):  # noqa: F811
    contexts = []

    def make(locale="de-DE"):
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(request, settings, _site_url_is_the_test_clients_host):
    """A browser follows the links in notices: SITE_URL is the live server a test runs against."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
