"""Notices are stored text, so each is written in its reader's language when it is written."""
from pathlib import Path

from babel.support import Translations

from deliberation.debates import services as debates
from deliberation.moderation import services as moderation
from deliberation.notifications.services import follow
from models import Notification, db

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def _polish(msgid: str) -> str:
    text = Translations.load(str(TRANSLATIONS), ["pl"]).gettext(msgid)
    assert text != msgid, f"no Polish for {msgid!r}: run `make translations` and translate it"
    return text


def _notices(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.message).where(
        Notification.user_id == user.id).order_by(Notification.id)))


def test_a_moderation_notice_reaches_a_polish_reader_in_polish(app, make_user, make_debate,
                                                               make_comment):
    debate = make_debate()
    author = make_user(neighbourhood=debate.neighbourhood)
    author.locale = "pl"
    english = make_user(neighbourhood=debate.neighbourhood)
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    with app.test_request_context():
        for person in (author, english):
            moderation.hide_comment(facilitator, make_comment(debate, person), "Spam")
        db.session.commit()
    wanted = "A moderator hid your comment: %(reason)s. You can appeal once."
    assert _notices(author) == [_polish(wanted) % {"reason": "Spam"}]
    assert _notices(english) == [wanted % {"reason": "Spam"}]


def test_followers_hear_debate_news_each_in_their_language(app, make_user, make_debate):
    debate = make_debate(status="scheduled")
    polish, english = (make_user(neighbourhood=debate.neighbourhood) for _ in range(2))
    polish.locale = "pl"
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    with app.test_request_context():
        for person in (polish, english):
            follow(person, "debate", debate.id)
        debates.open_debate(facilitator, debate)
        db.session.commit()
    wanted = "The debate “%(title)s” is open."
    assert _notices(polish) == [_polish(wanted) % {"title": debate.title}]
    assert _notices(english) == [wanted % {"title": debate.title}]
