from reintegra.access import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from reintegra.cases.selectors import unread_count

    subj = policy.subject(user)
    return {
        "nav_unread": unread_count(user),
        "nav_audit": subj.reads_audit,
        "nav_admin": user.is_staff,
        "nav_agency": subj.agency.name if subj.agency else "",
    }
