#!/usr/bin/env python3
"""Summary of a bench/paired-hikari.sh run: per cell and orientation, the medians (quartiles) of
the per-round ratios, and the bias-cancelled value (geometric mean of the two orientations' medians),
once for throughput (operations per ms) and once for cost (operations per ms of CPU time).
Usage: bench/paired-hikari-summary.py <results-dir>"""
import glob
import math
import os
import re
import statistics
import sys

MODE = 'wall'  # or 'cpu': operations per ms of the workers' CPU time
SKIPPED = []

def quartiles(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 4], statistics.median(xs), xs[(3 * n) // 4]


def read(path):
    sides, rounds, loads, skipped = None, [], [], []
    for line in open(path):
        if line.startswith('# '):
            sides = line.split('sides:')[1].split()
        elif line.startswith('round '):
            wall, _, cpu = line.partition(' cpu ')
            w = [float(v) for v in wall.split()[2:]]
            c = [float(v) for v in cpu.split()] if cpu else w
            if min(w) <= 0 or min(c) <= 0:
                skipped.append(line.split()[1])  # a side got no CPU at all in its phase: no ratio to take
                continue
            rounds.append(w if MODE == 'wall' else c)
        elif line.startswith('['):
            m = re.search(r'load ([0-9.]+)', line)
            if m:
                loads.append(float(m.group(1)))
    if skipped:
        SKIPPED.append(f"{os.path.basename(path)}: round {', '.join(skipped)}")
    return sides, rounds, loads


def main(results):
    cells = {}
    for path in sorted(glob.glob(os.path.join(results, '*-t*-*-first.txt'))):
        name = os.path.basename(path)[:-4]
        bench, threads, order = re.match(r'(\w+)-t(\d+)-(\w+-first)', name).groups()
        sides, rounds, loads = read(path)
        if not rounds:
            continue
        ix = {s: i for i, s in enumerate(sides)}
        per = {'off': [], 'on': [], 'quot': [], 'T': [], 'H': [], 'ops': []}
        for r in rounds:
            off = r[ix['T-off']] / r[ix['H-off']]
            on = r[ix['T-on']] / r[ix['H-on']]
            per['off'].append(off)
            per['on'].append(on)
            per['quot'].append(on / off)
            per['T'].append(r[ix['T-on']] / r[ix['T-off']])
            per['H'].append(r[ix['H-on']] / r[ix['H-off']])
            per['ops'].append(r)
        per['sides'] = sides
        per['loads'] = loads
        cells.setdefault((bench, int(threads)), {})[order] = per

    def fmt(xs):
        q1, med, q3 = quartiles(xs)
        return f'{med:.2f} ({q1:.2f}–{q3:.2f})'

    print('| benchmark | threads | orientation | ops/ms T-off, H-off, T-on, H-on (medians) | margin off: T/H | margin on: T-metrics/H-metrics | margin on ÷ margin off | metrics keep, Tidepool | metrics keep, HikariCP | load |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    summary = []
    for (bench, threads), orders in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        meds = {}
        for order in ('tidepool-first', 'hikari-first'):
            per = orders.get(order)
            if per is None:
                continue
            ix = {s: i for i, s in enumerate(per['sides'])}
            ops = ', '.join(f"{statistics.median([r[ix[s]] for r in per['ops']]):,.0f}" for s in ('T-off', 'H-off', 'T-on', 'H-on'))
            load = '–'.join(f'{l:.1f}' for l in per['loads'])
            print(f"| {bench} | {threads} | {order} | {ops} | {fmt(per['off'])} | {fmt(per['on'])} | {fmt(per['quot'])} | {fmt(per['T'])} | {fmt(per['H'])} | {load} |")
            for k in ('off', 'on', 'quot', 'T', 'H'):
                meds.setdefault(k, []).append(statistics.median(per[k]))
        if all(len(v) == 2 for v in meds.values()):
            summary.append((bench, threads, {k: math.sqrt(v[0] * v[1]) for k, v in meds.items()}))
    print()
    print('Bias cancelled (geometric mean of the two orientations\' medians):')
    print()
    print('| benchmark | threads | margin off: T/H | margin on: T-metrics/H-metrics | margin on ÷ margin off | metrics keep, Tidepool | metrics keep, HikariCP |')
    print('|---|---|---|---|---|---|---|')
    for bench, threads, g in summary:
        print(f"| {bench} | {threads} | ×{g['off']:.2f} | ×{g['on']:.2f} | **{g['quot']:.2f}** | {g['T']:.2f} | {g['H']:.2f} |")
    if SKIPPED:
        print()
        print('Rounds left out (a side did no operation in its phase: it got no CPU): ' + '; '.join(sorted(set(SKIPPED))))


if __name__ == '__main__':
    for MODE in ('wall', 'cpu'):
        print(f'## {"Throughput: operations per ms" if MODE == "wall" else "Cost: operations per ms of the workers CPU time"}')
        print()
        main(sys.argv[1])
        print()
