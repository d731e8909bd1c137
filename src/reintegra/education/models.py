"""School enrolment, grade placement, catch-up support, attendance and individual education plans."""
