from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from . import services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


@router.post("/token", response=TokenOut, auth=None)
def token(request, payload: TokenIn):
    issued = services.api_token_issue(username=payload.username, password=payload.password, request=request)
    if issued is None:
        raise HttpError(401, _("Wrong username or password, or the account is locked."))
    key, record = issued
    return {"token": key, "expires_at": record.expires_at.isoformat()}
