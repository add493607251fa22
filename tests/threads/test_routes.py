"""Threads without JavaScript: residents read, comment, reply, react and flag through plain forms."""
from models import Comment, Flag, Reaction, ThreadEvent, db
from tests.conftest import login


def test_anyone_reads_and_a_resident_comments_replies_and_reacts(client, make_user, make_debate):
    debate = make_debate()
    area = debate.neighbourhood
    rosa = make_user(neighbourhood=area, name="Rosa")
    page = client.get(f"/debates/{debate.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Do we want lights along the canal path?" in text and "Log in" in text

    login(client, rosa)
    thread_id = debate_thread_id(debate)
    response = client.post(f"/threads/{thread_id}/comments", data={"body": "Yes, **please**."})
    assert response.status_code == 302 and "#comment-" in response.headers["Location"]
    comment = db.session.scalar(db.select(Comment))
    assert comment.body == "Yes, **please**." and comment.author_id == rosa.id

    assert client.post(f"/threads/comments/{comment.id}/reply",
                       data={"body": "Me too"}).status_code == 302
    assert client.post(f"/threads/comments/{comment.id}/react", data={"kind": "agree"}).status_code == 302
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "<strong>please</strong>" in page and "Me too" in page
    assert db.session.scalar(db.select(db.func.count(Reaction.id))) == 1
    # toggling off
    client.post(f"/threads/comments/{comment.id}/react", data={"kind": "agree"})
    assert db.session.scalar(db.select(db.func.count(Reaction.id))) == 0
    kinds = [e.kind for e in db.session.scalars(db.select(ThreadEvent).order_by(ThreadEvent.id))]
    assert kinds == ["comment_posted", "comment_posted", "reactions", "reactions"]


def debate_thread_id(debate) -> int:
    from deliberation.debates.services import debate_thread
    return debate_thread(debate).id


def test_markdown_is_sanitised(client, make_user, make_debate, make_comment):
    debate = make_debate()
    rosa = make_user(neighbourhood=debate.neighbourhood)
    make_comment(debate, rosa, "<script>alert(1)</script> [x](javascript:alert(1))")
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript:' not in page


def test_outsiders_cannot_post_and_see_why(client, make_user, make_debate, make_neighbourhood):
    debate = make_debate()
    outsider = make_user(neighbourhood=make_neighbourhood())
    login(client, outsider)
    response = client.post(f"/threads/{debate_thread_id(debate)}/comments", data={"body": "Hi"})
    assert response.status_code == 400
    assert "Only residents of this neighbourhood" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_flag_once_per_person(client, make_user, make_debate, make_comment):
    debate = make_debate()
    author, flagger = (make_user(neighbourhood=debate.neighbourhood) for _ in range(2))
    comment = make_comment(debate, author, "Buy cheap watches")
    login(client, flagger)
    assert client.get(f"/threads/comments/{comment.id}/flag").status_code == 200
    assert client.post(f"/threads/comments/{comment.id}/flag",
                       data={"reason": "spam", "details": "advert"}).status_code == 302
    again = client.post(f"/threads/comments/{comment.id}/flag", data={"reason": "spam"})
    assert again.status_code == 400 and "already flagged" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_edit_within_window_and_delete_keeps_placeholder(client, make_user, make_debate, make_comment):
    debate = make_debate()
    rosa, other = (make_user(neighbourhood=debate.neighbourhood) for _ in range(2))
    comment = make_comment(debate, rosa, "Typo here")
    reply = make_comment(debate, other, "A reply", parent=comment)
    login(client, rosa)
    assert client.post(f"/threads/comments/{comment.id}/edit", data={"body": "Fixed"}).status_code == 302
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Fixed" in page and ">edited<" in page
    assert client.post(f"/threads/comments/{comment.id}/delete").status_code == 302
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Comment deleted." in page and "A reply" in page and "Fixed" not in page
    login(client, other)
    assert client.post(f"/threads/comments/{reply.id}/delete").status_code == 302
    assert client.post(f"/threads/comments/{comment.id}/edit", data={"body": "x"}).status_code == 403
