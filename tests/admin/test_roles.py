"""Staff roles: who may grant them, the audit trail, and the database's own guarantees."""
import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.admin import services
from deliberation.errors import PolicyError
from models import AuditEntry, Role, RoleGrant, db
from tests.conftest import login

ADMIN_PAGES = ["/admin/", "/admin/users", "/admin/audit", "/admin/neighbourhoods"]


@pytest.mark.parametrize("role", ["unverified", "resident", "facilitator", "councillor"])
def test_non_admins_get_403_on_admin_pages(client, make_user, role):
    user = make_user(role)
    login(client, user)
    for url in ADMIN_PAGES + [f"/admin/users/{user.id}"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/admin/users/{user.id}/roles", data={"role": "admin"}).status_code == 403
    db.session.refresh(user)
    assert Role.ADMIN not in user.roles


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]


def test_grant_and_revoke_are_audited(make_user, make_neighbourhood):
    admin, person = make_user("admin"), make_user()
    area = make_neighbourhood("Hillcrest")
    grant = services.grant_role(admin, person, Role.FACILITATOR, area.id)
    db.session.commit()
    assert person.has_role(Role.FACILITATOR, area.id)
    services.revoke_role(admin, grant)
    db.session.commit()
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action.like("role.%"))
                                 .order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id) for e in entries] == [("role.grant", admin.id), ("role.revoke", admin.id)]
    assert "Facilitator of Hillcrest" in entries[0].summary


def test_facilitator_needs_a_neighbourhood_and_duplicates_are_refused(make_user):
    admin, person = make_user("admin"), make_user()
    with pytest.raises(PolicyError, match="Choose the neighbourhood"):
        services.grant_role(admin, person, Role.FACILITATOR, None)
    services.grant_role(admin, person, Role.COUNCILLOR, None)
    with pytest.raises(PolicyError, match="already"):
        services.grant_role(admin, person, Role.COUNCILLOR, None)


def test_database_refuses_duplicate_global_roles_and_unscoped_facilitators(make_user):
    person = make_user()
    db.session.add(RoleGrant(user_id=person.id, role=Role.ADMIN))
    db.session.add(RoleGrant(user_id=person.id, role=Role.ADMIN))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(RoleGrant(user_id=person.id, role=Role.FACILITATOR, neighbourhood_id=None))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_admin_cannot_remove_own_admin_role(make_user):
    admin = make_user("admin")
    with pytest.raises(PolicyError, match="own admin role"):
        services.revoke_role(admin, admin.role_grants[0])


def test_mass_assignment_of_roles_or_verification_is_ignored(client, make_neighbourhood):
    area = make_neighbourhood()
    client.post("/register", data={
        "display_name": "Mallory", "email": "mallory@example.org", "password": "long enough pw",
        "confirm": "long enough pw", "neighbourhood": str(area.id), "role": "admin",
        "verified_at": "2020-01-01", "verification_method": "census"})
    from models import User
    user = db.session.scalar(db.select(User).where(User.email == "mallory@example.org"))
    assert user is not None and user.roles == set() and not user.is_verified
    client.post("/account", data={"display_name": "Mallory", "verified_at": "2020-01-01"})
    db.session.refresh(user)
    assert not user.is_verified


def test_block_ends_sessions_and_unblock_restores(app, client, make_user):
    admin, person = make_user("admin"), make_user()
    other = app.test_client()
    login(other, person)
    assert other.get("/account").status_code == 200
    login(client, admin)
    assert client.post(f"/admin/users/{person.id}/block", data={"reason": "Spam links"}).status_code == 302
    assert other.get("/account").status_code == 302
    assert "blocked: Spam links" in login(other, person).get_data(as_text=True)
    assert client.post(f"/admin/users/{person.id}/unblock").status_code == 302
    assert login(other, person).status_code == 302
