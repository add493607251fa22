"""Moving elections in and out: pabulib files and CSV exports, without voters' names."""
from __future__ import annotations

from flask_babel import gettext as _

from deliberation import audit
from deliberation.budgeting.election import instance_of, profile_of
from deliberation.budgeting.messages import translate_stored
from deliberation.budgeting.processes import create_process
from deliberation.budgeting.proposals import ballot_projects
from deliberation.budgeting.results import compute_results
from deliberation.errors import PolicyError
from deliberation.exports import csv_text
from deliberation.tallying.model import Instance, Profile
from deliberation.tallying.pabulib import PabulibError, read_pb
from deliberation.tallying.pbwrite import write_pb
from deliberation.tallying.registry import rule_for
from deliberation.budgeting.voting import new_receipt_code
from models import (Ballot, BallotChoice, BallotKind, Channel, Neighbourhood, Phase, Process,
                    Proposal, ProposalStatus, TallyRule, User, db)

KIND_FROM_PB = {"approval": BallotKind.APPROVAL, "cumulative": BallotKind.CUMULATIVE,
                "scoring": BallotKind.CUMULATIVE, "ordinal": BallotKind.RANKED,
                "choose-1": BallotKind.CHOOSE_ONE}
RULE_FROM_PB = {r.value: r for r in TallyRule} | {"equalshares": TallyRule.EQUAL_SHARES,
                                                    "equalshares/add1-comparison": TallyRule.EQUAL_SHARES}


def export_pb(process: Process) -> str:
    """The anonymous election as a pabulib file; voter ids are the receipt codes."""
    instance = instance_of(process, ballot_projects(process))
    return write_pb(instance, profile_of(process, instance))


def export_projects_csv(process: Process) -> str:
    result = process.result
    rows = [["project_id", "title", "category", "cost", "score", "funded", "explanation"]]
    for p in ballot_projects(process):
        rows.append([p.id, p.title, p.category, p.cost,
                     result.scores.get(str(p.id), 0) if result else "",
                     ("yes" if p.id in result.selected else "no") if result else "",
                     translate_stored(result.explanations.get(str(p.id)), process.currency)
                     if result else ""])
    return csv_text(rows)


def export_ballots_csv(process: Process) -> str:
    """One row per ballot: receipt code, channel and choices; never who cast it."""
    instance = instance_of(process, ballot_projects(process))
    profile = profile_of(process, instance)
    ids = [p.id for p in instance.projects]
    rows = [["receipt_code", "choices", "points"]]
    for i, code in enumerate(profile.voter_ids):
        chosen = [ids[j] for j in profile.ballot(i)]
        points = profile.ballot_points(i)
        rows.append([code, ",".join(chosen), ",".join(str(x) for x in points) if points is not None else ""])
    return csv_text(rows)


def _process_values(instance: Instance, profile: Profile, neighbourhood: Neighbourhood | None,
                    name: str) -> dict:
    meta = instance.meta
    kind = KIND_FROM_PB.get(profile.kind)
    if kind is None:
        raise PolicyError(_("%(file)s: ballots of type “%(kind)s” cannot be imported.", file=name,
                            kind=profile.kind), field="file")
    rule_name, _note = rule_for(instance)
    rule = RULE_FROM_PB.get(rule_name, TallyRule.GREEDY)
    title = (meta.get("description") or f"{meta.get('unit', '')} {meta.get('instance', '')}").strip()
    return {
        "title": (title or name)[:150], "budget": int(instance.budget),
        "description": _("Imported from the pabulib file `%(file)s`.", file=name),
        "currency": meta.get("currency", "")[:8] or "PLN",
        "neighbourhood_id": neighbourhood.id if neighbourhood else None,
        "ballot_kind": kind, "tally_rule": rule,
        "min_choices": int(meta.get("min_length", 0) or 0),
        "max_choices": int(meta["max_length"]) if meta.get("max_length") else None,
        "total_points": int(float(meta["max_sum_points"])) if meta.get("max_sum_points") else None,
        "max_points_per_project": int(float(meta["max_points"])) if meta.get("max_points") else None,
        "score_threshold": int(float(meta["min_project_score_threshold"]))
        if meta.get("min_project_score_threshold") else None,
        "categories": "\n".join(sorted({c for p in instance.projects for c in p.categories}) or ["Other"]),
    }


def import_pb(actor: User, data: bytes, name: str, neighbourhood: Neighbourhood | None) -> Process:
    """Create a process from a .pb file: projects, and ballots with the results if it has them."""
    try:
        instance, profile = read_pb(data, name=name)
    except PabulibError as error:
        # The reader names the file, line and problem in pabulib's own terms (META, PROJECTS...).
        raise PolicyError(_("This file cannot be imported: %(problem)s", problem=str(error)),
                          field="file") from error
    if any(int(p.cost) != p.cost or p.cost <= 0 for p in instance.projects):
        raise PolicyError(_("%(file)s: project costs must be whole amounts above 0.", file=name),
                          field="file")
    process = create_process(actor, _process_values(instance, profile, neighbourhood, name))
    process.source_file = name[:200]
    proposals = [Proposal(process_id=process.id, title=(p.name or f"Project {p.id}")[:150],
                          estimated_cost=int(p.cost), category=(p.categories or ["Other"])[0][:80],
                          description=p.extra.get("description", ""), external_id=p.id[:64],
                          status=ProposalStatus.FEASIBLE) for p in instance.projects]
    db.session.add_all(proposals)
    db.session.flush()
    _import_ballots(process, profile, [p.id for p in proposals])
    process.phase = Phase.RESULTS if profile.n_voters else Phase.DRAFT
    if profile.n_voters:
        compute_results(process)
    audit.record(actor, "process.import", process,
                 f"Imported “{process.title}” from {name} ({len(proposals)} projects, "
                 f"{profile.n_voters} ballots)", neighbourhood_id=process.neighbourhood_id, public=True)
    return process


def _import_ballots(process: Process, profile: Profile, proposal_ids: list[int]) -> None:
    """Bulk-insert ballots; each gets a fresh receipt code that the export carries."""
    ballot_rows = [{"process_id": process.id, "voter_key": f"imported:{i}",
                    "receipt_code": new_receipt_code(), "channel": Channel.IMPORTED, "version": 1}
                   for i in range(profile.n_voters)]
    if not ballot_rows:
        return
    db.session.execute(db.insert(Ballot), ballot_rows)
    ids = db.session.scalars(db.select(Ballot.id).where(Ballot.process_id == process.id)
                             .order_by(Ballot.id)).all()
    points = profile.points
    choices = []
    for voter, ballot_id in enumerate(ids):
        start, end = int(profile.offsets[voter]), int(profile.offsets[voter + 1])
        seen = set()
        for k in range(start, end):
            project = int(profile.items[k])
            if project in seen:  # a project listed twice on one ballot counts once
                continue
            seen.add(project)
            choices.append({"ballot_id": ballot_id, "proposal_id": proposal_ids[project],
                            "points": int(points[k]) if points is not None else 1,
                            "position": len(seen) - 1})
    if choices:
        db.session.execute(db.insert(BallotChoice), choices)
