#!/usr/bin/env python3
"""Regenerate model/data/instances.csv from the reference tables (not used at build, run or test time).

usage: tools/gen-instances.py ../shared/reference/vpc-cni > model/data/instances.csv

Merges instance-limits.csv (ENIs, IPv4 per ENI, hypervisor, bare metal), instance-vcpus.csv (default
vCPUs, for the 110/250 max-pods cap) and instance-resources.csv (memory and allocatable CPU/memory)
into one table keyed by instance type. Missing values are left empty.
"""
import csv, os, sys

src = sys.argv[1]
def rows(name):
    with open(os.path.join(src, name), newline='') as f:
        return {r['instance_type']: r for r in csv.DictReader(f)}
limits, vcpus, res = rows('instance-limits.csv'), rows('instance-vcpus.csv'), rows('instance-resources.csv')
out = csv.writer(sys.stdout, lineterminator='\n')
print('# tgwsim instance table; source and licence: model/data/SOURCE.md')
out.writerow(['instance_type', 'max_enis', 'ipv4_per_eni', 'hypervisor', 'bare_metal', 'vcpus',
              'memory_mib', 'allocatable_cpu_m', 'allocatable_memory_mib'])
for t in sorted(limits):
    l, v, r = limits[t], vcpus.get(t, {}), res.get(t, {})
    out.writerow([t, l['max_enis'], l['ipv4_per_eni'], l['hypervisor'], l['bare_metal'],
                  v.get('default_vcpus', r.get('default_vcpus', '')), r.get('memory_mib', ''),
                  r.get('allocatable_cpu_millicores', ''), r.get('allocatable_memory_mib', '')])
