"""Thread rules: slow mode, the edit window, nesting, one reaction of each kind, bounded queries."""
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from deliberation.debates.services import debate_thread
from deliberation.errors import PolicyError
from deliberation.threads import facilitation, queries, services
from models import Comment, Reaction, ReactionKind, db, utcnow


def test_slow_mode_says_how_long_to_wait(make_user, make_debate, make_comment):
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    rosa = make_user(neighbourhood=debate.neighbourhood)
    facilitation.set_slow_mode(facilitator, debate_thread(debate), 60)
    db.session.commit()
    make_comment(debate, rosa, "first")
    with pytest.raises(PolicyError, match=r"wait (59|60) seconds") as refused:
        services.post_comment(rosa, debate_thread(debate), "second")
    assert refused.value.status == 429
    comment = db.session.scalar(db.select(Comment))
    comment.created_at = utcnow() - timedelta(seconds=61)
    db.session.commit()
    assert services.post_comment(rosa, debate_thread(debate), "second").body == "second"


def test_edit_window_closes_after_ten_minutes(make_user, make_debate, make_comment):
    debate = make_debate()
    rosa = make_user(neighbourhood=debate.neighbourhood)
    comment = make_comment(debate, rosa, "draft")
    services.edit_comment(rosa, comment, "final")
    assert comment.edited_at is not None
    comment.created_at = utcnow() - timedelta(minutes=11)
    with pytest.raises(PolicyError, match="10 minutes"):
        services.edit_comment(rosa, comment, "too late")


def test_locked_and_closed_threads_refuse_comments(make_user, make_debate):
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    rosa = make_user(neighbourhood=debate.neighbourhood)
    thread = debate_thread(debate)
    facilitation.lock_thread(facilitator, thread, "Cooling off")
    with pytest.raises(PolicyError, match="locked: Cooling off"):
        services.post_comment(rosa, thread, "hello")
    facilitation.unlock_thread(facilitator, thread)
    closed = make_debate(neighbourhood=debate.neighbourhood, status="closed")
    with pytest.raises(PolicyError, match="has closed"):
        services.post_comment(rosa, debate_thread(closed), "hello")


def test_deep_replies_are_shown_flat_saying_whom_they_answer(make_user, make_debate, make_comment):
    debate = make_debate()
    ann, bob = make_user(neighbourhood=debate.neighbourhood, name="Ann"), \
        make_user(neighbourhood=debate.neighbourhood, name="Bob")
    top = make_comment(debate, ann, "1")
    two = make_comment(debate, bob, "2", parent=top)
    three = make_comment(debate, ann, "3", parent=two)
    four = make_comment(debate, bob, "4", parent=three)
    view = queries.load_thread(debate_thread(debate), ann)
    root = view.roots[0]
    assert [n.comment.id for n in root.replies] == [two.id]
    level_two = root.replies[0]
    assert [(n.comment.id, n.level, n.in_reply_to) for n in level_two.replies] == [
        (three.id, 3, None), (four.id, 3, "Ann")]
    assert four.root_id == top.id and four.depth == 4


def test_one_reaction_of_each_kind_per_person(make_user, make_debate, make_comment):
    debate = make_debate()
    rosa = make_user(neighbourhood=debate.neighbourhood)
    comment = make_comment(debate, rosa, "x")
    assert services.toggle_reaction(rosa, comment, "agree") is True
    assert services.toggle_reaction(rosa, comment, "question") is True
    db.session.commit()
    assert services.reaction_counts([comment.id])[comment.id] == {"agree": 1, "disagree": 0, "question": 1}
    db.session.add(Reaction(comment_id=comment.id, user_id=rosa.id, kind=ReactionKind.AGREE))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert services.toggle_reaction(rosa, comment, "agree") is False


def test_sorting_by_most_agreed(make_user, make_debate, make_comment):
    debate = make_debate()
    people = [make_user(neighbourhood=debate.neighbourhood) for _ in range(3)]
    quiet, popular = make_comment(debate, people[0], "quiet"), make_comment(debate, people[0], "popular")
    for person in people:
        services.toggle_reaction(person, popular, "agree")
    db.session.commit()
    view = queries.load_thread(debate_thread(debate), people[0], sort="agreed")
    assert [n.comment.id for n in view.roots] == [popular.id, quiet.id]
    assert queries.load_thread(debate_thread(debate), people[0], sort="drop table").sort == "oldest"


def _bulk(debate, author, count: int) -> None:
    """Insert comments directly: the test is about reading, not posting."""
    thread = debate_thread(debate)
    now = utcnow()
    rows = [{"thread_id": thread.id, "author_id": author.id, "body": f"Comment {i}", "depth": 1,
             "created_at": now + timedelta(seconds=i)} for i in range(count)]
    db.session.execute(db.insert(Comment), rows)
    roots = db.session.scalars(db.select(Comment.id).where(Comment.thread_id == thread.id)
                               .order_by(Comment.id).limit(50)).all()
    db.session.execute(db.insert(Comment), [
        {"thread_id": thread.id, "author_id": author.id, "body": "reply", "depth": 2,
         "parent_id": root, "root_id": root, "created_at": now} for root in roots])
    db.session.execute(db.insert(Reaction), [
        {"comment_id": root, "user_id": author.id, "kind": ReactionKind.AGREE, "created_at": now}
        for root in roots])
    db.session.commit()


def _queries_to_render(client, url) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


@pytest.mark.parametrize("sort", ["oldest", "agreed"])
def test_a_5000_comment_thread_renders_in_as_few_queries_as_a_small_one(client, make_user, make_debate, sort):
    small, large = make_debate(), make_debate()
    author = make_user(neighbourhood=small.neighbourhood)
    _bulk(small, author, 5)
    _bulk(large, author, 5000)
    small_count = _queries_to_render(client, f"/debates/{small.id}?sort={sort}")
    large_count = _queries_to_render(client, f"/debates/{large.id}?sort={sort}")
    assert large_count == small_count and large_count <= 25
    page = client.get(f"/debates/{large.id}?sort={sort}&page=2").get_data(as_text=True)
    assert "Page 2 of 100" in page and "Show more comments" in page
