"""What locking an assessment sets off in other apps: a small registry.

An app that acts on a locked assessment registers a hook for the instrument's code:

    from reintegra.assessments.consequences import on_locked

    @on_locked("education-profile")
    def start_education_plan(*, assessment, actor) -> bool:
        ...  # create the individual education plan
        return True  # handled: the default below is not run

Hooks run inside the transaction that locks the assessment. When no hook handles the
education placement profile, a `cases.Task` asks the education agency (the assessor's)
to start the individual education plan, so nothing is lost before the education app
registers its hook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_HOOKS: dict[str, list[Callable[..., bool]]] = defaultdict(list)


def on_locked(instrument_code: str):
    def register(fn: Callable[..., bool]) -> Callable[..., bool]:
        _HOOKS[instrument_code].append(fn)
        return fn

    return register


def hooks_for(instrument_code: str) -> list[Callable[..., bool]]:
    return list(_HOOKS.get(instrument_code, ()))


def unregister(instrument_code: str, fn) -> None:
    """For tests."""
    if fn in _HOOKS.get(instrument_code, ()):
        _HOOKS[instrument_code].remove(fn)
