from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from reintegra.access import policy
from reintegra.audit.services import audit_record
from reintegra.cases.compartments import person_identity
from reintegra.cases.selectors import case_of, family_of

from . import selectors, services

PAGE_SIZE = 25


@login_required
def person_search(request):
    query = request.GET.get("q", "").strip()
    page = people = result = None
    if query:
        result = selectors.person_search_ids(request.user, query)
        page = Paginator(result.ids, PAGE_SIZE).get_page(request.GET.get("page"))
        people = selectors.persons_for_display(request.user, list(page.object_list))
        services.search_record(
            user=request.user, request=request, query=query, found=result.count, more=result.truncated
        )
    context = {"query": query, "page": page, "people": people, "result": result}
    if request.htmx:
        return render(request, "people/search.html#results", context)
    return render(request, "people/search.html", context)


@login_required
def person_detail(request, person_id: int):
    """A relative without a case of their own; a returnee's page is their case."""
    person = selectors.person_get_visible(request.user, person_id)
    if person is None:
        raise Http404
    case = case_of(person)
    if case is not None and policy.case_access(request.user, case).visible:
        return redirect("case-detail", case_id=case.pk)
    # A relative seen through a family tab: who they are and the family the user may see,
    # nothing of a case of their own the user may not open.
    identity = person_identity(person)
    family = family_of(request.user, person)
    audit_record(  # its own transaction (see cases.selectors.case_file_read)
        user=request.user, action="read", request=request, object_type="person",
        object_id=person.pk, person_id=person.pk, compartments=["identity", "family"],
        detail={"relatives_shown": sorted(r["person_id"] for r in family["relatives"])},
    )
    return render(request, "people/person_detail.html", {"person": person, "identity": identity, "family": family})
