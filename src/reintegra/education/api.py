"""The education API, mounted at /api/v1/education/."""

from ninja import Router

router = Router(tags=["education"])
