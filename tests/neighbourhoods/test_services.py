"""Neighbourhoods: unique names, public activity, and moves that reset verification."""
import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.errors import PolicyError
from deliberation.neighbourhoods import services
from models import MoveRequest, MoveStatus, db
from tests.conftest import login


def test_create_and_rename_keep_names_unique(make_user):
    admin = make_user("admin")
    area = services.create_neighbourhood(admin, "Canal Side", "By the water")
    other = services.create_neighbourhood(admin, "Hill Top", "")
    db.session.commit()
    assert area.slug == "canal-side"
    with pytest.raises(PolicyError, match="already exists"):
        services.create_neighbourhood(admin, "canal side", "")
    with pytest.raises(PolicyError, match="already exists"):
        services.update_neighbourhood(admin, other, "Canal Side", "")
    services.update_neighbourhood(admin, area, "Canal Quarter", "Renamed")
    db.session.commit()
    assert [e.summary for e in services.audit.public_activity(area.id)][0] == \
        "Renamed Canal Side to Canal Quarter"


def test_move_request_and_approval_resets_verification(make_user, make_neighbourhood):
    resident = make_user()
    target = make_neighbourhood("Old Town")
    facilitator = make_user("facilitator", neighbourhood=target)
    move = services.request_move(resident, target.id, "New flat")
    db.session.commit()
    with pytest.raises(PolicyError, match="already have a move request"):
        services.request_move(resident, target.id, "again")
    services.decide_move(facilitator, move, approve=True)
    db.session.commit()
    assert resident.neighbourhood_id == target.id and not resident.is_verified
    assert move.status is MoveStatus.APPROVED
    with pytest.raises(PolicyError, match="already been decided"):
        services.decide_move(facilitator, move, approve=False)


def test_database_allows_one_pending_move_per_resident(make_user, make_neighbourhood):
    resident = make_user()
    target = make_neighbourhood()
    for _ in range(2):
        db.session.add(MoveRequest(user_id=resident.id, from_neighbourhood_id=resident.neighbourhood_id,
                                   to_neighbourhood_id=target.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_staff_of_the_destination_decide(client, make_user, make_neighbourhood):
    resident = make_user()
    target = make_neighbourhood()
    elsewhere = make_user("facilitator")
    move = services.request_move(resident, target.id, "")
    db.session.commit()
    login(client, elsewhere)
    assert client.post(f"/staff/moves/{move.id}", data={"approve": "1"}).status_code == 403
    db.session.refresh(move)
    assert move.status is MoveStatus.PENDING
