#!/usr/bin/env python3
"""Turns the JMH JSON files of one bench/run.sh session into markdown tables:
ops/ms (± 99.9% error) per pool per thread count, and bytes allocated per operation."""
import glob
import json
import os
import sys

results_dir = sys.argv[1]
rows = {}  # bench -> pool -> threads -> (score, error, bytes/op)
for path in sorted(glob.glob(os.path.join(results_dir, "jmh-*.json"))):
    with open(path) as f:
        for r in json.load(f):
            bench = r["benchmark"].split(".")[-2]
            pool = r.get("params", {}).get("pool", "-")
            norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            norm = norm if isinstance(norm, (int, float)) else None
            pm = r["primaryMetric"]
            if not isinstance(pm["score"], (int, float)):
                continue
            rows.setdefault(bench, {}).setdefault(pool, {})[r["threads"]] = (pm["score"], pm["scoreError"], norm)

for bench, pools in rows.items():
    threads = sorted({t for p in pools.values() for t in p})
    ref = pools.get("hikari") or pools.get("stormpot")
    ref_name = "hikari" if "hikari" in pools else "stormpot"
    print(f"#### {bench}: ops/ms (± 99.9% error); × = ratio to {ref_name}\n")
    print("| pool | " + " | ".join(f"{t} thr" for t in threads) + " | " + " | ".join(f"bytes/op @{t}" for t in threads) + " |")
    print("|---|" + "---|" * (2 * len(threads)))
    for pool, by_t in pools.items():
        cells = []
        for t in threads:
            if t not in by_t:
                cells.append("—")
                continue
            score, err, _ = by_t[t]
            ratio = ""
            if ref and t in ref and ref[t][0] > 0:
                ratio = f" ×{score / ref[t][0]:.2f}"
            err_s = f" ± {err:,.0f}" if isinstance(err, (int, float)) and err == err else ""
            cells.append(f"{score:,.0f}{err_s}{ratio}")
        allocs = []
        for t in threads:
            norm = by_t.get(t, (0, 0, None))[2]
            allocs.append("—" if norm is None else f"{norm:.0f}")
        print(f"| {pool} | " + " | ".join(cells) + " | " + " | ".join(allocs) + " |")
    print()
