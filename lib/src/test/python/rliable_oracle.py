"""Oracle for rrl.stats (RliableOracleTest): rliable's estimators on the score matrices the test writes.

Usage: rliable_oracle.py INPUT.json  -> prints one JSON object on stdout.

INPUT: {"scores": {name: [[run x task]]}, "gamma": g, "taus": [..], "reps": R, "profile_reps": P, "seed": s,
        "poi": [[x, y], ..], "ttest": [x, y, task]}
rliable draws its resamples from numpy's global generator (np.random.choice), so the seed is set with np.random.seed
before each call.
"""
import importlib.metadata
import json
import sys

import numpy as np
import scipy.stats
from rliable import library as rly
from rliable import metrics


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    scores = {k: np.asarray(v, dtype=np.float64) for k, v in spec["scores"].items()}
    gamma = spec["gamma"]
    taus = np.asarray(spec["taus"], dtype=np.float64)
    reps, profile_reps, seed = spec["reps"], spec["profile_reps"], spec["seed"]
    out = {"rliable": importlib.metadata.version("rliable"), "aggregates": {}, "profiles": {}, "average_profiles": {},
           "poi": {}}

    def aggregates(x):
        return np.array([metrics.aggregate_median(x), metrics.aggregate_iqm(x), metrics.aggregate_mean(x),
                         metrics.aggregate_optimality_gap(x, gamma)])

    np.random.seed(seed)
    points, intervals = rly.get_interval_estimates(scores, aggregates, reps=reps)
    for k in scores:
        out["aggregates"][k] = {"point": points[k].tolist(), "low": intervals[k][0].tolist(),
                                "high": intervals[k][1].tolist()}

    for key, use_sd in (("profiles", True), ("average_profiles", False)):
        np.random.seed(seed)
        prof, prof_ci = rly.create_performance_profile(scores, taus, use_score_distribution=use_sd,
                                                       reps=profile_reps)
        for k in scores:
            out[key][k] = {"point": np.asarray(prof[k]).tolist(), "low": prof_ci[k][0].tolist(),
                           "high": prof_ci[k][1].tolist()}

    for x, y in spec["poi"]:
        np.random.seed(seed)
        pairs = {x + "," + y: (scores[x], scores[y])}
        p, ci = rly.get_interval_estimates(pairs, metrics.probability_of_improvement, reps=reps)
        point, ends = np.ravel(p[x + "," + y]), np.ravel(ci[x + "," + y])
        out["poi"][x + "," + y] = {"point": float(point[0]), "low": float(ends[0]), "high": float(ends[1])}

    x, y, task = spec["ttest"]
    a, b = scores[x][:, task], scores[y][:, task]
    n = min(len(a), len(b))
    rel = scipy.stats.ttest_rel(a[:n], b[:n])
    welch = scipy.stats.ttest_ind(a, b, equal_var=False)
    out["ttest_rel"] = {"statistic": float(rel.statistic), "pvalue": float(rel.pvalue), "df": float(rel.df)}
    out["ttest_welch"] = {"statistic": float(welch.statistic), "pvalue": float(welch.pvalue), "df": float(welch.df)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
