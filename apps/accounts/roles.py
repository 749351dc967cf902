"""The roles a fresh installation starts with. Afterwards they are data an administrator edits.

Hotline agents read cases but not sensitive vulnerabilities (case.sensitive.read): they
take calls, they do not counsel.
"""

DEFAULT_ROLES = [
    # code, German name, English name, permissions
    ("counsellor", "Rückkehrberater*in", "Counsellor",
     ["case.read", "case.write", "case.sensitive.read", "disclosure.create", "hotline.take", "material.order",
      "network.participate"]),
    ("team_lead", "Teamleitung", "Team lead",
     ["case.read", "case.write", "case.assign", "case.restricted.read", "case.sensitive.read", "report.view",
      "directory.manage", "disclosure.create", "programme.manage", "mobile.plan", "coverage.view", "hotline.take",
      "hotline.supervise", "material.order", "network.participate", "report.drilldown", "person.merge"]),
    ("hotline_agent", "Hotline", "Hotline agent", ["case.read", "case.write", "hotline.take"]),
    ("network_coordinator", "Netzwerkkoordination", "Network coordinator",
     ["directory.manage", "coverage.view", "outreach.manage", "portal.manage", "material.order",
      "network.participate", "network.manage", "report.view"]),
    ("authority_counsellor", "Rückkehrberatung der Behörde", "Authority counsellor",
     ["referral.submit", "referral.receive", "disclosure.receive", "application.confirm", "mobile.host",
      "material.order", "network.participate"]),
    ("partner_staff", "Partnerorganisation", "Partner staff",
     ["referral.submit", "referral.receive", "mobile.host", "material.order", "network.participate"]),
    ("statistics_viewer", "Statistik", "Statistics viewer", ["report.view"]),
    ("data_protection_officer", "Datenschutzbeauftragte*r", "Data protection officer",
     ["audit.read", "privacy.manage", "privacy.erase"]),
    ("org_admin", "Administration", "Administrator", ["org.manage", "jobs.manage"]),
    ("network_admin", "Netzwerkadministration", "Network administrator",
     ["taxonomy.manage", "directory.manage", "programme.manage", "portal.manage", "outreach.manage",
      "network.participate", "network.manage"]),
]
