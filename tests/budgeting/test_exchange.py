"""Real elections: imported from pabulib, tallied in the app, exported back for anyone to recount."""
from pathlib import Path

import pytest

from deliberation.budgeting import exchange
from deliberation.errors import PolicyError
from deliberation.tallying.pabulib import read_pb
from models import Ballot, Phase, Process, Proposal, db

PABULIB = Path(__file__).resolve().parents[2].parent / "shared" / "pabulib"
FILES = [
    "Poland_Warszawa_2017_Niskie_Okecie.pb",          # approval, greedy
    "Poland_Lodz_2023_Wzniesien_Lodzkich.pb",         # approval, greedy-threshold
    "Poland_Gdynia_2020_Babie_Doly__small.pb",        # approval, greedy-no-skip
    "Poland_Czestochowa_2024_Srodmiescie.pb",         # cumulative, greedy
    "Poland_Czestochowa_2025_Stare_Miasto.pb",        # cumulative, greedy-threshold
    "Poland_Wroclaw_2018_Rejon_nr_2_250.pb",          # choose-1, greedy-no-skip
    "Poland_Krakow_2020_Mistrzejowice.pb",            # ordinal, greedy
    "Netherlands_Assen_2024.pb",                      # approval, equal shares with add1
]


def _needs(name: str) -> Path:
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"the shared pabulib folder is not beside the repository ({PABULIB})")
    return path


@pytest.mark.parametrize("name", FILES)
def test_import_tallies_like_the_city_did(make_user, name):
    path = _needs(name)
    instance, profile = read_pb(path.read_bytes(), name=name)
    assert "selected" in instance.project_columns, "pick files that record the real outcome"
    expected = {p.id for p in instance.projects if p.extra.get("selected", "0").strip() == "1"}
    process = exchange.import_pb(make_user("admin"), path.read_bytes(), name, None)
    db.session.commit()
    assert process.phase is Phase.RESULTS
    assert process.result.ballots_counted == profile.n_voters
    funded = {p.external_id for p in process.proposals if p.id in process.result.selected}
    assert funded == expected
    assert all(process.result.explanations.get(str(p.id)) for p in process.proposals)


def test_export_round_trips_through_pabutools(make_user):
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import greedy_utilitarian_welfare
    path = _needs("Poland_Warszawa_2017_Niskie_Okecie.pb")
    process = exchange.import_pb(make_user("admin"), path.read_bytes(), path.name, None)
    db.session.commit()
    text = exchange.export_pb(process)
    instance, profile = parse_pabulib_from_string(text)
    assert len(profile) == process.result.ballots_counted and instance.budget_limit == process.budget
    codes = {b.receipt_code for b in db.session.scalars(db.select(Ballot))}
    assert {ballot.meta["voter_id"] for ballot in profile} == codes
    ours, again = read_pb(text, name="export.pb")
    assert ours.budget == process.budget and again.n_voters == len(codes)
    funded = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    assert {p.name for p in funded} == {str(pid) for pid in process.result.selected}


def test_csv_exports_carry_no_names_and_defuse_formulas(make_user, make_process):
    from deliberation.budgeting.voting import cast_ballot
    from deliberation.budgeting.processes import advance_phase
    process = make_process()
    first = process.proposals[0]
    first.title = "=HYPERLINK(\"http://evil\")"
    voter = make_user(neighbourhood=process.neighbourhood, name="Visible Name", email="who@example.org")
    cast_ballot(voter, process, [first.id])
    advance_phase(None, process, Phase.RESULTS)
    db.session.commit()
    projects = exchange.export_projects_csv(process)
    ballots = exchange.export_ballots_csv(process)
    assert "'=HYPERLINK" in projects
    assert "Visible Name" not in ballots + projects and "who@example.org" not in ballots + projects
    assert ballots.splitlines()[1].split(",")[0] == db.session.scalar(db.select(Ballot.receipt_code))


@pytest.mark.parametrize("content, message", [
    (b"META\nkey;value\nbudget;abc\n", "bad.pb:3: missing PROJECTS section"),
    (b"not a pabulib file at all", "bad.pb:1"),
])
def test_malformed_files_are_refused_and_import_nothing(make_user, content, message):
    with pytest.raises(PolicyError, match=message):
        exchange.import_pb(make_user("admin"), content, "bad.pb", None)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Process.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
