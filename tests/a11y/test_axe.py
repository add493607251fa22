"""Every page of the demo, as every role, passes axe-core with no serious or critical violation."""
from __future__ import annotations

import re
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from deliberation.demo import DEMO_PASSWORD, load_demo
from tests.browser_fixtures import log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
ROLES = ["anonymous", "newcomer@agora.example", "resident@agora.example",
         "facilitator@agora.example", "councillor@agora.example", "admin@agora.example"]
MAX_PAGES = 150
# Pages built from one template differ mostly by their data: a few of each pattern are enough.
PER_PATTERN = 8
SKIP_PREFIXES = ("/logout", "/static/", "/uploads/", "/socket.io/")
SKIP_SUFFIXES = (".csv", ".pb", ".txt")
SKIP_WORDS = ("export", "download")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({rule: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))
    .concat(duplicateIds());
  /* axe 4.7+ no longer checks duplicate ids, yet labels and aria references need unique ones. */
  function duplicateIds() {
    const counts = {};
    document.querySelectorAll("[id]").forEach(el => { counts[el.id] = (counts[el.id] || 0) + 1; });
    const repeated = Object.keys(counts).filter(id => counts[id] > 1);
    return repeated.length ? [{rule: "duplicate-id", impact: "serious", help: "ids must be unique",
                               targets: repeated.map(id => "#" + id)}] : [];
  }
}"""
START = ["/", "/no-such-page"]  # the home page's links reach the rest; also the error page
LINKS = "els => els.map(a => a.href)"


def _pattern(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


def _worth_visiting(url: str, origin: str) -> str | None:
    """The path and query to crawl, or None for other sites, downloads and the like."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    path = parts.path or "/"
    lowered = path.lower()
    if lowered.startswith(SKIP_PREFIXES) or lowered.endswith(SKIP_SUFFIXES):
        return None
    if any(word in lowered for word in SKIP_WORDS):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl_and_check(page, origin: str, max_pages: int = MAX_PAGES,
                    per_pattern_limit: int = PER_PATTERN) -> tuple[list[str], list[str]]:
    """Visit every page reachable from the home page; return (pages visited, problems)."""
    queue, seen, per_pattern = deque(START), set(START), Counter()
    visited, problems = [], []
    while queue and len(visited) < max_pages:
        url = queue.popleft()
        response = page.goto(url)
        visited.append(url)
        if response is None or response.status >= 500 or (
                response.status == 404 and url != "/no-such-page"):
            problems.append(f"{url}: HTTP {response.status if response else 'no response'}")
            continue
        if urlsplit(page.url).path == "/login" and not url.startswith("/login"):
            continue  # a page this role may not see; the login page is checked on its own
        page.add_script_tag(path=str(AXE))
        for v in page.evaluate(RUN_AXE):
            problems.append(f"{url}: {v['impact']} {v['rule']} ({v['help']}) at {v['targets']}")
        for href in page.eval_on_selector_all("a[href]", LINKS):
            target = _worth_visiting(href, origin)
            if target is None or target in seen:
                continue
            pattern = _pattern(target.split("?")[0]) + ("?" if "?" in target else "")
            if per_pattern[pattern] >= per_pattern_limit:
                continue
            seen.add(target)
            per_pattern[pattern] += 1
            queue.append(target)
    return visited, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_demo_page_passes_axe(role, app, live_server, new_context):
    load_demo()
    # axe goes in as an inline script, which the site's CSP forbids: only this context bypasses it.
    context = new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    if role != "anonymous":
        log_in(page, role, DEMO_PASSWORD)
        assert urlsplit(page.url).path != "/login", f"{role} could not log in"
    started = time.monotonic()
    visited, problems = crawl_and_check(page, live_server.url)
    print(f"{role}: {len(visited)} pages in {time.monotonic() - started:.1f}s")
    assert len(visited) >= 10, visited
    assert not problems, f"{role}: {len(problems)} problems\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ["anonymous", "resident@agora.example", "facilitator@agora.example"])
@pytest.mark.parametrize("locale", ["ar", "pl"])
def test_demo_pages_pass_axe_in_arabic_and_polish(locale, role, app, live_server, new_context):
    """The translated pages too: right-to-left Arabic and Polish, two of each page pattern."""
    load_demo()
    context = new_context(base_url=live_server.url, bypass_csp=True)
    context.add_cookies([{"name": "agora_lang", "value": locale, "url": live_server.url}])
    page = context.new_page()
    if role != "anonymous":
        page.goto("/login")
        page.locator("input[name=email]").fill(role)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        assert urlsplit(page.url).path != "/login", f"{role} could not log in"
    visited, problems = crawl_and_check(page, live_server.url, max_pages=60, per_pattern_limit=2)
    assert page.locator("html").get_attribute("lang").startswith(locale)
    assert len(visited) >= 10, visited
    assert not problems, f"{locale} {role}: {len(problems)} problems\n" + "\n".join(problems)


def test_the_check_reports_a_page_with_violations(new_context, live_server):
    """The check can fail: an unlabelled field, a nameless link and a repeated id are reported."""
    page = new_context(base_url=live_server.url, bypass_csp=True).new_page()
    page.route("**/broken", lambda route: route.fulfill(content_type="text/html", body=(
        '<!doctype html><html lang="en"><title>Broken</title><main><h1>Broken</h1>'
        '<input type="text"><a href="/"><img src="/static/favicon.svg"></a>'
        '<p id="twice">a</p><p id="twice">b</p></main></html>')))
    page.goto("/broken")
    page.add_script_tag(path=str(AXE))
    rules = {v["rule"] for v in page.evaluate(RUN_AXE)}
    assert {"label", "link-name", "duplicate-id"} <= rules, rules
