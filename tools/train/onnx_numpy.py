"""A tiny numpy evaluator for the ONNX graphs exported here (onnxruntime is not
installed on this machine, and onnx 1.12 has no reference evaluator). It supports only
the ops these models produce plus a few shape helpers; anything else raises.

    logits = onnx_numpy.run("model.onnx", x)   # x: float32 N x C x H x W
"""

import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _windows(x, kh, kw, sh, sw):
    v = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))
    return v[:, :, ::sh, ::sw]  # N C Ho Wo kh kw


def _conv(x, w, a):
    if a.get("group", 1) != 1:
        raise NotImplementedError("grouped Conv")
    if any(d != 1 for d in a.get("dilations", [1, 1])):
        raise NotImplementedError("dilated Conv")
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("auto_pad")
    kh, kw = w.shape[2:]
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    sh, sw = a.get("strides", [1, 1])
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    win = _windows(xp, kh, kw, sh, sw)
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))  # N Ho Wo O
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2)).astype(np.float32)


def _avgpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    pt, pl, pb, pr = a.get("pads", [0, 0, 0, 0])
    if a.get("ceil_mode", 0):
        raise NotImplementedError("ceil_mode")
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    s = _windows(xp, kh, kw, sh, sw).sum(axis=(4, 5))
    if a.get("count_include_pad", 0) or (pt, pl, pb, pr) == (0, 0, 0, 0):
        return (s / np.float32(kh * kw)).astype(np.float32)
    ones = np.pad(np.ones((1, 1) + x.shape[2:], np.float32), ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    cnt = _windows(ones, kh, kw, sh, sw).sum(axis=(4, 5))
    return (s / cnt).astype(np.float32)


def _maxpool(x, a):
    kh, kw = a["kernel_shape"]
    sh, sw = a.get("strides", [1, 1])
    if any(a.get("pads", [0, 0, 0, 0])) or a.get("ceil_mode", 0):
        raise NotImplementedError("MaxPool pads/ceil_mode")
    return _windows(x, kh, kw, sh, sw).max(axis=(4, 5)).astype(np.float32)


def _clip(inp, a):
    lo = inp[1] if len(inp) > 1 and inp[1] is not None else a.get("min", -np.inf)
    hi = inp[2] if len(inp) > 2 and inp[2] is not None else a.get("max", np.inf)
    return np.minimum(np.maximum(inp[0], np.float32(lo)), np.float32(hi))


def _slice(inp):
    data, starts, ends = inp[0], inp[1], inp[2]
    axes = inp[3] if len(inp) > 3 and inp[3] is not None else np.arange(len(starts))
    steps = inp[4] if len(inp) > 4 and inp[4] is not None else np.ones(len(starts), np.int64)
    sl = [slice(None)] * data.ndim
    for s, e, ax, st in zip(starts, ends, axes, steps):
        ax = int(ax) % data.ndim
        n = data.shape[ax]
        s, e, st = int(s), int(e), int(st)
        # clamp like ONNX (and numpy) do
        s = max(min(s + n if s < 0 else s, n), 0) if st > 0 else s
        e = max(min(e + n if e < 0 else e, n), 0) if st > 0 else e
        sl[ax] = slice(s, e, st)
    return data[tuple(sl)]


def _pad(inp, a):
    mode = a.get("mode", b"constant")
    if mode not in (b"constant", "constant"):
        raise NotImplementedError("Pad mode %s" % mode)
    data, pads = inp[0], [int(p) for p in inp[1]]
    value = inp[2].item() if len(inp) > 2 and inp[2] is not None and inp[2].size else 0.0
    r = data.ndim
    if any(p < 0 for p in pads):
        raise NotImplementedError("negative pads")
    return np.pad(data, [(pads[i], pads[i + r]) for i in range(r)], constant_values=value)


def _reshape(data, shape, allowzero=0):
    shape = [int(s) for s in shape]
    if not allowzero:
        shape = [data.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return data.reshape(shape)


def run(model, x, return_all=False):
    """Evaluate the graph on input x (float32). Returns the first output (or every value
    by name when return_all)."""
    m = onnx.load(model) if isinstance(model, str) else model
    g = m.graph
    env = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    env[g.input[0].name] = np.asarray(x, dtype=np.float32)
    for node in g.node:
        env[node.output[0]] = eval_node(node, [env[n] if n else None for n in node.input])
    if return_all:
        return env
    return env[g.output[0].name]


def eval_node(node, inp):
    """One node on numpy inputs (None where an optional input is absent): its first output."""
    a = _attrs(node)
    op = node.op_type
    if op == "Conv":
        out = _conv(inp[0], inp[1], a)
        if len(inp) > 2 and inp[2] is not None:
            out = out + inp[2].reshape(1, -1, 1, 1)
    elif op == "Relu":
        out = np.maximum(inp[0], np.float32(0))
    elif op == "AveragePool":
        out = _avgpool(inp[0], a)
    elif op == "MaxPool":
        out = _maxpool(inp[0], a)
    elif op == "Clip":
        out = _clip(inp, a)
    elif op == "BatchNormalization":
        c = (1, -1) + (1,) * (inp[0].ndim - 2)
        scale = inp[1] / np.sqrt(inp[4] + np.float32(a.get("epsilon", 1e-5)))
        out = ((inp[0] - inp[3].reshape(c)) * scale.reshape(c) + inp[2].reshape(c)).astype(np.float32)
    elif op == "GlobalAveragePool":
        out = inp[0].mean(axis=(2, 3), keepdims=True, dtype=np.float32)
    elif op == "Flatten":
        ax = a.get("axis", 1)
        out = inp[0].reshape(int(np.prod(inp[0].shape[:ax])), -1)
    elif op == "Reshape":
        out = _reshape(inp[0], inp[1], a.get("allowzero", 0))
    elif op == "MatMul":
        out = np.matmul(inp[0], inp[1])
    elif op == "Gemm":
        A = inp[0].T if a.get("transA", 0) else inp[0]
        B = inp[1].T if a.get("transB", 0) else inp[1]
        out = np.float32(a.get("alpha", 1.0)) * (A @ B)
        if len(inp) > 2 and inp[2] is not None:
            out = out + np.float32(a.get("beta", 1.0)) * inp[2]
    elif op == "Add":
        out = inp[0] + inp[1]
    elif op == "Sub":
        out = inp[0] - inp[1]
    elif op == "Mul":
        out = inp[0] * inp[1]
    elif op == "Div":
        out = inp[0] / inp[1]
    elif op == "Slice":
        out = _slice(inp)
    elif op == "Pad":
        out = _pad(inp, a)
    elif op == "Constant":
        out = numpy_helper.to_array(a["value"])
    elif op == "Identity" or op == "Dropout":
        out = inp[0]
    elif op == "Shape":
        out = np.array(inp[0].shape, dtype=np.int64)
    elif op == "Gather":
        out = np.take(inp[0], inp[1], axis=a.get("axis", 0))
    elif op == "Unsqueeze":
        out = np.expand_dims(inp[0], tuple(int(v) for v in inp[1]))
    elif op == "Squeeze":
        out = np.squeeze(inp[0], tuple(int(v) for v in inp[1]) if len(inp) > 1 else None)
    elif op == "Concat":
        out = np.concatenate(inp, axis=a["axis"])
    elif op == "Cast":
        out = inp[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])
    elif op == "Transpose":
        out = np.transpose(inp[0], a.get("perm"))
    elif op == "ConstantOfShape":
        v = numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
        out = np.full(tuple(int(s) for s in inp[0]), v.reshape(-1)[0], dtype=v.dtype)
    else:
        raise NotImplementedError("op %s" % op)
    return out


def run_batched(model, x, batch=250):
    m = onnx.load(model) if isinstance(model, str) else model
    return np.concatenate([run(m, x[i:i + batch]) for i in range(0, len(x), batch)])
