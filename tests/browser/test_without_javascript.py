"""Every page renders and every form works with JavaScript turned off."""
import pytest
from playwright.sync_api import expect

from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/login", "/register", "/forgot-password"]
RESIDENT = ["/", "/account", "/account/password", "/account/move", "/account/delete"]
STAFF = ["/staff/verification/", "/staff/moves"]
ADMIN = ["/admin/", "/admin/users", "/admin/audit", "/admin/neighbourhoods"]


def _check(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("main")).to_be_visible()


def test_every_page_renders_without_javascript(nojs_page, make_user, make_neighbourhood):
    area = make_neighbourhood("Riverside")
    admin = make_user("admin", neighbourhood=area)
    facilitator = make_user("facilitator", neighbourhood=area)
    for url in PUBLIC + [f"/neighbourhoods/{area.slug}"]:
        _check(nojs_page, url)
    for user, urls in [(make_user(neighbourhood=area), RESIDENT), (facilitator, STAFF),
                       (admin, ADMIN + STAFF + [f"/admin/users/{admin.id}",
                                                f"/admin/neighbourhoods/{area.id}/edit"])]:
        log_in(nojs_page, user.email, PASSWORD)
        for url in urls:
            _check(nojs_page, url)
        nojs_page.get_by_role("button", name="Log out").click()


def test_budgeting_pages_render_without_javascript(nojs_page, make_user, make_process):
    from deliberation.budgeting.processes import advance_phase
    from deliberation.budgeting.voting import cast_ballot
    from models import Phase, db
    voting = make_process(phase="voting")
    area = voting.neighbourhood
    admin = make_user("admin", neighbourhood=area)
    resident = make_user(neighbourhood=area)
    done = make_process(phase="voting", neighbourhood=area, title="Counted fund")
    cast_ballot(resident, done, [done.proposals[0].id])
    cast_ballot(resident, voting, [voting.proposals[0].id])
    advance_phase(None, done, Phase.RESULTS)
    db.session.commit()
    pages = ["/processes", f"/processes/{voting.id}", f"/processes/{voting.id}/proposals",
             f"/proposals/{voting.proposals[0].id}", f"/processes/{done.id}/results"]
    for url in pages:
        _check(nojs_page, url)
    log_in(nojs_page, resident.email, PASSWORD)
    for url in [f"/processes/{voting.id}/vote", f"/processes/{voting.id}/receipt"]:
        _check(nojs_page, url)
    nojs_page.get_by_role("button", name="Log out").click()
    log_in(nojs_page, admin.email, PASSWORD)
    for url in ["/admin/processes/new", f"/admin/processes/{voting.id}/edit", "/admin/processes/import",
                f"/processes/{voting.id}/paper", f"/processes/{voting.id}/review"]:
        _check(nojs_page, url)


def test_register_and_request_a_move_without_javascript(nojs_page, make_neighbourhood):
    make_neighbourhood("Riverside")
    make_neighbourhood("Old Town")
    nojs_page.goto("/register")
    nojs_page.get_by_label("Display name").fill("Jo")
    nojs_page.get_by_label("Email").fill("jo@example.org")
    nojs_page.get_by_label("Password", exact=True).fill(PASSWORD)
    nojs_page.get_by_label("Repeat password").fill(PASSWORD)
    nojs_page.get_by_label("Neighbourhood").select_option(label="Riverside")
    nojs_page.get_by_role("button", name="Create account").click()
    expect(nojs_page.get_by_role("heading", level=1)).to_have_text("Riverside")
    nojs_page.goto("/account/move")
    nojs_page.get_by_label("Move to").select_option(label="Old Town")
    nojs_page.get_by_label("Why are you moving? (optional)").fill("New flat by the market")
    nojs_page.get_by_role("button", name="Request move").click()
    expect(nojs_page.get_by_text("Your request to move to Old Town is waiting")).to_be_visible()
