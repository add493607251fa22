"""Write elections as pabulib text that pabutools and our own reader both accept."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from .model import Instance, Number, Profile

CORE_PROJECT_COLUMNS = ("project_id", "cost", "name", "category")


def format_number(value: Number | float) -> str:
    """Write money and points the way pabulib files do: plain decimals, no exponent."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    if exact.denominator == 1:
        return str(exact.numerator)
    whole, rest = divmod(abs(exact.numerator), exact.denominator)
    digits = []
    while rest and len(digits) < 30:
        rest *= 10
        digits.append(str(rest // exact.denominator))
        rest %= exact.denominator
    return ("-" if exact < 0 else "") + f"{whole}." + "".join(digits)


def _line(cells: list[str]) -> str:
    """One ';'-separated line, quoting only cells that contain separators or quotes."""
    if not any(";" in c or '"' in c or "\n" in c or "\r" in c for c in cells):
        return ";".join(cells) + "\n"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _project_columns(instance: Instance) -> list[str]:
    """project_id and cost first (pabulib requires them), then the columns the file had."""
    extra = [c for c in instance.project_columns if c not in CORE_PROJECT_COLUMNS]
    extra += [k for p in instance.projects for k in p.extra if k not in extra]
    optional = [
        c
        for c in ("name", "category")
        if c in instance.project_columns or any(getattr(p, c) for p in instance.projects)
    ]
    return ["project_id", "cost"] + optional + extra


def _points_text(values) -> str:
    """Points as written in files: whole numbers without a decimal point."""
    return ",".join(
        format_number(int(x)) if float(x).is_integer() else format_number(float(x)) for x in values
    )


def write_pb(instance: Instance, profile: Profile) -> str:
    """Serialise an election as pabulib text; counts and vote_type in META follow the data."""
    meta = dict(instance.meta)
    meta.update(num_projects=str(len(instance.projects)), num_votes=str(profile.n_voters))
    meta.update(budget=format_number(instance.budget), vote_type=profile.kind)
    out = ["META\n", "key;value\n"] + [_line([k, v]) for k, v in meta.items()]
    columns = _project_columns(instance)
    out += ["PROJECTS\n", _line(columns)]
    for p in instance.projects:
        core = {
            "project_id": p.id,
            "cost": format_number(p.cost),
            "name": p.name,
            "category": p.category,
        }
        out.append(_line([core[c] if c in core else p.extra.get(c, "") for c in columns]))
    extra = list(profile.voter_extra)
    vote_columns = ["voter_id", "vote"] + ["points"] * (profile.points is not None) + extra
    out += ["VOTES\n", _line(vote_columns)]
    ids = [p.id for p in instance.projects]
    for v in range(profile.n_voters):
        cells = [profile.voter_ids[v] if v < len(profile.voter_ids) else str(v + 1)]
        cells.append(",".join(ids[i] for i in profile.ballot(v)))
        if profile.points is not None:
            cells.append(_points_text(profile.ballot_points(v)))
        cells += [profile.voter_extra[c][v] for c in extra]
        out.append(_line(cells))
    return "".join(out)
