"""The report: a CSV by group for facilitators, a summary in the conclusion, and nobody's name or small group."""
import csv
import io

import pytest

from deliberation.opinions import view
from models import Debate, MapSnapshot, Statement, db, utcnow
from tests.conftest import login


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def mapped(make_conversation, make_user, react, recompute):
    """A map with two groups of six and one person of their own (a group too small to show)."""
    conversation, facilitator = make_conversation(seeds=[f"Point {i}." for i in range(8)])
    area = conversation.debate.neighbourhood
    statements = list(db.session.scalars(db.select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))
    people = [make_user(neighbourhood=area) for _ in range(12)]
    for n, person in enumerate(people):
        for j, statement in enumerate(statements):
            react(person, statement, "agree" if (j < 4) == (n < 6) or j == 7 else "disagree")
    recompute(conversation)
    return conversation, facilitator, people, statements


def test_the_csv_has_every_statement_by_group_and_no_names(client, mapped):
    conversation, facilitator, people, statements = mapped
    login(client, facilitator)
    response = client.get(f"/debates/{conversation.debate_id}/opinions/report.csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:7] == ["Statement number", "Statement", "Written by the facilitator", "Agree",
                           "Disagree", "Pass", "Common ground"]
    assert rows[0][7:] == ["Group A agree", "Group A disagree", "Group A pass",
                           "Group B agree", "Group B disagree", "Group B pass"]
    by_text = {row[1]: row for row in rows[1:]}
    assert set(by_text) == {s.text for s in statements}
    assert by_text["Point 7."][3:7] == ["12", "0", "0", "yes"]
    assert sorted([by_text["Point 0."][7], by_text["Point 0."][10]]) == ["0", "6"]
    text = response.get_data(as_text=True)
    assert not any(person.display_name in text for person in people)


def test_residents_cannot_download_the_report(client, mapped, make_user):
    conversation, _facilitator, people, _statements = mapped
    login(client, people[0])
    assert client.get(f"/debates/{conversation.debate_id}/opinions/report.csv").status_code == 403


def test_the_report_joins_the_conclusion_once_the_debate_closed(client, mapped):
    conversation, facilitator, _people, _statements = mapped
    login(client, facilitator)
    url = f"/debates/{conversation.debate_id}/opinions/report"
    early = client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "Attach the report once the debate has closed." in early
    client.post(f"/debates/{conversation.debate_id}/conclude",
                data={"conclusion": "We will light the bridge end."})
    assert client.post(url).status_code == 302
    db.session.expire_all()
    conclusion = db.session.get(Debate, conversation.debate_id).conclusion
    assert conclusion.startswith("We will light the bridge end.")
    assert "12 people reacted to the statements." in conclusion and "Point 7" in conclusion
    client.post(url)  # again: replaced, not repeated
    db.session.expire_all()
    assert db.session.get(Debate, conversation.debate_id).conclusion.count("### Opinion map") == 1


def test_groups_under_five_are_not_shown_on_the_page_nor_in_the_push(app, make_conversation):
    conversation, _facilitator = make_conversation()
    members = {0: list(range(1, 7)), 1: [7, 8, 9]}  # six people, and three who could be picked out
    result = {"k": 2, "silhouette": 0.5, "unclustered": [10],
              "participants": {str(p): [float(p), float(g)] for g, ps in members.items() for p in ps},
              "groups": [{"id": g, "members": ps, "centre": [0.0, float(g)], "representative": []}
                         for g, ps in members.items()],
              "consensus": [], "divisive": [], "statements": {}}
    snapshot = MapSnapshot(conversation_id=conversation.id, vote_count=40, marker=1, result=result,
                           state={}, computed_at=utcnow())
    with app.test_request_context():
        picture = view.map_view(conversation, snapshot, viewer_id=8)
        push = view.push_payload(snapshot)
    assert [g.size for g in picture.groups] == [6]
    assert picture.not_shown == 4  # the three, and one not placed yet
    assert picture.you is not None and picture.your_group is None  # on the map, group not named
    assert push["groups"] == [{"letter": "A", "size": 6}]


def test_a_persons_export_holds_their_statements_and_reactions(app, mapped, make_user):
    from deliberation.opinions import services
    from deliberation.privacy.services import collect
    conversation, _facilitator, people, statements = mapped
    mine = services.add_statement(people[0], conversation, "Plant trees along the path.")
    db.session.commit()
    data = collect(people[0])
    assert [row["text"] for row in data["statements"]] == ["Plant trees along the path."]
    assert sorted((row["statement_id"], row["value"]) for row in data["opinion_votes"]) == sorted(
        (s.id, 1 if (j < 4) or j == 7 else -1) for j, s in enumerate(statements))
    other = collect(people[1])
    assert mine.id not in {row["id"] for row in other["statements"]}
