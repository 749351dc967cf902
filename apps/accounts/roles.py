"""The roles a fresh installation starts with. Afterwards they are data an administrator edits."""

DEFAULT_ROLES = [
    # code, German name, English name, permissions
    ("counsellor", "Rückkehrberater*in", "Counsellor", ["case.read", "case.write"]),
    ("team_lead", "Teamleitung", "Team lead",
     ["case.read", "case.write", "case.assign", "case.restricted.read", "report.view"]),
    ("hotline_agent", "Hotline", "Hotline agent", ["case.read", "case.write"]),
    ("network_coordinator", "Netzwerkkoordination", "Network coordinator", []),
    ("authority_counsellor", "Rückkehrberatung der Behörde", "Authority counsellor", []),
    ("partner_staff", "Partnerorganisation", "Partner staff", []),
    ("statistics_viewer", "Statistik", "Statistics viewer", ["report.view"]),
    ("data_protection_officer", "Datenschutzbeauftragte*r", "Data protection officer", ["audit.read"]),
    ("org_admin", "Administration", "Administrator", ["org.manage"]),
]
