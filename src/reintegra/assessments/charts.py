"""Vega-Lite specs (built with altair) for a person's assessments over time.

The page draws them with vega-embed from the locally served npm packages; the same spec
can be rendered to SVG for a PDF with vl-convert-python.
"""

from __future__ import annotations

import altair as alt
from django.utils.translation import gettext as _


def history_chart(*, points: list[dict], profiles: list[dict], levels: list[str], title: str) -> dict:
    """Two panels over the same dates: the overall judgement at each assessment (levels in
    the instrument's order), and each domain's profile (mean position of the items on
    their scale, 0 = lowest option, 1 = highest; descriptive, not a score)."""
    date_axis = alt.X("date:T", title=_("Date"), axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, tickCount=6))
    level_panel = (
        alt.Chart(alt.Data(values=points), title=_("Overall judgement: %(title)s") % {"title": title})
        .mark_line(point=alt.OverlayMarkDef(size=90, filled=True), strokeWidth=2, interpolate="step-after")
        .encode(
            x=date_axis,
            y=alt.Y("level:O", sort=list(reversed(levels)), scale=alt.Scale(domain=list(reversed(levels))),
                    title=_("Level")),
            tooltip=[alt.Tooltip("date:T", title=_("Date")), alt.Tooltip("level:N", title=_("Level")),
                     alt.Tooltip("assessment:N", title=_("Assessment")),
                     alt.Tooltip("assessor:N", title=_("Assessor"))],
        )
        .properties(width=640, height=140)
    )
    profile_panel = (
        alt.Chart(alt.Data(values=profiles), title=_("Domain profile (descriptive, not a score)"))
        .mark_line(point=True)
        .encode(
            x=date_axis,
            y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1]),
                    title=_("Mean item rating (0 lowest, 1 highest)")),
            color=alt.Color("domain:N", title=_("Domain"), legend=alt.Legend(orient="bottom", columns=2,
                                                                             labelLimit=320)),
            tooltip=[alt.Tooltip("date:T", title=_("Date")), alt.Tooltip("domain:N", title=_("Domain")),
                     alt.Tooltip("value:Q", title=_("Profile"), format=".2f")],
        )
        .properties(width=640, height=220)
    )
    return alt.vconcat(level_panel, profile_panel).resolve_scale(color="independent").to_dict()
