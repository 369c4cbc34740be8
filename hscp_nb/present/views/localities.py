"""The localities section's views: engagement, spend against population share, boundary changes and the locality
indicators."""

from __future__ import annotations

import pandas as pd

from hscp_nb.analysis import localities
from hscp_nb.document.blocks import Blocks
from hscp_nb.domain.reference import indicator as get_indicator
from hscp_nb.present import charts, figures, wording
from hscp_nb.present.formats import count, percent
from hscp_nb.present.section import Section


def locality_engagement(ctx: Section) -> Blocks:
    rows = localities.engagement(ctx.returns, ctx.year)
    if rows.empty:
        return Blocks(
            ctx.missing("LOC-1", "Localities", "the returns hold no localities for this year"),
            ctx.missing("LOC-2", "Localities", "the returns hold no localities for this year"),
        )
    shown = rows.rename(
        columns={
            "locality": "Locality",
            "engagement": "Engagement arrangements",
            "contribution": "Contribution to services",
        }
    )
    ctx.met("LOC-2", "Localities › engagement table")
    return ctx.table(
        shown,
        "locality-engagement",
        caption=f"How each locality is consulted and involved, {ctx.year.label}",
        requirement="LOC-1",
        data=rows,
        quoted=("Engagement arrangements", "Contribution to services"),
    )


def locality_shares(ctx: Section) -> Blocks:
    long = localities.shares(ctx.returns, ctx.year)
    if long.empty:
        return ctx.missing("LOC-3", "Localities", "the returns hold no locality spend in the window")
    matrix = localities.share_matrix(long, ctx.year)
    shown = matrix.rename(columns={"locality": "Locality"})
    for column in shown.columns[1:]:
        shown[column] = shown[column].map(percent)
    parts = [
        ctx.table(
            shown,
            "locality-spend-share",
            caption="Share of spend by locality over the window (– : locality did not exist)",
            data=long,
            requirement="LOC-3",
        )
    ]
    window_years = [y.label for y in ctx.year.window()]
    missing = [y for y in window_years if y not in set(long["year"])]
    if missing:
        parts.append(ctx.text("No locality returns for " + ", ".join(missing) + "."))
    latest = long[long["year"] == ctx.year.label]
    if len(latest):
        fig = charts.dumbbell(
            latest,
            label="locality",
            first="population_share",
            second="spend_share",
            first_label="Population share",
            second_label="Spend share",
            xlabel="% of partnership total",
            title=f"Spend share against population share by locality, {ctx.year.label}",
            source=ctx.returns_source,
        )
        gaps = latest.assign(gap=latest["spend_share"] - latest["population_share"])
        most = gaps.loc[gaps["gap"].abs().idxmax()]
        n = count(len(latest)).of(figure="Number of localities")
        population = percent(most["population_share"]).of(figure=f"{most['locality']}: share of population")
        spend = percent(most["spend_share"]).of(figure=f"{most['locality']}: share of spend")
        alt = (
            f"Dot chart comparing each of {n} localities' share of population and share of spend, "
            f"{ctx.year.label}. The widest gap: {most['locality']}, population {population}, spend {spend}. The "
            "table above holds every locality."
        )
        parts.append(
            ctx.chart(
                fig,
                "locality-spend-vs-population",
                source=ctx.returns_source,
                alt=alt,
                data=latest,
                caption="Spend share against population share",
                values=[n, population, spend],
            )
        )
    return Blocks(*parts)


def locality_boundaries(ctx: Section) -> Blocks:
    notes = wording.locality_changes(ctx.partnership, localities.locality_changes(ctx.partnership, ctx.year))
    if not notes:
        return ctx.text("The locality boundaries and names did not change within the window.")
    return Blocks(ctx.text("Locality changes within the window:"), ctx.bullets(notes))


def locality_indicators(ctx: Section) -> Blocks:
    extract = ctx.locality_data.table if ctx.locality_data else None
    table = localities.indicator_comparison(extract, ctx.national.table, ctx.partnership, ctx.year)
    if table.empty:
        return ctx.text("No locality-level indicator data are available for this partnership and year.")
    parts = []
    for ind_id, group in table.groupby("indicator", sort=False):
        ind = get_indicator(ind_id)

        def shown_in_unit(values, areas, ind=ind, years=tuple(group["year"])):
            """Each value declared as the indicator's value for its area and year (the partnership's and Scotland's
            are the same ledger rows as in the indicators section)."""
            return [figures.window_value(ind, area, year, value) for value, area, year in zip(values, areas, years)]

        shown = pd.DataFrame({
            "Locality": group["locality"], "Value": shown_in_unit(group["value"], group["locality"]),
            ctx.partnership.name: shown_in_unit(group["partnership"], [ctx.partnership.name] * len(group)),
            "Scotland": shown_in_unit(group["scotland"], ["Scotland"] * len(group)),
            "Against partnership": [
                wording.against_partnership(v, x, p, ind, loc, ctx.partnership.name, year) for v, x, p, loc, year
                in zip(group["vs_partnership"], group["value"], group["partnership"], group["locality"], group["year"])
            ],
        })  # fmt: skip
        parts.append(
            ctx.table(
                shown,
                f"{ind.slug}-localities",
                caption=f"{ind.id} {ind.title} ({ind.unit_short}) by locality, {group['year'].iloc[0]}",
                data=group,
                unit=ind.unit_short,
                source=f"{ctx.locality_source} {ctx.national_source}",
            )
        )
        parts += [ctx.text(note) for note in wording.locality_source_notes(group, ctx.partnership, ind)]
    return Blocks(*parts)
