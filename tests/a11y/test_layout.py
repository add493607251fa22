"""Key pages reflow at 320 px and at 200% zoom, and the ballot page stays light on a slow phone."""
import pytest
from sqlalchemy import select

from deliberation.demo import DEMO_PASSWORD, load_demo
from models import Debate, Phase, Process, Survey, db
from tests.browser_fixtures import log_in

pytestmark = pytest.mark.browser

# A 320 px phone, and a 1280 px window zoomed to 200% (640 CSS pixels at two device pixels each).
VIEWPORTS = {"320px": dict(viewport={"width": 320, "height": 640}),
             "200% zoom": dict(viewport={"width": 640, "height": 400}, device_scale_factor=2)}

OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width + 1) { return []; }
  /* Boxes that stick out, or whose content spills out of them: the likely culprits. */
  const culprits = Array.from(document.querySelectorAll("body *"))
    .filter(el => el.getClientRects().length && (el.getBoundingClientRect().right > width + 1 ||
                  (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible")))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
               (typeof el.className === "string" && el.className ? "." + el.className : "") +
               " right=" + Math.round(el.getBoundingClientRect().right));
  return ["page is " + document.documentElement.scrollWidth + "px wide"].concat(culprits);
}"""

FIRST_LOAD_BYTES = """() => {
  const counted = ["navigation", "link", "css", "script", "img", "image", "font", "other"];
  const entries = performance.getEntriesByType("navigation")
    .concat(performance.getEntriesByType("resource"));
  return entries.filter(e => counted.includes(e.initiatorType))
    .map(e => [e.name, e.transferSize || e.encodedBodySize]);
}"""


def _demo_pages() -> tuple[list[str], list[str]]:
    """(pages seen signed out, pages seen as the Riverside resident) from the demo data."""
    load_demo()
    voting = db.session.scalar(select(Process).where(Process.phase == Phase.VOTING)
                               .where(Process.title.like("Riverside%")))
    counted = db.session.scalar(select(Process).where(Process.phase == Phase.RESULTS).limit(1))
    debate = db.session.scalar(select(Debate).order_by(Debate.id).limit(1))
    survey = db.session.scalar(select(Survey).order_by(Survey.id).limit(1))
    return (["/", "/register"],
            ["/", f"/processes/{voting.id}", f"/processes/{voting.id}/vote",
             f"/processes/{counted.id}/results", f"/debates/{debate.id}",
             f"/surveys/{survey.id}/answer"])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_key_pages_need_no_horizontal_scrolling(viewport, app, live_server, new_context):
    public, resident_pages = _demo_pages()
    anonymous = new_context(base_url=live_server.url, **VIEWPORTS[viewport]).new_page()
    resident = new_context(base_url=live_server.url, **VIEWPORTS[viewport]).new_page()
    log_in(resident, "resident@agora.example", DEMO_PASSWORD)
    problems = []
    for page, urls in [(anonymous, public), (resident, resident_pages)]:
        for url in urls:
            response = page.goto(url)
            assert response.status == 200 and page.url.endswith(url), (url, page.url)
            wide = page.evaluate(OVERFLOW)
            if wide:
                problems.append(f"{url}: wider than {page.viewport_size['width']}px: {wide}")
    assert not problems, "\n".join(problems)


def test_the_ballot_page_first_load_weighs_under_100_kb(app, live_server, new_context):
    _, resident_pages = _demo_pages()
    ballot = next(url for url in resident_pages if url.endswith("/vote"))
    signing_in = new_context(base_url=live_server.url).new_page()
    log_in(signing_in, "resident@agora.example", DEMO_PASSWORD)
    # A new context with the same session cookie but an empty cache: a true first load.
    cold = new_context(base_url=live_server.url,
                       storage_state=signing_in.context.storage_state()).new_page()
    assert cold.goto(ballot, wait_until="networkidle").status == 200
    assert cold.url.endswith(ballot), cold.url
    entries = cold.evaluate(FIRST_LOAD_BYTES)
    total = sum(size for _, size in entries)
    kinds = {name.rsplit("/", 1)[-1] for name, _ in entries}
    assert {"agora.css", "ballot.js"} <= kinds, entries  # the measurement saw the page's files
    assert 0 < total < 100_000, f"{total:,} bytes: {entries}"
