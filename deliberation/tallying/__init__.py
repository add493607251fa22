"""Agora's tallying engine: pure Python and NumPy, shared by the web app, the CLI, tests and benchmarks.

Typical use:
    instance, profile = read_pb(uploaded_bytes, name="upload.pb")
    outcome = tally(instance, profile, "equalshares/add1")
    outcome.selected, outcome.total_cost, outcome.explanations
"""

from .model import Instance, Number, Profile, Project
from .outcome import Outcome
from .pabulib import PabulibError, read_pb
from .pbwrite import write_pb
from .registry import TALLY_RULES, UnknownRule, rule_for, rule_named, tally
from .scores import scores, supporters
from .validity import BallotLimits, InvalidBallot, check_ballot, require_valid_ballot

__all__ = [
    "TALLY_RULES",
    "BallotLimits",
    "Instance",
    "InvalidBallot",
    "Number",
    "Outcome",
    "PabulibError",
    "Profile",
    "Project",
    "UnknownRule",
    "check_ballot",
    "read_pb",
    "require_valid_ballot",
    "rule_for",
    "rule_named",
    "scores",
    "supporters",
    "tally",
    "write_pb",
]
