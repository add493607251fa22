"""Account verbs: registration, passwords, reset links, deletion."""
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from deliberation.accounts import services
from deliberation.errors import PolicyError
from models import AuditEntry, User, db
from tests.conftest import PASSWORD


def test_register_normalises_email_and_hashes_with_argon2(make_neighbourhood):
    area = make_neighbourhood()
    user = services.register_user("Ana", "  Ana@Example.ORG ", PASSWORD, area.id)
    db.session.commit()
    assert user.email == "ana@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert not user.is_verified
    assert db.session.scalar(db.select(AuditEntry.action)) == "account.register"


def test_duplicate_email_refused_by_service_and_by_database(make_user, make_neighbourhood):
    user = make_user(email="dup@example.org")
    with pytest.raises(PolicyError) as refusal:
        services.register_user("Other", "DUP@example.org", PASSWORD, user.neighbourhood_id)
    assert refusal.value.field == "email"
    db.session.add(User(email="dup@example.org", display_name="Raw", neighbourhood_id=user.neighbourhood_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_authenticate_refuses_wrong_password_blocked_and_deleted(make_user):
    user = make_user()
    assert services.authenticate(user.email, PASSWORD) == user
    with pytest.raises(PolicyError, match="do not match"):
        services.authenticate(user.email, "wrong password")
    with pytest.raises(PolicyError, match="do not match"):
        services.authenticate("nobody@example.org", PASSWORD)
    user.blocked_at, user.blocked_reason = db.func.now(), "spam"
    db.session.commit()
    with pytest.raises(PolicyError, match="blocked: spam"):
        services.authenticate(user.email, PASSWORD)


def test_password_change_rotates_the_session_token(make_user):
    user = make_user()
    token = user.session_token
    with pytest.raises(PolicyError) as refusal:
        services.change_password(user, "not it", "another long password")
    assert refusal.value.field == "current_password"
    services.change_password(user, PASSWORD, "another long password")
    assert user.session_token != token
    assert services.password_matches(user, "another long password")


def test_reset_token_is_single_use(app, make_user):
    user = make_user()
    with app.test_request_context():
        services.send_password_reset(user.email)
    from deliberation.mail import outbox
    token = outbox()[0].get_content().split("/reset-password/")[1].split()[0]
    services.reset_password(token, "my new password!")
    db.session.commit()
    with pytest.raises(PolicyError, match="already been used"):
        services.reset_password(token, "and again password")


def test_reset_token_expires(app, make_user, monkeypatch):
    user = make_user()
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=services.RESET_SALT)
    token = serializer.dumps({"id": user.id, "fp": services._fingerprint(user)})
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    with pytest.raises(PolicyError, match="expired"):
        services.user_for_reset_token(token)
    with pytest.raises(PolicyError, match="not valid"):
        services.user_for_reset_token(token + "x")


def test_reset_mail_is_silent_for_unknown_addresses(app):
    with app.test_request_context():
        services.send_password_reset("stranger@example.org")
    from deliberation.mail import outbox
    assert outbox() == []


def test_delete_account_anonymises_but_keeps_the_row(make_user):
    user = make_user(role="facilitator", name="Delia")
    with pytest.raises(PolicyError):
        services.delete_account(user, "wrong")
    services.delete_account(user, PASSWORD)
    db.session.commit()
    db.session.refresh(user)
    assert user.display_name == "Former resident"
    assert user.email.endswith("@deleted.invalid") and user.password_hash is None
    assert user.role_grants == [] and not user.is_active
    with pytest.raises(PolicyError):
        services.authenticate("delia@example.org", PASSWORD)
