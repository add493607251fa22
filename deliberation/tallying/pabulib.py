"""Read pabulib (.pb) files, refusing malformed ones with 'FILE:LINE: what is wrong' messages."""

from __future__ import annotations

import csv
import gc
import os
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import IO

import numpy as np

from .model import BALLOT_KINDS, POINT_KINDS, Instance, Number, Profile, Project, as_number
from .pbwrite import format_number, write_pb  # noqa: F401  (re-exported: pabulib.write_pb)

Source = str | bytes | os.PathLike | IO[str] | IO[bytes]
SECTIONS = ("meta", "projects", "votes")
TITLE = re.compile(r"^[ \t\ufeff]*(meta|projects|votes)[ \t;]*$", re.IGNORECASE | re.MULTILINE)


class PabulibError(ValueError):
    """A file we refuse to read; str() is 'FILE:LINE: what is wrong' so it can be shown as is."""

    def __init__(self, file: str, line: int, problem: str):
        super().__init__(f"{file}:{line}: {problem}")
        self.file, self.line, self.problem = file, line, problem


def _load_text(source: Source, name: str | None) -> tuple[str, str]:
    """Accept a path, raw bytes, text or an open file, as uploads arrive in all these shapes."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str)
        and "\n" not in source
        and not source.lstrip("\ufeff").startswith("META")
    ):
        path = Path(source)
        return _decode(path.read_bytes(), name or path.name), name or path.name
    if hasattr(source, "read"):
        source = source.read()  # type: ignore[union-attr]
    label = name or "<upload>"
    if isinstance(source, (bytes, bytearray)):
        return _decode(bytes(source), label), label
    return str(source).lstrip("\ufeff"), label


def _decode(data: bytes, label: str) -> str:
    """Decode UTF-8 (with or without BOM), reporting the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(label, line, "the file is not valid UTF-8 text") from None


class _File:
    """The lines of one file and where its sections start."""

    def __init__(self, text: str, label: str):
        self.label = label
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        self.titles = [
            (self.text.count("\n", 0, m.start()), m.group(1).lower())
            for m in TITLE.finditer(self.text)
        ]

    def fail(self, line: int, problem: str) -> PabulibError:
        """Build the error for this file (line is 1-based)."""
        return PabulibError(self.label, line, problem)

    def section_bounds(self) -> dict[str, tuple[int, int]]:
        """Map each section to its (first, end) line indices, checking order and presence."""
        first = next((i for i, line in enumerate(self.lines) if line.strip()), len(self.lines))
        bounds: dict[str, tuple[int, int]] = {}
        for k, (index, title) in enumerate(self.titles):
            expected = SECTIONS[k] if k < len(SECTIONS) else None
            if title != expected and expected and SECTIONS.index(title) > k:
                raise self.fail(
                    index + 1, f"missing {expected.upper()} section before {title.upper()}"
                )
            if title != expected:
                raise self.fail(index + 1, f"unexpected {title.upper()} section")
            end = self.titles[k + 1][0] if k + 1 < len(self.titles) else len(self.lines)
            bounds[title] = (index + 1, end)
        if not self.titles or self.titles[0][0] != first:
            found = self.lines[first].strip()[:40] if first < len(self.lines) else "an empty file"
            raise self.fail(first + 1, f"expected the META section, found '{found}'")
        last = max((i + 1 for i, line in enumerate(self.lines) if line.strip()), default=1)
        for title in SECTIONS:
            if title not in bounds:
                raise self.fail(last, f"missing {title.upper()} section")
        return bounds

    def rows(self, start: int, end: int) -> Iterator[tuple[int, list[str]]]:
        """Yield (line number, cells) for non-blank lines; quoted cells may hold ';' or span lines."""
        i = start
        while i < end:
            number, line = i + 1, self.lines[i]
            i += 1
            if '"' in line:
                while line.count('"') % 2 and i < end:
                    line += "\n" + self.lines[i]
                    i += 1
                yield number, next(csv.reader([line], delimiter=";"), [])
            elif line.strip():
                yield number, line.split(";")

    def header(
        self, section: str, rows: Iterator[tuple[int, list[str]]], required: tuple[str, ...]
    ) -> list[str]:
        """Read a section's column header and make sure the columns we need are there."""
        row = next(rows, None)
        if row is None:
            raise self.fail(len(self.lines), f"{section} section has no column header")
        columns = [c.strip() for c in row[1]]
        for column in required:
            if column not in columns:
                raise self.fail(row[0], f"{section} header has no '{column}' column")
        return columns


def _number(f: _File, line: int, text: str, what: str) -> Number:
    """Parse money or points, accepting a decimal comma, refusing anything else."""
    try:
        return as_number(Fraction(text.strip().replace(",", ".")))
    except (ValueError, ZeroDivisionError):
        raise f.fail(line, f"{what} '{text.strip()}' is not a number") from None


def _check_width(f: _File, line: int, cells: list[str], columns: list[str]) -> None:
    """Refuse rows whose cell count differs from the header: the columns would be misread."""
    if len(cells) != len(columns):
        raise f.fail(line, f"expected {len(columns)} columns, found {len(cells)}")


def _read_meta(f: _File, start: int, end: int) -> dict[str, str]:
    """META is key;value pairs after a 'key;value' header."""
    rows = f.rows(start, end)
    f.header("META", rows, ())
    meta: dict[str, str] = {}
    for line, cells in rows:
        if len(cells) < 2:
            raise f.fail(line, f"META row '{cells[0].strip()}' has no value")
        meta[cells[0].strip()] = ";".join(cells[1:]).strip()
    return meta


def _read_projects(f: _File, start: int, end: int) -> tuple[list[Project], list[str]]:
    """PROJECTS rows, in file order, with unknown columns kept in extra."""
    rows = f.rows(start, end)
    columns = f.header("PROJECTS", rows, ("project_id", "cost"))
    projects: list[Project] = []
    seen: set[str] = set()
    for line, cells in rows:
        _check_width(f, line, cells, columns)
        row = {c: v.strip() for c, v in zip(columns, cells)}
        pid = row.pop("project_id")
        if not pid:
            raise f.fail(line, "project has an empty project_id")
        if pid in seen:
            raise f.fail(line, f"project '{pid}' is listed twice")
        seen.add(pid)
        cost = _number(f, line, row.pop("cost"), f"cost of project '{pid}'")
        if cost < 0:
            raise f.fail(line, f"cost of project '{pid}' is negative")
        name, category = row.pop("name", ""), row.pop("category", row.pop("categories", ""))
        projects.append(Project(pid, cost, name, category, row))
    if not projects:
        raise f.fail(end, "PROJECTS section lists no project")
    return projects, columns


class _Votes:
    """VOTES rows read column-wise: the same ballot text is parsed once, however many voters cast it."""

    def __init__(self, f: _File, kind: str, index: dict[str, int]):
        self.f, self.kind, self.index = f, kind, index
        self.seen: dict[str, list[int]] = {}
        self.seen_points: dict[str, list[Number]] = {}
        self.repeated: dict[str, list[str]] = {}
        self.repeats: dict[str, int] = {}

    def table(self, start: int, end: int) -> tuple[list[str], list[int], list[tuple[str, ...]]]:
        """Header, line numbers and columns of the section (fast path when nothing is quoted)."""
        body = self.f.lines[start:end]
        if '"' in "\n".join(body):
            rows = list(self.f.rows(start, end))
            numbers, cells = [n for n, _ in rows], [c for _, c in rows]
        else:
            numbers = [start + k + 1 for k, line in enumerate(body) if line.strip()]
            cells = [self.f.lines[n - 1].split(";") for n in numbers]
        if not cells:
            raise self.f.fail(end, "VOTES section has no column header")
        columns = [c.strip() for c in cells[0]]
        for column in ("vote",) + (("points",) if self.kind in POINT_KINDS else ()):
            if column not in columns:
                raise self.f.fail(numbers[0], f"VOTES header has no '{column}' column")
        width = len(columns)
        if any(len(row) != width for row in cells):
            bad = next(k for k, row in enumerate(cells) if len(row) != width)
            _check_width(self.f, numbers[bad], cells[bad], columns)
        return columns, numbers[1:], list(zip(*cells[1:])) or [() for _ in columns]

    def ballot(self, text: str, line: int) -> list[int]:
        """Project indices of one vote cell; an approval ballot is a set, so repeats count once."""
        chosen = self.seen.get(text)
        if chosen is not None and text in self.repeated:
            self._count_repeats(text)
        if chosen is None:
            ids = [x.strip() for x in text.split(",")] if text.strip() else []
            unknown = next((x for x in ids if x and x not in self.index), None)
            if unknown is not None:
                raise self.f.fail(line, f"vote for unknown project '{unknown}'")
            chosen = [self.index[x] for x in ids if x]
            if len(set(chosen)) != len(chosen):
                if self.kind not in ("approval", "choose-1"):
                    raise self.f.fail(line, "the same project appears twice on this ballot")
                self.repeated[text] = [x for k, x in enumerate(ids) if x and x in ids[:k]]
                self._count_repeats(text)
                chosen = list(dict.fromkeys(chosen))
            self.seen[text] = chosen
        return chosen

    def _count_repeats(self, text: str) -> None:
        """Remember projects listed twice on one ballot: some files' vote counts include the repeat."""
        for project_id in self.repeated[text]:
            self.repeats[project_id] = self.repeats.get(project_id, 0) + 1

    def points(self, text: str, line: int, count: int) -> list[Number]:
        """Points of one ballot, one number per chosen project."""
        values = self.seen_points.get(text)
        if values is None:
            values = (
                [_number(self.f, line, x, "points") for x in text.split(",")]
                if text.strip()
                else []
            )
            self.seen_points[text] = values
        if len(values) != count:
            raise self.f.fail(line, f"{count} projects but {len(values)} points on this ballot")
        return values

    def profile(self, start: int, end: int) -> Profile:
        """Build the CSR profile from the VOTES section."""
        columns, lines, table = self.table(start, end)
        col = dict(zip(columns, table))
        ballots = [self.ballot(text, line) for text, line in zip(col["vote"], lines)]
        lengths = np.fromiter(map(len, ballots), dtype=np.int64, count=len(ballots))
        offsets = np.zeros(len(ballots) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        items = np.fromiter((i for b in ballots for i in b), dtype=np.int32, count=int(offsets[-1]))
        points = None
        if self.kind in POINT_KINDS:
            flat = [
                x
                for text, line, b in zip(col["points"], lines, ballots)
                for x in self.points(text, line, len(b))
            ]
            whole = all(isinstance(x, int) for x in flat)
            points = np.array(flat, dtype=np.int64 if whole else np.float64)
        ids = (
            _stripped(col["voter_id"])
            if "voter_id" in col
            else [str(k + 1) for k in range(len(lines))]
        )
        extra = {c: _interned(col[c]) for c in columns if c not in ("voter_id", "vote", "points")}
        return Profile(self.kind, offsets, items, points, ids, extra, columns, self.repeats)


def _stripped(values: tuple[str, ...]) -> list[str]:
    """Strip cells only when some need it: most files have none to strip."""
    joined = "\n".join(values)
    return [v.strip() for v in values] if " " in joined or "\t" in joined else list(values)


def _interned(values: tuple[str, ...]) -> list[str]:
    """Strip cells and share one string per distinct value: voter columns repeat a few values."""
    pool = {v: v.strip() for v in set(values)}
    return list(map(pool.__getitem__, values))


def read_pb(source: Source, name: str | None = None) -> tuple[Instance, Profile]:
    """Parse a pabulib file from a path, bytes, text or file object; raise PabulibError if malformed."""
    text, label = _load_text(source, name)
    was_enabled = gc.isenabled()
    gc.disable()  # building many small lists otherwise triggers repeated full collections
    try:
        return _parse(_File(text, label))
    finally:
        if was_enabled:
            gc.enable()


def _parse(f: _File) -> tuple[Instance, Profile]:
    """Read the three sections in order."""
    bounds = f.section_bounds()
    meta = _read_meta(f, *bounds["meta"])
    meta_line = bounds["meta"][0]
    if "budget" not in meta:
        raise f.fail(meta_line, "META has no budget")
    budget = _number(f, meta_line, meta["budget"], "budget")
    kind = meta.get("vote_type", "").strip().lower()
    if kind not in BALLOT_KINDS:
        raise f.fail(meta_line, f"unknown vote_type '{kind}'" if kind else "META has no vote_type")
    projects, columns = _read_projects(f, *bounds["projects"])
    instance = Instance(budget, projects, meta, columns)
    return instance, _Votes(f, kind, instance.index).profile(*bounds["votes"])
