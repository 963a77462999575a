"""Farrington flexible as R's ``surveillance::farringtonFlexible`` (package code, version 1.20.3)
with the improved settings of Noufaily et al. (2013).

For week k of a weekly series (frequency 52) the detector

1. takes the reference weeks k − 52·i (i = 1 … b) with a window of ± w weeks around each, and
   splits the weeks between two windows into ``no_periods − 1`` blocks, so that every past week
   from k − 52·b − w on gets one of ``no_periods`` seasonal levels (the windows share the last
   level); the current week and the ``past_weeks_not_included`` weeks before it are left out so
   that an emerging outbreak does not raise its own baseline;
2. fits a quasi-Poisson GLM, log link, ``count ~ 1 + week + level`` by iteratively reweighted least
   squares exactly as R's ``glm.fit`` does (start μ = y + 0.1, convergence when the relative
   deviance change is below 1e-8, at most 25 iterations, μ floored at the machine epsilon); if it
   does not converge it tries without the trend, and without a converging model it cannot judge;
3. down-weights past outbreaks: with φ = max(dispersion, 1) and the standardised Anscombe
   residuals s_i = 3/2 (y^{2/3} μ^{-1/6} − μ^{1/2}) / √(φ (1 − h_i)), weights γ·s_i⁻² where
   s_i > 2.58 and γ elsewhere (γ makes them sum to the number of weeks), and refits;
4. keeps the trend only if its p-value (t test on the refit) is below 0.05, b ≥ 3 and the trend
   prediction does not exceed the largest baseline count, and otherwise refits without it;
5. predicts η₀ (link scale) for the current week's level, μ₀ = exp(η₀), and takes the upper bound
   as the 1 − α quantile of a negative binomial with mean μ₀ and variance φ·μ₀ (size μ₀/(φ − 1),
   prob 1/φ), or of a Poisson with mean μ₀ when φ = 1 ("nbPlugin");
6. gives no upper bound (and no alarm) when fewer than 5 cases were counted in the last 4 weeks
   (current week included), and raises an alarm when the package's score
   (y − η₀)/(U − η₀) exceeds 1 and y ≠ 0 — which is y > U whenever U > η₀.

The package computes that score against the link-scale η₀ rather than μ₀; it is kept as the
package has it so that alarms agree. Weeks without enough history, windows with negative counts,
a missing current week or a missing week among the last four, and models that do not converge get
no bound and a reason instead of an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.stats import nbinom, poisson
from scipy.stats import t as student_t

from .base import BatchResult, FloatArray, IntArray, Judgement, Reason, as_matrix, as_weeks

EPS = float(np.finfo(float).eps)
MAXIT = 25
EPSILON = 1e-8


@dataclass(frozen=True)
class FarringtonSettings:
    """Farrington flexible's control list; defaults are Noufaily et al. (2013)'s improved settings."""

    b: int = 4
    w: int = 3
    alpha: float = 0.05
    no_periods: int = 10
    past_weeks_not_included: int = 26
    weights_threshold: float = 2.58
    reweight: bool = True
    trend: bool = True
    p_threshold_trend: float = 0.05
    limit54: tuple[int, int] = (5, 4)
    freq: int = 52

    def __post_init__(self) -> None:
        if self.b < 1:
            raise ValueError("b minimal 1 tahun")
        if not 0 <= self.w <= 10:
            raise ValueError("w harus antara 0 dan 10 minggu")
        if not 0 < self.alpha < 1:
            raise ValueError("alpha harus di antara 0 dan 1")
        if self.no_periods < 1:
            raise ValueError("no_periods minimal 1")
        period = self.freq - 2 * self.w - 1
        if self.no_periods > 1 and period < self.no_periods - 1:
            raise ValueError("no_periods terlalu besar untuk jendela ini")
        if not self.w <= self.past_weeks_not_included < self.freq * self.b:
            raise ValueError("past_weeks_not_included harus antara w dan 52·b minggu")
        if self.limit54[0] < 0 or self.limit54[1] < 1:
            raise ValueError("limit54 harus (kasus ≥ 0, minggu ≥ 1)")

    @property
    def first_week(self) -> int:
        """The first week (1-based) with enough history: 52·b + w + 1 (the package's default range)."""
        return self.freq * self.b + self.w + 1


@dataclass(frozen=True)
class _Design:
    back: IntArray  # weeks before k of each baseline row (k − back is the week)
    levels: IntArray  # seasonal level of each row (1 … no_periods)


@lru_cache(maxsize=16)
def _design(s: FarringtonSettings) -> _Design:
    """The package's ``blocks()`` for a week k, as offsets before k: the same for every k."""
    span = s.freq * s.b + s.w  # rows cover k − span … k
    f = np.full(span + 1, -1, dtype=np.int64)  # index i is week k − span + i

    def assign(first_back: int, last_back: int, value: int) -> None:
        # weeks k − first_back … k − last_back (first_back ≥ last_back)
        f[span - first_back : span - last_back + 1] = value

    p = s.no_periods
    assign(s.w, 0, p)
    for i in range(1, s.b + 1):
        ref = s.freq * i  # back of the reference week
        assign(ref + s.w, ref - s.w, p)
        if p != 1:
            period = s.freq - 2 * s.w - 1
            base, rest = divmod(period, p - 1)
            lengths = [base + 1 if j < rest else base for j in range(p - 1)]
            start = ref - s.w - 1  # back of the first week after the window
            for j, length in enumerate(lengths, start=1):
                assign(start, start - length + 1, j)
                start -= length
    f[span - s.past_weeks_not_included :] = -1
    rows = np.flatnonzero(f >= 0)
    return _Design(back=(span - rows).astype(np.int64), levels=f[rows])


def _model_matrix(levels: IntArray, back: IntArray, s: FarringtonSettings) -> tuple[FloatArray, FloatArray, int]:
    """Columns: intercept, week (centred at k, in years: the fit is the same as R's raw week
    number, only better conditioned), one indicator per seasonal level but the lowest present.
    Returns the matrix, the prediction row for week k (level ``no_periods``) and the trend column."""
    present = np.unique(levels)
    cols = [np.ones(levels.size), -back / s.freq]
    x0 = [1.0, 0.0]
    for level in present[1:]:
        cols.append((levels == level).astype(float))
        x0.append(1.0 if level == s.no_periods else 0.0)
    return np.column_stack(cols), np.array(x0), 1


@dataclass
class _Fit:
    beta: FloatArray  # (S, q)
    mu: FloatArray  # (S, n) final fitted values
    work_w: FloatArray  # (S, n) working weights of the last iteration (R's model$weights)
    a_inv: FloatArray  # (S, q, q) (XᵀWX)⁻¹ of the last iteration (R's unscaled covariance)
    converged: npt.NDArray[np.bool_]
    df_residual: npt.NDArray[np.int64]
    prior: FloatArray  # (S, n) prior weights

    def trend_test_dispersion(self, y: FloatArray) -> FloatArray:
        """The dispersion the package's trend test sees: after reweighting it stores the prior
        weights in ``model$weights``, so summary.glm sums ω·r² (r the working residual) instead of
        the working weights' μ·ω·r²."""
        r = (y - self.mu) / self.mu
        total = np.where(self.prior > 0, self.prior * r * r, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.df_residual > 0, total / self.df_residual, np.nan)

    def dispersion(self, y: FloatArray) -> FloatArray:
        """summary.glm's dispersion: Σ w·r² over positive weights / residual df."""
        r = (y - self.mu) / self.mu
        total = np.where(self.work_w > 0, self.work_w * r * r, 0.0).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.df_residual > 0, total / self.df_residual, np.nan)

    def hat(self, x: FloatArray) -> FloatArray:
        h = self.work_w * (np.matmul(x, self.a_inv) * x).sum(axis=2)
        return np.where(h > 1 - 10 * EPS, 1.0, h)


def _dev(y: FloatArray, mu: FloatArray, w: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(y > 0, w * (y * np.log(y / mu) - (y - mu)), mu * w)
    return 2 * r.sum(axis=1)


def _solve(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Batched solve and inverse; a singular system gives nan (the fit then does not converge)."""
    inv: FloatArray
    try:
        inv = np.asarray(np.linalg.inv(a), dtype=np.float64)
    except np.linalg.LinAlgError:
        inv = np.full_like(a, np.nan)
        for i in range(a.shape[0]):
            with contextlib.suppress(np.linalg.LinAlgError):
                inv[i] = np.linalg.inv(a[i])
    solution: FloatArray = np.einsum("sij,sj->si", inv, b)
    return solution, inv


class _GramPlan:
    """XᵀWX for many weight vectors at once, from the distinct non-zero column products only.

    The seasonal indicators are disjoint, so most products xᵢ·xⱼ are zero or repeat another
    (dᵢ² = 1·dᵢ): 33 distinct columns instead of 144 for the default model, one matrix product.
    """

    def __init__(self, x: FloatArray) -> None:
        q = x.shape[1]
        features: list[FloatArray] = []
        seen: dict[bytes, int] = {}
        rows, cols, which = [], [], []
        for i in range(q):
            for j in range(i, q):
                product = x[:, i] * x[:, j]
                if not product.any():
                    continue
                key = product.tobytes()
                if key not in seen:
                    seen[key] = len(features)
                    features.append(product)
                rows.append(i)
                cols.append(j)
                which.append(seen[key])
        self.q = q
        self.features = np.column_stack(features)
        self.rows, self.cols, self.which = np.array(rows), np.array(cols), np.array(which)

    def xtwx(self, w: FloatArray) -> FloatArray:
        sums = w @ self.features
        out = np.zeros((w.shape[0], self.q, self.q))
        out[:, self.rows, self.cols] = sums[:, self.which]
        out[:, self.cols, self.rows] = sums[:, self.which]
        return out


def _irls(x: FloatArray, y: FloatArray, prior: FloatArray) -> _Fit:
    """R's glm.fit for the quasi-Poisson family with log link, for many responses at once.

    Each series stops at its own convergence as R's loop does, so the numbers (and the
    converged flag after 25 iterations) are the package's.
    """
    n_series = y.shape[0]
    q = x.shape[1]
    gram = _GramPlan(x)
    mu = y + 0.1
    eta = np.log(mu)
    devold = _dev(y, mu, prior)
    beta = np.zeros((n_series, q))
    work_w = np.zeros_like(y)
    a_inv = np.full((n_series, q, q), np.nan)
    converged = np.zeros(n_series, dtype=bool)
    done = np.zeros(n_series, dtype=bool)
    for _ in range(MAXIT):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        ya, mua, etaa, pa = y[act], mu[act], eta[act], prior[act]
        z = etaa + (ya - mua) / mua
        w = pa * mua  # weights · (dμ/dη)² / V(μ) with dμ/dη = V(μ) = μ
        xtwx = gram.xtwx(w)
        xtwz = (w * z) @ x
        new_beta, inv = _solve(xtwx, xtwz)
        finite = np.isfinite(new_beta).all(axis=1)
        new_eta = new_beta @ x.T
        with np.errstate(over="ignore"):
            new_mu = np.maximum(np.exp(new_eta), EPS)
        dev = _dev(ya, new_mu, pa)
        with np.errstate(invalid="ignore"):
            conv = np.abs(dev - devold[act]) / (0.1 + np.abs(dev)) < EPSILON
        # Non-finite coefficients stop that series' loop unconverged, as glm.fit breaks.
        ok = finite
        idx = act[ok]
        beta[idx], eta[idx], mu[idx] = new_beta[ok], new_eta[ok], new_mu[ok]
        work_w[idx], a_inv[idx], devold[idx] = w[ok], inv[ok], dev[ok]
        converged[act[ok & conv]] = True
        done[act[~ok | conv]] = True
    n_ok = (prior != 0).sum(axis=1)
    return _Fit(beta, mu, work_w, a_inv, converged, (n_ok - q).astype(np.int64), prior)


def _fit_glm(x: FloatArray, y: FloatArray, s: FarringtonSettings) -> tuple[_Fit, _Fit, FloatArray]:
    """The package's fitGLM.flexible without its fallback: the first fit (for its converged flag),
    the reweighted fit, and φ of the reweighted fit."""
    first = _irls(x, y, np.ones_like(y))
    if not s.reweight:
        return first, first, np.fmax(first.dispersion(y), 1.0)
    phi0 = np.fmax(first.dispersion(y), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        anscombe = 1.5 * (y ** (2 / 3) * first.mu ** (-1 / 6) - first.mu**0.5)
        sres = anscombe / np.sqrt(phi0[:, None] * (1 - first.hat(x)))
        big = sres > s.weights_threshold
        inv_sq = sres ** (-2.0)
        gamma = y.shape[1] / np.where(big, inv_sq, 1.0).sum(axis=1)
        omega = np.where(big, gamma[:, None] * inv_sq, gamma[:, None])
    second = _irls(x, y, omega)
    return first, second, np.fmax(second.dispersion(y), 1.0)


def _quantile(target: FloatArray, cdf: Any, start: FloatArray) -> FloatArray:
    """Smallest y with F(y) ≥ target·(1 − 64ε), as R's qnbinom/qpois search it."""
    goal = target * (1 - 64 * EPS)
    y = np.where(np.isfinite(start), np.maximum(start, 0), 0.0)
    for _ in range(200):
        down = (y > 0) & (cdf(np.maximum(y - 1, 0)) >= goal)
        if not down.any():
            break
        y = np.where(down, y - 1, y)
    for _ in range(200):
        up = cdf(y) < goal
        if not up.any():
            break
        y = np.where(up, y + 1, y)
    return y


def upper_quantile(mu0: FloatArray, phi: FloatArray, alpha: float) -> FloatArray:
    """The nbPlugin upper bound: qnbinom(1 − α, μ₀/(φ − 1), 1/φ), or qpois(1 − α, μ₀) when φ = 1."""
    mu0 = np.asarray(mu0, dtype=float)
    phi = np.asarray(phi, dtype=float)
    out = np.full(mu0.shape, np.nan)
    finite = np.isfinite(mu0) & np.isfinite(phi)
    nb = finite & (phi > 1)
    po = finite & ~(phi > 1)
    p = 1 - alpha
    if nb.any():
        size, prob = mu0[nb] / (phi[nb] - 1), 1 / phi[nb]
        target = np.full(size.shape, p)
        out[nb] = _quantile(target, lambda v: nbinom.cdf(v, size, prob), nbinom.ppf(target, size, prob))
    if po.any():
        lam = mu0[po]
        target = np.full(lam.shape, p)
        out[po] = _quantile(target, lambda v: poisson.cdf(v, lam), poisson.ppf(target, lam))
    return out


@dataclass
class _WeekAnswer:
    eta0: FloatArray
    phi: FloatArray
    trend: npt.NDArray[np.bool_]
    ok: npt.NDArray[np.bool_]


def _predict_week(x: FloatArray, x0: FloatArray, tcol: int, y: FloatArray, s: FarringtonSettings) -> _WeekAnswer:
    """η₀, φ and the trend decision for one week, for every response row of ``y``."""
    n_series = y.shape[0]
    eta0 = np.full(n_series, np.nan)
    phi = np.full(n_series, np.nan)
    trend = np.zeros(n_series, dtype=bool)
    ok = np.zeros(n_series, dtype=bool)
    x_nt = np.delete(x, tcol, axis=1)
    x0_nt = np.delete(x0, tcol)
    b0, b1, b_phi = _fit_glm(x_nt, y, s)  # without trend
    no_trend_ok = b0.converged
    if s.trend:
        a0, a1, a_phi = _fit_glm(x, y, s)
        with_trend = a0.converged
        # The trend stays if significant, b ≥ 3 and the prediction is no extrapolation.
        est = a1.beta[:, tcol]
        disp = a1.trend_test_dispersion(y) if s.reweight else a1.dispersion(y)
        se = np.sqrt(disp * a1.a_inv[:, tcol, tcol])
        with np.errstate(divide="ignore", invalid="ignore"):
            pval = 2 * student_t.sf(np.abs(est / se), np.maximum(a1.df_residual, 1))
            pred = np.maximum(np.exp(a1.beta @ x0), EPS)
        keep = with_trend & (s.b >= 3) & (pval < s.p_threshold_trend) & (pred <= y.max(axis=1))
        trend = keep
        eta0 = np.where(keep, a1.beta @ x0, eta0)
        phi = np.where(keep, a_phi, phi)
        ok |= keep
    rest = ~ok & no_trend_ok
    eta0 = np.where(rest, b1.beta @ x0_nt, eta0)
    phi = np.where(rest, b_phi, phi)
    ok |= rest
    return _WeekAnswer(eta0, phi, trend, ok)


def farrington_batch(
    counts: Any,
    weeks: Sequence[int] | range | npt.NDArray[Any] | None = None,
    settings: FarringtonSettings | None = None,
    **overrides: Any,
) -> BatchResult:
    """Farrington flexible for many series at once.

    ``counts``: ``(series, weeks)`` floats, nan for a missing week. ``weeks``: 1-based weeks to
    judge (default: from ``settings.first_week`` to the end). ``overrides`` replace settings
    fields (``b=3, w=2, alpha=0.01`` …). Extra arrays: ``expected`` (μ₀), ``phi`` and ``trend``
    (1 where the trend was kept).
    """
    s = settings or FarringtonSettings()
    if overrides:
        s = FarringtonSettings(**{**s.__dict__, **overrides})
    y = as_matrix(counts)
    n_series, n_weeks = y.shape
    judged = as_weeks(weeks, n_weeks, s.first_week)
    shape = (n_series, judged.size)
    upper = np.full(shape, np.nan)
    alarm = np.zeros(shape, dtype=bool)
    reason = np.zeros(shape, dtype=np.int8)
    expected = np.full(shape, np.nan)
    phi_out = np.full(shape, np.nan)
    trend_out = np.full(shape, np.nan)
    observed = y[:, judged - 1] if judged.size else np.zeros(shape)

    design = _design(s)
    x_full, x0_full, tcol = _model_matrix(design.levels, design.back, s)
    cases, recent = s.limit54
    for col, k in enumerate(judged):
        if k < s.first_week:
            reason[:, col] = Reason.SHORT_HISTORY
            continue
        base = y[:, k - 1 - design.back]  # (S, n) baseline rows
        last = y[:, k - recent : k]
        with np.errstate(invalid="ignore"):
            negative = (base < 0).any(axis=1) | (last < 0).any(axis=1)
            recent_gap = np.isnan(last).any(axis=1)
            enough = np.nansum(last, axis=1) >= cases
        reason[negative, col] = Reason.NEGATIVE
        reason[~negative & recent_gap, col] = Reason.GAP
        few = ~negative & ~recent_gap & ~enough
        reason[few, col] = Reason.FEW_CASES
        todo = np.flatnonzero(reason[:, col] == Reason.OK)
        if todo.size == 0:
            continue
        base_gap = np.isnan(base[todo]).any(axis=1)
        eta0 = np.full(todo.size, np.nan)
        phi = np.full(todo.size, np.nan)
        trend = np.zeros(todo.size, dtype=bool)
        ok = np.zeros(todo.size, dtype=bool)
        full = np.flatnonzero(~base_gap)
        if full.size:
            ans = _predict_week(x_full, x0_full, tcol, base[todo[full]], s)
            eta0[full], phi[full], trend[full], ok[full] = ans.eta0, ans.phi, ans.trend, ans.ok
        too_gappy = np.zeros(todo.size, dtype=bool)
        for i in np.flatnonzero(base_gap):
            # Missing baseline weeks are left out of the fit, as the package drops NA responses.
            keep = ~np.isnan(base[todo[i]])
            levels = design.levels[keep]
            x_i, x0_i, t_i = _model_matrix(levels, design.back[keep], s)
            if s.no_periods not in levels or keep.sum() <= x_i.shape[1]:
                # Nothing left of the current week's season, or no residual degrees of freedom.
                too_gappy[i] = True
                continue
            ans = _predict_week(x_i, x0_i, t_i, base[todo[i]][keep][None, :], s)
            eta0[i], phi[i], trend[i], ok[i] = ans.eta0[0], ans.phi[0], ans.trend[0], ans.ok[0]
        rows = todo
        reason[rows[~ok & ~too_gappy], col] = Reason.NO_CONVERGENCE
        reason[rows[too_gappy], col] = Reason.GAP
        with np.errstate(over="ignore"):
            mu0 = np.exp(eta0)
        ub = upper_quantile(np.where(ok, mu0, np.nan), phi, s.alpha)
        reason[rows[ok & ~np.isfinite(ub)], col] = Reason.NO_THRESHOLD
        good = ok & np.isfinite(ub)
        yk = y[rows, k - 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            score = (yk - eta0) / (ub - eta0)
            fire = good & (score > 1) & (yk != 0)
        upper[rows[good], col] = ub[good]
        alarm[rows, col] = fire
        expected[rows[good], col] = mu0[good]
        phi_out[rows[good], col] = phi[good]
        trend_out[rows[good], col] = trend[good].astype(float)
    return BatchResult(
        weeks=judged,
        observed=observed,
        upperbound=upper,
        alarm=alarm,
        reason=reason,
        extra={"expected": expected, "phi": phi_out, "trend": trend_out},
    )


def farrington(
    series: Sequence[float | None] | FloatArray,
    week: int,
    settings: FarringtonSettings | None = None,
    **overrides: Any,
) -> Judgement:
    """One series, one week (1-based)."""
    return farrington_batch(series, [week], settings, **overrides).judgement(0, 0)


__all__ = ["FarringtonSettings", "farrington", "farrington_batch", "upper_quantile"]
