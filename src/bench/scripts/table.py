#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from JMH JSON results: table.py EXPR.json [CQL_GC.json] [COMPILE.json]."""
import json, sys

def load(path):
    return json.load(open(path))

def fmt(score, err):
    if score < 10:
        return f"{score:.1f} ± {err:.1f}"
    return f"{score:,.0f} ± {err:,.0f}"

expr = load(sys.argv[1])
engines = ["cql", "cel", "spel", "spelCompiled", "jexl"]
rows = {}
order = []
for r in expr:
    name = r["benchmark"].rsplit(".", 1)[1]
    e = r["params"]["expr"]
    if e not in rows:
        rows[e] = {}
        order.append(e)
    m = r["primaryMetric"]
    rows[e][name] = (m["score"], m["scoreError"])
alloc = {}
if len(sys.argv) > 2:
    for r in load(sys.argv[2]):
        sec = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if sec:
            alloc[r["params"]["expr"]] = sec["score"]
print("| expression | " + " | ".join(engines) + " | CQL B/op | fastest other |")
print("|---|" + "---:|" * (len(engines) + 1) + "---|")
for e in order:
    cells = [fmt(*rows[e][n]) if n in rows[e] else "-" for n in engines]
    others = {n: rows[e][n][0] for n in engines if n != "cql" and n in rows[e]}
    best = min(others, key=others.get)
    b = alloc.get(e)
    bcell = "-" if b is None else f"{b:.0f}"
    print(f"| {e} | " + " | ".join(cells) + f" | {bcell} | {best} |")
if len(sys.argv) > 3:
    print()
    comp = load(sys.argv[3])
    crow = {}
    corder = []
    for r in comp:
        name = r["benchmark"].rsplit(".", 1)[1]
        e = r["params"]["expr"]
        if e not in crow:
            crow[e] = {}
            corder.append(e)
        m = r["primaryMetric"]
        a = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        crow[e][name] = (m["score"], m["scoreError"], a)
    ce = ["cql", "cel", "spel", "jexl"]
    print("| expression | " + " | ".join(f"{n} µs/op (B/op)" for n in ce) + " |")
    print("|---|" + "---:|" * len(ce))
    for e in corder:
        cells = []
        for n in ce:
            s, err, a = crow[e][n]
            cells.append(f"{s:.1f} ± {err:.1f} ({a/1024:.0f} KB)" if a else f"{s:.1f} ± {err:.1f}")
        print(f"| {e} | " + " | ".join(cells) + " |")
