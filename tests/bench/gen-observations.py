#!/usr/bin/env python3
# gen-observations.py
# Writes a big, realistic, deterministic observations file for the
# benchmarks: indicators of Ningbo's districts and Beilun's towns by month,
# year-to-date, quarter, half year and year, with periods written the ways
# statistics bureaus write them and values such as 1,234.5, 30% or 128.7亿元.
#
#   gen-observations.py OUT.csv [ROWS]
#
# The default is 480,000 rows.

import argparse
import csv
import random

HEADER = ['indicator', 'region', 'period', 'value', 'unit', 'note', 'source']

# (id, unit, typical size)
INDICATORS = [
    ('hightech-output', '亿元', 250), ('hightech-output-share', '%', 58),
    ('new-product-output', '亿元', 128), ('new-product-rate', '%', 30),
    ('patents-granted', '件', 3251), ('invention-patents', '件', 420),
    ('tech-bought', '亿元', 5.9), ('tech-sold', '亿元', 1.8),
    ('rd-spending', '亿元', 12.6), ('rd-intensity', '%', 2.9),
    ('hightech-enterprises', '家', 310), ('tech-smes', '家', 1200),
    ('listed-companies', '家', 15), ('engineering-centres', '个', 130),
    ('research-institutes', '个', 20), ('academician-stations', '个', 7),
    ('industrial-output', '亿元', 2100), ('industrial-added-value', '亿元', 480),
    ('exports', '亿元', 820), ('fixed-investment', '亿元', 610),
    ('fdi-actual', '亿美元', 9.5), ('tax-revenue', '亿元', 260),
    ('employees-rd', '人', 21000), ('talents-introduced', '人', 560),
    ('incubators', '个', 11), ('maker-spaces', '个', 18),
    ('tech-contracts', '项', 640), ('tech-contract-value', '亿元', 7.2),
    ('standards-set', '项', 35), ('brands-famous', '个', 42),
    ('energy-per-output', '吨标煤/万元', 0.52), ('electricity-use', '亿千瓦时', 160),
    ('port-throughput', '万标箱', 1560), ('cargo-throughput', '亿吨', 4.3),
    ('mould-output', '亿元', 95), ('auto-parts-output', '亿元', 310),
    ('chip-investment', '亿元', 180), ('new-materials-output', '亿元', 140),
    ('equipment-output', '亿元', 520), ('petrochem-output', '亿元', 690),
    ('smart-appliance-output', '亿元', 88), ('biomed-output', '亿元', 23),
    ('green-output', '亿元', 61), ('service-output', '亿元', 300),
    ('digital-economy', '亿元', 410), ('innovation-index', '分', 86),
    ('city-rank', '位', 1), ('growth-rate', '%', 8.5),
]

REGIONS = ['北仑区', '大碶街道', '新碶街道', '小港街道', '霞浦街道', '柴桥街道', '春晓街道',
           '梅山街道', '白峰街道', '戚家山街道', '镇海区', '鄞州区', '海曙区', '江北区',
           '奉化区', '余姚市', '慈溪市', '宁海县', '象山县']

SOURCES = ['北仑区统计局'] * 6 + ['宁波市统计局'] * 3 + ['区科技局'] * 3 + [
    '宁波日报《打通科技成果转化“任督二脉”》(2017)']

NOTES = ['', '', '', '', '', '', '', '', '快报数', '初步统计', '规上企业', '含新口径',
         '同比增长, 按可比价计算', '"调整后"数据']

QUARTERS = ['一', '二', '三', '四']


def periods(chinese):
    """The period labels of 2000-2017, in one of the two styles."""
    for year in range(2000, 2018):
        if chinese:
            yield '%d年' % year
            for half, name in ((1, '上半年'), (2, '下半年')):
                yield '%d年%s' % (year, name)
            for q in range(4):
                yield '%d年%s季度' % (year, QUARTERS[q])
            for month in range(1, 13):
                yield '%d年%d月' % (year, month)
                if month > 1:
                    yield '%d年1-%d月' % (year, month)
        else:
            yield '%d' % year
            for half in (1, 2):
                yield '%d-H%d' % (year, half)
            for q in range(1, 5):
                yield '%d-Q%d' % (year, q)
            for month in range(1, 13):
                yield '%d-%02d' % (year, month)
                if month > 1:
                    yield '%d-01..%02d' % (year, month)


def format_value(rng, unit, size):
    value = size * rng.uniform(0.6, 1.4)
    roll = rng.random()
    if rng.random() < 0.01:
        return ''                       # missing
    if unit == '%':
        text = '%.1f' % value
        return text + '%' if roll < 0.5 else text
    if unit in ('件', '家', '个', '人', '项', '位'):
        number = max(int(value), 0)
        return '{:,}'.format(number) if roll < 0.5 else str(number)
    if unit == '亿元' and roll < 0.3:
        return '%.1f亿元' % value
    if value >= 1000 and roll < 0.6:
        return '{:,.1f}'.format(value)
    return '%.2f' % value


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('output')
    parser.add_argument('rows', nargs='?', type=int, default=480000)
    args = parser.parse_args()

    rng = random.Random(20170301)
    written = 0

    with open(args.output, 'w', encoding='utf-8', newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(HEADER)
        while written < args.rows:
            for index, (indicator, unit, size) in enumerate(INDICATORS):
                for region in REGIONS:
                    for period in periods(chinese=index % 3 != 0):
                        if written == args.rows:
                            return
                        writer.writerow([indicator, region, period,
                                         format_value(rng, unit, size), unit,
                                         rng.choice(NOTES), rng.choice(SOURCES)])
                        written += 1


if __name__ == '__main__':
    main()
