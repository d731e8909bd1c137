"""What a locked-out caller sees (django-axes calls this after too many failures)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    message = _("Too many failed sign-ins: this account is locked for a while. Ask your administrator if it is urgent.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked_out.html", {"message": message}, status=429)
