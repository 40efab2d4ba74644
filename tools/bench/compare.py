#!/usr/bin/env python3
"""DeepSNN's simulator against the same converted network run densely in PyTorch, side by side
on this machine: same network, thresholds, images and timesteps, whole processes, the median of
interleaved repeats.

    compare.py --snn net.snn --model net.onnx --data DIR --images 200 --timesteps 500 --threads 2

The Java side is `bin/snn simulate NET.snn --no-ann` (its report.json gives the dense run its
thresholds and settings); the dense side is dense_snn.py. Prints the times, the accuracies and
the ratio dense / DeepSNN; --json writes them. It reports figures and never fails on them.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def write_json(path, value):
    """As dense_snn.write_json (not imported: that module needs torch, this one does not)."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1)
    os.replace(tmp, path)


def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("compare: %s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr[-3000:]))
    return seconds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snn", required=True, help="the converted network (bin/snn convert)")
    ap.add_argument("--model", required=True, help="the ONNX file it was converted from")
    ap.add_argument("--data", required=True, help="Fashion-MNIST IDX folder or CIFAR-10 binary folder")
    ap.add_argument("--images", type=int, default=200)
    ap.add_argument("--timesteps", type=int, default=500)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batch", type=int, default=100, help="dense: images per forward pass (default 100)")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved runs of each (default 3)")
    ap.add_argument("--python", default=sys.executable, help="the Python with torch (default: this one)")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)
    for path, what in ((args.snn, "--snn"), (args.model, "--model"), (args.data, "--data")):
        if not os.path.exists(path):
            sys.exit("compare: %s %s does not exist" % (what, path))
    snn = os.path.join(ROOT, "bin", "snn")
    work = tempfile.mkdtemp(prefix="deepsnn-compare-")
    java_out = os.path.join(work, "java")
    java = [snn, "simulate", args.snn, "--data", args.data, "--images", str(args.images), "--timesteps",
            str(args.timesteps), "--threads", str(args.threads), "--no-ann", "--out", java_out]
    dense_json = os.path.join(work, "dense.json")
    dense = [args.python, os.path.join(HERE, "dense_snn.py"), "--model", args.model, "--report",
             os.path.join(java_out, "report.json"), "--data", args.data, "--images", str(args.images),
             "--timesteps", str(args.timesteps), "--threads", str(args.threads), "--batch", str(args.batch),
             "--json", dense_json]
    rows = {"deepsnn": [], "dense": []}
    for r in range(args.repeats):
        rows["deepsnn"].append((timed(java), json.load(open(os.path.join(java_out, "report.json")))))
        rows["dense"].append((timed(dense), json.load(open(dense_json))))
        print("compare: repeat %d of %d: DeepSNN %.1f s, dense PyTorch %.1f s" % (
            r + 1, args.repeats, rows["deepsnn"][-1][0], rows["dense"][-1][0]), file=sys.stderr, flush=True)
    java_wall = statistics.median(s for s, _ in rows["deepsnn"])
    java_sim = statistics.median(j["wallSeconds"] for _, j in rows["deepsnn"])
    dense_wall = statistics.median(s for s, _ in rows["dense"])
    dense_sim = statistics.median(j["seconds"] for _, j in rows["dense"])
    java_acc = rows["deepsnn"][0][1]["accuracy"][-1]["accuracy"]
    dense_acc = rows["dense"][0][1]["correct"][-1] / args.images
    print("| run | whole process (s) | simulation (s) | accuracy at T = %d |" % args.timesteps)
    print("| --- | ---: | ---: | ---: |")
    print("| DeepSNN, event driven | %.2f | %.2f | %.2f %% |" % (java_wall, java_sim, 100 * java_acc))
    print("| dense PyTorch %s | %.2f | %.2f | %.2f %% |" % (rows["dense"][0][1]["torch"], dense_wall, dense_sim,
                                                            100 * dense_acc))
    print("ratio dense / DeepSNN: %.2fx whole process, %.2fx simulation (%d images, T = %d, %d thread(s), "
          "median of %d)" % (dense_wall / java_wall, dense_sim / java_sim, args.images, args.timesteps,
                             args.threads, args.repeats))
    if args.json:
        result = {"snn": args.snn, "model": args.model, "images": args.images, "timesteps": args.timesteps,
                  "threads": args.threads, "repeats": args.repeats,
                  "deepsnn": {"wholeSeconds": java_wall, "simulationSeconds": java_sim, "accuracy": java_acc},
                  "dense": {"wholeSeconds": dense_wall, "simulationSeconds": dense_sim, "accuracy": dense_acc,
                            "torch": rows["dense"][0][1]["torch"]},
                  "ratioWhole": dense_wall / java_wall, "ratioSimulation": dense_sim / java_sim}
        write_json(args.json, result)


if __name__ == "__main__":
    main()
