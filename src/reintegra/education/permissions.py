"""Named permissions this app checks (see access.permissions). Education writes need only
the `education` compartment rule (the school role writes it for its caseload)."""

PERMISSIONS: dict = {}
