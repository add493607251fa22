"""Turn a process's projects and ballots into the tallying package's plain data."""
from __future__ import annotations

import numpy as np
from sqlalchemy import select

from deliberation.tallying.model import Instance, Profile, Project
from deliberation.tallying.validity import BallotLimits
from models import Ballot, BallotChoice, BallotKind, Process, Proposal, db

PROFILE_KIND = {BallotKind.APPROVAL: "approval", BallotKind.KNAPSACK: "approval",
                BallotKind.CUMULATIVE: "cumulative", BallotKind.RANKED: "ordinal",
                BallotKind.CHOOSE_ONE: "choose-1"}
CHECK_KIND = {BallotKind.APPROVAL: "approval", BallotKind.KNAPSACK: "knapsack",
              BallotKind.CUMULATIVE: "cumulative", BallotKind.RANKED: "ordinal",
              BallotKind.CHOOSE_ONE: "choose-1"}


def limits_of(process: Process) -> BallotLimits:
    """The process's ballot limits in the tallying package's (pabulib's) terms."""
    min_cost = process.budget * process.min_spend_percent // 100 if (
        process.ballot_kind is BallotKind.KNAPSACK and process.min_spend_percent) else None
    points = process.ballot_kind is BallotKind.CUMULATIVE
    return BallotLimits(
        min_length=process.min_choices or None,
        max_length=process.max_choices,
        min_sum_cost=min_cost,
        max_points=process.max_points_per_project if points else None,
        max_sum_points=process.total_points if points else None,
    )


def instance_of(process: Process, projects: list[Proposal]) -> Instance:
    """Budget and projects, with META naming the vote type and any score threshold."""
    meta = {"vote_type": PROFILE_KIND[process.ballot_kind], "budget": str(process.budget),
            "rule": process.tally_rule.value, "currency": process.currency,
            "description": process.title}
    if process.score_threshold:
        meta["min_project_score_threshold"] = str(process.score_threshold)
    items = [Project(id=str(p.id), cost=p.cost, name=p.title, category=p.category) for p in projects]
    return Instance(budget=process.budget, projects=items, meta=meta,
                    project_columns=["project_id", "cost", "name", "category"])


def profile_of(process: Process, instance: Instance) -> Profile:
    """Every ballot of the process as one compact CSR profile, read in a single query."""
    rows = db.session.execute(
        select(Ballot.id, Ballot.receipt_code, BallotChoice.proposal_id, BallotChoice.points)
        .outerjoin(BallotChoice, BallotChoice.ballot_id == Ballot.id)
        .where(Ballot.process_id == process.id)
        # Random receipt order, not insertion order, so no export reveals who voted first.
        .order_by(Ballot.receipt_code, BallotChoice.position, BallotChoice.id)).all()
    index = {int(pid): i for pid, i in instance.index.items()}
    voter_ids, offsets, items, points = [], [0], [], []
    last = None
    for ballot_id, receipt, proposal_id, given in rows:
        if ballot_id != last:
            if last is not None:
                offsets.append(len(items))
            voter_ids.append(receipt)
            last = ballot_id
        if proposal_id is not None:
            items.append(index[proposal_id])
            points.append(given)
    if last is not None:
        offsets.append(len(items))
    kind = PROFILE_KIND[process.ballot_kind]
    return Profile(kind, np.array(offsets, dtype=np.int64), np.array(items, dtype=np.int32),
                   np.array(points, dtype=np.int64) if kind == "cumulative" else None, voter_ids)
