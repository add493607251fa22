"""Census lists: strict parsing, all-or-nothing imports, and verification by match."""
import pytest

from deliberation.errors import PolicyError
from deliberation.verification import services
from models import AuditEntry, CensusEntry, VerificationMethod, db


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"code,address\nA1,1 Road\n", "Line 1: the first line must name the columns"),
    (b"reference,address\nA1,1 Road\n,2 Road\n", "Line 3: the reference is empty."),
    (b"reference,address\nA1,1 Road\nA2\n", "Line 3: expected 2 columns, found 1."),
    (b"reference\nA1\na1\n", "Line 3: reference A1 appears twice."),
    (b"reference\n", "The file has no rows after its header line."),
    (b"reference\n\xff\xfe\n", "The file is not UTF-8 text."),
    (b"reference\n" + b"x" * 65 + b"\n", "Line 2: the reference or address is too long."),
])
def test_malformed_files_name_the_problem_and_import_nothing(make_user, data, message):
    staff = make_user("facilitator")
    with pytest.raises(PolicyError) as refusal:
        services.import_census(staff, staff.neighbourhood, data)
    assert refusal.value.message.startswith(message)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(CensusEntry.id))) == 0


def test_import_handles_bom_crlf_quotes_and_reimports(make_user):
    staff = make_user("facilitator")
    data = '\ufeffReference,Address\r\n"rv-1","1, Canal Row"\r\nRV-2,\r\n'.encode()
    assert services.import_census(staff, staff.neighbourhood, data) == (2, 0)
    db.session.commit()
    entry = db.session.scalar(db.select(CensusEntry).where(CensusEntry.reference == "RV-1"))
    assert entry.address == "1, Canal Row"
    assert services.import_census(staff, staff.neighbourhood, b"reference\nRV-2\nRV-3\n") == (1, 1)


def test_verify_from_census_uses_the_entry_once(make_user):
    staff = make_user("facilitator")
    area = staff.neighbourhood
    services.import_census(staff, area, b"reference\nRV-9\n")
    first = make_user("unverified", neighbourhood=area, census_reference=" rv-9 ")
    second = make_user("unverified", neighbourhood=area, census_reference="RV-9")
    assert services.census_match(first).reference == "RV-9"
    services.verify_resident(staff, first, VerificationMethod.CENSUS)
    db.session.commit()
    assert first.is_verified and first.verification_method is VerificationMethod.CENSUS
    assert services.census_match(second) is None
    with pytest.raises(PolicyError, match="does not match"):
        services.verify_resident(staff, second, VerificationMethod.CENSUS)
    audit = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "resident.verify"))
    assert audit.actor_id == staff.id and audit.detail["reference"] == "RV-9"


def test_census_of_another_neighbourhood_does_not_match(make_user, make_neighbourhood):
    staff = make_user("facilitator")
    services.import_census(staff, staff.neighbourhood, b"reference\nRV-5\n")
    elsewhere = make_user("unverified", neighbourhood=make_neighbourhood(), census_reference="RV-5")
    assert services.census_match(elsewhere) is None


def test_verification_desk_permissions(client, make_user, make_neighbourhood):
    from tests.conftest import login
    facilitator = make_user("facilitator")
    own = make_user("unverified", neighbourhood=facilitator.neighbourhood)
    other = make_user("unverified", neighbourhood=make_neighbourhood())
    resident = make_user()
    login(client, resident)
    assert client.get("/staff/verification/").status_code == 403
    assert client.post(f"/staff/verification/residents/{own.id}", data={"in_person": "1"}).status_code == 403
    client.post("/logout")
    login(client, facilitator)
    page = client.get("/staff/verification/").get_data(as_text=True)
    assert own.display_name in page and other.display_name not in page
    assert client.post(f"/staff/verification/residents/{other.id}", data={"in_person": "1"}).status_code == 403
    assert client.post(f"/staff/verification/residents/{own.id}",
                       data={"in_person": "1", "note": "Saw a utility bill"}).status_code == 302
    db.session.refresh(own)
    assert own.verification_method is VerificationMethod.IN_PERSON and own.verified_by_id == facilitator.id
