#!/usr/bin/env python3
"""Runs a converted network densely in PyTorch: every timestep is a forward pass over all
neurons, the way snntoolbox's INI simulator and SpikingJelly simulate a converted SNN. It is the
baseline `compare.py` measures DeepSNN's event-driven simulator against.

    dense_snn.py --model net.onnx --report report.json --data DIR --images 200 --timesteps 500

The network is the ONNX file (its ANN); the thresholds, the input scale, the reset, the initial
potential, the input code and the readout come from the `report.json` that `bin/snn simulate
--out DIR` wrote for the same network (docs/SEMANTICS.md §2–§4, §7):

    I_l(t) = W_l · X_src(t);  v_l += I_l;  spike where v_l ≥ θ_l;  v ← 0 or v ← v − θ_l

with pseudo-simultaneous propagation (a layer's spikes reach its consumers in the same step) and
average pools applied to the spikes. Differences from the Java simulator, on purpose: float32
arithmetic instead of 32-bit fixed point, and Poisson input drawn from torch.rand (seeded) instead
of the counter-based generator, so accuracies agree statistically, not bit for bit. With
`--input analog` in the report there is no randomness, and per-layer spike counts agree up to
float rounding (compare them with --json).

Refused, naming the node: biases and BatchNorm (bias currents, §7), max pooling, clip levels,
and any op the bias-free VGG and ResNet exports here do not use.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "train"))
import datasets  # noqa: E402
import onnx_numpy  # noqa: E402


class Refused(Exception):
    """The network uses something this baseline does not simulate."""


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _symmetric(pads, node):
    pt, pl, pb, pr = pads
    if (pt, pl) != (pb, pr):
        raise Refused("%s: asymmetric pads %s" % (node.name, pads))
    return pt, pl


class DenseSnn:
    """The ONNX graph split into constants (folded once with numpy) and the per-timestep part,
    whose IF layers are the report's layers (a Relu, the output node, a junction Add without a
    Relu)."""

    def __init__(self, model_path, report):
        m = onnx.load(model_path)
        g = m.graph
        self.input_name = g.input[0].name
        self.output_name = g.output[0].name
        layers = [l for l in report["layers"] if l["role"] != "input"]
        self.thresholds = {l["name"]: float(l["threshold"]) for l in layers}
        self.layer_names = [l["name"] for l in layers]
        const = {t.name: numpy_helper.to_array(t) for t in g.initializer}
        self.steps = []  # (node, attrs) of the per-timestep part, in graph order
        data = {self.input_name}
        for node in g.node:
            if any(n in data for n in node.input if n):
                self.steps.append((node, _attrs(node)))
                data.add(node.output[0])
            else:
                const[node.output[0]] = onnx_numpy.eval_node(node, [const[n] if n else None for n in node.input])
        self.const = {k: torch.from_numpy(np.array(v)) for k, v in const.items()}
        known = {node.name for node, _ in self.steps}
        missing = [n for n in self.layer_names if n not in known]
        if missing:
            raise Refused("the report's layers %s are not nodes of %s" % (missing, model_path))
        for node, a in self.steps:
            self._check(node, a)

    def _check(self, node, a):
        op = node.op_type
        if op in ("Conv", "Gemm") and len(node.input) > 2 and node.input[2]:
            raise Refused("%s: a bias (this baseline runs the paper's bias-free networks)" % node.name)
        if op == "Add" and any(n in self.const for n in node.input):
            raise Refused("%s: adds a constant (a bias)" % node.name)
        if op not in ("Conv", "Gemm", "MatMul", "Relu", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
                      "Add", "Slice", "Pad", "Identity", "Dropout", "Transpose"):
            raise Refused("%s: op %s" % (node.name, op))
        if op == "Relu" or node.name in self.thresholds:
            return
        if op == "Gemm" and (a.get("transA", 0) or a.get("alpha", 1.0) != 1.0):
            raise Refused("%s: Gemm with transA or alpha" % node.name)

    def _linear(self, node, a, inp):
        op = node.op_type
        if op == "Conv":
            if a.get("group", 1) != 1:
                raise Refused("%s: grouped Conv" % node.name)
            return F.conv2d(inp[0], inp[1], None, tuple(a.get("strides", [1, 1])),
                            _symmetric(a.get("pads", [0, 0, 0, 0]), node), tuple(a.get("dilations", [1, 1])))
        if op == "MatMul":
            return inp[0] @ inp[1]
        if op == "Gemm":
            return inp[0] @ (inp[1].T if a.get("transB", 0) else inp[1])
        if op == "AveragePool":
            return F.avg_pool2d(inp[0], tuple(a["kernel_shape"]), tuple(a.get("strides", a["kernel_shape"])),
                                _symmetric(a.get("pads", [0, 0, 0, 0]), node), bool(a.get("ceil_mode", 0)),
                                bool(a.get("count_include_pad", 0)))
        if op == "GlobalAveragePool":
            return inp[0].mean(dim=(2, 3), keepdim=True)
        if op == "Flatten":
            return torch.flatten(inp[0], a.get("axis", 1))
        if op == "Reshape":
            shape = [int(s) for s in inp[1]]
            shape = [inp[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            return inp[0].reshape(shape)
        if op == "Add":
            return inp[0] + inp[1]
        if op == "Slice":
            x = inp[0]
            axes = inp[3] if len(inp) > 3 and inp[3] is not None else range(len(inp[1]))
            steps = inp[4] if len(inp) > 4 and inp[4] is not None else [1] * len(inp[1])
            index = [slice(None)] * x.dim()
            for s, e, ax, st in zip(inp[1], inp[2], axes, steps):
                if int(st) <= 0:
                    raise Refused("%s: a Slice with a negative step" % node.name)
                index[int(ax) % x.dim()] = slice(int(s), min(int(e), x.shape[int(ax) % x.dim()]), int(st))
            return x[tuple(index)]
        if op == "Pad":
            pads = [int(p) for p in inp[1]]
            r = inp[0].dim()
            flat = []
            for d in reversed(range(r)):
                flat += [pads[d], pads[d + r]]
            return F.pad(inp[0], flat)
        if op in ("Identity", "Dropout"):
            return inp[0]
        if op == "Transpose":
            return inp[0].permute(*a["perm"])
        raise Refused("%s: op %s" % (node.name, op))

    @torch.no_grad()
    def run(self, x, settings, checkpoints, generator):
        """Simulates a batch x (N×C×H×W, normalised) for max(checkpoints) steps. Returns the
        predictions at each checkpoint and the spikes per IF layer."""
        scale = float(settings["inputScale"])
        analog = settings.get("input", "poisson") == "analog"
        subtract = settings.get("reset", "zero") == "subtract"
        v_init = float(settings.get("vInit", 0.0) or 0.0)
        current_readout = settings.get("readout", "spikes") == "current"
        rate = x.abs() / scale
        sign = torch.sign(x)
        v = {}
        counts = None
        out_v = None
        spikes = {n: 0 for n in self.layer_names}
        preds = []
        for t in range(max(checkpoints)):
            if analog:
                src = x / scale
            else:
                src = sign * (torch.rand(x.shape, generator=generator) < rate).to(x.dtype)
            env = {self.input_name: src}
            for node, a in self.steps:
                inp = [env[n] if n in env else (self.const.get(n) if n else None) for n in node.input]
                name = node.name
                current = inp[0] if node.op_type == "Relu" else self._linear(node, a, inp)
                if name not in self.thresholds:
                    env[node.output[0]] = current
                    continue
                th = self.thresholds[name]
                if name not in v:
                    v[name] = torch.full_like(current, v_init * th)
                vl = v[name]
                vl += current
                is_output = node.output[0] == self.output_name
                if is_output and current_readout:
                    fired = torch.zeros_like(vl)
                else:
                    fired = (vl >= th).to(vl.dtype)
                    if subtract:
                        vl -= fired * th
                    else:
                        vl *= 1 - fired
                spikes[name] += int(fired.sum())
                if is_output:
                    counts = fired if counts is None else counts + fired
                    out_v = vl
                env[node.output[0]] = fired
            if t + 1 in checkpoints:
                if current_readout:
                    preds.append(out_v.argmax(dim=1))
                else:
                    # cumulative counts first, the membrane breaks ties (SEMANTICS §4)
                    span = out_v.abs().max() + 1
                    preds.append((counts * (2 * span) + out_v).argmax(dim=1))
        return preds, spikes


def write_json(path, value):
    """Writes value as JSON, whole or not at all (a temporary file, then a rename)."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1)
    os.replace(tmp, path)


def load_images(data_dir, metadata, n):
    if os.path.exists(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz")):
        _, _, x, y = datasets.load_fashion_mnist(data_dir)
    else:
        test = next((os.path.join(data_dir, f) for f in ("test_batch.bin.gz", "test_batch.bin")
                     if os.path.exists(os.path.join(data_dir, f))), None)
        if test is None:
            sys.exit("dense_snn: %s holds neither Fashion-MNIST (t10k-images-idx3-ubyte.gz) nor "
                     "CIFAR-10 (test_batch.bin[.gz])" % data_dir)
        x, y = datasets.read_cifar_bin(test)
    if n > len(x):
        sys.exit("dense_snn: --images %d, but %s has %d test images" % (n, data_dir, len(x)))
    return datasets.normalize(x[:n], metadata["mean"], metadata["std"]), y[:n].astype(np.int64)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True, help="the ONNX file the network was converted from")
    ap.add_argument("--metadata", help="its metadata JSON (mean, std); default: MODEL with .json")
    ap.add_argument("--report", required=True, help="report.json of `bin/snn simulate --out` on this network")
    ap.add_argument("--data", required=True, help="Fashion-MNIST IDX folder or CIFAR-10 binary folder")
    ap.add_argument("--images", type=int, default=100)
    ap.add_argument("--timesteps", default="500", help="checkpoints, comma separated (default 500)")
    ap.add_argument("--batch", type=int, default=100, help="images per forward pass (default 100)")
    ap.add_argument("--threads", type=int, default=torch.get_num_threads(), help="torch threads")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write times, accuracies and spikes per layer here")
    args = ap.parse_args(argv)
    checkpoints = sorted({int(t) for t in args.timesteps.split(",")})
    if checkpoints[0] <= 0:
        ap.error("--timesteps: positive step counts, not %s" % args.timesteps)
    torch.set_num_threads(args.threads)
    with open(args.report) as f:
        report = json.load(f)
    meta_path = args.metadata or os.path.splitext(args.model)[0] + ".json"
    with open(meta_path) as f:
        metadata = json.load(f)
    try:
        net = DenseSnn(args.model, report)
    except Refused as e:
        sys.exit("dense_snn: %s: %s" % (args.model, e))
    x, y = load_images(args.data, metadata, args.images)
    generator = torch.Generator().manual_seed(args.seed)
    correct = [0] * len(checkpoints)
    spikes = {n: 0 for n in net.layer_names}
    t0 = time.perf_counter()
    for b in range(0, args.images, args.batch):
        xb = torch.from_numpy(x[b:b + args.batch])
        preds, s = net.run(xb, report["settings"], checkpoints, generator)
        for c, p in enumerate(preds):
            correct[c] += int((p.numpy() == y[b:b + args.batch]).sum())
        for n in spikes:
            spikes[n] += s[n]
        print("dense_snn: %d of %d images, %.1f s" % (min(b + args.batch, args.images), args.images,
                                                       time.perf_counter() - t0), file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0
    for t, c in zip(checkpoints, correct):
        print("T=%d accuracy %.2f %% (%d of %d)" % (t, 100.0 * c / args.images, c, args.images))
    print("dense PyTorch %s, %d thread(s): %d images x %d steps in %.2f s" % (
        torch.__version__, args.threads, args.images, checkpoints[-1], seconds))
    if args.json:
        write_json(args.json, {"torch": torch.__version__, "threads": args.threads, "images": args.images,
                               "timesteps": checkpoints, "correct": correct, "seconds": seconds, "spikes": spikes})


if __name__ == "__main__":
    main()
