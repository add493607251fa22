"""Staff in a real browser: admins grant roles, facilitators verify residents from a census."""
import pytest
from playwright.sync_api import expect

from models import Role, User, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_resident_gets_403_on_admin_pages(page, make_user):
    resident = make_user()
    log_in(page, resident.email, PASSWORD)
    for url in ["/admin/", "/admin/users", "/admin/audit"]:
        response = page.goto(url)
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do that")
    expect(page.get_by_role("link", name="Admin")).to_have_count(0)


def test_admin_grants_facilitator_role_and_it_is_in_the_audit_log(page, make_user, make_neighbourhood):
    riverside = make_neighbourhood("Riverside")
    admin = make_user("admin", name="Ada Admin")
    make_user(name="Rosa Resident", neighbourhood=riverside, email="rosa@example.org")
    log_in(page, admin.email, PASSWORD)
    page.get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="People").click()
    page.get_by_label("Search by name or email").fill("rosa")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Rosa Resident").click()
    page.get_by_label("Role").select_option(label="Facilitator")
    page.get_by_label("Neighbourhood (facilitators only)").select_option(label="Riverside")
    page.get_by_role("button", name="Grant role").click()

    expect(page.get_by_text("Role granted to Rosa Resident.")).to_be_visible()
    expect(page.get_by_role("button", name="Revoke Facilitator of Riverside")).to_be_visible()
    rosa = db.session.scalar(db.select(User).where(User.email == "rosa@example.org"))
    assert rosa.has_role(Role.FACILITATOR, riverside.id)

    page.goto("/admin/audit")
    row = page.get_by_role("row").filter(has_text="Granted Facilitator of Riverside to Rosa Resident")
    expect(row).to_contain_text("Ada Admin")
    expect(row).to_contain_text("role.grant")


def test_granting_facilitator_without_neighbourhood_is_refused_in_place(page, make_user):
    admin, person = make_user("admin"), make_user(name="Pat")
    log_in(page, admin.email, PASSWORD)
    page.goto(f"/admin/users/{person.id}")
    page.get_by_label("Role").select_option(label="Facilitator")
    page.get_by_role("button", name="Grant role").click()
    expect(page.locator("#neighbourhood-error")).to_have_text(
        "Choose the neighbourhood this person will facilitate.")
    expect(page.get_by_label("Role")).to_have_value("facilitator")


def test_facilitator_verifies_a_resident_from_an_imported_census(page, make_user, make_neighbourhood, tmp_path):
    riverside = make_neighbourhood("Riverside")
    facilitator = make_user("facilitator", neighbourhood=riverside)
    newcomer = make_user("unverified", neighbourhood=riverside, name="Nico Newcomer",
                         census_reference="RV-1004")
    census = tmp_path / "riverside.csv"
    census.write_text("reference,address\nRV-1001,1 Canal Row\nRV-1004,12 Lock Street\n")

    log_in(page, facilitator.email, PASSWORD)
    page.get_by_role("link", name="Verification").click()
    expect(page.get_by_text("no match on the census list")).to_be_visible()
    page.get_by_label("Neighbourhood").select_option(label="Riverside")
    page.get_by_label("Census file (CSV)").set_input_files(str(census))
    page.get_by_role("button", name="Import census list").click()
    expect(page.get_by_text("Imported 2 census references for Riverside.")).to_be_visible()
    expect(page.get_by_text("matches the census list")).to_be_visible()

    page.get_by_role("button", name="Verify Nico Newcomer from census list").click()
    expect(page.get_by_text("Nico Newcomer is verified.")).to_be_visible()
    expect(page.get_by_text("Everyone in your neighbourhoods is verified.")).to_be_visible()
    db.session.refresh(newcomer)
    assert newcomer.is_verified and newcomer.verified_by_id == facilitator.id


def test_malformed_census_names_the_line_and_imports_nothing(page, make_user, tmp_path):
    facilitator = make_user("facilitator")
    bad = tmp_path / "bad.csv"
    bad.write_text("reference,address\nRV-1,1 Road\n,2 Road\n")
    log_in(page, facilitator.email, PASSWORD)
    page.goto("/staff/verification/")
    page.get_by_label("Census file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Import census list").click()
    expect(page.locator("#file-error")).to_have_text("Line 3: the reference is empty.")
    from models import CensusEntry
    assert db.session.scalar(db.select(db.func.count(CensusEntry.id))) == 0
