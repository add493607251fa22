"""The councillor dashboard: participation and satisfaction per neighbourhood and over time."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.exports import csv_text, download
from deliberation.outcomes import dashboard as services
from deliberation.outcomes.routes import bp
from deliberation.outcomes.tracking import month_label


@bp.get("/dashboard")
@login_required
def dashboard():
    permissions.require(permissions.can_view_dashboard(current_user))
    labels, series = services.monthly()
    return render_template("outcomes/dashboard.html", rows=services.participation_table(),
                           metrics=list(services.METRICS), metric_labels=services.METRIC_LABELS,
                           labels=[month_label(label) for label in labels], series=series)


@bp.get("/dashboard/participation.csv")
@login_required
def dashboard_csv():
    permissions.require(permissions.can_view_dashboard(current_user))
    metrics = list(services.METRICS)
    # Councillors open the file in a spreadsheet: its headings are in their language too.
    headings = [str(services.METRIC_LABELS[m][0]) for m in metrics]
    rows = [[_("neighbourhood"), _("verified residents"), *headings, _("average rating")]]
    rows += [[row["area"].name, row["verified"], *(row["counts"][m] for m in metrics),
              row["satisfaction"] if row["satisfaction"] is not None else ""]
             for row in services.participation_table()]
    return download(csv_text(rows), "participation.csv")
