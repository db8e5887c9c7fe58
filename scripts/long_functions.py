#!/usr/bin/env python3
"""List Rust functions longer than N lines (default 80) under the given folders.

A rough brace-matching scan (not a parser): a line that opens a `fn` item starts a function,
which ends where its braces balance. Run: python3 scripts/long_functions.py [N] DIR...
(with no DIR: grouper-core/src, grouper-cli/src, grouper-serve/src, python/src)
"""
import os, re, sys

limit = 80
args = sys.argv[1:]
if args and args[0].isdigit():
    limit = int(args.pop(0))
if not args:
    here = os.path.dirname(os.path.abspath(__file__))
    args = [os.path.join(here, '..', d, 'src') for d in ('grouper-core', 'grouper-cli', 'grouper-serve', 'python')]
FN = re.compile(r'^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?fn\s+(\w+)')
rows = []
for root in args:
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith('.rs'):
                continue
            path = os.path.join(dirpath, name)
            lines = open(path).read().split('\n')
            i = 0
            while i < len(lines):
                m = FN.match(lines[i])
                if not m:
                    i += 1
                    continue
                depth, started, j = 0, False, i
                while j < len(lines):
                    code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[j].split('//')[0])
                    # Character literals (`b'{'`) hold no braces either.
                    code = re.sub(r"b?'(\\.|[^'\\])'", "''", code)
                    depth += code.count('{') - code.count('}')
                    started |= '{' in code
                    if ';' in code and not started:
                        break
                    if started and depth <= 0:
                        break
                    j += 1
                length = j - i + 1
                if started and length > limit:
                    rows.append((length, f"{path}:{i + 1}", m.group(4)))
                i += 1
for length, where, fn in sorted(rows, reverse=True):
    print(f"{length:5} {where} {fn}")
print(f"{len(rows)} functions over {limit} lines")
