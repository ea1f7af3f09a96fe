#!/usr/bin/python3
"""The scoring half of `make bench`'s comparison: what lifetimes does, vectorised with NumPy and
SciPy, on the same customers and the same fitted models as the SQL it is compared with.

    score_numpy.py CUSTOMERS_CSV MODEL_CSV periods period_length discount_rate

CUSTOMERS_CSV has columns frequency, recency, t, monetary; MODEL_CSV one row r, alpha, a, b (BG/NBD)
and p, q, v (Gamma-Gamma); no headers. Prints one line per figure:
    <what>|<best of 3, ms>
The formulas are lifetimes 0.11's BetaGeoFitter.conditional_probability_alive,
.conditional_expected_number_of_purchases_up_to_time, GammaGammaFitter
.conditional_expected_average_profit and utils._customer_lifetime_value (which calls the
expected-purchases function twice per period), with the time to read the file left out.
"""
import sys
import time

import numpy as np
from scipy.special import hyp2f1


def p_alive(r, alpha, a, b, x, tx, T):
    log_div = (r + x) * np.log((alpha + T) / (alpha + tx)) + np.log(a / (b + np.maximum(x, 1) - 1))
    return np.where(x == 0, 1.0, 1.0 / (1 + np.exp(log_div)))


def expected(r, alpha, a, b, t, x, tx, T):
    _a, _b, _c, _z = r + x, b + x, a + b + x - 1, t / (alpha + T + t)
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_hyp = np.log(hyp2f1(_a, _b, _c, _z))
        alt = np.log(hyp2f1(_c - _a, _c - _b, _c, _z)) + (_c - _a - _b) * np.log(1 - _z)
    ln_hyp = np.where(np.isinf(ln_hyp), alt, ln_hyp)
    first = (a + b + x - 1) / (a - 1)
    second = 1 - np.exp(ln_hyp + (r + x) * np.log((alpha + T) / (alpha + t + T)))
    den = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return first * second / den


def spend(p, q, v, x, m):
    mean = v * p / (q - 1)
    w = p * x / (p * x + q - 1)
    return (1 - w) * mean + w * m


def clv(r, alpha, a, b, p, q, v, x, tx, T, m, periods, length, d):
    s = spend(p, q, v, x, m)
    total = np.zeros_like(x)
    for i in range(1, periods + 1):
        n = expected(r, alpha, a, b, i * length, x, tx, T) - expected(r, alpha, a, b, (i - 1) * length, x, tx, T)
        total += s * n / (1 + d) ** i
    return total


def best_ms(f, runs=3):
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        best = min(best, (time.perf_counter() - t0) * 1000)
    return best


def main():
    path = sys.argv[1]
    with open(sys.argv[2]) as f:
        r, alpha, a, b, p, q, v = map(float, f.read().strip().split(","))
    periods, length, d = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    x, tx, T, m = (np.ascontiguousarray(data[:, i]) for i in range(4))
    figures = [
        ("p_alive", lambda: p_alive(r, alpha, a, b, x, tx, T)),
        ("expected_purchases", lambda: expected(r, alpha, a, b, 52.0, x, tx, T)),
        ("clv", lambda: clv(r, alpha, a, b, p, q, v, x, tx, T, m, periods, length, d)),
        ("all_three", lambda: (p_alive(r, alpha, a, b, x, tx, T), expected(r, alpha, a, b, 52.0, x, tx, T),
                               clv(r, alpha, a, b, p, q, v, x, tx, T, m, periods, length, d))),
    ]
    for name, f in figures:
        print(f"{name}|{best_ms(f):.1f}")
    # a checksum, compared by the bench with the SQL result
    print(f"sum_p_alive|{p_alive(r, alpha, a, b, x, tx, T).sum():.6f}")
    print(f"sum_clv|{clv(r, alpha, a, b, p, q, v, x, tx, T, m, periods, length, d).sum():.4f}")


if __name__ == "__main__":
    main()
