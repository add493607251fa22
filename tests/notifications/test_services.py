"""Follows, notices that respect people's settings, and the daily digest."""
import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.mail import outbox
from deliberation.notifications import services
from models import Follow, Notification, db


def test_following_twice_is_once_and_the_database_agrees(make_user):
    user = make_user()
    services.follow(user, "process", 7)
    services.follow(user, "process", 7)
    db.session.commit()
    assert services.followers("process", 7) == {user.id}
    db.session.add(Follow(user_id=user.id, subject_type="process", subject_id=7))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    services.unfollow(user, "process", 7)
    assert services.followers("process", 7) == set()


def test_notify_respects_settings_and_skips_the_actor(app, make_user):
    keen, quiet, actor = make_user(), make_user(), make_user()
    services.save_settings(quiet, {"progress": (False, False)})
    with app.test_request_context():
        assert services.notify({keen.id, quiet.id, actor.id}, "progress", "Bench installed", "/x",
                               exclude=actor.id) == 1
    db.session.commit()
    assert [n.user_id for n in db.session.scalars(db.select(Notification))] == [keen.id]
    assert services.unread_count(keen.id) == 1


def test_daily_digest_sends_each_notice_once(app, make_user):
    reader = make_user(email="reader@example.org")
    services.save_settings(reader, {"outcome": (True, True)})
    with app.test_request_context():
        services.notify({reader.id}, "outcome", "Outcome published", "/o")
        services.notify({reader.id}, "progress", "Not in the digest", "/p")
        db.session.commit()
        assert services.send_digests() == 1
        db.session.commit()
        assert services.send_digests() == 0
    mails = outbox()
    assert len(mails) == 1 and mails[0]["To"] == "reader@example.org"
    assert "Outcome published" in mails[0].get_content()
    assert "Not in the digest" not in mails[0].get_content()


def test_debate_followers_hear_announcements_and_the_conclusion(make_user, make_debate):
    from deliberation.debates.services import announce, conclude_debate
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    fan, stranger = make_user(neighbourhood=debate.neighbourhood), make_user()
    services.follow(fan, "debate", debate.id)
    announce(facilitator, debate, "We start in five minutes.")
    conclude_debate(facilitator, debate, "Lights, but warm ones.")
    db.session.commit()
    notices = db.session.scalars(db.select(Notification).order_by(Notification.id)).all()
    assert [(n.user_id, n.kind) for n in notices] == [(fan.id, "debate"), (fan.id, "debate")]
    assert "We start in five minutes." in notices[0].message
    assert stranger.id not in {n.user_id for n in notices}
