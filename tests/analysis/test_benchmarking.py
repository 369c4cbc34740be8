import math

import numpy as np
import pandas as pd
import pytest

from hscp_nb.analysis import benchmarking, indicators
from hscp_nb.domain import reference
from hscp_nb.domain.years import parse_year
from hscp_nb.present import wording


def poisson_cdf(k, mean):
    return sum(math.exp(-mean) * mean**i / math.factorial(i) for i in range(k + 1))


def binomial_cdf(k, n, p):
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def test_poisson_limit_matches_a_hand_calculation():
    # θ = 0.02 per head, n = 500 → mean 10. Upper 97.5%: F(16) = 0.9730 < 0.975 ≤ F(17) = 0.9857, so r = 17;
    # α = (F(17) − 0.975) / (F(17) − F(16)) ≈ 0.840; limit = (17 − α) / 500 ≈ 0.03232.
    f17, f16 = poisson_cdf(17, 10), poisson_cdf(16, 10)
    assert f16 < 0.975 <= f17
    hand = (17 - (f17 - 0.975) / (f17 - f16)) / 500
    assert hand == pytest.approx(0.03232, abs=2e-5)
    assert benchmarking.exact_limit(0.975, 0.02, 500, "poisson") == pytest.approx(hand, rel=1e-9)


def test_binomial_limit_matches_a_hand_calculation():
    # p = 0.5, n = 20, lower 2.5%: F(5) = 0.0207 < 0.025 ≤ F(6) = 0.0577 → r = 6; limit = (6 − α) / 20 ≈ 0.2558
    f6, f5 = binomial_cdf(6, 20, 0.5), binomial_cdf(5, 20, 0.5)
    hand = (6 - (f6 - 0.025) / (f6 - f5)) / 20
    assert hand == pytest.approx(0.2558, abs=1e-4)
    assert benchmarking.exact_limit(0.025, 0.5, 20, "binomial") == pytest.approx(hand, rel=1e-9)
    limits = benchmarking.exact_limit(0.025, 0.5, np.array([20, 200, 2000]), "binomial")
    assert list(np.diff(limits) > 0) == [True, True]  # the funnel narrows as the denominator grows


def _table(values, denominators, scot):
    codes = [p.code for p in reference.partnerships()]
    rows = [
        {
            "partnership_code": c,
            "locality": "All",
            "indicator": "NI-12",
            "year_label": "2021/22",
            "year_start": 2021,
            "period_basis": "financial",
            "time_period": "Annual",
            "numerator": v * d / 1e5,
            "denominator": d,
            "value": v,
            "estimate": False,
        }
        for c, v, d in zip(codes, values, denominators)
    ]
    rows.append(
        {
            **rows[0],
            "partnership_code": reference.SCOTLAND_CODE,
            "value": scot,
            "numerator": scot * sum(denominators) / 1e5,
            "denominator": sum(denominators),
        }
    )
    return pd.DataFrame(rows)


def test_over_dispersion_is_detected_and_widens_the_limits():
    rng = np.random.default_rng(1)
    dens = rng.integers(20_000, 500_000, 31).astype(float)
    poisson_like = [rng.poisson(0.12 * d) / d * 1e5 for d in dens]
    calm = benchmarking.funnel(_table(poisson_like, dens, 12000.0), "NI-12", parse_year(2021))
    assert not calm.overdispersed and calm.tau2 == 0
    spread = [12000 * math.exp(rng.normal(0, 0.2)) for _ in dens]
    wide = benchmarking.funnel(_table(spread, dens, 12000.0), "NI-12", parse_year(2021))
    assert wide.overdispersed and wide.tau2 > 0
    wide_gap = (wide.curve["upper_95"] - wide.curve["lower_95"]).min()
    assert wide_gap > (calm.curve["upper_95"] - calm.curve["lower_95"]).max() * 0.5
    assert "Over-dispersed" in wording.funnel_method(wide, reference.indicator("NI-12"))
    assert "Exact poisson" in wording.funnel_method(calm, reference.indicator("NI-12"))


def test_sample_funnel_for_every_rate_indicator(core_suite):
    for ind in benchmarking.FUNNEL_INDICATORS:
        f = benchmarking.funnel(core_suite.table, ind, parse_year(2025))
        assert f is not None and len(f.points) == 31
        assert (f.curve["lower_99_8"] <= f.curve["lower_95"]).all()
        assert (f.curve["upper_95"] <= f.curve["upper_99_8"]).all()
        # every point is classified against the very limits drawn at its own denominator
        for level in ("95", "99_8"):
            outside = (f.points.value < f.points[f"lower_{level}"]) | (f.points.value > f.points[f"upper_{level}"])
            assert (outside == f.points[f"outside_{level}"]).all()


def test_run_chart_rules():
    shift = benchmarking.run_chart_rules([1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 2])
    assert list(shift["shift"]) == [False] * 5 + [True] * 6 + [False]
    trend = benchmarking.run_chart_rules([3, 1, 2, 2, 3, 4, 5, 1, 3])
    assert list(trend["trend"][1:7]) == [True] * 6  # 1,2,(2 repeated: ignored),3,4,5
    assert not trend["trend"][0] and not trend["trend"][7]
    flat = benchmarking.run_chart_rules([1, 2, 1, 2, 1, 2, 1, 2])
    assert not flat["shift"].any() and not flat["trend"].any()


def test_peer_comparison_and_positions(core_suite):
    p = reference.resolve_partnership("Clackmannanshire and Stirling")
    latest = indicators.latest_rows(core_suite.table, p, parse_year(2025))
    peers = benchmarking.peer_comparison(latest)
    assert set(peers.verdict) <= {"better", "worse", "similar"}
    # no peer value for survey indicators: the rate indicators NI-11 … NI-19 only
    assert list(peers.indicator) == [f"NI-{n}" for n in range(11, 20)]
    assert (peers.set_index("indicator").verdict == latest.set_index("indicator").vs_peer[peers.indicator]).all()
    ni12 = peers.set_index("indicator").loc["NI-12"]
    assert (ni12.better_pct > 0) == (ni12.value < ni12.peer_group)  # lower admissions are better
    pos = benchmarking.positions(core_suite.table, latest)
    assert pos.groupby("indicator").size().eq(31).all()
    assert pos.groupby("indicator")["rank"].min().eq(1).all()


def _one_point_table(numerator, denominator, scotland_rate, indicator="NI-14", scale=1e3):
    """31 partnerships at Scotland's rate (large denominators) and one test point, as a funnel input."""
    codes = [p.code for p in reference.partnerships()]
    rows = []
    for i, code in enumerate(codes):
        n, d = (numerator, denominator) if i == 0 else (round(scotland_rate / scale * 20_000), 20_000)
        rows.append(
            {
                "partnership_code": code,
                "locality": "All",
                "indicator": indicator,
                "year_label": "2021/22",
                "year_start": 2021,
                "period_basis": "financial",
                "time_period": "Annual",
                "numerator": float(n),
                "denominator": float(d),
                "value": n / d * scale,
                "estimate": False,
            }
        )
    rows.append({**rows[1], "partnership_code": reference.SCOTLAND_CODE, "value": scotland_rate})
    return pd.DataFrame(rows), codes[0]


def test_funnel_verdict_agrees_with_the_drawn_exact_limit_for_ni14():
    """NI-14: 191 readmissions in 1,500 discharges (127.3 per 1,000) against Scotland 103: inside the exact 99.8%
    limit (about 127.67) although a normal approximation (127.25) would call it outside."""
    table, code = _one_point_table(191, 1500, 103.0)
    f = benchmarking.funnel(table, "NI-14", parse_year(2021))
    point = f.points.set_index("partnership_code").loc[code]
    assert not f.overdispersed
    assert point.upper_99_8 == pytest.approx(127.67, abs=0.05)
    assert point.value == pytest.approx(127.33, abs=0.01) and not point.outside_99_8 and point.outside_95
    normal = 103.0 / 1e3 + 3.0902 * math.sqrt(0.103 * 0.897 / 1500)
    assert normal * 1e3 < point.value  # the approximation the old code used would have flagged it
    # the limit drawn at this denominator is the one the point was judged by
    drawn = benchmarking.exact_limit(0.999, 0.103, np.array([1500.0]), "binomial")[0] * 1e3
    assert drawn == pytest.approx(point.upper_99_8)


def test_funnel_at_a_small_count_uses_the_exact_limit():
    """The reverse at small counts: NI-16, 2 falls in 500 people aged 65+ (4.0 per 1,000) against Scotland 22.9 is
    below the exact 99.8% limit (about 4.13), where a normal approximation (about 1.99) would see nothing."""
    table, code = _one_point_table(2, 500, 22.9, indicator="NI-16")
    f = benchmarking.funnel(table, "NI-16", parse_year(2021))
    point = f.points.set_index("partnership_code").loc[code]
    assert f.model == "poisson" and not f.overdispersed
    assert point.lower_99_8 == pytest.approx(4.13, abs=0.02)
    assert point.outside_99_8
    normal_lower = (0.0229 - 3.0902 * math.sqrt(0.0229 / 500)) * 1e3
    assert point.value > normal_lower


def _random_effects_z(value, denominator, scotland, binomial: bool):
    """Spiegelhalter (2005) §5 written out again, independently of benchmarking.py, for proportions or rates per
    unit: z = (y − θ) / √(V/n) with V = θ(1 − θ) or θ; winsorised at the 10th and 90th centiles, φ = mean z²;
    over-dispersed when I·φ exceeds the 95th centile of χ²(I − 1); then τ² = (I·φ − (I − 1)) / (Σw − Σw²/Σw) with
    w = n/V, and the adjusted z = (y − θ) / √(V/n + τ²). Returns (z, adjusted z, over-dispersed, τ²)."""
    from scipy import stats

    variance = scotland * (1 - scotland) if binomial else scotland
    z = (value - scotland) / np.sqrt(variance / denominator)
    low, high = np.percentile(z, [10, 90])
    phi = np.mean(np.clip(z, low, high) ** 2)
    count = len(z)
    overdispersed = count * phi > stats.chi2.ppf(0.95, count - 1)
    w = denominator / variance
    tau2 = max(0.0, (count * phi - (count - 1)) / (w.sum() - (w**2).sum() / w.sum())) if overdispersed else 0.0
    return z, (value - scotland) / np.sqrt(variance / denominator + tau2), overdispersed, tau2


def test_the_funnel_z_matches_the_limits_drawn_and_the_unadjusted_one_is_labelled(core_suite):
    """Highland's NI-13 had z = −23.6 beside 'inside the 95% limits': the limits were widened for over-dispersion,
    the z was not. Now ``z`` is judged on the same footing as the limits, and the raw one is ``z_unadjusted``.

    Like with like, exactly: every funnel of the sample (7 indicators, 2018/19 and 2025/26) is over-dispersed, so its
    limits are θ ± z·√(V/n + τ²), normal limits widened by τ². The z and the limits are recomputed here from the
    values, the denominators and Scotland's value as the table holds them, and |z| beyond 1.96 (3.09) must be
    exactly the points outside the 95% (99.8%) limits, for all 31. (Within the binomial or Poisson spread the limits
    are the exact ones and z is a normal approximation, so the two can differ near a limit: see the NI-14 test
    above.)"""
    from scipy import stats

    scales = {"per 100,000": 1e5, "per 1,000": 1e3, "percentage": 100.0}
    table = core_suite.table
    judged = 0
    for start in ("2018", "2025"):
        for ind_id in benchmarking.FUNNEL_INDICATORS:
            f = benchmarking.funnel(table, ind_id, parse_year(start))
            unit = reference.indicator(ind_id).unit
            scale = next(s for words, s in scales.items() if words in unit)
            scot = table[(table["indicator"] == ind_id) & (table["partnership_code"] == reference.SCOTLAND_CODE)
                         & (table["year_label"] == f.year_label) & (table["period_basis"] == f.basis)
                         & (table["time_period"] == "Annual")]  # fmt: skip
            assert len(scot) == 1, (start, ind_id)
            theta = float(scot["value"].iloc[0]) / scale
            points = f.points
            n = points["denominator"].to_numpy(float)
            y = points["value"].to_numpy(float) / scale
            z_raw, z_adjusted, overdispersed, tau2 = _random_effects_z(y, n, theta, ind_id in benchmarking.BINOMIAL)
            assert overdispersed and f.overdispersed, (start, ind_id)  # the case this test compares exactly
            np.testing.assert_allclose(points["z_unadjusted"], z_raw, rtol=1e-9, err_msg=f"{start} {ind_id}")
            np.testing.assert_allclose(points["z"], z_adjusted, rtol=1e-9, err_msg=f"{start} {ind_id}")
            variance = theta * (1 - theta) if ind_id in benchmarking.BINOMIAL else theta
            for level, suffix in ((0.95, "95"), (0.998, "99_8")):
                critical = stats.norm.ppf(1 - (1 - level) / 2)  # 1.96, 3.09
                half = critical * np.sqrt(variance / n + tau2) * scale
                np.testing.assert_allclose(points[f"upper_{suffix}"], theta * scale + half, rtol=1e-9)
                np.testing.assert_allclose(points[f"lower_{suffix}"], theta * scale - half, rtol=1e-9)
                beyond = np.abs(z_adjusted) > critical
                disagree = points.loc[beyond != points[f"outside_{suffix}"].to_numpy(), ["partnership", "z"]]
                assert disagree.empty, (start, ind_id, suffix, disagree.to_dict("records"))
                assert (points["z"].abs() > critical).tolist() == points[f"outside_{suffix}"].tolist()
            assert (points["z"].abs() <= points["z_unadjusted"].abs() + 1e-9).all()
            judged += len(points)
    assert judged == 2 * 7 * 31
    ni13 = benchmarking.funnel(table, "NI-13", parse_year("2025")).points.set_index("partnership").loc["Highland"]
    assert abs(ni13["z_unadjusted"]) > 10 and abs(ni13["z"]) < 1.96 and not ni13["outside_95"]


def test_the_peer_gap_is_in_points_for_a_percentage_and_in_percent_of_the_group_for_a_rate_from_printed_values():
    """NI-17 at 74.4% against the group's 79.2% is 4.8 points worse (not 6.1%, its relative gap); NI-18's gap comes
    from the values as printed (the reader's subtraction), while the verdict stays the rule's on the raw values."""
    import pandas as pd

    from hscp_nb.present.formats import indicator_decimals

    rows = [
        {"indicator": "NI-17", "title": "Care services graded good or better", "latest_year": "2024/25",
         "value": 74.4, "peer": 79.2, "scotland": 77.0, "shown": True},
        {"indicator": "NI-18", "title": "Adults with intensive care needs at home", "latest_year": "2024",
         "value": 67.46, "peer": 60.74, "scotland": 64.0, "shown": True},  # printed 67.5% and 60.7%: 6.8 points
        {"indicator": "NI-12", "title": "Emergency admission rate", "latest_year": "2024/25",
         "value": 11_653.4, "peer": 10_000.4, "scotland": 11_000.0, "shown": True},  # printed 11,653 and 10,000
    ]  # fmt: skip
    peers = benchmarking.peer_comparison(pd.DataFrame(rows), indicator_decimals).set_index("indicator")
    raw = benchmarking.peer_comparison(pd.DataFrame(rows)).set_index("indicator")
    assert peers.loc["NI-17", "gap"] == -4.8 and peers.loc["NI-17", "gap_unit"] == "points"
    assert peers.loc["NI-17", "better_pct"] == round((74.4 - 79.2) / 79.2 * 100, 1) == -6.1  # unchanged
    assert peers.loc["NI-18", "gap"] == 6.8  # 67.5 - 60.7, while 67.46 - 60.74 = 6.72 rounds to 6.7
    assert raw.loc["NI-18", "gap"] == 6.7
    assert peers.loc["NI-12", "gap"] == round(-(11_653 - 10_000) / 10_000 * 100, 1) == -16.5  # lower is better
    assert peers.loc["NI-12", "gap_unit"] == "% of group value"
    assert (peers["verdict"] == raw["verdict"]).all()
