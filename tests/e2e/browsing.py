"""What the accessibility walk and the README walk share: signing in, running axe-core on a page, and
keeping screenshots."""

import os
import re
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PASSWORD = "a long passphrase 7"
# The impacts that fail a page (axe's own scale: minor, moderate, serious, critical).
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each, naming the
    rule, what it asks and the first elements that break it."""
    # axe-core is injected as a <script> element; the context opens pages with bypass_csp, since the
    # site's Content-Security-Policy refuses inline scripts, as it should.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """() => axe.run(document, {
            runOnly: {
                type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
            resultTypes: ["violations"],
        })"""
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def sign_in(browser, live_server, username: str, *, locale: str = "en-US", **options):
    """A browser context signed in as ``username`` (password ``PASSWORD``; the suite turns the second
    factor off): its page, on the first page after signing in. The context lets axe-core in
    (``bypass_csp``) unless told otherwise."""
    context = browser.new_context(locale=locale, **{"bypass_csp": True, **options})
    context.set_default_timeout(10_000)  # a page of this site that takes longer has failed
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))
    return page


def screenshots_dir() -> Path:
    """Where screenshots are kept: ``AMENDS_SCREENSHOTS_DIR``, else ``var/screenshots/`` (ignored by git;
    CI keeps the workspace's)."""
    default = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    directory = Path(os.environ.get("AMENDS_SCREENSHOTS_DIR") or default)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def screenshot(page, name: str) -> Path:
    path = screenshots_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
