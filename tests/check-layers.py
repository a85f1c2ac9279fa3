#!/usr/bin/env python3
"""check-layers.py SOURCE_ROOT: the include graph follows the layers of README's Architecture.

Prints TAP. Two rules, one test point each:
  1. a file of a layer's folder includes only the project headers of its own folder and of the
     layers below it (meson's include directories already refuse the rest at build time; this
     says which include broke the rule, and checks the headers too);
  2. inside sim/cluster, a file includes only the module headers of the files before it in the
     order tgw-sim-state.h lists (a lower file tells a higher one what happened through
     sim->hooks, never by calling it).
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')

# lowest first; a folder sees its own headers and those of every folder before it, except that
# reports does not see the simulation (it reads Results, which the model defines)
LAYERS = ['sim/engine', 'model', 'import', 'sim/cluster', 'reports', 'sim/cli']
SEES = {
    'sim/engine': {'sim/engine'},
    'model': {'model'},
    'import': {'model', 'import'},
    'sim/cluster': {'sim/engine', 'model', 'sim/cluster'},
    'reports': {'model', 'reports'},
    'sim/cli': set(LAYERS),
}
GENERATED = {'tgw-config.h', 'tgw-resources.h'}
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)

# inside sim/cluster: each module's header, lowest first (tgw-sim-state.h, data only, is for all)
CLUSTER_ORDER = ['tgw-subnet-pool', 'tgw-sim-cooldown', 'tgw-sim-subnet', 'tgw-sim-consumer', 'tgw-sim-eni',
                 'tgw-sim-ipamd', 'tgw-sim-node', 'tgw-sim-sched', 'tgw-sim-workload', 'tgw-sim',
                 'tgw-sim-expect', 'tgw-sim-advise']


def sources(folder):
    path = os.path.join(ROOT, folder)
    return sorted(f for f in os.listdir(path) if f.endswith(('.c', '.h')))


def includes(folder, name):
    with open(os.path.join(ROOT, folder, name), encoding='utf-8') as f:
        return INCLUDE.findall(f.read())


def main():
    owner = {}
    for folder in LAYERS:
        for name in sources(folder):
            if name.endswith('.h'):
                owner[name] = folder
    problems = []
    for folder in LAYERS:
        for name in sources(folder):
            for inc in includes(folder, name):
                if inc in GENERATED:
                    continue
                where = owner.get(inc)
                if where is None:
                    problems.append(f'{folder}/{name}: includes "{inc}", no header of any layer')
                elif where not in SEES[folder]:
                    problems.append(f'{folder}/{name}: includes {where}/{inc}, a layer it may not '
                                    f'see (it sees {", ".join(sorted(SEES[folder]))})')
    cluster = []
    rank = {m: i for i, m in enumerate(CLUSTER_ORDER)}
    for name in sources('sim/cluster'):
        module = name[:-2]
        if module not in rank:
            if module != 'tgw-sim-state':
                cluster.append(f'sim/cluster/{name}: not in the module order of check-layers.py '
                               'and tgw-sim-state.h')
            continue
        for inc in includes('sim/cluster', name):
            other = inc[:-2]
            if other in rank and rank[other] > rank[module]:
                cluster.append(f'sim/cluster/{name}: includes {inc}, a module above it')
    print('TAP version 14')
    print('1..2')
    for i, (what, found) in enumerate([('every include stays in its layer or below', problems),
                                       ('sim/cluster files include only modules below them',
                                        cluster)], 1):
        print(('ok' if not found else 'not ok') + f' {i} - {what}')
        for p in found:
            print(f'# {p}')
    return 1 if problems or cluster else 0


sys.exit(main())
