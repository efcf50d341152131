#!/usr/bin/env python3
"""Summarises bench/metrics-overhead.sh results: median ops/ms over rounds per benchmark, threads, contender."""
import glob, json, os, statistics, sys
from collections import defaultdict

d = sys.argv[1]
scores = defaultdict(list)  # (bench, threads, contender) -> [ops/ms]
for f in sorted(glob.glob(os.path.join(d, '*.json'))):
    side = os.path.basename(f).split('-')[0]
    for r in json.load(open(f)):
        bench = r['benchmark'].split('.')[-2]
        pool = r['params']['pool']
        contender = pool if side == 'head' else pool + ' (baseline)'
        scores[(bench, r['threads'], contender)].append(r['primaryMetric']['score'])

order = ['tidepool (baseline)', 'tidepool', 'tidepool-timed', 'tidepool-metrics (baseline)', 'tidepool-metrics', 'hikari',
         'hikari-metrics']
extra = ['metrics cost, Tidepool (baseline)', 'metrics cost, Tidepool', 'metrics cost, HikariCP', 'Tidepool/HikariCP, off',
         'Tidepool/HikariCP, on (baseline)', 'Tidepool/HikariCP, on', 'Tidepool/HikariCP, on, each round']
for bench in ('ConnectionCycle', 'StatementCycle'):
    print(f'\n{bench}, ops/ms (median of rounds; each round\'s figures in brackets)\n')
    print('| threads | ' + ' | '.join(order + extra) + ' |')
    print('|---' * (len(order) + len(extra) + 1) + '|')
    for t in (1, 8, 32):
        med = {}
        cells = []
        for c in order:
            v = scores.get((bench, t, c), [])
            med[c] = statistics.median(v) if v else None
            cells.append(f"{med[c]:,.0f} [{', '.join(f'{x:,.0f}' for x in v)}]" if v else '-')
        def ratio(a, b):
            return f'x{med[a] / med[b]:.2f}' if med.get(a) and med.get(b) else '-'
        def cost(on, off):
            return f'{(1 - med[on] / med[off]) * 100:+.0f} %' if med.get(on) and med.get(off) else '-'
        # The same round's two figures ran minutes apart at most: their ratio is steadier than the ratio of medians.
        on, h = scores.get((bench, t, 'tidepool-metrics'), []), scores.get((bench, t, 'hikari-metrics'), [])
        rounds = ', '.join(f'{a / b:.2f}' for a, b in zip(on, h)) or '-'
        print(f'| {t} | ' + ' | '.join(cells) + f" | {cost('tidepool-metrics (baseline)', 'tidepool (baseline)')}"
              f" | {cost('tidepool-metrics', 'tidepool')} | {cost('hikari-metrics', 'hikari')}"
              f" | {ratio('tidepool', 'hikari')} | {ratio('tidepool-metrics (baseline)', 'hikari-metrics')}"
              f" | {ratio('tidepool-metrics', 'hikari-metrics')} | {rounds} |")
