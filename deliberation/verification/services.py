"""Verifying residents: census lists imported by staff, and checks in person."""
from __future__ import annotations
from flask_babel import gettext as _
from deliberation.i18n.formatting import format_number

import csv
import io

from sqlalchemy import select

from deliberation import audit
from deliberation.errors import PolicyError
from models import CensusEntry, Neighbourhood, User, VerificationMethod, db, utcnow

MAX_ROWS = 100_000


class CensusFileError(PolicyError):
    """A census file that cannot be imported; nothing from it is kept."""


def normalise_reference(reference: str | None) -> str:
    """References are compared without case or surrounding spaces."""
    return (reference or "").strip().upper()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CensusFileError(_("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."),
                              field="file") from error


def parse_census(data: bytes) -> list[tuple[str, str]]:
    """Read (reference, address) rows, refusing the whole file at its first bad line."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise CensusFileError(_("The file is empty."), field="file") from None
    if "reference" not in header:
        raise CensusFileError(_("Line 1: the first line must name the columns, including 'reference' (and optionally 'address')."), field="file")
    ref_col, addr_col = header.index("reference"), header.index("address") if "address" in header else None
    rows, seen = [], set()
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CensusFileError(_("Line %(line)s: expected %(len)s columns, found %(len2)s.", line=line, len=len(header), len2=len(row)),
                                      field="file")
            reference = normalise_reference(row[ref_col])
            address = row[addr_col].strip() if addr_col is not None else ""
            if not reference:
                raise CensusFileError(_("Line %(line)s: the reference is empty.", line=line), field="file")
            if len(reference) > 64 or len(address) > 200:
                raise CensusFileError(_("Line %(line)s: the reference or address is too long.", line=line),
                                      field="file")
            if reference in seen:
                raise CensusFileError(_("Line %(line)s: reference %(reference)s appears twice.", line=line, reference=reference), field="file")
            seen.add(reference)
            rows.append((reference, address))
            if len(rows) > MAX_ROWS:
                raise CensusFileError(_("The file has more than %(max_rows)s rows.", max_rows=format_number(MAX_ROWS)), field="file")
    except csv.Error as error:
        raise CensusFileError(_("Line %(line_num)s: %(error)s.", line_num=reader.line_num, error=error), field="file") from error
    if not rows:
        raise CensusFileError(_("The file has no rows after its header line."), field="file")
    return rows


def import_census(actor: User, area: Neighbourhood, data: bytes) -> tuple[int, int]:
    """Add a census list's new references; return (added, already listed)."""
    rows = parse_census(data)
    existing = set(db.session.scalars(
        select(CensusEntry.reference).where(CensusEntry.neighbourhood_id == area.id)))
    new = [CensusEntry(neighbourhood_id=area.id, reference=ref, address=addr,
                       imported_by_id=actor.id) for ref, addr in rows if ref not in existing]
    db.session.add_all(new)
    audit.record(actor, "census.import", area,
                 f"Imported {len(new)} census references for {area.name}",
                 neighbourhood_id=area.id, detail={"added": len(new), "skipped": len(rows) - len(new)})
    return len(new), len(rows) - len(new)


def census_match(resident: User) -> CensusEntry | None:
    """The unused census entry matching the reference the resident gave, if any."""
    reference = normalise_reference(resident.census_reference)
    if not reference:
        return None
    return db.session.scalar(select(CensusEntry).where(
        CensusEntry.neighbourhood_id == resident.neighbourhood_id,
        CensusEntry.reference == reference, CensusEntry.used_by_id.is_(None)))


def verify_resident(actor: User, resident: User, method: VerificationMethod, note: str = "") -> None:
    """Mark a resident verified, by a census match or a check in person."""
    if resident.is_verified:
        raise PolicyError(_("%(display_name)s is already verified.", display_name=resident.display_name))
    detail = {"method": method.value}
    if method is VerificationMethod.CENSUS:
        entry = census_match(resident)
        if entry is None:
            raise PolicyError(_("%(display_name)s's reference does not match an unused entry on the census list.", display_name=resident.display_name))
        entry.used_by_id = resident.id
        detail["reference"] = entry.reference
    elif note:
        detail["note"] = note[:200]
    resident.verified_at, resident.verified_by_id = utcnow(), actor.id
    resident.verification_method = method
    audit.record(actor, "resident.verify", resident,
                 f"Verified {resident.display_name} ({method.label})",
                 neighbourhood_id=resident.neighbourhood_id, detail=detail)


def unverified_residents(neighbourhood_ids: set[int] | None) -> list[User]:
    """Residents waiting for verification in the given neighbourhoods (all for admins)."""
    query = select(User).where(User.verified_at.is_(None), User.deleted_at.is_(None),
                               User.blocked_at.is_(None))
    if neighbourhood_ids is not None:
        query = query.where(User.neighbourhood_id.in_(neighbourhood_ids))
    return list(db.session.scalars(query.order_by(User.created_at).limit(200)))
