#!/usr/bin/python3
"""Print the node list of an ONNX model (op types in order, their attributes, the
values of constant inputs such as Slice starts/ends/axes/steps and Pad pads, weight
shapes, inferred output shapes) and the MAC count per layer, as Markdown.

MAC convention: Conv = C_out*H_out*W_out*C_in*k_h*k_w (zero padding counted; per group
C_in/group), MatMul/Gemm with a weight initializer = out_features*in_features, everything
else (pools, adds, shortcuts, pads, slices, flatten) 0.

  /usr/bin/python3 tools/train/describe_onnx.py model.onnx [more.onnx ...]
"""

import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import onnx_numpy  # noqa: E402


def _fmt_attr(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, onnx.TensorProto):
        a = numpy_helper.to_array(v)
        return "tensor(%s%s)" % (a.dtype, list(a.reshape(-1)) if a.size <= 16 else list(a.shape))
    if isinstance(v, list):
        return "[" + ", ".join(str(_fmt_attr(x)) for x in v) + "]"
    return repr(v) if isinstance(v, float) else str(v)


def _dims(vi):
    out = []
    for d in vi.type.tensor_type.shape.dim:
        out.append(d.dim_param if d.dim_param else d.dim_value)
    return out


def describe(path):
    m = onnx.load(path)
    g = m.graph
    # evaluate the graph once on a zero input of batch 1 (numpy evaluator): gives exact
    # output shapes and the values of computed constant inputs (e.g. Pad's pads)
    in_shape = [d if isinstance(d, int) and d > 0 else 1 for d in _dims(g.input[0])]
    env = onnx_numpy.run(m, np.zeros(in_shape, np.float32), return_all=True)
    shapes = {k: ["N"] + list(v.shape[1:]) if v.ndim >= 2 and v.dtype == np.float32
              and k not in {t.name for t in g.initializer} else list(v.shape)
              for k, v in env.items()}
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    consts = dict(inits)
    for n in g.node:
        if n.op_type == "Constant":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    lines = []
    lines.append("Model `%s`: ir_version %d, opset %s, producer %s %s" % (
        path.split("/")[-1], m.ir_version,
        ", ".join("%s:%d" % (o.domain or "ai.onnx", o.version) for o in m.opset_import),
        m.producer_name, m.producer_version))
    lines.append("")
    lines.append("Graph input `%s` %s, output `%s` %s; %d initializers (%s)." % (
        g.input[0].name, _dims(g.input[0]), g.output[0].name, _dims(g.output[0]),
        len(g.initializer),
        ", ".join("`%s` %s" % (t.name, list(t.dims)) for t in g.initializer)))
    lines.append("")
    lines.append("Output shapes below come from evaluating the graph (N = batch); "
                 "'computed' values are what a constant sub-graph evaluates to.")
    lines.append("")
    lines.append("| # | op | inputs | attributes / constant inputs | output shape | MACs |")
    lines.append("|---|----|--------|------------------------------|--------------|------|")
    total = 0
    summary = []
    for i, n in enumerate(g.node):
        attrs = ["%s=%s" % (a.name, _fmt_attr(onnx.helper.get_attribute_value(a)))
                 for a in n.attribute]
        ins = []
        for name in n.input:
            if name == "":
                ins.append("(none)")
            elif name in inits:
                a = inits[name]
                if a.size <= 16:
                    ins.append("init `%s`=%s" % (name, a.reshape(-1).tolist()))
                else:
                    ins.append("weight `%s` %s" % (name, list(a.shape)))
            elif name in consts:
                ins.append("const %s" % consts[name].reshape(-1).tolist())
            elif (n.op_type in ("Pad", "Slice", "Reshape") and env[name].dtype == np.int64
                  and env[name].size <= 16):
                ins.append("`%s` (computed: %s)" % (name, env[name].reshape(-1).tolist()))
            else:
                ins.append("`%s`" % name)
        out_shape = shapes.get(n.output[0], "?")
        macs = 0
        if n.op_type == "Conv":
            w = inits[n.input[1]]
            c_out, h, wd = out_shape[1:]
            macs = c_out * h * wd * w.shape[1] * w.shape[2] * w.shape[3]
        elif n.op_type in ("MatMul", "Gemm"):
            wname = n.input[1]
            if wname in inits:
                macs = int(np.prod(inits[wname].shape))
        if n.op_type == "Constant":
            attrs = ["value=" + _fmt_attr(onnx.helper.get_attribute_value(n.attribute[0]))]
        total += macs
        if n.op_type in ("Conv", "MatMul", "Gemm"):
            w = inits.get(n.input[1])
            desc = ""
            if n.op_type == "Conv":
                a = {x.name: onnx.helper.get_attribute_value(x) for x in n.attribute}
                desc = "%dx%d conv %d->%d, stride %s, pads %s" % (
                    w.shape[2], w.shape[3], w.shape[1], w.shape[0], a.get("strides"), a.get("pads"))
            elif w is not None:
                desc = "fully connected %d->%d" % (w.shape[0], w.shape[1]) if n.op_type == "MatMul" \
                    else "Gemm weight %s" % list(w.shape)
            summary.append((i, n.op_type, desc, out_shape, macs))
        lines.append("| %d | %s | %s | %s | %s | %s |" % (
            i, n.op_type, ", ".join(ins), ", ".join(attrs), out_shape,
            "{:,}".format(macs) if macs else "0"))
    lines.append("")
    lines.append("MACs per layer (conv: C_out*H_out*W_out*C_in*k_h*k_w, zero padding counted; "
                 "fully connected: out*in; pools, adds, shortcuts, pads: 0):")
    lines.append("")
    lines.append("| node # | op | layer | output | MACs |")
    lines.append("|---|---|---|---|---|")
    for i, op, desc, shp, macs in summary:
        lines.append("| %d | %s | %s | %s | {:,} |".format(macs) % (i, op, desc, shp))
    lines.append("| | | **total** | | **{:,}** |".format(total))
    lines.append("")
    lines.append("Total MACs per image: **{:,}**".format(total))
    return "\n".join(lines), total


def main():
    for p in sys.argv[1:]:
        text, _ = describe(p)
        print(text)
        print()


if __name__ == "__main__":
    main()
