"""Demo data loads twice without duplicates and prints every role's login."""
from models import Neighbourhood, Role, User, db


def test_demo_command_is_idempotent_and_lists_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output
    assert db.session.scalar(db.select(db.func.count(Neighbourhood.id))) == 3
    users = db.session.scalars(db.select(User)).all()
    roles = set().union(*(u.roles for u in users))
    assert roles == {Role.ADMIN, Role.COUNCILLOR, Role.FACILITATOR}
    assert any(not u.roles and u.is_verified for u in users)
    for line in ["admin@agora.example", "councillor@agora.example", "facilitator@agora.example",
                 "resident@agora.example", "agora-demo"]:
        assert line in second.output


def test_make_admin_command(app, make_user):
    user = make_user(email="first@example.org")
    result = app.test_cli_runner().invoke(args=["make-admin", "First@example.org"])
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert Role.ADMIN in user.roles
    missing = app.test_cli_runner().invoke(args=["make-admin", "nobody@example.org"])
    assert missing.exit_code != 0 and "No account uses" in missing.output


def test_advance_phases_command_moves_due_processes(app, make_process):
    from datetime import timedelta
    from models import Phase, utcnow
    process = make_process(phase="voting", voting_closes_at=utcnow() - timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["advance-phases"])
    assert result.exit_code == 0 and "Moved 1 process(es): Fund 2026" in result.output
    db.session.refresh(process)
    assert process.phase is Phase.RESULTS and process.result is not None
