"""Named permissions this app checks (see access.permissions)."""

PERMISSIONS: dict = {}
