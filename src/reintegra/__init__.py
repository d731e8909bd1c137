"""Reintegra: multi-agency case management for returnees."""
