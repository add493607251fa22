"""Downloading one's own data in Chromium, with and without JavaScript."""
import io
import json
import zipfile

import pytest

from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
TIMEOUT = 30_000  # ms: building the archive on a busy 2-core machine


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_resident_downloads_their_data_from_the_account_page(new_context, live_server,
                                                               make_process, make_user, javascript):
    process = make_process(phase="proposals")
    person = make_user(name="Dana Downloader")
    proposal = process.proposals[0]
    proposal.author_id, proposal.title = person.id, "Planters on Lock Street"
    from models import db
    db.session.commit()
    page = new_context(base_url=live_server.url, java_script_enabled=javascript,
                       accept_downloads=True).new_page()
    log_in(page, person.email, PASSWORD)
    page.get_by_role("link", name="My account").click()
    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename == "agora-my-data.zip"
    archive = zipfile.ZipFile(io.BytesIO(download.path().read_bytes()))
    assert "Planters on Lock Street" in archive.read("agora-data/index.html").decode()
    data = json.loads(archive.read("agora-data/data.json"))
    assert data["sections"]["account"][0]["display_name"] == "Dana Downloader"
