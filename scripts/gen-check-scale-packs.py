#!/usr/bin/env python3
"""Packs that stress `enrich check` with many writers of one field and long membership lists.

    scripts/gen-check-scale-packs.py OUT_DIR [N]

Writes OUT_DIR/{writers,precedences,exclusive,numbers,texts}/00.rules:
  writers      N rules writing priority, same precedence, a regex test each
  precedences  the same with precedences 0..N-1
  exclusive    N rules writing priority whose conditions exclude each other (name == "nI")
  numbers      one rule: utcOffset in [4N numbers]
  texts        one rule: name in [4N strings]
Time them with: hyperfine -N "enrich check OUT_DIR/writers" ...  (docs/benchmarks.md, "check at scale").
"""
import os
import sys

HEADER = "status new = 1, junk = 9 category disqualified, qualified = 5 category qualified\n\n"


def write(directory, name, body):
    os.makedirs(os.path.join(directory, name), exist_ok=True)
    with open(os.path.join(directory, name, "00.rules"), "w") as out:
        out.write(HEADER + body)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rule = 'rule "r{i}"{p} {{\n  when {c}\n  set priority = {v}\n}}\n\n'
    write(directory, "writers", "".join(rule.format(i=i, p="", c=f"sourceComment ~ /word{i}x/", v=i % 10) for i in range(n)))
    write(directory, "precedences", "".join(rule.format(i=i, p=f" precedence {i}", c=f"sourceComment ~ /word{i}x/", v=i % 10) for i in range(n)))
    write(directory, "exclusive", "".join(rule.format(i=i, p="", c=f'name == "n{i}"', v=i % 10) for i in range(n)))
    write(directory, "numbers", rule.format(i=0, p="", c="utcOffset in [" + ", ".join(str(i) for i in range(4 * n)) + "]", v=5))
    write(directory, "texts", rule.format(i=0, p="", c="name in [" + ", ".join(f'"city{i}"' for i in range(4 * n)) + "]", v=5))


if __name__ == "__main__":
    main()
