"""Multi-agency case conferences: agenda, per-participant summaries, decisions, actions, minutes."""
