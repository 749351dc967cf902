"""Background exports in Chromium at phone width: the statistics viewer starts the funder report,
the export's page follows the job by itself (htmx polling, then a reload) and offers the PDF; every
page on the way passes axe and fits 390 px."""

import re

from tests.browser.axe import axe_violations, format_violations, resize
from tests.browser.test_counsellor_journey import sign_in

PHONE = 390
WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


def test_an_export_is_requested_followed_and_downloaded(new_page, personas):
    from apps.jobs.testing import run_jobs

    page = new_page()
    resize(page, PHONE, 900)
    sign_in(page, personas.statistics.email, {})
    page.wait_for_url("**/")
    problems = []

    def check(what):
        if page.evaluate(WIDTH) > PHONE:
            problems.append(f"{what}: wider than {PHONE} px")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{what}:\n{format_violations(violations)}")

    for path in ["/reports/export/", "/exports/", "/reports/funder-report/"]:
        assert page.goto(path).status == 200, path
        check(path)
    page.locator("form[action='/exports/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    assert page.locator("#export-status[hx-get]").count() == 1  # polling while it waits
    check("export waiting")

    run_jobs()
    download = page.locator("#export-status a[href$='/download/']")
    download.wait_for()  # the poll saw it finished and reloaded the page, no click needed
    assert page.locator("#export-status[hx-get]").count() == 0
    check("export done")
    with page.expect_download() as info:
        download.click()
    with open(info.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert info.value.suggested_filename.startswith("foerderbericht-")
    page.goto("/exports/")
    assert page.locator("a[href$='/download/']").count() == 1
    check("/exports/ with the export")
    assert not problems, "\n".join(problems)
