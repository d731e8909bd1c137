"""The REST API: django-ninja under /api/v1/, OpenAPI at /api/v1/openapi.json."""

from .main import api

__all__ = ["api"]
