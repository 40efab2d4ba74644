#!/usr/bin/python3
"""Writes the tables of docs/LOW-LATENCY.md from the low-latency experiments' report.json files
(bin/snn run configs/low-latency-*.conf), between the markers

    <!-- tables:begin -->  ...  <!-- tables:end -->

so that the numbers on the page are the runs' and nothing is typed in. The prose around the
markers is written by hand.

  /usr/bin/python3 tools/results/low_latency_tables.py docs/LOW-LATENCY.md \\
      docs/results/low-latency-cifar10 docs/results/low-latency-cifar10-clip ...
"""

import json
import os
import sys


def table(folder):
    path = os.path.join(folder, "report.json")
    if not os.path.exists(path):
        return "### %s\n\nnot run yet (`%s` missing).\n" % (folder, path)
    d = json.load(open(path))
    ann = d["ann_accuracy"]
    runs = d["runs"]
    ts = [p["timesteps"] for p in runs[0]["accuracy"]]
    images = runs[0]["images"]
    out = ["### %s" % d["experiment"], "",
           "%d test images; ANN accuracy %.2f %%. Each cell: SNN accuracy (conversion loss = ANN − SNN, points). "
           "AC/MAC at T = %d over the whole run. Report, plots and CSV: [%s](%s)." % (
               images, 100 * ann, ts[-1], os.path.join(folder, "report.md"),
               os.path.relpath(os.path.join(folder, "report.md"), "docs")), "",
           "| run | " + " | ".join("T = %d" % t for t in ts) + " | AC/MAC | within 1 pt of the ANN from |",
           "| --- |" + " ---: |" * (len(ts) + 2)]
    for r in runs:
        cells = ["%.2f %% (%.1f)" % (100 * p["accuracy"], 100 * (ann - p["accuracy"])) for p in r["accuracy"]]
        first = None
        for p in r["accuracy"]:
            near = 100 * (ann - p["accuracy"]) <= 1 + 1e-9
            first = (first or p["timesteps"]) if near else None
        out.append("| %s | %s | %.2f | %s |" % (r["label"], " | ".join(cells), r["totals"]["acPerMac"],
                                               "T = %d" % first if first else "not reached"))
    if len(runs) < (3 if "clip" in folder else 6):
        out.append("")
        out.append("(%d runs finished; the rest of the config's conversions have not run yet.)" % len(runs))
    out.append("")
    out.append("![%s](%s)" % (d["experiment"], os.path.relpath(os.path.join(folder, "accuracy.png"), "docs")))
    return "\n".join(out) + "\n"


def main(argv):
    page, folders = argv[1], argv[2:]
    text = open(page).read()
    begin, end = "<!-- tables:begin -->", "<!-- tables:end -->"
    i, j = text.index(begin) + len(begin), text.index(end)
    body = "\n" + "\n".join(table(f) for f in folders) + "\n"
    tmp = page + ".tmp"
    with open(tmp, "w") as f:
        f.write(text[:i] + body + text[j:])
    os.replace(tmp, page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
