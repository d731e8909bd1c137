"""Instruments as versioned data, structured professional judgement assessments, supervision levels."""
