# The audit log is deliberately absent from the admin: it is append-only and read by the
# data-protection officer in the audit viewer, not edited by administrators.
