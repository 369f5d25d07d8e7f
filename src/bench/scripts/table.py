#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from JMH JSON result files (`-rf json`).

    table.py RESULT.json [RESULT.json ...]

Each file is one JMH run and gives its own tables; every ratio in a table is computed from that one file,
so no ratio mixes runs. An ExpressionBenchmark file gives up to two tables: the context built once
(methods cql, cel, spel, spelCompiled, jexl) and the context built per evaluation (cqlFresh, celFresh, ...).
A CompileBenchmark file gives the compile table. B/op columns come from the same file when it was run with
`-prof gc`; a file holding only CQL's methods (the older `ExpressionBenchmark.cql ... -prof gc` run) only
supplies the CQL B/op column of the other files' tables (B/op is not a ratio, so that mixes nothing).
"""
import json
import math
import sys

ENGINES = ["cql", "cel", "spel", "spelCompiled", "jexl"]
COMPILE_ENGINES = ["cql", "cel", "spel", "jexl"]
FRESH = "Fresh"
NAMES = {"cql": "CQL", "cel": "CEL", "spel": "SpEL", "spelCompiled": "SpEL compiled", "jexl": "JEXL"}


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt(score, err=None):
    digits = 1 if score < 10 else 0
    s = f"{score:,.{digits}f}"
    if err is None or (isinstance(err, float) and math.isnan(err)) or err == "NaN":
        return s
    return f"{s} ± {err:,.{digits}f}"


def ratio(a, b):
    r = a / b
    if r < 0.1:
        return f"{r:.3f}×"
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def bop(a):
    if a is None:
        return "-"
    return f"{a / 1024:,.1f} KB" if a >= 10240 else f"{a:,.0f}"


def parse(results):
    """{(class, method, expr): (score, error, B/op or None, unit)}, the run settings, the expr order."""
    rows = {}
    order = []
    settings = None
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        expr = r.get("params", {}).get("expr", "-")
        if expr not in order:
            order.append(expr)
        m = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        err = m.get("scoreError")
        err = float("nan") if err in (None, "NaN") else err
        rows[(cls, method, expr)] = (m["score"], err, alloc, m["scoreUnit"].replace("us/", "µs/"))
        settings = settings or (f"forks {r['forks']}, warm-up {r['warmupIterations']} × {r['warmupTime']}, "
                                f"measurement {r['measurementIterations']} × {r['measurementTime']}, "
                                f"JDK {r['vmVersion']}")
    return rows, order, settings


def engine_of(method):
    return method[: -len(FRESH)] if method.endswith(FRESH) else method


def expression_table(path, rows, order, settings, fresh, cql_alloc):
    cls = "ExpressionBenchmark"
    suffix = FRESH if fresh else ""
    present = [e for e in ENGINES if any((cls, e + suffix, x) in rows for x in order)]
    if "cql" not in present:
        return False
    unit = next(rows[k][3] for k in rows if k[1] == "cql" + suffix)
    has_alloc = any(rows[(cls, e + suffix, x)][2] is not None for e in present for x in order
                    if (cls, e + suffix, x) in rows)
    title = "context built per evaluation" if fresh else "context built once"
    print(f"{title}, {unit} (from `{path}`: {settings})")
    print()
    head = ["expression"] + [e + suffix for e in present] + ["fastest other", "CQL ÷ fastest other"]
    if "jexl" in present:
        head.append("CQL ÷ JEXL")
    if fresh and any((cls, "cql", x) in rows for x in order):
        head.append("CQL fresh ÷ CQL once")
    head.append("CQL B/op")
    if has_alloc and "jexl" in present:
        head.append("JEXL B/op")
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * len(present) + "---|" + "---:|" * (len(head) - len(present) - 2))
    for x in order:
        cells = {e: rows.get((cls, e + suffix, x)) for e in present}
        if cells["cql"] is None:
            continue
        cql = cells["cql"][0]
        out = [x] + [fmt(c[0], c[1]) if c else "-" for c in cells.values()]
        others = {e: c[0] for e, c in cells.items() if e != "cql" and c}
        best = min(others, key=others.get) if others else None
        out += [best + suffix if best else "-", ratio(cql, others[best]) if best else "-"]
        if "jexl" in present:
            out.append(ratio(cql, cells["jexl"][0]) if cells["jexl"] else "-")
        if fresh and any((cls, "cql", y) in rows for y in order):
            once = rows.get((cls, "cql", x))
            out.append(ratio(cql, once[0]) if once else "-")
        a = cells["cql"][2]
        if a is None:
            a = cql_alloc.get(("cql" + suffix, x))
        out.append(bop(a))
        if has_alloc and "jexl" in present:
            out.append(bop(cells["jexl"][2]) if cells["jexl"] else "-")
        print("| " + " | ".join(out) + " |")
    print()
    return True


def compile_table(path, rows, order, settings):
    cls = "CompileBenchmark"
    present = [e for e in COMPILE_ENGINES if any((cls, e, x) in rows for x in order)]
    if "cql" not in present:
        return
    unit = rows[next(k for k in rows if k[0] == cls)][3]
    print(f"compilation, {unit} (B/op in parentheses; from `{path}`: {settings})")
    print()
    others = [e for e in present if e != "cql"]
    names = dict(NAMES, spel="SpEL (lazy parse)")
    head = ["expression"] + [names[e] for e in present] + [f"CQL ÷ {NAMES[e]}" for e in others]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for x in order:
        cells = {e: rows.get((cls, e, x)) for e in present}
        if cells["cql"] is None:
            continue
        out = [x]
        for e in present:
            c = cells[e]
            if c is None:
                out.append("-")
                continue
            s, err, a, _ = c
            out.append(f"{s:.1f} ± {err:.1f}" if not math.isnan(err) else f"{s:.1f}")
            if a is not None:
                out[-1] += f" ({a / 1024:.0f} KB)"
        for e in others:
            out.append(ratio(cells["cql"][0], cells[e][0]) if cells[e] else "-")
        print("| " + " | ".join(out) + " |")
    print()


def main(paths):
    if not paths:
        sys.exit(__doc__)
    runs = [(p, *parse(load(p))) for p in paths]
    # CQL-only ExpressionBenchmark runs supply B/op for the other files' CQL columns.
    cql_alloc = {}
    tables = []
    for path, rows, order, settings in runs:
        expr_engines = {engine_of(k[1]) for k in rows if k[0] == "ExpressionBenchmark"}
        if expr_engines == {"cql"}:
            for (cls, method, x), (_, _, a, _) in rows.items():
                if a is not None:
                    cql_alloc[(method, x)] = a
        else:
            tables.append((path, rows, order, settings))
    if not tables:  # only CQL runs were given: print them
        tables = runs
    for path, rows, order, settings in tables:
        expression_table(path, rows, order, settings, False, cql_alloc)
        expression_table(path, rows, order, settings, True, cql_alloc)
        compile_table(path, rows, order, settings)


if __name__ == "__main__":
    main(sys.argv[1:])
