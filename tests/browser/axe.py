"""axe-core in the real browser: the WCAG 2.1 A/AA checks of the portal's acceptance.

axe-core comes from the npm registry, pinned with its integrity hash in package-lock.json;
`make install-dev` (and so `make test` and CI) runs `npm ci`. A missing file is a failure,
never a skip: an accessibility check that silently does not run would pass every page.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA (axe's tag names); best practices are not the law.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe on the page as it is now; the violations as axe reports them."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `make install-dev` (npm ci) to install axe-core")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than added as a <script> element: the
        # portal's Content-Security-Policy (script-src 'self') rightly refuses inline scripts,
        # and the check must run against the page as served, CSP included.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
                   .then(result => result.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                       nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary,
                                                 html: n.html.slice(0, 200)}))})))""",
        TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    """One block per rule: what is wrong, where, and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html']}")
            for line in (node["summary"] or "").splitlines():
                lines.append(f"        {line}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_no_violations(page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {where or page.url}:\n" \
        + format_violations(violations)


def resize(page, width: int, height: int) -> None:
    """Resize the window and wait until the page has reacted: the resize event (which makes a
    table's scroll box focusable) fires with the next rendering update, two frames at most."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
