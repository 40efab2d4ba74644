#!/usr/bin/python3
"""Independent checker for the NIR files `bin/snn export-nir` writes (Neuromorphic Intermediate
Representation, HDF5). It shares no code with the Java exporter: it reads the file with h5py alone,
checks the graph, and can run it as a time-stepped integrate-and-fire network in numpy (float64)
with this project's counter-based Poisson input (docs/SEMANTICS.md §2), so that its spike counts
and predictions can be compared with `bin/snn simulate` on the same images.

    /usr/bin/python3 tools/nir/nir_run.py FILE.nir [--list]
    /usr/bin/python3 tools/nir/nir_run.py FILE.nir --data DIR --images 100 --timesteps 100 --json out.json
    /usr/bin/python3 tools/nir/nir_run.py --self-test

Exit status: 0 success, 2 a file or graph this checker refuses (one line on stderr naming the node
or edge at fault), 1 a failed self-test.
"""

import argparse
import gzip
import json
import os
import signal
import struct
import sys
import tempfile
import time

import h5py
import numpy as np

RUNNABLE = ("Input", "Output", "Conv2d", "Affine", "Linear", "Scale", "AvgPool2d", "SumPool2d",
            "Flatten", "IF")
# NIR's reader builds each node from exactly these datasets (plus `metadata`) and rejects any other
# one, so an extra dataset is worth a warning even though this checker would ignore it.
FIELDS = {"Input": {"shape"}, "Output": {"shape"}, "Affine": {"weight", "bias"},
          "Linear": {"weight"}, "Scale": {"scale"}, "IF": {"r", "v_threshold", "v_reset"},
          "Conv2d": {"input_shape", "weight", "stride", "padding", "dilation", "groups", "bias"},
          "AvgPool2d": {"kernel_size", "stride", "padding"},
          "SumPool2d": {"kernel_size", "stride", "padding"},
          "Flatten": {"start_dim", "end_dim", "input_type"}}
# NIR's reader needs Conv2d's input_shape (it has no default there), so it is required here too.
REQUIRED = {"Input": ("shape",), "Output": ("shape",), "Affine": ("weight", "bias"),
            "Linear": ("weight",), "Scale": ("scale",), "IF": ("r", "v_threshold"),
            "Conv2d": ("weight", "bias", "stride", "padding", "dilation", "groups", "input_shape"),
            "AvgPool2d": ("kernel_size", "stride", "padding"),
            "SumPool2d": ("kernel_size", "stride", "padding"), "Flatten": ("start_dim", "end_dim")}


class Refused(Exception):
    """A file or graph this checker will not run; the message names the node or edge at fault."""


def text(v):
    """h5py hands strings back as bytes, numpy bytes_, str or 0-d object arrays, by writer."""
    if isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind in "OSU":
        v = v[()]
    return v.decode("utf8") if isinstance(v, (bytes, np.bytes_)) else v


def read_group(g):
    return {k: (read_group(v) if isinstance(v, h5py.Group) else text(v[()])) for k, v in g.items()}


def scalar(v):
    return int(np.asarray(v).ravel()[0])


def pair(v, what):
    a = np.asarray(v).astype(np.int64).ravel()
    if a.size == 1:
        a = np.repeat(a, 2)
    if a.size != 2:
        raise ValueError("%s has %d values, not 1 or 2" % (what, a.size))
    return int(a[0]), int(a[1])


# ----------------------------------------------------------------------------------------------
# Reading and checking the graph


class Graph:
    def __init__(self, version, nodes, edges, metadata):
        self.version, self.nodes, self.edges, self.metadata = version, nodes, edges, metadata
        self.types = {n: text(p.get("type", "?")) for n, p in nodes.items()}
        self.sources = {n: [] for n in nodes}
        self.order, self.shape, self.warnings = [], {}, []


def read_nir(path):
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise Refused("%s: not an HDF5 file (%s)" % (path, e))
    with f:
        if "node" not in f or not isinstance(f["node"], h5py.Group):
            raise Refused("%s: no root group 'node'" % path)
        root = read_group(f["node"])
        version = text(f["version"][()]) if "version" in f else None
    if root.get("type") != "NIRGraph":
        raise Refused("node/type is %r, not 'NIRGraph'" % root.get("type"))
    nodes = root.get("nodes")
    if not isinstance(nodes, dict) or not nodes:
        raise Refused("node/nodes is missing or empty")
    raw = root.get("edges")
    raw = np.asarray([] if raw is None else raw, dtype=object)
    if raw.size % 2 or (raw.ndim == 2 and raw.shape[1] != 2):
        raise Refused("node/edges has shape %s, not N x 2" % (raw.shape,))
    edges = [(text(a), text(b)) for a, b in raw.reshape(-1, 2)]
    return Graph(version, nodes, edges, root.get("metadata", {}))


def check_graph(g):
    """Structure first (names, one Input and one Output, no cycle), then the node types, then the
    shapes in topological order, so the first failure names the node or edge at its root."""
    for j, (a, b) in enumerate(g.edges):
        for end in (a, b):
            if end not in g.nodes:
                raise Refused("edge %d (%s -> %s): no node named '%s'" % (j, a, b, end))
        if a in g.sources[b]:  # would it add the source twice? NIR does not say; refuse
            raise Refused("edge %d (%s -> %s) repeats an earlier edge" % (j, a, b))
        g.sources[b].append(a)
    for kind in ("Input", "Output"):
        named = [n for n, t in g.types.items() if t == kind]
        if len(named) != 1:
            raise Refused("the graph has %d %s nodes (%s), not one"
                          % (len(named), kind, ", ".join(named) or "none"))
    for a, b in g.edges:
        if g.types[b] == "Input":
            raise Refused("edge %s -> %s: the Input node has an incoming edge" % (a, b))
        if g.types[a] == "Output":
            raise Refused("edge %s -> %s: the Output node has an outgoing edge" % (a, b))
    for n, t in g.types.items():
        if t not in RUNNABLE:
            raise Refused("node '%s': type %s cannot be run by this checker (it runs %s)"
                          % (n, t, ", ".join(RUNNABLE)))
        if t != "Input" and not g.sources[n]:
            raise Refused("node '%s' (%s) has no incoming edge" % (n, t))
        missing = [k for k in REQUIRED[t] if k not in g.nodes[n]]
        if missing:
            raise Refused("node '%s' (%s): missing dataset(s) %s" % (n, t, ", ".join(missing)))
        extra = set(g.nodes[n]) - FIELDS[t] - {"type", "metadata"}
        if extra:
            g.warnings.append("node '%s' (%s): dataset(s) %s are not %s fields; NIR's reader would "
                              "reject them" % (n, t, ", ".join(sorted(extra)), t))
    # Kahn's algorithm in file order; whatever is left over lies on or behind a cycle.
    indeg = {n: len(s) for n, s in g.sources.items()}
    ready = [n for n in g.nodes if indeg[n] == 0]
    while ready:
        n = ready.pop(0)
        g.order.append(n)
        for a, b in g.edges:
            if a == n:
                indeg[b] -= 1
                if indeg[b] == 0:
                    ready.append(b)
    if len(g.order) != len(g.nodes):
        # Every unordered node has an unordered source, so walking back through them must
        # come round: the loop found is a cycle (not merely a node downstream of one).
        stuck = set(g.nodes) - set(g.order)
        path, n = [], next(n for n in g.nodes if n in stuck)
        while n not in path:
            path.append(n)
            n = next(s for s in g.sources[n] if s in stuck)
        loop = path[path.index(n):][::-1]
        raise Refused("the graph has a cycle: %s" % " -> ".join(loop + loop[:1]))
    for n in g.order:
        ins = [g.shape[s] for s in g.sources[n]]
        if any(s != ins[0] for s in ins[1:]):
            raise Refused("node '%s': its inputs have different shapes %s" % (
                n, ", ".join("%s %s" % (s, list(g.shape[s])) for s in g.sources[n])))
        try:
            g.shape[n] = out_shape(g.types[n], g.nodes[n], ins[0] if ins else None)
        except (ValueError, TypeError, KeyError) as e:
            raise Refused("node '%s' (%s): %s" % (n, g.types[n], e))
    dangling = [n for n in g.order if g.types[n] != "Output" and not any(a == n for a, _ in g.edges)]
    if dangling:
        g.warnings.append("nodes whose output nothing reads: %s" % ", ".join(dangling))


def conv_padding(p, kernel, dil):
    """(before, after) per spatial axis; NIR allows an int, a pair, 'valid' or 'same'."""
    pad = p["padding"]
    if isinstance(pad, str):
        if pad == "valid":
            return ((0, 0), (0, 0))
        if pad == "same":  # PyTorch's rule: the odd pixel of an even total goes after
            tot = [d * (k - 1) for d, k in zip(dil, kernel)]
            return tuple((t // 2, t - t // 2) for t in tot)
        raise ValueError("padding %r" % pad)
    ph, pw = pair(pad, "padding")
    return ((ph, ph), (pw, pw))


def spatial_out(hw, kernel, stride, pads, dil=(1, 1)):
    out = tuple((n + a + b - d * (k - 1) - 1) // s + 1
                for n, k, s, (a, b), d in zip(hw, kernel, stride, pads, dil))
    if min(out) < 1:
        raise ValueError("output would be %s from input %s" % (list(out), list(hw)))
    return out


def out_shape(t, p, x):
    """The output shape (no batch dimension) a node produces from an input of shape x."""
    vec = lambda k: list(np.asarray(p[k]).ravel())
    if t == "Input":
        return tuple(int(v) for v in np.asarray(p["shape"]).ravel())
    if t == "Output":
        want = tuple(int(v) for v in np.asarray(p["shape"]).ravel())
        if want != x:
            raise ValueError("shape %s, but it receives %s" % (list(want), list(x)))
        return x
    if t in ("Affine", "Linear"):
        w = np.asarray(p["weight"])
        if w.ndim != 2 or x != (w.shape[1],):
            raise ValueError("weight %s cannot take an input of shape %s (a Flatten missing?)"
                             % (list(w.shape), list(x)))
        if t == "Affine" and np.asarray(p["bias"]).size != w.shape[0]:
            raise ValueError("bias has %d values for %d outputs" % (np.asarray(p["bias"]).size, w.shape[0]))
        return (w.shape[0],)
    if t == "Scale":
        np.broadcast_to(np.asarray(p["scale"]), x)
        return x
    if t == "IF":
        for k in ("r", "v_threshold", "v_reset"):
            if k in p and np.shape(p[k]) != x:
                raise ValueError("%s has shape %s, its input %s" % (k, list(np.shape(p[k])), list(x)))
        return x
    if t == "Flatten":
        if "input_type" in p and tuple(vec("input_type")) != x:
            raise ValueError("input_type %s, but it receives %s" % (vec("input_type"), list(x)))
        s, e = scalar(p.get("start_dim", 0)), scalar(p.get("end_dim", -1))
        s, e = s % len(x), e % len(x)  # dimensions count without the batch, as in NIR
        if s > e:
            raise ValueError("start_dim %d after end_dim %d" % (s, e))
        return x[:s] + (int(np.prod(x[s:e + 1])),) + x[e + 1:]
    if len(x) != 3:
        raise ValueError("needs a C,H,W input, receives %s" % list(x))
    if t == "Conv2d":
        w = np.asarray(p["weight"])
        groups = scalar(p["groups"])
        if w.ndim != 4 or w.shape[1] * groups != x[0] or w.shape[0] % groups:
            raise ValueError("weight %s with groups %d cannot take %d input channels"
                             % (list(w.shape), groups, x[0]))
        if np.size(p["bias"]) != w.shape[0]:
            raise ValueError("bias has %d values for %d output channels" % (np.size(p["bias"]), w.shape[0]))
        if "input_shape" in p and tuple(vec("input_shape")) != x[1:]:
            raise ValueError("input_shape %s, but it receives %s" % (vec("input_shape"), list(x[1:])))
        dil = pair(p["dilation"], "dilation")
        return (w.shape[0],) + spatial_out(x[1:], w.shape[2:], pair(p["stride"], "stride"),
                                           conv_padding(p, w.shape[2:], dil), dil)
    ph, pw = pair(p["padding"], "padding")
    if t == "AvgPool2d" and (ph or pw):
        # NIR does not say whether the padded zeros count in the average; PyTorch and this
        # project disagree on the default, so refuse rather than guess.
        raise ValueError("padding %s: the divisor at the border is not defined by NIR" % [ph, pw])
    return (x[0],) + spatial_out(x[1:], pair(p["kernel_size"], "kernel_size"),
                                 pair(p["stride"], "stride"), ((ph, ph), (pw, pw)))


# ----------------------------------------------------------------------------------------------
# Running


def conv2d(x, w, b, stride, pads, dil, groups):
    """x (N,C,H,W). One GEMM per kernel offset keeps memory at one strided copy of x instead of
    an im2col matrix kH·kW times its size, which matters with 100 images in a batch."""
    if any(pads[0] + pads[1]):
        x = np.pad(x, ((0, 0), (0, 0)) + tuple(pads))
    (sh, sw), (dh, dw) = stride, dil
    cout, cin, kh, kw = w.shape
    ho = (x.shape[2] - dh * (kh - 1) - 1) // sh + 1
    wo = (x.shape[3] - dw * (kw - 1) - 1) // sw + 1
    og = cout // groups
    out = np.empty((x.shape[0], cout, ho, wo))
    for g in range(groups):
        xs, wg = x[:, g * cin:(g + 1) * cin], w[g * og:(g + 1) * og]
        acc = np.zeros((x.shape[0], ho, wo, og))
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dh:i * dh + sh * (ho - 1) + 1:sh, j * dw:j * dw + sw * (wo - 1) + 1:sw]
                acc += np.tensordot(patch, wg[:, :, i, j], axes=([1], [1]))
        out[:, g * og:(g + 1) * og] = acc.transpose(0, 3, 1, 2)
    return out + b.reshape(1, -1, 1, 1)


def sum_pool(x, kernel, stride, pad):
    if pad[0] or pad[1]:
        x = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    ho = (x.shape[2] - kernel[0]) // stride[0] + 1
    wo = (x.shape[3] - kernel[1]) // stride[1] + 1
    out = np.zeros(x.shape[:2] + (ho, wo))
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            out += x[:, :, i:i + stride[0] * (ho - 1) + 1:stride[0], j:j + stride[1] * (wo - 1) + 1:stride[1]]
    return out


class Network:
    """The checked graph as float64 operators. step() advances every image of the batch by one
    timestep: each node, in topological order, acts on the sum of what its sources output in the
    same timestep (NIR edges are identities with no delay: pseudo-simultaneous propagation)."""

    def __init__(self, g, fire_at_threshold=False):
        self.g, self.ge = g, fire_at_threshold
        self.input = next(n for n in g.order if g.types[n] == "Input")
        self.output = next(n for n in g.order if g.types[n] == "Output")
        self.ops = {n: self._op(g.types[n], g.nodes[n], n) for n in g.order}
        self.if_nodes = [n for n in g.order if g.types[n] == "IF"]
        src = g.sources[self.output]
        self.readout_if = src[0] if len(src) == 1 and g.types[src[0]] == "IF" else None

    def _op(self, t, p, n):
        f8 = lambda k: np.asarray(p[k], dtype=np.float64)
        if t in ("Input", "Output"):
            return lambda x: x
        if t == "Affine":
            w, b = f8("weight"), f8("bias").ravel()
            return lambda x: x @ w.T + b
        if t == "Linear":
            w = f8("weight")
            return lambda x: x @ w.T
        if t == "Scale":
            s = f8("scale")
            return lambda x: x * s
        if t == "Flatten":
            shape = self.g.shape[n]
            return lambda x: x.reshape((x.shape[0],) + shape)
        if t == "Conv2d":
            w, b = f8("weight"), f8("bias").ravel()
            dil = pair(p["dilation"], "dilation")
            args = (pair(p["stride"], "stride"), conv_padding(p, w.shape[2:], dil), dil, scalar(p["groups"]))
            return lambda x: conv2d(x, w, b, *args)
        if t in ("AvgPool2d", "SumPool2d"):
            k, s, pd = (pair(p[f], f) for f in ("kernel_size", "stride", "padding"))
            div = float(k[0] * k[1]) if t == "AvgPool2d" else 1.0
            return lambda x: sum_pool(x, k, s, pd) / div
        if t == "IF":
            r, th = f8("r"), f8("v_threshold")
            reset = f8("v_reset") if "v_reset" in p else np.zeros_like(th)
            return (r, th, reset)
        raise Refused("node '%s': type %s cannot be run" % (n, t))

    def reset(self, n_images):
        self.v = {n: np.zeros((n_images,) + self.g.shape[n]) for n in self.if_nodes}
        self.readout = np.zeros((n_images, int(np.prod(self.g.shape[self.output]))))

    def step(self, x_in):
        """x_in: the Input node's output for this timestep, (N, *shape). Returns every node's output."""
        out = {}
        for n in self.g.order:
            srcs = self.g.sources[n]
            x = x_in if n == self.input else sum(out[s] for s in srcs[1:]) + out[srcs[0]]
            op = self.ops[n]
            if isinstance(op, tuple):  # IF, NIR's rule: v += r·I; spike where v > θ; then v = v_reset
                r, th, reset = op
                v = self.v[n] + r * x
                s = v >= th if self.ge else v > th
                self.v[n] = np.where(s, reset, v)
                out[n] = s.astype(np.float64)
            else:
                out[n] = op(x)
        self.readout += out[self.output].reshape(len(x_in), -1)
        return out

    def predictions(self):
        """argmax of the summed output; ties to the larger membrane of the IF feeding Output (when
        one does), then to the lower index."""
        c = self.readout
        best = c == c.max(axis=1, keepdims=True)
        if self.readout_if is not None:
            v = np.where(best, self.v[self.readout_if].reshape(len(c), -1), -np.inf)
            best &= v == v.max(axis=1, keepdims=True)
        return best.argmax(axis=1)


# Counter-based Poisson input, SEMANTICS §2. Pure uint64 arrays wrap silently; errstate covers the
# numpy scalars that would otherwise warn.
U64 = np.uint64


def splitmix64(z):
    with np.errstate(over="ignore"):
        z = np.asarray(z, dtype=U64) + U64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> U64(30))) * U64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> U64(27))) * U64(0x94D049BB133111EB)
        return z ^ (z >> U64(31))


def image_keys(seed, images):
    """splitmix64(splitmix64(seed) ^ i) per image; base(seed, i, t) is splitmix64(key ^ t)."""
    s = splitmix64(U64(seed & 0xFFFFFFFFFFFFFFFF))
    return splitmix64(s ^ np.asarray(images, dtype=U64))


def bits24(keys, t, n_elements):
    base = splitmix64(keys ^ U64(t))
    return splitmix64(base[:, None] ^ np.arange(n_elements, dtype=U64)[None, :]) >> U64(40)


def poisson(keys, t, prob, sign):
    """prob = |x|/λ_in and sign = sign(x), (N, K) in C×H×W order: the signed spikes of timestep t."""
    u = bits24(keys, t, prob.shape[1]).astype(np.float64) * 2.0 ** -24
    return np.where(u < prob, sign, 0.0)


# ----------------------------------------------------------------------------------------------
# Data


def load_images(path):
    """(pixels uint8 (N,C,H,W), labels or None). IDX files (gzip or plain), a CIFAR-10 binary batch,
    or a folder with either (the test split: t10k-images-idx3-ubyte or test_batch.bin)."""
    if os.path.isdir(path):
        for d in (path, os.path.join(path, "cifar-10-batches-bin")):
            for name in ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte", "test_batch.bin"):
                for ext in ("", ".gz"):
                    if os.path.isfile(os.path.join(d, name + ext)):
                        return load_images(os.path.join(d, name + ext))
        raise Refused("%s: no t10k-images-idx3-ubyte[.gz] or test_batch.bin[.gz] in it" % path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    if ".bin" in os.path.basename(path):
        if len(raw) % 3073:
            raise Refused("%s: %d bytes are not CIFAR-10 records of 3073" % (path, len(raw)))
        rec = np.frombuffer(raw, np.uint8).reshape(-1, 3073)
        return rec[:, 1:].reshape(-1, 3, 32, 32), rec[:, 0].astype(np.int64)
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08 or ndim < 2:
        raise Refused("%s: not an IDX file of unsigned bytes with 2 or more dimensions" % path)
    dims = struct.unpack(">%dI" % ndim, raw[4:4 + 4 * ndim])
    px = np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)
    if ndim < 4:  # N×H×W is one channel; N×D a vector per image (for an Input of shape [D])
        px = px.reshape((dims[0], 1) + ((1,) if ndim == 2 else ()) + dims[1:])
    labels = None
    lab = path.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1")
    if lab != path and os.path.isfile(lab):
        with (gzip.open if lab.endswith(".gz") else open)(lab, "rb") as f:
            labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    return px, labels


def setting(g, args, key, option):
    v = getattr(args, option) if getattr(args, option) is not None else g.metadata.get(key)
    if v is None:
        raise Refused("metadata %s is missing: give --%s" % (key, option.replace("_", "-")))
    return v


def run(g, args):
    px, labels = load_images(args.data)
    lo, hi = args.first, min(args.first + args.images, len(px))
    if lo >= hi:
        raise Refused("--first %d: the data set has %d images" % (lo, len(px)))
    shape = g.shape[next(n for n in g.order if g.types[n] == "Input")]
    if px[0].size != int(np.prod(shape)) or (len(shape) == 3 and px.shape[1:] != shape):
        raise Refused("images of shape %s do not fit the Input shape %s" % (list(px.shape[1:]), list(shape)))
    c = px.shape[1]
    mean, std = (np.asarray(setting(g, args, "deepsnn_" + k, k), np.float64).ravel() for k in ("mean", "std"))
    if {mean.size, std.size} - {1, c}:
        raise Refused("mean %s and std %s do not fit %d channel(s)" % (list(mean), list(std), c))
    mean, std = np.broadcast_to(mean, (c,)), np.broadcast_to(std, (c,))
    lam = float(setting(g, args, "deepsnn_input_scale", "input_scale"))
    seed = int(setting(g, args, "deepsnn_seed", "seed"))
    # SEMANTICS §2's --input analog: no spikes, the Input passes x/λ_in at every timestep.
    analog = text(g.metadata.get("deepsnn_input_mode", "poisson")) == "analog"
    if text(g.metadata.get("deepsnn_input_mode", "poisson")) not in ("poisson", "analog"):
        raise Refused("metadata deepsnn_input_mode %r is neither 'poisson' nor 'analog'"
                      % g.metadata["deepsnn_input_mode"])
    if text(g.metadata.get("deepsnn_reset", "zero")) != "zero":
        print("warning: deepsnn_reset is %r; NIR's IF resets to v_reset, which is what runs here"
              % g.metadata["deepsnn_reset"], file=sys.stderr)
    net = Network(g, args.fire_at_threshold)
    totals = {n: 0 for n in net.if_nodes}
    input_spikes, preds, t0 = 0, [], time.time()
    shown = t0
    for b in range(lo, hi, args.batch):
        idx = np.arange(b, min(b + args.batch, hi))
        # (pixel/255 − mean_c)/std_c in double, in the order Normalization.value computes it
        x = (px[idx].astype(np.float64) / 255.0 - mean[:, None, None]) / std[:, None, None]
        x = x.reshape(len(idx), -1)
        prob, sign, keys = np.abs(x) / lam, np.sign(x), image_keys(seed, idx)
        net.reset(len(idx))
        for t in range(args.timesteps):
            s_in = sign * prob if analog else poisson(keys, t, prob, sign)
            input_spikes += 0 if analog else int(np.count_nonzero(s_in))
            out = net.step(s_in.reshape((len(idx),) + shape))
            for n in net.if_nodes:
                totals[n] += int(out[n].sum())
            if time.time() - shown > 10:
                shown = time.time()
                print("  images %d..%d: timestep %d/%d, %.0f s"
                      % (idx[0], idx[-1], t + 1, args.timesteps, shown - t0), file=sys.stderr)
        preds.extend(int(p) for p in net.predictions())
        if hi - lo > args.batch:
            print("  %d/%d images, %.1f s" % (idx[-1] + 1 - lo, hi - lo, time.time() - t0), file=sys.stderr)
    res = {"images": hi - lo, "timesteps": args.timesteps, "first": lo, "seed": seed,
           "input_spikes": input_spikes, "layers": [{"name": n, "spikes": totals[n]} for n in net.if_nodes],
           "predictions": preds}
    print("ran %d images (%d..%d) for %d timesteps, %s input, seed %d, λ_in %r, in %.1f s"
          % (hi - lo, lo, hi - 1, args.timesteps, "analog" if analog else "Poisson", seed, lam, time.time() - t0))
    print("  %-24s %d" % ("input spikes", input_spikes))
    for n in net.if_nodes:
        print("  %-24s %d" % (n, totals[n]))
    print("predictions: %s" % " ".join(map(str, preds)))
    if labels is not None:
        correct = int(np.sum(np.asarray(preds) == labels[lo:hi]))
        res["correct"] = correct
        print("accuracy: %d/%d = %.4f" % (correct, hi - lo, correct / (hi - lo)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f)
            f.write("\n")
    return res


# ----------------------------------------------------------------------------------------------
# Listing


def brief(v, most=6):
    a = np.asarray(v)
    if a.dtype.kind in "OSU":
        return repr(text(v))
    if a.size <= most:
        return np.array2string(a.ravel() if a.ndim else a, separator=",", floatmode="unique")
    return "%s %s, %s..%s" % (a.dtype, list(a.shape), repr(float(a.min())), repr(float(a.max())))


def describe(g, n):
    t, p = g.types[n], g.nodes[n]
    shapes = ""
    if n in g.shape:
        ins = g.shape[g.sources[n][0]] if g.sources[n] else None
        shapes = "%s -> %s" % (list(ins) if ins else "", list(g.shape[n]))
    bits = []
    if t in ("Conv2d", "Affine", "Linear"):
        bits.append("weight %s" % list(np.shape(p["weight"])))
    if t == "Conv2d":
        bits += ["%s %s" % (k, brief(p[k])) for k in ("stride", "padding", "dilation", "groups") if k in p]
    if t in ("AvgPool2d", "SumPool2d"):
        bits += ["%s %s" % (k, brief(p[k])) for k in ("kernel_size", "stride", "padding") if k in p]
    if t == "Flatten":
        bits += ["%s %s" % (k, brief(p[k])) for k in ("start_dim", "end_dim") if k in p]
    if t == "IF" and "v_threshold" in p:
        u = np.unique(np.asarray(p["v_threshold"]))
        bits.append("θ %s" % (", ".join(repr(float(v)) for v in u) if u.size <= 8
                              else "%d distinct, %r..%r" % (u.size, float(u[0]), float(u[-1]))))
        if not np.all(np.asarray(p["r"]) == 1):
            bits.append("r %s" % brief(np.unique(p["r"])))
        if "v_reset" in p and np.any(np.asarray(p["v_reset"]) != 0):
            bits.append("v_reset %s" % brief(np.unique(p["v_reset"])))
        meta = p.get("metadata", {})
        for k in ("deepsnn_threshold", "deepsnn_unity"):  # the exporter's own record, for comparison
            if k in meta:
                bits.append("%s %s" % (k, brief(meta[k])))
    if len(g.sources.get(n, ())) > 1:
        bits.append("sum of %s" % " + ".join(g.sources[n]))
    return ("  %-24s %-10s %-28s %s" % (n, t, shapes, "  ".join(bits))).rstrip()


def listing(g):
    print("NIR version %s" % g.version)
    for k, v in sorted(g.metadata.items()):
        print("  metadata %s = %s" % (k, brief(v, 16)))
    print("%d nodes:" % len(g.nodes))
    for n in (g.order if len(g.order) == len(g.nodes) else g.nodes):
        print(describe(g, n))
    print("%d edges:" % len(g.edges))
    for a, b in g.edges:
        print("  %s -> %s" % (a, b))


def check_with_nir(path):
    """The reference reader, where it is installed (it is not in this project's environment)."""
    try:
        import nir
    except ImportError:
        print("nir package: not installed, reference reader skipped")
        return
    for type_check in (True, False):
        try:
            nir.read(path, type_check=type_check)
            print("nir.read(type_check=%s): ok" % type_check)
            return
        except Exception as e:  # any failure of the reference reader is a finding, not a crash
            print("nir.read(type_check=%s): FAILED: %s: %s" % (type_check, type(e).__name__, e))


# ----------------------------------------------------------------------------------------------
# Self-test


def write_nir(path, nodes, edges, metadata=None, vlen=False):
    """Writes a graph the way the Java exporter does (fixed-length byte strings) or, with vlen,
    the way NIR's own writer does (variable-length strings)."""
    def put(grp, k, v):
        if isinstance(v, str) and vlen:
            grp.create_dataset(k, data=v, dtype=h5py.string_dtype())
        else:
            grp.create_dataset(k, data=np.bytes_(v) if isinstance(v, str) else v)
    with h5py.File(path, "w") as f:
        put(f, "version", "1.0.0")
        root = f.create_group("node")
        put(root, "type", "NIRGraph")
        for name, p in nodes.items():
            grp = root.create_group("nodes/" + name)
            for k, v in p.items():
                put(grp, k, v)
        e = np.array(edges, dtype=object if vlen else "S").reshape(-1, 2)
        root.create_dataset("edges", data=e, dtype=h5py.string_dtype() if vlen else None)
        md = root.create_group("metadata")
        for k, v in (metadata or {}).items():
            put(md, k, v)


def self_test():
    a = lambda *v: np.array(v, dtype=np.float64)
    # SEMANTICS §2, pinned by CounterRngTest on the Java side
    b = bits24(image_keys(42, [0]), 0, 4)[0]
    assert list(b) == [12673321, 7065990, 5956853, 6153218], b
    assert float(b[0]) * 2.0 ** -24 == 0.7553887963294983
    u = float(bits24(image_keys(42, [0, 1, 2, 3]), 7, 101)[3, 100]) * 2.0 ** -24
    assert u == 0.21575069427490234, u
    # A seed with its top bit set, as Java's long -1 is stored: the same numbers as 2^64 − 1.
    assert np.array_equal(bits24(image_keys(-1, [5]), 2, 9), bits24(image_keys(2 ** 64 - 1, [5]), 2, 9))

    # Two IF neurons, hand-computed (exact binary fractions, so no rounding):
    #   A: I = 0.5, θ 0.5: v 0.5 (not > θ), 1.0 spike→0, 0.5, 1.0 spike → spikes at t = 1, 3
    #   B: I = r·(0.25 + 0.5 + 0.125) = 1.75, θ 1.5, v_reset −0.5:
    #      1.75 spike→−0.5, 1.25, 3.0 spike→−0.5, 1.25 → spikes at t = 0, 2
    # Two spikes each: the tie goes to B's larger membrane (1.25 against 0).
    nodes = {"in": {"type": "Input", "shape": np.array([2])},
             "fc": {"type": "Affine", "weight": a([0.5, 0.0], [0.25, 0.5]), "bias": a(0.0, 0.125)},
             "if": {"type": "IF", "r": a(1.0, 2.0), "v_threshold": a(0.5, 1.5), "v_reset": a(0.0, -0.5)},
             "out": {"type": "Output", "shape": np.array([2])}}
    g = Graph("test", nodes, [("in", "fc"), ("fc", "if"), ("if", "out")], {})
    check_graph(g)
    net = Network(g)
    net.reset(1)
    trains = [net.step(np.ones((1, 2)))["if"][0].tolist() for _ in range(4)]
    assert trains == [[0, 1], [1, 0], [0, 1], [1, 0]], trains
    assert list(net.predictions()) == [1] and net.v["if"][0].tolist() == [0.0, 1.25]
    net = Network(g, fire_at_threshold=True)  # the Java rule v ≥ θ: A fires every step
    net.reset(1)
    assert sum(net.step(np.ones((1, 2)))["if"][0, 0] for _ in range(4)) == 4

    # A residual junction: IF "j" sums a 1×1 conv of IF "a" and "a" itself, same timestep.
    #   a: I = 0.75, θ 0.5 → fires at every step, so j gets 0.25 + 1 = 1.25 at every step (no
    #   delay on either path); θ_j 1.25 and the strict test: v 1.25, 2.5 spike, 1.25, 2.5 spike.
    one = lambda v: np.full((1, 1, 1), v)
    conv1x1 = lambda w: {"type": "Conv2d", "weight": np.full((1, 1, 1, 1), w), "bias": a(0.0), "groups": 1,
                         "stride": np.array([1, 1]), "padding": np.array([0, 0]), "dilation": np.array([1, 1])}
    nodes = {"in": {"type": "Input", "shape": np.array([1, 1, 1])},
             "c0": dict(conv1x1(0.75), input_shape=np.array([1, 1])),
             "a": {"type": "IF", "r": one(1.0), "v_threshold": one(0.5), "v_reset": one(0.0)},
             "c1": dict(conv1x1(0.25), input_shape=np.array([1, 1])),
             "j": {"type": "IF", "r": one(1.0), "v_threshold": one(1.25), "v_reset": one(0.0)},
             "out": {"type": "Output", "shape": np.array([1, 1, 1])}}
    edges = [("in", "c0"), ("c0", "a"), ("a", "c1"), ("c1", "j"), ("a", "j"), ("j", "out")]
    g = Graph("test", nodes, edges, {})
    check_graph(g)
    net = Network(g)
    net.reset(1)
    assert [float(net.step(np.ones((1, 1, 1, 1)))["j"].sum()) for _ in range(4)] == [0, 1, 0, 1]

    # conv2d and pooling against the definition, with every option away from its default
    rng = np.random.default_rng(1)
    x, w, bias = rng.normal(size=(2, 4, 7, 6)), rng.normal(size=(6, 2, 3, 2)), rng.normal(size=6)
    (sh, sw), (ph, pw), (dh, dw), groups = (2, 1), (1, 2), (2, 1), 2
    got = conv2d(x, w, bias, (sh, sw), ((ph, ph), (pw, pw)), (dh, dw), groups)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    want = np.zeros_like(got)
    for n, o, yy, xx in np.ndindex(*want.shape):
        gi = o // (6 // groups)
        for c, i, j in np.ndindex(2, 3, 2):
            want[n, o, yy, xx] += w[o, c, i, j] * xp[n, gi * 2 + c, yy * sh + i * dh, xx * sw + j * dw]
        want[n, o, yy, xx] += bias[o]
    assert got.shape == (2, 6, 3, 9) and np.allclose(got, want, rtol=0, atol=1e-12)
    got = sum_pool(x, (3, 2), (2, 2), (1, 0))
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 0)))
    want = np.array([[[[xp[n, c, 2 * i:2 * i + 3, 2 * j:2 * j + 2].sum() for j in range(3)] for i in range(4)]
                      for c in range(4)] for n in range(2)])
    assert np.allclose(got, want, rtol=0, atol=1e-12)

    # Files: both string layouts read back, and each defect is refused naming its node or edge.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.nir")
        for vlen in (False, True):
            write_nir(path, nodes, edges, {"deepsnn_reset": "zero", "deepsnn_seed": np.int64(3)}, vlen)
            g = read_nir(path)
            check_graph(g)
            assert g.edges == edges and g.types["j"] == "IF", g.edges
            assert g.metadata["deepsnn_reset"] == "zero" and g.metadata["deepsnn_seed"] == 3
            assert g.sources["j"] == ["c1", "a"] and g.shape["out"] == (1, 1, 1)
        chain = [("in", "c0"), ("c0", "a"), ("a", "c1"), ("c1", "j"), ("j", "out")]
        bad = [(chain + [("a", "jj")], nodes, "edge 5 (a -> jj): no node named 'jj'"),
               (chain + [("c0", "a")], nodes, "edge 5 (c0 -> a) repeats"),
               (chain + [("j", "c0")], nodes, "j -> c0 -> a"),
               (edges, dict(nodes, a={"type": "LIF", "tau": one(1.0)}), "node 'a': type LIF"),
               (edges, dict(nodes, out={"type": "Output", "shape": np.array([2])}),
                "node 'out' (Output): shape [2]"),
               (edges, dict(nodes, c1=dict(nodes["c1"], weight=np.ones((1, 2, 1, 1)))), "node 'c1' (Conv2d)"),
               (edges + [("in", "in2")], dict(nodes, in2={"type": "Input", "shape": np.array([1])}),
                "2 Input nodes")]
        for e, ns, message in bad:
            write_nir(path, ns, e)
            try:
                check_graph(read_nir(path))
                raise AssertionError("not refused: " + message)
            except Refused as r:
                assert message in str(r), (message, str(r))
    print("self-test passed")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", help="the .nir file")
    ap.add_argument("--list", action="store_true", help="only list and check the graph, even with --data")
    ap.add_argument("--data", help="IDX images (gzip or plain), a CIFAR-10 test_batch.bin, or a folder of them")
    ap.add_argument("--images", type=int, default=10, help="how many images (default 10)")
    ap.add_argument("--first", type=int, default=0, help="data-set index of the first image (default 0)")
    ap.add_argument("--timesteps", type=int, default=100, help="T (default 100)")
    ap.add_argument("--batch", type=int, default=100, help="images simulated together (memory; default 100)")
    ap.add_argument("--json", help="write the counts and predictions here")
    ap.add_argument("--seed", type=int, help="Poisson seed (default: metadata deepsnn_seed)")
    ap.add_argument("--input-scale", type=float, help="λ_in (default: metadata deepsnn_input_scale)")
    ap.add_argument("--mean", type=float, nargs="+", help="per channel (default: metadata deepsnn_mean)")
    ap.add_argument("--std", type=float, nargs="+", help="per channel (default: metadata deepsnn_std)")
    ap.add_argument("--fire-at-threshold", action="store_true",
                    help="fire where v >= θ (the Java simulator's rule) instead of NIR's v > θ")
    ap.add_argument("--self-test", action="store_true", help="run the built-in checks and exit")
    args = ap.parse_args(argv)
    if args.self_test:
        try:
            self_test()
        except AssertionError as e:
            print("self-test FAILED: %r" % (e,), file=sys.stderr)
            return 1
        return 0
    if not args.file:
        ap.error("a .nir file is needed (or --self-test)")
    if args.images < 1 or args.timesteps < 1 or args.batch < 1 or args.first < 0:
        ap.error("--images, --timesteps and --batch must be positive, --first not negative")
    try:
        g = read_nir(args.file)
    except Refused as e:
        print("refused: %s" % e, file=sys.stderr)
        return 2
    try:
        check_graph(g)
    except Refused as e:
        listing(g)
        check_with_nir(args.file)  # a graph refused here may still be valid NIR (LIF, Delay, ...)
        print("refused: %s" % e, file=sys.stderr)
        return 2
    listing(g)
    for w in g.warnings:
        print("warning: %s" % w, file=sys.stderr)
    print("graph ok: %d nodes, %d edges, acyclic, one Input, one Output, shapes consistent"
          % (len(g.nodes), len(g.edges)))
    check_with_nir(args.file)
    if args.data and not args.list:
        try:
            run(g, args)
        except (Refused, OSError) as e:
            print("refused: %s" % e, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    sys.exit(main())
