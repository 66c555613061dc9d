#!/usr/bin/env python3
# gen-entities.py
# Writes a big, realistic, deterministic entities file for the benchmarks:
# enterprises, platforms and institutions of Beilun district, with partner
# links (some dangling, some in cycles) and quoted descriptions.
#
#   gen-entities.py OUT.csv [ROWS] [--gb18030]
#
# 1,000,000 rows make about 130 MB of UTF-8; --gb18030 writes the same rows
# encoded as GB18030, as Chinese Excel and WPS save them.

import argparse
import csv
import random

HEADER = ['id', 'name', 'kind', 'alias', 'level', 'industry', 'town', 'year',
          'partners', 'description', 'source']

SYLLABLES = ('华 海 天 申 洲 博 威 恒 瑞 德 力 鑫 宏 达 信 联 通 远 东 方 金 泰 盛 隆 '
             '嘉 和 兴 旺 科 创 新 锐 源 昌 广 安 汇 丰 荣 杰 凯 宇 航 星 光 明 晨 '
             '阳 春 岚 峰 江 港 甬 仑 碶 霞 浦 柴 桥 梅 峰 白 戚 芯 智 能 精 工').split()

INDUSTRIES = ['模具', '汽车零部件', '石化', '新材料', '装备制造', '集成电路', '港航物流',
              '智能家电', '生物医药', '节能环保', '注塑机械', '电子信息']

TOWNS = ['大碶街道', '新碶街道', '小港街道', '霞浦街道', '柴桥街道', '春晓街道',
         '梅山街道', '白峰街道', '戚家山街道']

LEVELS = ['国家级', '省级', '市级', '区级']

ENTERPRISE_SUFFIXES = ['模具有限公司', '机械有限公司', '新材料有限公司', '汽配有限公司',
                       '电子股份公司', '铸造有限公司', '塑机有限公司', '石化有限公司',
                       '科技有限公司', '模具厂', '集团有限公司']

PLATFORM_SUFFIXES = ['工程技术中心', '企业研究院', '院士工作站', '重点实验室',
                     '中试平台', '企业技术中心']

INSTITUTION_SUFFIXES = ['研究所', '大学北仑研究院', '检测中心', '技术转移中心']

PARK_SUFFIXES = ['产业园', '科技园', '众创空间', '科技企业孵化器']

ALLIANCE_SUFFIXES = ['产业技术创新联盟', '产学研合作联盟', '标准化联盟']

PHRASES = ['主要从事{ind}产品的研发、生产和销售',
           '拥有发明专利{n}项',
           '年产值约{v}亿元',
           '与宁波大学、浙江大学开展产学研合作',
           '获评{lvl}企业研究院',
           '产品出口欧美、东南亚等{n}个国家和地区',
           '建有{lvl}工程技术中心',
           '参与制定行业标准{n}项',
           '位于{town}',
           '引进高层次人才{n}名',
           '新产品产值率达{p}%',
           '列入“{lvl}科技型中小企业”名单']

# Mostly short: the long citations are the exception.
SOURCES = ['区科技局'] * 8 + ['区统计局'] * 6 + ['企业年报'] * 6 + [
    '宁波日报《北仑：拥抱“国字号” 释放创新力量》(2017)',
    '宁波日报《打通科技成果转化“任督二脉”》(2017)']

KINDS = [('enterprise', 70), ('platform', 15), ('institution', 5), ('park', 5), ('alliance', 5)]


def pick_kind(rng):
    roll = rng.randrange(100)
    for kind, weight in KINDS:
        if roll < weight:
            return kind
        roll -= weight
    return 'enterprise'


def core_name(rng):
    return ''.join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 2, 3))))


def make_name(rng, kind, core, industry):
    if kind == 'enterprise':
        prefix = rng.choice(['宁波', '宁波', '北仑', '浙江'])
        return prefix + core + rng.choice(ENTERPRISE_SUFFIXES)
    if kind == 'platform':
        return rng.choice(['北仑区', '宁波市', '宁波']) + core + industry + rng.choice(PLATFORM_SUFFIXES)
    if kind == 'institution':
        return '宁波' + core + industry + rng.choice(INSTITUTION_SUFFIXES)
    if kind == 'park':
        return '北仑' + core + rng.choice(PARK_SUFFIXES)
    return '北仑区' + industry + rng.choice(ALLIANCE_SUFFIXES)


def make_description(rng, industry, level, town):
    count = rng.choice((0, 0, 0, 0, 0, 0, 1, 1, 2))
    parts = []
    for _ in range(count):
        parts.append(rng.choice(PHRASES).format(ind=industry, n=rng.randint(2, 300),
                                                v=round(rng.uniform(0.2, 90), 1),
                                                lvl=level or rng.choice(LEVELS),
                                                town=town, p=rng.randint(10, 60)))
    text = '；'.join(parts)
    roll = rng.randrange(1000)
    if roll < 40 and text:
        # ASCII commas and quotes make the writer quote the field.
        text += ', 详见"{}"年报'.format(rng.randint(2014, 2017))
    elif roll < 42 and text:
        # A line break inside a quoted field, as typed in an Excel cell.
        text += '\n（续）' + rng.choice(PHRASES).format(ind=industry, n=7, v=1.5,
                                                       lvl='省级', town=town, p=30)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('output')
    parser.add_argument('rows', nargs='?', type=int, default=1000000)
    parser.add_argument('--gb18030', action='store_true',
                        help='encode as GB18030 instead of UTF-8')
    args = parser.parse_args()

    rng = random.Random(20170314)
    encoding = 'gb18030' if args.gb18030 else 'utf-8'

    with open(args.output, 'w', encoding=encoding, newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(HEADER)
        for row in range(args.rows):
            kind = pick_kind(rng)
            industry = rng.choice(INDUSTRIES)
            core = core_name(rng)
            town = rng.choice(TOWNS)
            level = rng.choice(LEVELS) if kind != 'enterprise' or rng.random() < 0.1 else ''
            alias = core + rng.choice(['', '集团', '股份', '']) if rng.random() < 0.4 else ''

            partners = []
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                if rng.random() < 0.02:
                    # Dangling: an id that no row has.
                    partners.append('x%07d' % rng.randrange(10000000))
                else:
                    # Nearby ids, so that some links run both ways.
                    other = min(max(row + rng.randint(-50, 50), 0), args.rows - 1)
                    partners.append('e%07d' % other)

            writer.writerow(['e%07d' % row,
                             make_name(rng, kind, core, industry),
                             kind,
                             alias,
                             level,
                             industry,
                             town,
                             rng.randint(1985, 2017),
                             ';'.join(partners),
                             make_description(rng, industry, level, town),
                             rng.choice(SOURCES)])


if __name__ == '__main__':
    main()
