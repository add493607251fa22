"""Budgeting over HTTP: who may do what, clear 4xx refusals, and nothing half-written."""
import io

import pytest

from models import Ballot, Phase, Process, Proposal, db
from tests.budgeting_factories import project_ids
from tests.conftest import login


@pytest.fixture
def world(make_user, make_process, make_neighbourhood):
    process = make_process(phase="voting")
    area = process.neighbourhood
    return {
        "process": process,
        "anonymous": None,
        "unverified": make_user("unverified", neighbourhood=area),
        "outsider": make_user(neighbourhood=make_neighbourhood()),
        "resident": make_user(neighbourhood=area),
        "facilitator elsewhere": make_user("facilitator"),
        "facilitator": make_user("facilitator", neighbourhood=area),
        "councillor": make_user("councillor", neighbourhood=area),
        "admin": make_user("admin", neighbourhood=area),
    }


ROLES = ["anonymous", "unverified", "outsider", "resident", "facilitator elsewhere", "facilitator",
         "councillor", "admin"]
# (method, url template, roles allowed; others get 403 or, if anonymous, a redirect to log in)
RULES = [
    ("GET", "/processes/{p}", ROLES),
    ("GET", "/processes/{p}/proposals", ROLES),
    ("GET", "/processes/{p}/vote", ["resident", "facilitator", "councillor", "admin"]),
    ("GET", "/processes/{p}/paper", ["facilitator", "admin"]),
    ("GET", "/processes/{p}/review", ["facilitator", "admin"]),
    ("GET", "/admin/processes/new", ["admin"]),
    ("GET", "/admin/processes/{p}/edit", ["admin"]),
    ("GET", "/admin/processes/import", ["admin"]),
]


@pytest.mark.parametrize("role", ROLES)
def test_access_table(client, world, role):
    user = world[role]
    if user is not None:
        login(client, user)
    for method, template, allowed in RULES:
        url = template.format(p=world["process"].id)
        status = client.open(url, method=method).status_code
        if role in allowed:
            assert status == 200, (role, url)
        elif user is None:
            assert status == 302, (role, url)
        else:
            assert status == 403, (role, url)


def test_drafts_are_hidden_from_non_admins(client, make_user, make_process):
    draft = make_process(phase="draft")
    assert client.get(f"/processes/{draft.id}").status_code == 404
    login(client, make_user("admin"))
    assert client.get(f"/processes/{draft.id}").status_code == 200


def test_invalid_ballot_is_a_400_with_the_reason_and_no_ballot(client, make_user, make_process):
    process = make_process(max_choices=1)
    login(client, make_user(neighbourhood=process.neighbourhood))
    ids = project_ids(process)
    response = client.post(f"/processes/{process.id}/vote", data={"choice": [str(i) for i in ids[:2]]})
    assert response.status_code == 400
    assert "the most you may choose is 1" in response.get_data(as_text=True)
    response = client.post(f"/processes/{process.id}/vote", data={"choice": ["abc"]})
    assert response.status_code == 400 and "whole numbers" in response.get_data(as_text=True)
    response = client.post(f"/processes/{process.id}/vote", data={"choice": ["999999"]})
    assert response.status_code == 400 and "not on this ballot" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Ballot.id))) == 0


def test_nobody_edits_or_withdraws_someone_elses_proposal(client, make_user, make_process):
    process = make_process(phase="proposals", costs=[])
    author, other = (make_user(neighbourhood=process.neighbourhood) for _ in range(2))
    proposal = Proposal(process_id=process.id, author_id=author.id, title="Mine", estimated_cost=10,
                        category="Other")
    db.session.add(proposal)
    db.session.commit()
    login(client, other)
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    assert client.post(f"/proposals/{proposal.id}/edit", data={"title": "Stolen"}).status_code == 403
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 403
    db.session.refresh(proposal)
    assert proposal.title == "Mine"


def test_double_submitted_proposal_form_creates_one_proposal(client, make_user, make_process):
    process = make_process(phase="proposals", costs=[])
    login(client, make_user(neighbourhood=process.neighbourhood))
    form = {"title": "Bike racks", "description": "Racks by the shops", "estimated_cost": "900",
            "category": "Other", "submission_key": "same-key-from-one-form"}
    first = client.post(f"/processes/{process.id}/proposals/new", data=form)
    second = client.post(f"/processes/{process.id}/proposals/new", data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 1


def test_photo_upload_is_checked_by_content(client, make_user, make_process):
    process = make_process(phase="proposals", costs=[])
    login(client, make_user(neighbourhood=process.neighbourhood))
    form = {"title": "Mural", "description": "Paint", "estimated_cost": "500", "category": "Other",
            "image": (io.BytesIO(b"<script>alert(1)</script>"), "photo.png")}
    response = client.post(f"/processes/{process.id}/proposals/new", data=form,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "must be a PNG, JPEG or WebP image" in response.get_data(as_text=True)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    form["image"] = (io.BytesIO(png), "../../evil name.png")
    assert client.post(f"/processes/{process.id}/proposals/new", data=form,
                       content_type="multipart/form-data").status_code == 302
    proposal = db.session.scalar(db.select(Proposal))
    assert proposal.image_name.endswith(".png") and "evil" not in proposal.image_name
    served = client.get(f"/uploads/{proposal.image_name}")
    assert served.status_code == 200 and served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data == png
    served.close()
    assert client.get("/uploads/..%2Fsecret_key").status_code == 404


def test_results_pages_and_exports_wait_for_the_count(client, make_process):
    process = make_process(phase="voting")
    assert client.get(f"/processes/{process.id}/results").status_code == 302
    assert client.get(f"/processes/{process.id}/export/ballots.csv").status_code == 404
    process.phase = Phase.RESULTS
    from deliberation.budgeting.results import compute_results
    compute_results(process)
    db.session.commit()
    assert client.get(f"/processes/{process.id}/results").status_code == 200
    exported = client.get(f"/processes/{process.id}/export/election.pb")
    assert exported.status_code == 200 and exported.get_data(as_text=True).startswith("META")


def test_unknown_sort_keys_and_bad_numbers_are_ignored(client, make_process):
    process = make_process()
    response = client.get(f"/processes/{process.id}/proposals?sort=id;drop table&min_cost=abc&page=-3")
    assert response.status_code == 200
    assert db.session.get(Process, process.id) is not None
