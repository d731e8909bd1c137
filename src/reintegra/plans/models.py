"""Rehabilitation and reintegration plans, pathways, goals, services, providers, referrals and sessions."""
