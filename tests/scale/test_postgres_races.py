"""Simultaneous reactions, flags and survey answers on PostgreSQL: one row each, never a 500."""
import re
import threading

import pytest

from deliberation.moderation import services as moderation
from deliberation.threads.services import toggle_reaction
from models import (AuditEntry, Comment, Flag, Notification, Reaction, SurveyAnswer,
                    SurveyResponse, ThreadEvent, db)
from tests.scale.races import logged_in_client, run_all
from tests.surveys_factories import as_form, valid_answers

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_config(pg_app_config):
    # The race is the subject here, not CSRF tokens or per-address rate limits.
    return pg_app_config | {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def _post_at_once(app, jobs: list[tuple[str, str, dict]]) -> list[tuple[str, int]]:
    """Each (email, url, form) posted by its own client, all released by one barrier."""
    barrier = threading.Barrier(len(jobs))
    statuses: list[tuple[str, int]] = []

    def send(email, url, form):
        client = logged_in_client(app, email)
        barrier.wait()
        statuses.append((email, client.post(url, data=form).status_code))

    run_all([threading.Thread(target=send, args=job) for job in jobs])
    assert len(statuses) == len(jobs)  # a thread that crashed or hung left no status
    return statuses


def _count(model, *where) -> int:
    """Rows as the database holds them now, not as this session last saw them."""
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


# Reactions ---------------------------------------------------------------------------------

def _rows(comment_id: int) -> dict[str, int]:
    """Reactions per kind as the table holds them."""
    db.session.expire_all()
    counts = {"agree": 0, "disagree": 0, "question": 0}
    for kind, n in db.session.execute(db.select(Reaction.kind, db.func.count())
                                      .where(Reaction.comment_id == comment_id)
                                      .group_by(Reaction.kind)):
        counts[kind.value] = n
    return counts


def _shown(app, debate_id: int) -> dict[str, int]:
    """Counts the debate page shows a reader (the page holds one comment)."""
    page = app.test_client().get(f"/debates/{debate_id}").get_data(as_text=True)
    return {kind: int(n) for kind, n in re.findall(r'data-count="(\w+)">(\d+)<', page)}


def _last_live_counts(comment_id: int) -> dict[str, int]:
    """What live clients show: the counts carried by the newest 'reactions' event."""
    events = db.session.scalars(db.select(ThreadEvent).where(ThreadEvent.kind == "reactions")
                                .order_by(ThreadEvent.id.desc()))
    return next(e.payload["counts"] for e in events if e.payload["comment_id"] == comment_id)


def _assert_shown_equals_rows(app, debate, comment_id: int, expected: dict[str, int]) -> None:
    assert _rows(comment_id) == expected
    assert _shown(app, debate.id) == expected
    assert _last_live_counts(comment_id) == expected


def test_thirty_people_reacting_to_one_comment_at_once_are_all_counted(
        app, make_user, make_debate, make_comment):
    debate = make_debate()
    area = debate.neighbourhood
    comment = make_comment(debate, make_user(neighbourhood=area))
    url = f"/threads/comments/{comment.id}/react"
    kinds = ["agree", "agree", "disagree", "question", "agree"]
    jobs = [(make_user(neighbourhood=area).email, url, {"kind": kinds[i % 5]}) for i in range(30)]
    statuses = _post_at_once(app, jobs)
    assert [s for _e, s in statuses] == [302] * 30
    _assert_shown_equals_rows(app, debate, comment.id,
                              {"agree": 18, "disagree": 6, "question": 6})


def test_one_person_clicking_a_reaction_on_several_devices_at_once_toggles_cleanly(
        app, make_user, make_debate, make_comment):
    """Each click is one toggle applied in turn: the end state follows the number of clicks."""
    debate = make_debate()
    area = debate.neighbourhood
    comment = make_comment(debate, make_user(neighbourhood=area))
    people = [make_user(neighbourhood=area) for _ in range(12)]
    already_on = people[6:]
    for person in already_on:
        toggle_reaction(person, comment, "agree")
    db.session.commit()
    clicks = {p.email: 2 + i % 2 for i, p in enumerate(people)}  # 2 or 3 clicks, 30 in all
    url = f"/threads/comments/{comment.id}/react"
    jobs = [(email, url, {"kind": "agree"}) for email, n in clicks.items() for _ in range(n)]
    statuses = _post_at_once(app, jobs)
    assert len(jobs) == 30 and [s for _e, s in statuses] == [302] * 30
    on = {p.email for p in people if (p in already_on) == (clicks[p.email] % 2 == 0)}
    db.session.expire_all()
    holders = db.session.scalars(db.select(Reaction.user_id).where(
        Reaction.comment_id == comment.id, Reaction.kind == "agree")).all()
    assert sorted(holders) == sorted(p.id for p in people if p.email in on)
    _assert_shown_equals_rows(app, debate, comment.id,
                              {"agree": len(on), "disagree": 0, "question": 0})


# Flags -------------------------------------------------------------------------------------

def _hides(comment_id: int) -> int:
    """Automatic hides recorded for one comment: exactly one, however the flags raced."""
    return _count(AuditEntry, AuditEntry.action == "moderation.auto_hide",
                  AuditEntry.subject_id == comment_id)


def _assert_hidden_once(comment_id: int, author_id: int) -> None:
    """Hidden, with one audit entry, one live event and one notice to the author."""
    assert db.session.get(Comment, comment_id).hidden_reason == moderation.AUTO_HIDE_REASON
    assert _hides(comment_id) == 1
    hidden_events = db.session.scalars(db.select(ThreadEvent).where(
        ThreadEvent.kind == "comment_hidden")).all()
    assert [e.payload["comment_id"] for e in hidden_events].count(comment_id) == 1
    assert _count(Notification, Notification.user_id == author_id,
                  Notification.message.contains("hid your comment")) == 1


def test_a_crowd_flagging_one_comment_at_once_gives_one_flag_each_and_one_hide(
        app, make_user, make_debate, make_comment):
    debate = make_debate()
    area = debate.neighbourhood
    author = make_user(neighbourhood=area)
    comment = make_comment(debate, author)
    url = f"/threads/comments/{comment.id}/flag"
    flaggers = [make_user(neighbourhood=area).email for _ in range(16)]
    doubles = flaggers[:6]  # these six send the form twice at the same moment
    jobs = [(email, url, {"reason": "abuse"}) for email in flaggers + doubles]
    statuses = _post_at_once(app, jobs)
    assert sorted(s for email, s in statuses if email not in doubles) == [302] * 10
    for email in doubles:  # one accepted, one told it was already flagged
        assert sorted(s for e, s in statuses if e == email) == [302, 400]
    assert _count(Flag, Flag.subject_id == comment.id) == 16
    assert _count(AuditEntry, AuditEntry.action == "moderation.flag") == 16
    _assert_hidden_once(comment.id, author.id)


def test_the_flags_that_reach_the_threshold_together_hide_once(
        app, make_user, make_debate, make_comment):
    """N-1 flags stand; the Nth and N+1th arrive at the same moment, on several comments."""
    threshold = app.config["AUTO_HIDE_FLAGS"]
    debate = make_debate()
    area = debate.neighbourhood
    author = make_user(neighbourhood=area)
    comments = [make_comment(debate, author, f"Comment {i}") for i in range(6)]
    for comment in comments:
        for _ in range(threshold - 1):
            moderation.flag_comment(make_user(neighbourhood=area), comment, "spam")
    db.session.commit()
    assert _hides(comments[0].id) == 0
    jobs = [(make_user(neighbourhood=area).email, f"/threads/comments/{c.id}/flag",
             {"reason": "abuse"}) for c in comments for _ in range(2)]
    statuses = _post_at_once(app, jobs)
    assert [s for _e, s in statuses] == [302] * len(jobs)
    for comment in comments:
        assert _count(Flag, Flag.subject_id == comment.id) == threshold + 1
        assert _hides(comment.id) == 1
    assert _count(Notification, Notification.user_id == author.id) == len(comments)


# Survey answers ----------------------------------------------------------------------------

def _answers(survey, mark: str) -> dict[str, list[str]]:
    """A complete answer set whose text and scale say which submission it came from."""
    answers = valid_answers(survey)
    scale, short, long_ = (q.id for q in survey.questions[2:5])
    answers |= {scale: ["2" if mark == "A" else "4"], short: [mark], long_: [f"From {mark}"]}
    return as_form(answers)


def _submission_of(response: SurveyResponse, questions: int) -> str:
    """Which single submission a stored response holds; fails on a mix or a partial write."""
    assert len(response.answers) == questions
    texts = {a.text for a in response.answers if a.text is not None}
    numbers = {a.number for a in response.answers if a.number is not None}
    marks = {t[-1] for t in texts} | {"A" if n == 2 else "B" for n in numbers}
    assert len(marks) == 1, marks
    return marks.pop()


def test_residents_answering_a_survey_at_once_give_one_whole_response_each(
        app, make_user, make_survey):
    survey = make_survey()
    area = survey.neighbourhoods[0]
    url = f"/surveys/{survey.id}/answer"
    people = [make_user(neighbourhood=area) for _ in range(18)]
    doubles = people[:6]  # each sends A and B from two devices at the same moment
    jobs = [(p.email, url, _answers(survey, "A")) for p in people]
    jobs += [(p.email, url, _answers(survey, "B")) for p in doubles]
    statuses = _post_at_once(app, jobs)
    assert [s for _e, s in statuses] == [302] * len(jobs)
    assert _count(SurveyResponse) == len(people)
    assert _count(SurveyAnswer) == len(people) * len(survey.questions)
    responses = db.session.scalars(db.select(SurveyResponse)).all()
    held = {r.user_id: _submission_of(r, len(survey.questions)) for r in responses}
    assert all(held[p.id] == "A" for p in people[6:])
    assert _count(AuditEntry, AuditEntry.summary == "Answered a survey") == len(people)
    assert _count(AuditEntry, AuditEntry.summary == "Changed their survey answers") == len(doubles)
