"""The access policy: the ONLY place that decides who may read or change what.

Everything else asks here. Rules are data (`PolicyRule`, loaded from
`policy/default.yaml` and edited in the admin); this module turns them into database
filters, so every list is filtered by the database and never after fetching.

A user's rules, agency and break-glass rights are read once per request and kept on the
user object (`_reintegra_subject`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connections, router
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from .compartments import ALL_COMPARTMENTS
from .models import Agency, BreakGlassGrant, RolePermission, Scope


class AccessDenied(Exception):
    """Raised when the caller may not do something. Views answer 404, like not-found."""


@dataclass(frozen=True)
class Rule:
    compartment: str
    scope: str
    can_read: bool
    can_write: bool


@dataclass
class Subject:
    user_id: int | None
    agency: Agency | None
    role_codes: frozenset[str]
    rules: tuple[Rule, ...]
    may_break_glass: bool
    break_glass_minutes: int
    reads_audit: bool
    is_admin: bool
    _cache: dict = field(default_factory=dict)


_NOBODY = Subject(None, None, frozenset(), (), False, 0, False, False)


def subject(user) -> Subject:
    """The user's agency, roles and rules; cached on the user for this request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _NOBODY
    cached = getattr(user, "_reintegra_subject", None)
    if cached is not None:
        return cached
    alias, rows = _subject_rows(user.pk)
    if not rows:
        result = Subject(user.pk, None, frozenset(), (), False, 0, False, user.is_superuser)
    else:
        role_at, rule_at = len(_AGENCY_FIELDS), len(_AGENCY_FIELDS) + len(_ROLE_FIELDS)
        agency = Agency.from_db(alias, ["id", "name", "type", "country", "municipality"], rows[0][:role_at])
        # Raw rows: SQLite gives booleans as 0 and 1.
        roles = {row[role_at]: (row[role_at], bool(row[role_at + 1]), row[role_at + 2], bool(row[role_at + 3]))
                 for row in rows if row[role_at] is not None}
        rules = tuple(Rule(row[rule_at], row[rule_at + 1], bool(row[rule_at + 2]), bool(row[rule_at + 3]))
                      for row in rows if row[rule_at] is not None)
        glass = [minutes for _code, may, minutes, _audit in roles.values() if may]
        result = Subject(
            user_id=user.pk,
            agency=agency,
            role_codes=frozenset(roles),
            rules=rules,
            may_break_glass=bool(glass),
            break_glass_minutes=max(glass, default=0),
            reads_audit=any(audit for _code, _may, _minutes, audit in roles.values()),
            is_admin=user.is_superuser or "admin" in roles,
        )
        result._cache["live_grant"] = result.may_break_glass and bool(rows[0][-1])
        result._cache["permissions"] = frozenset(
            code for row in rows if row[-2] for code in row[-2].split(_JOINED_BY)
        )
    user._reintegra_subject = result
    return result


def _subject_query(*, user_id, at) -> QuerySet:
    """One query for the agency, the roles and their rules (a row per role and rule), each
    role's named permissions, and whether the user holds a break-glass grant live at `at`:
    every request asks this first, and every page asks a permission (the navigation)."""
    from .models import StaffProfile

    return (
        StaffProfile.objects.filter(user_id=user_id)
        .annotate(
            live_grant=Exists(_live_grants_of(OuterRef("user_id"), at=at)),
            role_permissions=Subquery(
                RolePermission.objects.filter(role_id=OuterRef("roles__id")).order_by()
                .values("role_id").annotate(codes=_Joined("code")).values("codes")
            ),
        )
        .values_list(*_AGENCY_FIELDS, *_ROLE_FIELDS, *_RULE_FIELDS, "role_permissions", "live_grant")
    )


# `_subject_query` differs from user to user and moment to moment only in two parameters,
# yet Django compiled it anew on every request, which cost twenty times what running it
# did (about 2 ms against 0.1 ms on SQLite). It is compiled once per process and database
# with sentinel values in those places (`_precompile`), filled in at each run.
_SUBJECT_SQL: dict[str, tuple[str, tuple]] = {}
_SENTINEL_USER = -20190420
_SENTINEL_CASE = -20190421
_SENTINEL_MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def precompile(queryset: QuerySet, connection, sentinels: dict) -> tuple[str, tuple]:
    """The SQL of `queryset` and its parameters, each sentinel value replaced by its name
    (`sentinels`: value -> name) for `run_precompiled` to fill in. Raises EmptyResultSet
    for a queryset that can match nothing, as Django's compiler does."""
    sql, params = queryset.query.get_compiler(connection=connection).as_sql()
    adapted = {
        (connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value): name
        for value, name in sentinels.items()
    }
    marked = tuple(_Slot(adapted[p]) if isinstance(p, Hashable) and p in adapted else p for p in params)
    found = {p.name for p in marked if isinstance(p, _Slot)}
    if found != set(sentinels.values()):
        raise RuntimeError(f"sentinels missing from the compiled parameters: {params!r}")
    return sql, marked


@dataclass(frozen=True)
class _Slot:
    name: str


def run_precompiled(connection, compiled: tuple[str, tuple], values: dict | None = None) -> list[tuple]:
    sql, marked = compiled
    values = values or {}
    params = [values[p.name] if isinstance(p, _Slot) else p for p in marked]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _subject_rows(user_id: int) -> tuple[str, list[tuple]]:
    """The database alias and the subject query's rows for one user."""
    from .models import StaffProfile

    alias = router.db_for_read(StaffProfile)
    connection = connections[alias]
    if alias not in _SUBJECT_SQL:
        query = _subject_query(user_id=_SENTINEL_USER, at=_SENTINEL_MOMENT)
        _SUBJECT_SQL[alias] = precompile(query, connection, {_SENTINEL_USER: "user", _SENTINEL_MOMENT: "now"})
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return alias, run_precompiled(connection, _SUBJECT_SQL[alias], {"user": user_id, "now": now})


_JOINED_BY = ","  # permission codes are dotted names (`linkage.review`), never with a comma


class _Joined(Aggregate):
    """The values of a group as one string (PostgreSQL string_agg, SQLite group_concat)."""

    function = "STRING_AGG"
    template = f"%(function)s(%(distinct)s%(expressions)s, '{_JOINED_BY}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


_AGENCY_FIELDS = ("agency_id", "agency__name", "agency__type", "agency__country", "agency__municipality")
_ROLE_FIELDS = ("roles__code", "roles__may_break_glass", "roles__break_glass_minutes", "roles__reads_audit")
_RULE_FIELDS = ("roles__rules__compartment", "roles__rules__scope", "roles__rules__can_read", "roles__rules__can_write")


# --- Scopes as database conditions on Case ---------------------------------------------
#
# Each condition is written against Case, optionally through a path (`prefix`) so the
# same rule can filter persons ("case__") or relationships ("to_person__case__").
# Team and grant conditions are uncorrelated `IN (SELECT case_id ...)` subqueries: the
# database computes them once per query instead of once per row.


def _scope_q(subj: Subject, scope: str, prefix: str = "") -> Q:
    from reintegra.cases.models import CaseTeamMember

    if scope == Scope.ALL:
        return Q(**{f"{prefix}pk__isnull": False})
    if scope == Scope.CASELOAD:
        on_team = CaseTeamMember.objects.filter(user_id=subj.user_id).values("case_id")
        return Q(**{f"{prefix}key_worker_id": subj.user_id}) | Q(**{f"{prefix}pk__in": on_team})
    if subj.agency is None:
        return Q(**{f"{prefix}pk__isnull": True})  # matches nothing
    if scope == Scope.AGENCY:
        agency_team = CaseTeamMember.objects.filter(user__staff__agency=subj.agency).values("case_id")
        return Q(**{f"{prefix}key_worker__staff__agency": subj.agency}) | Q(**{f"{prefix}pk__in": agency_team})
    if scope == Scope.JURISDICTION:
        q = Q(**{f"{prefix}country": subj.agency.country})
        if subj.agency.municipality:
            q &= Q(**{f"{prefix}municipality": subj.agency.municipality})
        return q
    raise ValueError(f"unknown scope {scope!r}")


def _live_grants_of(user_id, *, at=None) -> QuerySet:
    return BreakGlassGrant.objects.filter(user_id=user_id, expires_at__gt=at or timezone.now())


def _live_grants(subj: Subject) -> QuerySet:
    return _live_grants_of(subj.user_id)


def _has_live_grant(subj: Subject) -> bool:
    # Asked once per request (`subject` answers it with the rules): most users never hold
    # a grant, and their queries then carry no break-glass clause at all.
    if "live_grant" not in subj._cache:
        subj._cache["live_grant"] = subj.may_break_glass and _live_grants(subj).exists()
    return subj._cache["live_grant"]


def _break_glass_q(subj: Subject, prefix: str = "") -> Q:
    return Q(**{f"{prefix}pk__in": _live_grants(subj).values("case_id")})


def _rules_q(subj: Subject, rules, prefix: str = "") -> Q | None:
    q: Q | None = None
    for scope in sorted({r.scope for r in rules}):
        part = _scope_q(subj, scope, prefix)
        q = part if q is None else q | part
    return q


def case_filter(
    user, *, compartment: str | None = None, write: bool = False, prefix: str = ""
) -> Q | None:
    """A condition for the cases where the user may read (or write) a compartment.

    `compartment=None` means "any compartment": the case is visible at all. Returns None
    when nothing is allowed. Break-glass grants open every compartment for reading.
    `prefix` applies the condition through a relation (e.g. "case__" from Person).
    """
    subj = subject(user)
    rules = [
        r for r in subj.rules
        if (r.can_write if write else r.can_read)
        and (compartment is None or r.compartment == compartment)
    ]
    q = _rules_q(subj, rules, prefix)
    if not write and _has_live_grant(subj):
        glass = _break_glass_q(subj, prefix)
        q = glass if q is None else q | glass
    return q


def cases_readable(user, *, compartment: str | None = None) -> QuerySet:
    """Cases the user may read (any or one compartment of), filtered in the database."""
    from reintegra.cases.models import Case

    q = case_filter(user, compartment=compartment)
    return Case.objects.none() if q is None else Case.objects.filter(q)


def persons_visible(user) -> QuerySet:
    """Persons the user may find: returnees whose identity they may read, and the
    relatives of returnees whose family compartment they may read."""
    from reintegra.cases.models import Case
    from reintegra.people.models import Person, Relationship

    identity = case_filter(user, compartment="identity")
    family = case_filter(user, compartment="family")
    if identity is None and family is None:
        return Person.objects.none()
    # Correlated EXISTS on indexed keys: cheap per candidate, so a search that starts
    # from a few name tokens checks only those people.
    q = Q(pk__isnull=True)
    if identity is not None:
        q |= Q(Exists(Case.objects.filter(identity, person=OuterRef("pk"))))
    if family is not None:
        # Related either way round to a returnee whose family the user may read. The
        # relative's case is looked up by person id, not through a join to their person
        # row: PostgreSQL plans that in half the time and runs it faster per candidate.
        family_cases = Case.objects.filter(family)
        to_returnee = family_cases.filter(person_id=OuterRef("to_person_id"))
        from_returnee = family_cases.filter(person_id=OuterRef("from_person_id"))
        q |= Q(Exists(Relationship.objects.filter(Exists(to_returnee), from_person=OuterRef("pk"))))
        q |= Q(Exists(Relationship.objects.filter(Exists(from_returnee), to_person=OuterRef("pk"))))
    return Person.objects.filter(q)


# `persons_visible` as SQL, for the one query the ORM cannot write (search's ordered walk
# in people.selectors). Building and compiling the condition costs about as much as
# running it, and the SQL depends only on what is in the key below (the rules, and the
# user, agency and jurisdiction they name), so each process keeps it. Team membership,
# key workers and relationships are read by the SQL when it runs, never baked in. With a
# live break-glass grant the condition carries the current time: it is built afresh.
_CONDITION_CACHE: dict[tuple, tuple[str, tuple] | None] = {}
_CONDITION_CACHE_SIZE = 1000


def persons_visible_condition(user, connection) -> tuple[str, tuple] | None:
    """The WHERE condition of `persons_visible(user)`, as SQL on the person table (by its
    table name) with its parameters; None when the user may see no one."""
    from django.core.exceptions import EmptyResultSet, FullResultSet

    from reintegra.people.models import Person

    def compile_condition() -> tuple[str, tuple] | None:
        visible = persons_visible(user)
        if set(visible.query.alias_map) - {Person._meta.db_table}:
            raise RuntimeError("persons_visible() must not join other tables to the person row")
        try:
            sql, params = visible.query.get_compiler(connection=connection).compile(visible.query.where)
            return sql, tuple(params)
        except EmptyResultSet:
            return None
        except FullResultSet:
            return "1 = 1", ()

    return compiled_once(user, connection, "persons_visible", compile_condition)


def compiled_once(user, connection, name: str, compile_sql):
    """`compile_sql()`, the SQL of a query scoped to the user by this policy, computed once
    per process for everything that SQL embeds: the user, their agency's place and their
    rules (so a changed rule, role or jurisdiction compiles afresh). Django compiles a
    query anew each time, and for the policy's conditions over every compartment that
    costs more than running them. Never cached while the user holds a live break-glass
    grant: the condition then carries the current time."""
    subj = subject(user)
    key = None
    if not _has_live_grant(subj):
        agency = subj.agency
        agency_key = None if agency is None else (agency.pk, agency.country, agency.municipality)
        key = (name, connection.alias, subj.user_id, agency_key, subj.rules)
        if key in _CONDITION_CACHE:
            return _CONDITION_CACHE[key]
    result = compile_sql()
    if key is not None:
        if len(_CONDITION_CACHE) >= _CONDITION_CACHE_SIZE:
            _CONDITION_CACHE.clear()
        _CONDITION_CACHE[key] = result
    return result


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do on one case."""

    readable: frozenset[str]
    writable: frozenset[str]
    by_break_glass: bool

    @property
    def visible(self) -> bool:
        return bool(self.readable)


def case_access(user, case) -> CaseAccess:
    """Evaluate the user's rules against one case in a single query."""
    from reintegra.cases.models import Case

    subj = subject(user)
    key = ("case", case.pk)
    if key in subj._cache:
        return subj._cache[key]
    scopes = sorted({r.scope for r in subj.rules if r.can_read or r.can_write})
    annotations = {
        f"in_{scope}": ExpressionWrapper(_scope_q(subj, scope), output_field=BooleanField())
        for scope in scopes
    }
    if _has_live_grant(subj):
        annotations["in_glass"] = ExpressionWrapper(_break_glass_q(subj), output_field=BooleanField())
    if not annotations:
        row = {}
    elif list(annotations) == ["in_all"]:
        row = {"in_all": True}  # every case is in scope "all": nothing to ask the database
    else:
        # Compiled once per process and subject (the scopes embed the user, their agency
        # and place), the case filled in at each run: a case page asks this first.
        alias = router.db_for_read(Case)
        connection = connections[alias]
        names = list(annotations)

        def compile_access():
            query = Case.objects.filter(pk=_SENTINEL_CASE).annotate(**annotations).values(*names).order_by()
            return precompile(query, connection, {_SENTINEL_CASE: "case"})

        rows = run_precompiled(connection, compiled_once(user, connection, "case_access", compile_access),
                                {"case": case.pk})
        row = dict(zip(names, rows[0], strict=True)) if rows else {}
    in_scope = {scope for scope in scopes if row.get(f"in_{scope}")}
    readable = {r.compartment for r in subj.rules if r.can_read and r.scope in in_scope}
    writable = {r.compartment for r in subj.rules if r.can_write and r.scope in in_scope}
    glass = bool(row.get("in_glass"))
    if glass:
        readable = set(ALL_COMPARTMENTS)
    result = CaseAccess(frozenset(readable), frozenset(writable), glass and not _rules_cover(subj, in_scope))
    subj._cache[key] = result
    return result


def _rules_cover(subj: Subject, in_scope: set[str]) -> bool:
    covered = {r.compartment for r in subj.rules if r.can_read and r.scope in in_scope}
    return covered >= set(ALL_COMPARTMENTS)


def person_access(user, person) -> frozenset[str]:
    """Compartments of a person's own record the user may read.

    For a returnee whose case the user may read, the case's compartments. Otherwise
    (a relative, with or without a case of their own) `identity` when the user may read
    the family compartment of a related case: the same as the relative's page shows.
    """
    from reintegra.cases.selectors import case_of

    case = case_of(person)
    if case is not None:
        readable = case_access(user, case).readable
        if readable:
            return readable
    if persons_visible(user).filter(pk=person.pk).exists():
        return frozenset({"identity"})
    return frozenset()


def require_write(user, case, compartment: str) -> None:
    if compartment not in case_access(user, case).writable:
        raise AccessDenied(f"may not write {compartment}")


def require_read(user, case, compartment: str) -> None:
    if compartment not in case_access(user, case).readable:
        raise AccessDenied(f"may not read {compartment}")


# --- Named permissions (access.permissions) ---------------------------------------------
#
# A permission is a capability of a role (countersign, override, review), not a scope:
# on a case, check it together with the compartment rule it acts within.


def _permissions(subj: Subject) -> frozenset[str]:
    # `subject` reads them with the rules; a subject without roles (no staff profile,
    # not signed in) holds none.
    return subj._cache.get("permissions", frozenset())


def has_permission(user, code: str) -> bool:
    return code in _permissions(subject(user))


def require_permission(user, code: str, *, case=None, compartment: str | None = None) -> None:
    """The user holds the permission and, with a case, may write `compartment` there."""
    if not has_permission(user, code):
        raise AccessDenied(f"lacks permission {code}")
    if case is not None and compartment is not None:
        require_write(user, case, compartment)


def holders_of(code: str) -> QuerySet:
    """Users whose roles grant the permission (for choosing a countersigner, a chair...)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, staff__roles__permissions__code=code
    ).distinct()


# --- Referrals: what a provider's users may read --------------------------------------
#
# A provider's users (the staff of the provider's agency) read the referrals sent to it
# and what each shares, never the case file beyond it: their access to the case itself
# is whatever their rules say (usually none).


def referral_filter(user, *, prefix: str = "") -> Q | None:
    """Referrals the user may read: those of cases whose `programme` they may read, and
    (not drafts) those sent to their agency as provider. None when nothing is allowed."""
    q = case_filter(user, compartment="programme", prefix=f"{prefix}case__")
    agency = subject(user).agency
    if agency is not None:
        as_provider = Q(**{f"{prefix}provider__agency": agency}) & ~Q(**{f"{prefix}status": "draft"})
        q = as_provider if q is None else q | as_provider
    return q


def referral_as_provider(user, referral) -> bool:
    """The user acts for the referral's provider: may answer it and record its sessions."""
    agency = subject(user).agency
    return agency is not None and referral.provider.agency_id == agency.pk and referral.status != "draft"


# --- Break glass, audit, administration ------------------------------------------------


def may_break_glass(user) -> bool:
    return subject(user).may_break_glass


def break_glass_duration(user) -> timedelta:
    return timedelta(minutes=subject(user).break_glass_minutes)


def may_read_audit(user) -> bool:
    return subject(user).reads_audit


def may_review_break_glass(user) -> bool:
    return subject(user).reads_audit


def clear_cache(user) -> None:
    """Forget the cached decisions (after a grant is made within the same request)."""
    if hasattr(user, "_reintegra_subject"):
        del user._reintegra_subject
