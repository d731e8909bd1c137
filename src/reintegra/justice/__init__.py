"""Proceedings, measures, sentences, custody and placements, release planning, probation and supervision."""
