#!/usr/bin/env python3
"""Calls made inside the functions a pattern names, by call site, in a callgrind profile recorded with
--dump-instr=yes: one line per site (address, count, callee). Shows which copy, retain or call of a function runs
how often when inlining has merged many source lines into one function.

    scripts/callgrind-call-sites.py PROFILE.cg REGEX | swift demangle --simplified

REGEX is searched in the caller's mangled name (e.g. 'V10runActions' for EvaluationCore.runActions). The address
can be looked up with `objdump -d --start-address=ADDRESS` on the profiled binary.
"""
import collections
import re
import sys

path, pattern = sys.argv[1], re.compile(sys.argv[2])
names = {}


def name(field):
    match = re.match(r'\((\d+)\)(?: (.*))?', field)
    number, text = match.group(1), match.group(2)
    if text:
        names[number] = text
    return names.get(number, number)


caller = callee = None
pending = None
address = 0
sites = collections.Counter()
for line in open(path):
    line = line.rstrip('\n')
    if line.startswith('fn='):
        caller = name(line[3:])
        continue
    if line.startswith('cfn='):
        callee = name(line[4:])
        continue
    if line.startswith(('cfi=', 'cfl=', 'fl=', 'fi=', 'fe=', 'ob=', 'cob=')):
        continue
    if line.startswith('calls='):
        pending = int(line[6:].split()[0])
        continue
    if line and (line[0].isdigit() or line[0] in '+-*'):
        token = line.split()[0]
        if token.startswith('0x'):
            address = int(token, 16)
        elif token[0] in '+-':
            address += int(token)
        elif token != '*':
            address = int(token)
        if pending is not None:
            if pattern.search(caller):
                sites[(address, callee)] += pending
            pending = None
for (site, target), count in sorted(sites.items()):
    print(hex(site), count, target)
