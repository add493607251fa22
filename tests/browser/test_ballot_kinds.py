"""Each ballot kind in a real browser: invalid ballots refused with the reason, choices kept."""
import pytest
from playwright.sync_api import expect

from deliberation.budgeting.voting import own_ballot
from models import db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _voter_page(page, make_user, process):
    voter = make_user(neighbourhood=process.neighbourhood)
    log_in(page, voter.email, PASSWORD)
    page.goto(f"/processes/{process.id}/vote")
    return voter


def _choices(voter, process):
    db.session.expire_all()
    ballot = own_ballot(voter, process)
    return [(c.proposal.title, c.points) for c in ballot.choices] if ballot else None


def test_knapsack_shows_a_running_total_and_refuses_overspending(page, make_user, make_process):
    process = make_process(kind="knapsack", budget=600)
    voter = _voter_page(page, make_user, process)
    total = page.locator("#basket-total")
    page.get_by_label("Project 1", exact=False).check()
    expect(total).to_have_text("Your basket: £400 of £600 (£200 left)")
    page.get_by_label("Project 2", exact=False).check()
    expect(total).to_have_text("Your basket: £700 of £600 — over the budget by £100")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("#choices-error")).to_have_text(
        "Your projects cost £700 in total; the most you may spend is £600.")
    expect(page.get_by_label("Project 1", exact=False)).to_be_checked()
    expect(page.get_by_label("Project 2", exact=False)).to_be_checked()
    assert _choices(voter, process) is None
    page.get_by_label("Project 2", exact=False).uncheck()
    page.get_by_label("Project 3", exact=False).check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    assert _choices(voter, process) == [("Project 1", 1), ("Project 3", 1)]


def test_cumulative_points_over_the_cap_are_refused(page, make_user, make_process):
    process = make_process(kind="cumulative", total_points=10, max_points_per_project=6)
    voter = _voter_page(page, make_user, process)
    page.get_by_label("Points for Project 1", exact=False).fill("6")
    page.get_by_label("Points for Project 2", exact=False).fill("5")
    expect(page.locator("#points-total")).to_have_text("Points used: 11 of 10 — too many")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("#choices-error")).to_contain_text("the most you may give is 10")
    expect(page.get_by_label("Points for Project 2", exact=False)).to_have_value("5")
    page.get_by_label("Points for Project 2", exact=False).fill("4")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    assert _choices(voter, process) == [("Project 1", 6), ("Project 2", 4)]


def test_ranked_ballot_refuses_repeats_and_keeps_the_order(page, make_user, make_process):
    process = make_process(kind="ranked", max_choices=2)
    voter = _voter_page(page, make_user, process)
    page.get_by_label("1st choice").select_option(label="Project 3 (£200)")
    page.get_by_label("2nd choice").select_option(label="Project 3 (£200)")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.locator("#choices-error")).to_contain_text("more than once")
    page.get_by_label("2nd choice").select_option(label="Project 1 (£400)")
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    assert _choices(voter, process) == [("Project 3", 1), ("Project 1", 1)]
    page.goto(f"/processes/{process.id}/vote")
    expect(page.get_by_label("1st choice")).to_have_value(str(process.proposals[2].id))


def test_choose_one_without_a_choice_is_refused(nojs_page, make_user, make_process):
    process = make_process(kind="choose_one")
    voter = _voter_page(nojs_page, make_user, process)
    nojs_page.get_by_role("button", name="Cast my vote").click()
    expect(nojs_page.locator("#choices-error")).to_contain_text("choose exactly one")
    nojs_page.get_by_label("Project 4", exact=False).check()
    nojs_page.get_by_role("button", name="Cast my vote").click()
    expect(nojs_page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    assert _choices(voter, process) == [("Project 4", 1)]


def test_approval_ballot_works_without_javascript(nojs_page, make_user, make_process):
    process = make_process(kind="approval", max_choices=2)
    voter = _voter_page(nojs_page, make_user, process)
    for n in (1, 2, 3):
        nojs_page.get_by_label(f"Project {n}", exact=False).check()
    nojs_page.get_by_role("button", name="Cast my vote").click()
    expect(nojs_page.locator("#choices-error")).to_have_text(
        "You chose 3 projects; the most you may choose is 2.")
    nojs_page.get_by_label("Project 3", exact=False).uncheck()
    nojs_page.get_by_role("button", name="Cast my vote").click()
    nojs_page.get_by_role("link", name="Download receipt").is_visible()
    assert _choices(voter, process) == [("Project 1", 1), ("Project 2", 1)]
