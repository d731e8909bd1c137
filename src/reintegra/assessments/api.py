"""The assessments API, mounted at /api/v1/assessments/."""

from ninja import Router

router = Router(tags=["assessments"])
