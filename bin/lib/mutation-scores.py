#!/usr/bin/env python3
"""Summarises PIT's mutations.xml reports as the score table of docs/architecture.md.

Usage (after ./mvnw -B -o -Pmutation test -pl ... -am):
  bin/lib/mutation-scores.py                  # one row per module, then the weakest classes
  bin/lib/mutation-scores.py --classes 15     # show the 15 weakest classes

killed % = (killed + timed out + memory or run error) / mutants, rounded as PIT's "Killed (x%)" line;
test strength % = the same detected mutants / covered mutants (no-coverage ones left out).
The commerce module is split into the deciders with their use cases and reactions (Order*,
Stock*, Cart*, Payment*) and the other deciders (Shipment, Product, Tenant).
"""
import argparse
import collections
import pathlib
import xml.etree.ElementTree as ET

MODULES = ["solstice-core", "solstice-store-sql", "solstice-pipeline", "solstice-commerce"]
DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def group_of(module, cls):
    if module != "solstice-commerce":
        return module
    simple = cls.rsplit(".", 1)[-1].split("$")[0]
    if simple.startswith(("Order", "Stock", "Cart", "Payment")):
        return "commerce: Order*, Stock*, Cart*, Payment*"
    return "commerce: Shipment, Product, Tenant"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".", help="the repository root")
    parser.add_argument("--classes", type=int, default=10, help="how many weakest classes to list")
    args = parser.parse_args()
    groups = collections.OrderedDict()
    classes = collections.Counter()
    class_totals = collections.Counter()
    for module in MODULES:
        report = pathlib.Path(args.root, module, "target", "pit-reports", "mutations.xml")
        if not report.exists():
            continue
        for m in ET.parse(report).getroot():
            status = m.get("status")
            cls = m.findtext("mutatedClass").split("$")[0]
            counts = groups.setdefault(group_of(module, cls), collections.Counter())
            counts["mutants"] += 1
            counts[status] += 1
            class_totals[cls] += 1
            if status not in DETECTED:
                classes[cls] += 1
    print("| module / group | mutants | killed % | test strength % | survived | no coverage |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, c in groups.items():
        detected = sum(c[s] for s in DETECTED)
        covered = c["mutants"] - c["NO_COVERAGE"]
        print(f"| {name} | {c['mutants']} | {round(100 * detected / c['mutants'])} | "
              f"{round(100 * detected / covered) if covered else 0} | {c['SURVIVED']} | {c['NO_COVERAGE']} |")
    print()
    print("| weakest classes | survived or uncovered / mutants |")
    print("|---|---|")
    for cls, n in classes.most_common(args.classes):
        print(f"| `{cls.rsplit('.', 1)[-1]}` | {n} / {class_totals[cls]} |")


if __name__ == "__main__":
    main()
