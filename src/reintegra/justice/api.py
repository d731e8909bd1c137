"""The justice API, mounted at /api/v1/justice/."""

from ninja import Router

router = Router(tags=["justice"])
