"""Tally rules by pabulib name, so a process, a file's META or the CLI can name the rule to run."""

from __future__ import annotations

from collections.abc import Callable

from .equalshares import equal_shares, equal_shares_add1, equal_shares_add1_comparison
from .greedy import greedy, greedy_custom, greedy_exclusive, greedy_no_skip, greedy_threshold
from .model import Instance, Profile
from .outcome import Outcome

Rule = Callable[[Instance, Profile], Outcome]

TALLY_RULES: dict[str, Rule] = {
    "greedy": greedy,
    "greedy-no-skip": greedy_no_skip,
    "greedy-threshold": greedy_threshold,
    "greedy-exclusive": greedy_exclusive,
    "greedy-custom": greedy_custom,
    "equalshares": equal_shares,
    "equalshares/add1": equal_shares_add1,
    "equalshares/add1-comparison": equal_shares_add1_comparison,
}

ALIASES = {
    "equal-shares": "equalshares",
    "mes": "equalshares",
    "equal-shares/add1": "equalshares/add1",
}
"""Other spellings people use for the same rules."""

FALLBACK_RULE = "greedy"


class UnknownRule(KeyError):
    """A rule name we do not implement."""

    def __str__(self) -> str:
        return f"unknown rule '{self.args[0]}'; known rules: {', '.join(TALLY_RULES)}"


def rule_named(name: str) -> tuple[str, Rule]:
    """Look a rule up by its pabulib name (or an alias); returns the canonical name and the function."""
    canonical = ALIASES.get(name.strip().lower(), name.strip().lower())
    if canonical not in TALLY_RULES:
        raise UnknownRule(name)
    return canonical, TALLY_RULES[canonical]


def rule_for(instance: Instance) -> tuple[str, str | None]:
    """The rule a file asks for, or greedy with a note saying why the file's rule is not used."""
    declared = instance.rule
    if declared.lower() in TALLY_RULES or declared.lower() in ALIASES:
        return rule_named(declared)[0], None
    if not declared:
        return FALLBACK_RULE, "the file names no rule in META; using greedy"
    return FALLBACK_RULE, f"the file's rule '{declared}' is not one we run; using greedy"


def tally(instance: Instance, profile: Profile, rule: str | None = None) -> Outcome:
    """Run the named rule, or the file's own rule (greedy when it has none we know)."""
    name = rule if rule else rule_for(instance)[0]
    return rule_named(name)[1](instance, profile)
