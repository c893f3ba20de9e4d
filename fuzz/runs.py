#!/usr/bin/env python3
"""Adds the runs fuzz/run_all.sh logged (fuzz/runs.log, not committed) to the committed record
fuzz/RUNS.md, and rewrites its per-target totals from all its rows. Run from anywhere, after
fuzzing: `python3 fuzz/runs.py`. fuzz/runs.log is emptied once its rows are in RUNS.md."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = os.path.join(HERE, "RUNS.md")
LOG = os.path.join(HERE, "runs.log")
HEAD = "| date | target | CPU s | executions | corpus | crashes | notes |\n|---|---|---:|---:|---:|---|---|\n"


def main():
    text = open(RUNS, encoding="utf-8").read()
    rows_start = text.index(HEAD) + len(HEAD)
    rows_end = text.index("\n\n", rows_start - 1) + 1
    rows = text[rows_start:rows_end]
    if os.path.exists(LOG):
        for line in open(LOG, encoding="utf-8"):
            f = dict(kv.split("=", 1) for kv in line.split()[2:])
            date, target = line.split()[:2]
            crashes = "none" if f["rc"] == "0" else f"crash, timeout or OOM (exit {f['rc']}): see Findings"
            rows += f"| {date} | {target} | {f['cpu']} | {f['execs']} | {f['corpus']} | {crashes} | |\n"
    totals = {}
    for r in rows.strip().splitlines():
        c = [x.strip() for x in r.strip("|").split("|")]
        t = totals.setdefault(c[1], [0, 0])
        t[0] += int(c[2])
        t[1] += int(c[3]) if c[3].isdigit() else 0
    table = "| target | CPU s | CPU h | executions |\n|---|---:|---:|---:|\n" + "".join(
        f"| {t} | {s} | {s / 3600:.2f} | {e} |\n" for t, (s, e) in sorted(totals.items()))
    rest = text[rows_end:]
    rest = re.sub(r"(## Totals per target\n\n)(.*?)(\n\n|\Z)", lambda m: m.group(1) + table.rstrip("\n") + m.group(3),
                  rest, flags=re.S)
    open(RUNS, "w", encoding="utf-8").write(text[:rows_start] + rows + rest)
    if os.path.exists(LOG):
        open(LOG, "w").close()


if __name__ == "__main__":
    main()
