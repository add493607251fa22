"""Opinion-map pages without JavaScript: start a map, react one statement at a time, add, see the map."""
import pytest

from deliberation.opinions import services
from models import AuditEntry, Conversation, Statement, StatementVote, db
from tests.conftest import login


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def _statements(conversation):
    return list(db.session.scalars(db.select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))


def test_facilitator_starts_a_map_from_the_debate_page(client, make_debate, make_user):
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    login(client, facilitator)
    assert "Start an opinion map" in client.get(f"/debates/{debate.id}").get_data(as_text=True)
    response = client.post(f"/debates/{debate.id}/opinions/start", data={
        "seeds": "Lights make the path safer.\n\nLights make the path safer.\nKeep it dark for bats.",
        "residents_may_add": "y"})
    assert response.status_code == 302
    conversation = db.session.scalar(db.select(Conversation))
    assert conversation.debate_id == debate.id and conversation.residents_may_add
    assert [s.text for s in _statements(conversation)] == ["Lights make the path safer.",
                                                           "Keep it dark for bats."]
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "opinions.start"))


def test_a_seed_longer_than_140_characters_is_refused_and_kept(client, make_debate, make_user):
    debate = make_debate()
    login(client, make_user("facilitator", neighbourhood=debate.neighbourhood))
    long = "x" * 141
    response = client.post(f"/debates/{debate.id}/opinions/start", data={"seeds": long})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Keep statements to 140 characters or fewer." in page and long in page
    assert db.session.scalar(db.select(Conversation)) is None


def test_residents_cannot_start_a_map(client, make_debate, make_user):
    debate = make_debate()
    login(client, make_user(neighbourhood=debate.neighbourhood))
    assert client.post(f"/debates/{debate.id}/opinions/start",
                       data={"seeds": "Hello."}).status_code == 403
    assert db.session.scalar(db.select(Conversation)) is None


def test_a_resident_reacts_to_each_statement_once_and_can_change(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    resident = make_user(neighbourhood=conversation.debate.neighbourhood)
    login(client, resident)
    url = f"/debates/{conversation.debate_id}/opinions"
    seen = []
    for _round in range(3):
        page = client.get(url).get_data(as_text=True)
        current = next(s for s in _statements(conversation) if s.text in page and s.id not in seen)
        assert client.post(url + "/vote", data={"statement_id": current.id, "value": "agree"}
                           ).status_code == 302
        seen.append(current.id)
    assert sorted(seen) == sorted(s.id for s in _statements(conversation))  # no repeats
    page = client.get(url).get_data(as_text=True)
    assert "You have reacted to every statement." in page
    client.post(url + "/vote", data={"statement_id": seen[0], "value": "disagree"})
    votes = {v.statement_id: v.value for v in db.session.scalars(db.select(StatementVote))}
    assert votes == {seen[0]: -1, seen[1]: 1, seen[2]: 1}
    changed = db.session.scalar(db.select(StatementVote).where(StatementVote.statement_id == seen[0]))
    assert changed.revision == 2


def test_unverified_and_other_neighbourhoods_cannot_react(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    statement = _statements(conversation)[0]
    url = f"/debates/{conversation.debate_id}/opinions"
    for person in (make_user("unverified", neighbourhood=conversation.debate.neighbourhood),
                   make_user()):
        login(client, person)
        assert client.post(url + "/vote", data={"statement_id": statement.id, "value": "agree"}
                           ).status_code == 403
    assert db.session.scalar(db.select(db.func.count(StatementVote.id))) == 0


def test_a_bad_value_is_refused_without_a_vote(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    statement = _statements(conversation)[0]
    response = client.post(f"/debates/{conversation.debate_id}/opinions/vote",
                           data={"statement_id": statement.id, "value": "maybe"},
                           follow_redirects=True)
    assert "Choose agree, disagree or pass." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(StatementVote.id))) == 0


LIVE = {"X-Requested-With": "live"}


def test_a_vote_sent_by_the_script_gets_the_next_card_back(client, make_conversation, make_user):
    """One request per click: the answer is the card alone, saying it was saved, with the next statement."""
    conversation, _facilitator = make_conversation()
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    first = _statements(conversation)[0]
    response = client.post(f"/debates/{conversation.debate_id}/opinions/vote", headers=LIVE,
                           data={"statement_id": first.id, "value": "agree"})
    card = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in card and "data-opinion-card" in card
    assert "Your reaction is saved." in card and "You have reacted to 1 of 3 statements." in card
    shown = [s for s in _statements(conversation) if f'id="statement-{s.id}"' in card]
    assert len(shown) == 1 and shown[0].id != first.id
    assert db.session.scalar(db.select(StatementVote.value)) == 1


def test_a_refused_script_vote_gets_the_card_with_the_reason(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    url = f"/debates/{conversation.debate_id}/opinions/vote"
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    bad = client.post(url, headers=LIVE, data={"statement_id": _statements(conversation)[0].id,
                                               "value": "maybe"})
    assert bad.status_code == 400 and "Choose agree, disagree or pass." in bad.get_data(as_text=True)
    login(client, make_user())  # another neighbourhood's resident
    other = client.post(url, headers=LIVE, data={"statement_id": _statements(conversation)[0].id,
                                                 "value": "agree"})
    assert other.status_code == 403 and "data-opinion-card" in other.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(StatementVote.id))) == 0


def test_a_resident_adds_a_statement_and_a_too_long_one_is_kept(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    url = f"/debates/{conversation.debate_id}/opinions/statements"
    long = "y" * 141
    response = client.post(url, data={"text": long})
    assert response.status_code == 400 and long in response.get_data(as_text=True)
    assert client.post(url, data={"text": "  Solar lamps   cost less. "}).status_code == 302
    assert "Solar lamps cost less." in [s.text for s in _statements(conversation)]
    again = client.post(url, data={"text": "Solar lamps cost less."})
    assert again.status_code == 400
    assert "This statement is already on the map." in again.get_data(as_text=True)


def test_when_residents_may_not_add_the_form_is_gone_and_posts_refused(
        client, make_conversation, make_user):
    conversation, _facilitator = make_conversation(residents_may_add=False)
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    page = client.get(f"/debates/{conversation.debate_id}/opinions").get_data(as_text=True)
    assert "Only the facilitator adds statements to this map." in page
    response = client.post(f"/debates/{conversation.debate_id}/opinions/statements",
                           data={"text": "Sneaky statement."})
    assert response.status_code == 400  # the refusal is shown by the field
    assert "Only the facilitator adds statements to this map." in response.get_data(as_text=True)
    assert "Sneaky statement." not in [s.text for s in _statements(conversation)]


def test_closing_the_map_stops_reactions(client, make_conversation, make_user):
    conversation, facilitator = make_conversation()
    resident = make_user(neighbourhood=conversation.debate.neighbourhood)
    login(client, facilitator)
    assert client.post(f"/debates/{conversation.debate_id}/opinions/close").status_code == 302
    login(client, resident)
    page = client.get(f"/debates/{conversation.debate_id}/opinions").get_data(as_text=True)
    assert "This opinion map is closed." in page
    statement = _statements(conversation)[0]
    response = client.post(f"/debates/{conversation.debate_id}/opinions/vote",
                           data={"statement_id": statement.id, "value": "agree"}, follow_redirects=True)
    assert "This opinion map is closed." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(StatementVote.id))) == 0


def test_the_map_page_before_and_after_enough_reactions(client, make_conversation, make_user, react,
                                                        recompute):
    seeds = [f"Statement number {i}." for i in range(8)]
    conversation, _facilitator = make_conversation(seeds=seeds)
    area = conversation.debate.neighbourhood
    url = f"/debates/{conversation.debate_id}/opinions/map"
    assert "The map appears once enough people have reacted" in client.get(url).get_data(as_text=True)
    statements = _statements(conversation)
    people = [make_user(neighbourhood=area) for _ in range(12)]
    for n, person in enumerate(people):
        for j, statement in enumerate(statements):
            react(person, statement, "agree" if (j < 4) == (n < 6) or j == 7 else "disagree")
    assert recompute(conversation) is not None
    login(client, people[0])
    page = client.get(url).get_data(as_text=True)
    assert "Group A: 6 people" in page and "Group B: 6 people" in page
    assert "You are in group" in page
    assert "Statement number 7." in page.split("Common ground")[1].split("Every statement")[0]
    for person in people[1:]:  # nobody else's name on the map page (the header greets the reader)
        assert person.display_name not in page
