#!/usr/bin/env python3
"""Where a simulation's time goes, from a Java Flight Recorder file: the execution samples inside
the simulator (a frame in io.deepsnn.network.snn), each charged to the method on top of its stack,
grouped into the stages of a timestep.

    SNN_JAVA_OPTS="-Xmx6g -XX:StartFlightRecording=filename=run.jfr,settings=profile" \\
        bin/snn simulate NET.snn --data D --images 200 --timesteps 500 --threads 1 --no-ann
    tools/bench/jfr_breakdown.py run.jfr [--per-step-us SECONDS IMAGES T]

With --per-step-us (the run's simulation seconds, images and timesteps, from its report) each
share is also given in microseconds per image and timestep. Needs the JDK's `jfr` on the PATH.
"""

import argparse
import collections
import json
import subprocess
import sys

# (stage, predicate on "Class.method" of the top frame); the first match wins.
STAGES = [
    ("input encoding", lambda m: m.startswith(("InputEncoder.", "CounterRng.", "InputStep."))),
    ("fingerprint and counting", lambda m: m.startswith("TileStep.account") or m.startswith("SimulationResult.spikeHash")),
    ("threshold and fire", lambda m: m.startswith(("LayerTile.fire", "LayerTile.probe", "LongRuns.fireToZero",
                                                   "VectorRuns.fireToZero"))),
    ("readout", lambda m: m.startswith("OutputStep.")),
    ("scatter (synaptic events)", lambda m: m.startswith((
        "LongRuns.", "VectorRuns.", "ConvProjection.", "DenseProjection.", "ShortcutProjection.", "Projection.",
        "GatedMaxPoolProjection.", "Divisor.", "TouchSet.mark", "LongVector", "Long512Vector", "Long256Vector"))),
    ("thread hand-off", lambda m: m.startswith(("ParallelSimulation", "FutureTask.", "ThreadPoolExecutor.",
                                                "LockSupport.", "Unsafe.park"))),
]
OTHER = "bookkeeping (steps, touched sets, clearing)"


def samples(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("jfr_breakdown: jfr print %s failed: %s" % (path, out.stderr.strip()))
    for e in json.loads(out.stdout)["recording"]["events"]:
        trace = e["values"].get("stackTrace")
        if not trace:
            continue
        frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in trace["frames"]]
        if any(f.startswith("io/deepsnn/network/snn/") for f in frames):
            yield frames


def stage_of(frame):
    method = frame.split("/")[-1]
    for stage, match in STAGES:
        if match(method):
            return stage
    return OTHER


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("jfr")
    ap.add_argument("--per-step-us", nargs=3, type=float, metavar=("SECONDS", "IMAGES", "T"))
    args = ap.parse_args(argv)
    counts = collections.Counter(stage_of(frames[0]) for frames in samples(args.jfr))
    total = sum(counts.values())
    if total == 0:
        sys.exit("jfr_breakdown: %s holds no samples inside the simulator" % args.jfr)
    step_us = None
    if args.per_step_us:
        seconds, images, t = args.per_step_us
        step_us = seconds * 1e6 / (images * t)
    print("| stage | share%s |" % (" | µs per image and timestep" if step_us else ""))
    print("| --- | ---:%s |" % (" | ---:" if step_us else ""))
    for stage in [s for s, _ in STAGES] + [OTHER]:
        share = counts.get(stage, 0) / total
        print("| %s | %.1f %%%s |" % (stage, 100 * share, " | %.2f" % (share * step_us) if step_us else ""))
    print("(%d samples)" % total)


if __name__ == "__main__":
    main()
