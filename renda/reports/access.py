"""Who sees the year's report and the dashboards. Views call only these permissions."""

import rules

from renda.core.access import is_committee_side, is_registrar

# The leaders' dashboard and the annual report are the committee side's; the office
# edits the report's prose and publishes the year's figures to the portal.
rules.add_perm("reports.view_dashboard", is_committee_side)
rules.add_perm("reports.view_annual_report", is_committee_side)
rules.add_perm("reports.edit_annual_report", is_registrar)
