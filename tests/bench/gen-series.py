#!/usr/bin/env python3
# gen-series.py
# Writes one long daily series for the chart-export benchmark, in the three
# forms the tools compared read: a Kechuang dataset folder (observations and
# a charts.csv with one line chart) and a two-column file for gnuplot.
#
#   gen-series.py OUTDIR POINTS
#
# The values are a seeded random walk, so every tool draws the same line.

import os
import random
import sys
from datetime import date, timedelta


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: gen-series.py OUTDIR POINTS')
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20171)
    start = date(1000, 1, 1)
    value = 100.0
    with open(os.path.join(out, 'observations.csv'), 'w', encoding='utf-8') as obs, \
         open(os.path.join(out, 'series.dat'), 'w') as dat:
        obs.write('indicator,period,value,unit\n')
        day = start
        for i in range(n):
            value += rng.gauss(0, 1)
            obs.write(f'walk,{day.isoformat()},{value:.3f},亿元\n')
            dat.write(f'{i} {value:.3f}\n')
            day += timedelta(days=1)
    with open(os.path.join(out, 'charts.csv'), 'w', encoding='utf-8') as charts:
        charts.write('id,title,type,indicators\nwalk,Random walk,line,walk\n')


if __name__ == '__main__':
    main()
