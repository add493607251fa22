"""The migrations build from empty exactly the schema the models describe."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from app import create_app
from models import db
from tests.conftest import app_settings


# SQLite cannot reflect expression indexes, so the comparison skips the role-scope index
# (with these two warnings) and the test checks that index by name instead.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_from_empty_matches_the_models(tmp_path):
    app = create_app(app_settings(tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        indexes = db.session.execute(db.text(
            "SELECT name FROM sqlite_master WHERE type = 'index'")).scalars().all()
        db.session.remove()
        db.engine.dispose()
    assert diff == []
    assert "uq_role_grants_user_role_scope" in indexes
