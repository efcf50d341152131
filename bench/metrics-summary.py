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

order = ['tidepool (baseline)', 'tidepool', 'tidepool-timed', 'tidepool-metrics', 'hikari', 'hikari-metrics']
for bench in ('ConnectionCycle', 'StatementCycle'):
    print(f'\n{bench}, ops/ms (median of rounds; each round\'s figures in brackets)\n')
    print('| threads | ' + ' | '.join(order) + ' | metrics cost, Tidepool | metrics cost, HikariCP | Tidepool/HikariCP, off | Tidepool/HikariCP, on |')
    print('|---' * (len(order) + 5) + '|')
    for t in (1, 8, 32):
        med = {}
        cells = []
        for c in order:
            v = scores.get((bench, t, c), [])
            med[c] = statistics.median(v) if v else None
            cells.append(f"{med[c]:,.0f} [{', '.join(f'{x:,.0f}' for x in v)}]" if v else '-')
        def ratio(a, b):
            return f'{med[a] / med[b]:.2f}' if med.get(a) and med.get(b) else '-'
        def cost(on, off):
            return f'{(1 - med[on] / med[off]) * 100:+.0f} %' if med.get(on) and med.get(off) else '-'
        print(f'| {t} | ' + ' | '.join(cells) + f" | {cost('tidepool-metrics', 'tidepool')} | {cost('hikari-metrics', 'hikari')}"
              f" | x{ratio('tidepool', 'hikari')} | x{ratio('tidepool-metrics', 'hikari-metrics')} |")
