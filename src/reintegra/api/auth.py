from ninja.security import HttpBearer

from reintegra.access.services import api_token_user


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` from POST /api/v1/auth/token."""

    def authenticate(self, request, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user  # so the audit log and the policy see the caller
        return user
