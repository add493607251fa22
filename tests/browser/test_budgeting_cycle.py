"""A whole budgeting cycle in real browsers, as the four roles would live it."""
import re

import pytest
from playwright.sync_api import expect

from models import Ballot, Participation, Process, Proposal, ProposalStatus, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _as(new_context, live_server, user):
    page = new_context(base_url=live_server.url).new_page()
    log_in(page, user.email, PASSWORD)
    return page


def _propose(page, process_id, title, cost):
    page.goto(f"/processes/{process_id}")
    page.get_by_role("link", name="Propose a project").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(f"**{title}** for everyone.")
    page.get_by_label("Estimated cost").fill(str(cost))
    page.get_by_label("Category").select_option("Green spaces")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _next_phase(page, process_id, label):
    page.goto(f"/processes/{process_id}")
    page.get_by_role("button", name="Move to the next phase").click()
    expect(page.get_by_text(f"is now in the phase “{label}”")).to_be_visible()


def test_the_whole_cycle(new_context, live_server, make_user, make_neighbourhood):
    area = make_neighbourhood("Riverside")
    admin = make_user("admin", neighbourhood=area, name="Ada")
    facilitator = make_user("facilitator", neighbourhood=area, name="Fatima")
    rosa = make_user(neighbourhood=area, name="Rosa")
    sam = make_user(neighbourhood=area, name="Sam")
    walk_in = make_user("unverified", neighbourhood=area, name="Walter")

    boss = _as(new_context, live_server, admin)
    boss.goto("/processes")
    boss.get_by_role("link", name="Create a process").click()
    boss.get_by_label("Title").fill("Riverside Fund 2026")
    boss.get_by_label("Neighbourhood").select_option(label="Riverside")
    boss.get_by_label("Budget", exact=True).fill("1000")
    boss.get_by_label("Ballot kind").select_option("approval")
    boss.get_by_label("Most projects a voter may choose (or rank)").fill("2")
    boss.get_by_label("Tally rule").select_option("greedy")
    boss.get_by_role("button", name="Save process").click()
    expect(boss.get_by_text("is created as a draft")).to_be_visible()
    process_id = int(re.search(r"/processes/(\d+)", boss.url).group(1))
    _next_phase(boss, process_id, "Collecting proposals")

    resident = _as(new_context, live_server, rosa)
    _propose(resident, process_id, "Benches by the canal", 300)
    _propose(resident, process_id, "Tree planting", 600)
    _propose(resident, process_id, "Golden statue", 5000)

    _next_phase(boss, process_id, "Under review")
    staff = _as(new_context, live_server, facilitator)
    for title, verdict, reason, cost in [("Benches by the canal", "Feasible", "Council can install.", ""),
                                         ("Tree planting", "Feasible", "Cheaper via the nursery.", "500"),
                                         ("Golden statue", "Not feasible", "Over the whole budget.", "")]:
        staff.goto(f"/processes/{process_id}/review")
        staff.get_by_role("link", name=f"Review “{title}”").click()
        staff.get_by_label(verdict, exact=False).first.check()
        staff.get_by_label("Public reason").fill(reason)
        if cost:
            staff.get_by_label("Revised cost (optional)").fill(cost)
        staff.get_by_role("button", name="Save review").click()
        expect(staff.get_by_text(f"Review of “{title}” saved.")).to_be_visible()
    statue = db.session.scalar(db.select(Proposal).where(Proposal.title == "Golden statue"))
    assert statue.status is ProposalStatus.UNFEASIBLE

    _next_phase(boss, process_id, "Voting open")
    boss.goto(f"/admin/processes/{process_id}/edit")
    boss.get_by_label("Budget", exact=True).fill("2000")
    boss.get_by_role("button", name="Save process").click()
    expect(boss.get_by_text("Voting has opened, so the budget can no longer change")).to_be_visible()
    expect(boss.get_by_label("Budget", exact=True)).to_have_value("2000")
    assert db.session.get(Process, process_id).budget == 1000

    resident.goto(f"/processes/{process_id}")
    resident.get_by_role("link", name="Vote now").click()
    expect(resident.get_by_label("Golden statue", exact=False)).to_have_count(0)
    resident.get_by_label("Benches by the canal", exact=False).check()
    resident.get_by_role("button", name="Cast my vote").click()
    code = resident.locator(".receipt-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    resident.get_by_role("link", name="Change my vote").click()
    expect(resident.get_by_label("Benches by the canal", exact=False)).to_be_checked()
    resident.get_by_label("Tree planting", exact=False).check()
    resident.get_by_role("button", name="Cast my vote").click()
    expect(resident.locator(".receipt-code strong")).to_have_text(code)
    expect(resident.get_by_role("listitem").filter(has_text="Tree planting")).to_be_visible()

    other = _as(new_context, live_server, sam)
    other.goto(f"/processes/{process_id}/vote")
    other.get_by_label("Tree planting", exact=False).check()
    other.get_by_role("button", name="Cast my vote").click()
    expect(other.get_by_role("heading", name="Your vote is recorded")).to_be_visible()

    staff.goto(f"/processes/{process_id}/paper")
    staff.get_by_label("Resident").select_option(label=f"Rosa ({rosa.email})")
    staff.get_by_label("How did you check who they are?").fill("Photo ID")
    staff.get_by_label("Tree planting", exact=False).check()
    staff.get_by_role("button", name="Record paper ballot").click()
    expect(staff.locator("#voter-error")).to_contain_text("Rosa has already voted in this process")
    expect(staff.get_by_label("Tree planting", exact=False)).to_be_checked()
    staff.get_by_label("Resident").select_option(label=f"Walter ({walk_in.email})")
    staff.get_by_label("How did you check who they are?").fill("Census code RV-9 and photo ID")
    staff.get_by_role("button", name="Record paper ballot").click()
    expect(staff.get_by_text("Paper ballot recorded for Walter.")).to_be_visible()
    assert db.session.scalar(db.select(db.func.count(Participation.id))) == 3
    assert db.session.scalar(db.select(db.func.count(Ballot.id))) == 3

    _next_phase(boss, process_id, "Results")
    resident.goto(f"/processes/{process_id}/results")
    expect(resident.get_by_role("heading", name="Results")).to_be_visible()
    funded = resident.locator("ol.funded")
    expect(funded).to_contain_text("Tree planting")
    expect(funded).to_contain_text("Benches by the canal")
    row = resident.get_by_role("row").filter(has_text="Tree planting")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Rank 1")
    expect(resident.get_by_text("£800 of £1,000 (80%)")).to_be_visible()
    resident.get_by_label("Receipt code").fill(code.lower())
    resident.get_by_role("button", name="Check receipt").click()
    expect(resident.get_by_text(f"Ballot {code} was counted.")).to_be_visible()
    resident.get_by_label("Receipt code").fill("ZZZZ-ZZZZ-ZZZZ")
    resident.get_by_role("button", name="Check receipt").click()
    expect(resident.locator("#code-error")).to_have_text("No counted ballot has this receipt code. Check it for typos.")


def test_admin_imports_a_real_election_and_sees_the_city_outcome(page, make_user, make_neighbourhood):
    from pathlib import Path
    from deliberation.tallying.pabulib import read_pb
    path = Path(__file__).resolve().parents[2].parent / "shared" / "pabulib" / "Poland_Warszawa_2017_Niskie_Okecie.pb"
    if not path.exists():
        pytest.skip("the shared pabulib folder is not beside the repository")
    instance, _ = read_pb(path.read_bytes(), name=path.name)
    selected = [p.name for p in instance.projects if p.extra.get("selected") == "1"]
    make_neighbourhood("Okęcie")
    log_in(page, make_user("admin").email, PASSWORD)
    page.goto("/processes")
    page.get_by_role("link", name="Import a pabulib file").click()
    page.get_by_label("Neighbourhood").select_option(label="Okęcie")
    page.get_by_label("Pabulib file (.pb)").set_input_files(str(path))
    page.get_by_role("button", name="Import election").click()
    expect(page.get_by_text("Imported “")).to_be_visible()
    page.get_by_role("link", name="See the results").click()
    funded = page.locator("ol.funded li")
    expect(funded).to_have_count(len(selected))
    for name in selected:
        expect(page.locator("ol.funded")).to_contain_text(name)


def test_malformed_pb_upload_names_the_line(page, make_user, tmp_path):
    bad = tmp_path / "broken.pb"
    bad.write_text("META\nkey;value\nbudget;1000\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;abc\nVOTES\nvoter_id;vote\n")
    log_in(page, make_user("admin").email, PASSWORD)
    page.goto("/admin/processes/import")
    page.get_by_label("Pabulib file (.pb)").set_input_files(str(bad))
    page.get_by_role("button", name="Import election").click()
    expect(page.locator("#file-error")).to_contain_text("broken.pb:7")
    assert db.session.scalar(db.select(db.func.count(Process.id))) == 0


def test_proposal_discussion_is_live_and_closes_after_the_vote(new_context, live_server, make_user, make_process):
    process = make_process(phase="voting")
    proposal = process.proposals[0]
    ann = make_user(neighbourhood=process.neighbourhood, name="Ann")
    bob = make_user(neighbourhood=process.neighbourhood, name="Bob")
    a, b = _as(new_context, live_server, ann), _as(new_context, live_server, bob)
    for page in (a, b):
        page.goto(f"/proposals/{proposal.id}")
        expect(page.locator("[data-live-status]")).to_have_text("Live updates on")
    a.get_by_label("Your comment").fill("Would the benches face the water?")
    a.get_by_role("button", name="Post comment").click()
    expect(b.locator(".comment").filter(has_text="face the water")).to_be_visible()

    from deliberation.budgeting.processes import advance_phase
    from models import Phase
    advance_phase(None, process, Phase.RESULTS)
    db.session.commit()
    b.goto(f"/proposals/{proposal.id}")
    expect(b.get_by_text("Discussion closed when voting ended.")).to_be_visible()
    expect(b.get_by_label("Your comment")).to_have_count(0)
    expect(b.locator(".comment").filter(has_text="face the water")).to_be_visible()
