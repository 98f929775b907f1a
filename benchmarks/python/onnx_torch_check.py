#!/usr/bin/env python3
"""Run an exported Emotion.ML ONNX text classifier on PyTorch (GPU or CPU) and check it.

The script rebuilds the graph of an Emotion.ML model (the format of
src/Emotion.ML/Onnx/OnnxModelContract.cs: inputs ``token_ids`` int64 [batch, sequence] and
``lengths`` int64 [batch], output ``probabilities`` float [batch, classes]) as PyTorch tensor
operations: a small interpreter walks the node list in order, with the initializers as torch
tensors on the chosen device. It implements the operators the Emotion.ML exporter writes
(src/Emotion.ML.TorchSharp/Onnx/) and stops with a message naming any other operator.

No ONNX Runtime GPU build and no .NET are needed: the rebuild runs wherever PyTorch runs.

Requirements: Python 3.8+, numpy, torch, onnx; onnxruntime (CPU) optional.

Checks
------
* ``--reference file.json``: the token ids of a reference file in the format of
  tests/Emotion.ML.Tests/Fixtures/carer-textcnn.json (``sentences[i].tokenIds`` and
  ``sentences[i].probabilities``, the probabilities TorchSharp computed at export) are padded with
  0 to the longest row (at least the model's ``emotion_ml.min_sequence_length``) and the rebuild's
  probabilities are compared with the recorded ones.
* Without a reference: ``--batch N --seq T`` random token ids in [1, vocabulary) with random
  lengths in [1, T] (the vocabulary size is read from the embedding's Gather initializer).
* When ``onnxruntime`` imports, the same inputs also run through ONNX Runtime on the CPU and the
  largest absolute difference between the rebuild and ONNX Runtime is reported.
* Always: the same rows padded with ``--extra-steps`` more padding steps must give the same
  probabilities (the contract says padding after a row's length changes nothing).

The exit code is 1 when any reported difference exceeds ``--tolerance`` (default 1e-4), 2 when
the model cannot be rebuilt (an unsupported operator, for example).

Timing
------
``--time`` times batch inference of the rebuilt graph for ``--time-batches`` (default
1,64,256,1024) rows of ``--seq`` steps: ``--warmup`` untimed runs, then the median of ``--repeats``
runs (with torch.cuda.synchronize() on a GPU), printed as sentences per second; ONNX Runtime CPU
timings follow when onnxruntime is installed.

Usage on a GPU machine (no .NET there)
--------------------------------------
Copy this script and the .onnx files (with their .json references when there are any), then::

    python3 onnx_torch_check.py model.onnx --time
    python3 onnx_torch_check.py model.onnx --reference model.json --time
    python3 onnx_torch_check.py *.onnx                    # several models, one summary line each
    python3 onnx_torch_check.py model.onnx --device cpu --batch 512 --seq 48

``--device`` defaults to ``cuda`` when torch.cuda.is_available(), else ``cpu``. TF32 matmuls and
convolutions are switched off so the GPU numbers compare with the CPU ones (``--tf32`` allows them).
A file named ``X.json`` next to ``X.onnx`` is used as the reference when ``--reference`` is not
given and ``--auto-reference`` is set (the default when several models are checked).

Exported models with references for every architecture can be written with the opt-in test
(.NET machine)::

    EMOTION_ML_EXPORT_DIR=/tmp/models dotnet test tests/Emotion.ML.TorchSharp.Tests -c Release \\
        --filter FullyQualifiedName~OnnxModelSetExport
"""

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F

try:  # optional: the CPU build is enough
    import onnxruntime as ort
except ImportError:  # pragma: no cover - depends on the machine
    ort = None


# ONNX TensorProto data types to torch dtypes.
_DTYPES = {
    onnx.TensorProto.FLOAT: torch.float32,
    onnx.TensorProto.DOUBLE: torch.float64,
    onnx.TensorProto.FLOAT16: torch.float16,
    onnx.TensorProto.BFLOAT16: torch.bfloat16,
    onnx.TensorProto.INT64: torch.int64,
    onnx.TensorProto.INT32: torch.int32,
    onnx.TensorProto.INT16: torch.int16,
    onnx.TensorProto.INT8: torch.int8,
    onnx.TensorProto.UINT8: torch.uint8,
    onnx.TensorProto.BOOL: torch.bool,
}


class UnsupportedModel(Exception):
    """The graph uses something the interpreter does not implement."""


def _align(*tensors):
    """Moves tensors with dimensions to the device of the first non-CPU one (0-d CPU tensors mix freely)."""
    device = next((t.device for t in tensors if t.device.type != "cpu"), None)
    if device is None:
        return tensors
    return tuple(t.to(device) if t.device != device and t.dim() > 0 else t for t in tensors)


def _ints(tensor):
    """An int64 tensor (usually a small constant) as a Python list of ints."""
    return [int(v) for v in tensor.reshape(-1).tolist()]


def _sorted_axes(axes, rank):
    return sorted(a + rank if a < 0 else a for a in axes)


# ---------------------------------------------------------------------------------------------
# Operators: each takes (inputs, attributes) and returns a list of outputs. An absent optional
# input is None.
# ---------------------------------------------------------------------------------------------

def op_gather(inputs, attrs):
    data, indices = inputs
    axis = attrs.get("axis", 0)
    axis = axis + data.dim() if axis < 0 else axis
    indices = indices.to(data.device)
    indices = torch.where(indices < 0, indices + data.shape[axis], indices)
    flat = data.index_select(axis, indices.reshape(-1))
    return [flat.reshape(data.shape[:axis] + indices.shape + data.shape[axis + 1:])]


def op_transpose(inputs, attrs):
    x, = inputs
    perm = attrs.get("perm") or list(range(x.dim() - 1, -1, -1))
    return [x.permute(*perm)]


def op_conv(inputs, attrs):
    x, weight = inputs[0], inputs[1]
    bias = inputs[2] if len(inputs) > 2 else None
    spatial = weight.dim() - 2
    if spatial != 1:
        raise UnsupportedModel(f"Conv with {spatial} spatial dimensions (only 1-D convolutions are implemented)")
    if attrs.get("auto_pad", "NOTSET") not in ("NOTSET", ""):
        raise UnsupportedModel(f"Conv auto_pad={attrs['auto_pad']}")
    pads = attrs.get("pads", [0, 0])
    strides = attrs.get("strides", [1])
    dilations = attrs.get("dilations", [1])
    group = attrs.get("group", 1)
    if pads[0] == pads[1]:
        return [F.conv1d(x, weight, bias, stride=strides[0], padding=pads[0], dilation=dilations[0], groups=group)]
    x = F.pad(x, (pads[0], pads[1]))
    return [F.conv1d(x, weight, bias, stride=strides[0], dilation=dilations[0], groups=group)]


def op_batch_normalization(inputs, attrs):
    x, scale, bias, mean, var = inputs[:5]
    if attrs.get("training_mode", 0):
        raise UnsupportedModel("BatchNormalization with training_mode=1")
    return [F.batch_norm(x, mean, var, scale, bias, training=False, eps=attrs.get("epsilon", 1e-5))]


def _binary(fn):
    def op(inputs, attrs):
        a, b = _align(*inputs)
        return [fn(a, b)]
    return op


def _div(a, b):
    if not a.is_floating_point() and not b.is_floating_point():
        return torch.div(a, b, rounding_mode="trunc")  # C integer division
    return a / b


def op_where(inputs, attrs):
    condition, x, y = _align(*inputs)
    return [torch.where(condition.bool(), x, y)]


def _reduce(fn, inputs, attrs, axes_from_input):
    x = inputs[0]
    if axes_from_input:
        axes = _ints(inputs[1]) if len(inputs) > 1 and inputs[1] is not None else None
    else:
        axes = attrs.get("axes")
    keepdims = bool(attrs.get("keepdims", 1))
    if not axes:
        if attrs.get("noop_with_empty_axes", 0):
            return [x]
        axes = list(range(x.dim()))
    return [fn(x, dim=tuple(axes), keepdim=keepdims)]


def op_reduce_max(inputs, attrs):
    # opset 13-17 take the axes as an attribute, opset 18 as an input.
    return _reduce(torch.amax, inputs, attrs, axes_from_input="axes" not in attrs)


def op_reduce_sum(inputs, attrs):
    return _reduce(torch.sum, inputs, attrs, axes_from_input=True)


def op_is_inf(inputs, attrs):
    x, = inputs
    positive, negative = attrs.get("detect_positive", 1), attrs.get("detect_negative", 1)
    if positive and negative:
        return [torch.isinf(x)]
    if positive:
        return [torch.isposinf(x)]
    if negative:
        return [torch.isneginf(x)]
    return [torch.zeros_like(x, dtype=torch.bool)]


def op_max(inputs, attrs):
    values = _align(*inputs)
    result = values[0]
    for v in values[1:]:
        result = torch.maximum(result, v)
    return [result]


def op_shape(inputs, attrs):
    x, = inputs
    dims = list(x.shape)
    start, end = attrs.get("start", 0), attrs.get("end", len(dims))
    # Shapes stay on the CPU: the scalar arithmetic on them never waits for the device.
    return [torch.tensor(dims[start:end], dtype=torch.int64)]


def op_range(inputs, attrs):
    start, limit, delta = inputs
    device = next((t.device for t in inputs if t.device.type != "cpu"), torch.device("cpu"))
    return [torch.arange(start.item(), limit.item(), delta.item(), dtype=start.dtype, device=device)]


def op_unsqueeze(inputs, attrs):
    x = inputs[0]
    axes = _ints(inputs[1]) if len(inputs) > 1 else attrs["axes"]
    for axis in _sorted_axes(axes, x.dim() + len(axes)):
        x = x.unsqueeze(axis)
    return [x]


def op_squeeze(inputs, attrs):
    x = inputs[0]
    axes = _ints(inputs[1]) if len(inputs) > 1 and inputs[1] is not None else attrs.get("axes")
    if axes is None:
        return [x.squeeze()]
    for axis in reversed(_sorted_axes(axes, x.dim())):
        if x.shape[axis] != 1:
            raise RuntimeError(f"Squeeze of axis {axis} with size {x.shape[axis]}")
        x = x.squeeze(axis)
    return [x]


def op_cast(inputs, attrs):
    x, = inputs
    to = attrs["to"]
    if to not in _DTYPES:
        raise UnsupportedModel(f"Cast to ONNX data type {to}")
    return [x.to(_DTYPES[to])]


def op_concat(inputs, attrs):
    return [torch.cat(_align(*inputs), dim=attrs["axis"])]


def op_gemm(inputs, attrs):
    a, b = inputs[0], inputs[1]
    c = inputs[2] if len(inputs) > 2 else None
    if attrs.get("transA", 0):
        a = a.t()
    if attrs.get("transB", 0):
        b = b.t()
    alpha, beta = attrs.get("alpha", 1.0), attrs.get("beta", 1.0)
    if c is None:
        return [alpha * (a @ b) if alpha != 1.0 else a @ b]
    return [torch.addmm(c, a, b, beta=beta, alpha=alpha)]


def op_matmul(inputs, attrs):
    a, b = _align(*inputs)
    return [torch.matmul(a, b)]


def op_softmax(inputs, attrs):
    x, = inputs
    return [torch.softmax(x, dim=attrs.get("axis", -1))]


def _unary(fn):
    return lambda inputs, attrs: [fn(inputs[0])]


def op_elu(inputs, attrs):
    return [F.elu(inputs[0], alpha=attrs.get("alpha", 1.0))]


def op_leaky_relu(inputs, attrs):
    return [F.leaky_relu(inputs[0], negative_slope=attrs.get("alpha", 0.01))]


def op_pad(inputs, attrs):
    x, pads = inputs[0], _ints(inputs[1])
    value = inputs[2] if len(inputs) > 2 and inputs[2] is not None else None
    axes = _ints(inputs[3]) if len(inputs) > 3 and inputs[3] is not None else list(range(x.dim()))
    mode = attrs.get("mode", "constant")
    if mode != "constant":
        raise UnsupportedModel(f"Pad mode '{mode}' (only constant is implemented)")
    axes = [a + x.dim() if a < 0 else a for a in axes]
    begins, ends = pads[:len(axes)], pads[len(axes):]
    per_axis = {a: (b, e) for a, b, e in zip(axes, begins, ends)}
    torch_pads = []
    for axis in range(x.dim() - 1, -1, -1):  # F.pad lists the last axis first
        torch_pads.extend(per_axis.get(axis, (0, 0)))
    fill = float(value.item()) if value is not None else 0.0
    return [F.pad(x, tuple(torch_pads), mode="constant", value=fill)]


def op_top_k(inputs, attrs):
    x, k = inputs[0], _ints(inputs[1])[0]
    axis = attrs.get("axis", -1)
    largest = bool(attrs.get("largest", 1))
    # A stable sort keeps equal values in index order, so the lower index wins ties, as ONNX asks.
    # (sorted=0 allows any order; the sorted order is one of them.)
    values, indices = torch.sort(x, dim=axis, descending=largest, stable=True)
    return [values.narrow(axis, 0, k), indices.narrow(axis, 0, k)]


def op_gather_elements(inputs, attrs):
    data, indices = _align(*inputs)
    axis = attrs.get("axis", 0)
    axis = axis + data.dim() if axis < 0 else axis
    indices = torch.where(indices < 0, indices + data.shape[axis], indices)
    return [torch.gather(data, axis, indices)]


def op_flatten(inputs, attrs):
    x, = inputs
    axis = attrs.get("axis", 1)
    axis = axis + x.dim() if axis < 0 else axis
    outer = int(np.prod(x.shape[:axis])) if axis > 0 else 1
    return [x.reshape(outer, -1) if x.numel() else x.reshape(outer, int(np.prod(x.shape[axis:])))]


# ---------------------------------------------------------------------------------------------
# Recurrent operators (ONNX RNN / LSTM / GRU). One loop over the steps, vectorized over the batch.
# With sequence_lens a row is read only below its length: forward from step 0, reverse from
# step length-1 down to 0; outputs past the length are 0 and Y_h is the state after the last step read.
# ---------------------------------------------------------------------------------------------

_ACTIVATIONS = {"Tanh": torch.tanh, "Sigmoid": torch.sigmoid, "Relu": torch.relu}
_DEFAULT_ACTIVATIONS = {"RNN": ["Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"], "GRU": ["Sigmoid", "Tanh"]}


def _recurrent(op_type, inputs, attrs):
    def get(i):
        return inputs[i] if len(inputs) > i else None

    x, w, r, b, lengths, initial_h = get(0), get(1), get(2), get(3), get(4), get(5)
    initial_c = get(6) if op_type == "LSTM" else None
    peepholes = get(7) if op_type == "LSTM" else None
    hidden = attrs["hidden_size"]
    direction = attrs.get("direction", "forward")
    directions = 2 if direction == "bidirectional" else 1
    if attrs.get("layout", 0):
        x = x.transpose(0, 1)  # batch-major input to time-major
    if attrs.get("input_forget", 0):
        raise UnsupportedModel("LSTM with input_forget=1")
    if attrs.get("activation_alpha") or attrs.get("activation_beta"):
        raise UnsupportedModel(f"{op_type} with activation_alpha/activation_beta")
    defaults = _DEFAULT_ACTIVATIONS[op_type]
    names = attrs.get("activations") or defaults * directions
    unknown = [n for n in names if n not in _ACTIVATIONS]
    if unknown:
        raise UnsupportedModel(f"{op_type} activation(s) {unknown}")
    clip = attrs.get("clip")
    linear_before_reset = attrs.get("linear_before_reset", 0)

    steps, batch = x.shape[0], x.shape[1]
    gates = {"RNN": 1, "LSTM": 4, "GRU": 3}[op_type]
    if b is None:
        b = torch.zeros(directions, 2 * gates * hidden, dtype=x.dtype, device=x.device)
    if lengths is None:
        lengths = torch.full((batch,), steps, dtype=torch.int64, device=x.device)
    positions = torch.arange(steps, device=x.device).unsqueeze(1)
    valid = (positions < lengths.to(x.device).long().unsqueeze(0)).unsqueeze(2)  # [steps, batch, 1]

    ys, finals_h, finals_c = [], [], []
    for d in range(directions):
        reverse = direction == "reverse" or d == 1
        acts = [_ACTIVATIONS[n] for n in names[d * len(defaults):(d + 1) * len(defaults)]]
        wb, rb = b[d, :gates * hidden], b[d, gates * hidden:]
        # Input projections of all steps at once: [steps, batch, gates * hidden].
        xw = torch.matmul(x, w[d].t()) + wb
        rt = r[d].t()
        h = initial_h[d] if initial_h is not None else x.new_zeros(batch, hidden)
        c = None
        if op_type == "LSTM":
            c = initial_c[d] if initial_c is not None else x.new_zeros(batch, hidden)
            p = peepholes[d] if peepholes is not None else None
        y = x.new_zeros(steps, batch, hidden)
        order = range(steps - 1, -1, -1) if reverse else range(steps)

        def clipped(v):
            return v.clamp(-clip, clip) if clip is not None else v

        for t in order:
            keep = valid[t]
            if op_type == "RNN":
                new_h = acts[0](clipped(xw[t] + h @ rt + rb))
            elif op_type == "LSTM":
                g = xw[t] + h @ rt + rb
                gi, go, gf, gc = g.chunk(4, dim=1)  # ONNX order i, o, f, c
                if p is not None:
                    pi, po, pf = p.chunk(3)
                    gi, gf = gi + pi * c, gf + pf * c
                i_gate, f_gate = acts[0](clipped(gi)), acts[0](clipped(gf))
                new_c = f_gate * c + i_gate * acts[1](clipped(gc))
                if p is not None:
                    go = go + po * new_c
                new_h = acts[0](clipped(go)) * acts[2](new_c)
                c = torch.where(keep, new_c, c)
            else:  # GRU, ONNX order z, r, h
                xz, xr, xh = xw[t].chunk(3, dim=1)
                rz, rr, rh = rb.chunk(3)
                hr = h @ rt
                hz_, hr_, hh_ = hr.chunk(3, dim=1)
                z_gate = acts[0](clipped(xz + hz_ + rz))
                r_gate = acts[0](clipped(xr + hr_ + rr))
                if linear_before_reset:
                    candidate = acts[1](clipped(xh + r_gate * (hh_ + rh)))
                else:
                    candidate = acts[1](clipped(xh + (r_gate * h) @ rt[:, 2 * hidden:] + rh))
                new_h = (1 - z_gate) * candidate + z_gate * h
            h = torch.where(keep, new_h, h)
            y[t] = torch.where(keep, new_h, torch.zeros_like(new_h))
        ys.append(y)
        finals_h.append(h)
        finals_c.append(c)

    y = torch.stack(ys, dim=1)  # [steps, directions, batch, hidden]
    y_h = torch.stack(finals_h, dim=0)
    if attrs.get("layout", 0):
        y, y_h = y.permute(2, 0, 1, 3), y_h.transpose(0, 1)
    outputs = [y, y_h]
    if op_type == "LSTM":
        y_c = torch.stack(finals_c, dim=0)
        outputs.append(y_c.transpose(0, 1) if attrs.get("layout", 0) else y_c)
    return outputs


OPERATORS = {
    "Gather": op_gather,
    "Transpose": op_transpose,
    "Conv": op_conv,
    "Relu": _unary(torch.relu),
    "BatchNormalization": op_batch_normalization,
    "Mul": _binary(torch.mul),
    "Add": _binary(torch.add),
    "Sub": _binary(torch.sub),
    "Div": _binary(_div),
    "Less": _binary(torch.lt),
    "Where": op_where,
    "ReduceMax": op_reduce_max,
    "ReduceSum": op_reduce_sum,
    "IsInf": op_is_inf,
    "Max": op_max,
    "Shape": op_shape,
    "Range": op_range,
    "Unsqueeze": op_unsqueeze,
    "Squeeze": op_squeeze,
    "Cast": op_cast,
    "Concat": op_concat,
    "Gemm": op_gemm,
    "MatMul": op_matmul,
    "Softmax": op_softmax,
    "Tanh": _unary(torch.tanh),
    "Sigmoid": _unary(torch.sigmoid),
    "Erf": _unary(torch.erf),
    "Elu": op_elu,
    "LeakyRelu": op_leaky_relu,
    "Pad": op_pad,
    "TopK": op_top_k,
    "GatherElements": op_gather_elements,
    "Flatten": op_flatten,
    "RNN": lambda inputs, attrs: _recurrent("RNN", inputs, attrs),
    "LSTM": lambda inputs, attrs: _recurrent("LSTM", inputs, attrs),
    "GRU": lambda inputs, attrs: _recurrent("GRU", inputs, attrs),
}


# Inputs that ops read as numbers rather than compute with: taken from the host copies of constants.
_HOST_ARGUMENTS = {
    "Pad": (1, 2, 3),
    "TopK": (1,),
    "Unsqueeze": (1,),
    "Squeeze": (1,),
    "ReduceSum": (1,),
    "ReduceMax": (1,),
    "Range": (0, 1, 2),
}


def _attribute_value(attribute):
    value = onnx.helper.get_attribute_value(attribute)
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in value]
    return value


class TorchGraph:
    """An ONNX graph evaluated node by node with PyTorch on one device."""

    def __init__(self, model, device):
        self.device = torch.device(device)
        graph = model.graph
        opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
        self.opset = opsets.get("ai.onnx")
        unsupported = sorted({n.op_type for n in graph.node if n.op_type not in OPERATORS or n.domain not in ("", "ai.onnx")})
        if unsupported:
            index, first = next((i, n) for i, n in enumerate(graph.node) if n.op_type in unsupported)
            raise UnsupportedModel(
                f"operator(s) {', '.join(unsupported)} are not implemented (first at node #{index} '{first.name}'); "
                f"implemented: {', '.join(sorted(OPERATORS))}")
        self.constants = {}
        # Host copies of the small constants that ops read as numbers (axes, k, pads, the pad
        # value), so that reading them never waits for the device.
        self.host_constants = {}
        for initializer in graph.initializer:
            array = np.array(numpy_helper.to_array(initializer))  # a writable copy
            tensor = torch.from_numpy(array)
            if tensor.numel() <= 16:
                self.host_constants[initializer.name] = tensor
            # Float weights live on the device; small integer constants (axes, k, steps) stay on
            # the CPU with the shapes computed from them, so no step waits for the device.
            if tensor.is_floating_point():
                tensor = tensor.to(self.device)
            self.constants[initializer.name] = tensor
        self.inputs = [i.name for i in graph.input if i.name not in self.constants]
        self.outputs = [o.name for o in graph.output]
        self.nodes = [(n.op_type, n.name, list(n.input), list(n.output), {a.name: _attribute_value(a) for a in n.attribute})
                      for n in graph.node]
        # The last node reading each value, so intermediates are freed early on big batches.
        self.last_use = {}
        for index, (_, _, inputs, _, _) in enumerate(self.nodes):
            for name in inputs:
                self.last_use[name] = index

    def op_types(self):
        return sorted({n[0] for n in self.nodes})

    def __call__(self, feeds):
        values = dict(self.constants)
        for name in self.inputs:
            values[name] = feeds[name].to(self.device)
        keep = set(self.outputs) | set(self.constants) | set(self.inputs)
        for index, (op_type, name, inputs, outputs, attrs) in enumerate(self.nodes):
            host = _HOST_ARGUMENTS.get(op_type, ())
            args = [None if not i else self.host_constants[i] if position in host and i in self.host_constants else values[i]
                    for position, i in enumerate(inputs)]
            try:
                results = OPERATORS[op_type](args, attrs)
            except UnsupportedModel as e:
                raise UnsupportedModel(f"node '{name}' ({op_type}): {e}") from None
            except Exception as e:
                shapes = [tuple(a.shape) if a is not None else None for a in args]
                raise RuntimeError(f"node '{name}' ({op_type}) failed on inputs {shapes}: {e}") from e
            for output, result in zip(outputs, results):
                if output:
                    values[output] = result
            for i in inputs:
                if i and self.last_use.get(i) == index and i not in keep:
                    del values[i]
        return {name: values[name] for name in self.outputs}


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------

def metadata(model):
    return {p.key: p.value for p in model.metadata_props}


def vocabulary_size(model):
    """Rows of the embedding: the initializer that the Gather on token_ids reads."""
    initializers = {i.name: i for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Gather" and len(node.input) == 2 and node.input[1] == "token_ids" and node.input[0] in initializers:
            return int(initializers[node.input[0]].dims[0])
    raise UnsupportedModel("no Gather of an initializer by 'token_ids' (the embedding) in the graph")


def pad_rows(rows, steps):
    ids = np.zeros((len(rows), steps), dtype=np.int64)
    for r, row in enumerate(rows):
        ids[r, :len(row)] = row
    return ids, np.array([len(row) for row in rows], dtype=np.int64)


def random_rows(batch, seq, vocab, rng):
    lengths = rng.integers(1, seq + 1, size=batch)
    return [rng.integers(1, vocab, size=int(n)).tolist() for n in lengths]


def load_reference(path):
    with open(path, encoding="utf-8") as f:
        record = json.load(f)
    rows = [s["tokenIds"] for s in record["sentences"]]
    probabilities = np.array([s["probabilities"] for s in record["sentences"]], dtype=np.float32)
    return record, rows, probabilities


# ---------------------------------------------------------------------------------------------
# Running and timing
# ---------------------------------------------------------------------------------------------

def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def run_torch(graph, ids, lengths):
    feeds = {"token_ids": torch.from_numpy(ids), "lengths": torch.from_numpy(lengths)}
    with torch.inference_mode():
        return graph(feeds)["probabilities"].float().cpu().numpy()


def ort_session(path, threads):
    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def run_ort(session, ids, lengths):
    return session.run(["probabilities"], {"token_ids": ids, "lengths": lengths})[0]


def median_seconds(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_model(graph, session, vocab, args, min_steps):
    rng = np.random.default_rng(args.seed + 1)
    steps = max(args.seq, min_steps)
    print(f"  timing: {steps} steps per row (random lengths 1..{args.seq}), {args.warmup} warm-up runs, median of {args.repeats}")
    for batch in args.time_batches:
        ids, lengths = pad_rows(random_rows(batch, args.seq, vocab, rng), steps)
        feeds = {"token_ids": torch.from_numpy(ids).to(graph.device), "lengths": torch.from_numpy(lengths).to(graph.device)}

        def torch_once():
            with torch.inference_mode():
                graph(feeds)["probabilities"]
            synchronize(graph.device)

        seconds = median_seconds(torch_once, args.warmup, args.repeats)
        line = f"    batch {batch:>5}: torch {graph.device.type} {seconds * 1e3:9.3f} ms  {batch / seconds:12,.0f} sentences/s"
        if session is not None:
            ort_seconds = median_seconds(lambda: run_ort(session, ids, lengths), min(args.warmup, 2), args.repeats)
            line += f"   | onnxruntime cpu {ort_seconds * 1e3:9.3f} ms  {batch / ort_seconds:12,.0f} sentences/s"
        print(line, flush=True)


def describe_environment(device):
    print(f"python {platform.python_version()}, torch {torch.__version__}, onnx {onnx.__version__}, numpy {np.__version__}, "
          f"onnxruntime {ort.__version__ if ort is not None else 'not installed'}")
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        print(f"device: cuda:{index} {torch.cuda.get_device_name(index)} (CUDA {torch.version.cuda}, "
              f"TF32 {'on' if torch.backends.cuda.matmul.allow_tf32 else 'off'})")
    else:
        print(f"device: cpu ({platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads)")


def check_model(path, args, device):
    """Checks one model; returns (passed, summary)."""
    model = onnx.load(path)
    meta = metadata(model)
    graph = TorchGraph(model, device)
    vocab = vocabulary_size(model)
    min_steps = int(meta.get("emotion_ml.min_sequence_length", "1"))
    classes = json.loads(meta["emotion_ml.class_names"]) if "emotion_ml.class_names" in meta else None
    print(f"{path}: {meta.get('emotion_ml.architecture', '?')}, opset {graph.opset}, {len(graph.nodes)} nodes "
          f"({', '.join(graph.op_types())}), vocabulary {vocab}, "
          f"{len(classes) if classes else '?'} classes, min sequence length {min_steps}")

    reference_path = args.reference
    if reference_path is None and args.auto_reference:
        candidate = os.path.splitext(path)[0] + ".json"
        reference_path = candidate if os.path.exists(candidate) else None
    expected = None
    if reference_path:
        _, rows, expected = load_reference(reference_path)
        source = f"{len(rows)} rows of {reference_path}"
    else:
        rows = random_rows(args.batch, args.seq, vocab, np.random.default_rng(args.seed))
        source = f"{len(rows)} random rows, lengths 1..{args.seq}"
    steps = max(min_steps, max((len(r) for r in rows), default=1), 1)
    ids, lengths = pad_rows(rows, steps)
    probabilities = run_torch(graph, ids, lengths)
    # A near-constant output would make any comparison weak: show how much the rows differ.
    spread = float(np.max(probabilities.max(axis=0) - probabilities.min(axis=0))) if len(rows) > 1 else 0.0
    print(f"  inputs: {source}, padded to {steps} steps; probability spread across rows {spread:.3f}")

    differences = {}
    if expected is not None:
        differences["reference"] = float(np.max(np.abs(probabilities - expected)))
    session = None
    if ort is not None:
        session = ort_session(path, args.ort_threads)
        differences["onnxruntime"] = float(np.max(np.abs(probabilities - run_ort(session, ids, lengths))))
    if args.extra_steps > 0:
        padded_ids, _ = pad_rows(rows, steps + args.extra_steps)
        differences["padding"] = float(np.max(np.abs(probabilities - run_torch(graph, padded_ids, lengths))))
    if not np.all(np.isfinite(probabilities)):
        differences["finite"] = math.inf

    labels = {"reference": "vs reference probabilities", "onnxruntime": "vs onnxruntime cpu",
              "padding": f"vs the same rows with {args.extra_steps} more padding steps", "finite": "non-finite probabilities"}
    passed = True
    for key, value in differences.items():
        ok = value <= args.tolerance
        passed &= ok
        print(f"  max abs difference {labels[key]}: {value:.3e} {'ok' if ok else 'FAIL'} (tolerance {args.tolerance:g})")
    if "reference" not in differences and "onnxruntime" not in differences:
        print("  (no reference file and no onnxruntime: only the padding invariance is checked)")

    if args.time:
        time_model(graph, session, vocab, args, min_steps)
    worst = max((v for k, v in differences.items() if k != "finite"), default=0.0)
    return passed, f"{'ok  ' if passed else 'FAIL'} {worst:.3e}  {os.path.basename(path)}"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="+", help="exported .onnx file(s)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu", help="torch device (default: cuda when available, else cpu)")
    parser.add_argument("--reference", help="JSON with tokenIds and probabilities per sentence (the fixture format)")
    parser.add_argument("--auto-reference", action="store_true", default=None, help="use X.json next to X.onnx as the reference (default when several models are given)")
    parser.add_argument("--batch", type=int, default=64, help="random rows when there is no reference (default 64)")
    parser.add_argument("--seq", type=int, default=32, help="longest random row, and the steps per row when timing (default 32)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--extra-steps", type=int, default=3, help="extra padding for the padding-invariance check (0: skip)")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="largest allowed max abs difference (default 1e-4)")
    parser.add_argument("--time", action="store_true", help="time batch inference")
    parser.add_argument("--time-batches", type=lambda s: [int(v) for v in s.split(",")], default=[1, 64, 256, 1024])
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--ort-threads", type=int, default=0, help="onnxruntime intra-op threads (0: its default)")
    parser.add_argument("--tf32", action="store_true", help="allow TF32 matmuls and convolutions on the GPU")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    args = parser.parse_args(argv)
    if args.auto_reference is None:
        args.auto_reference = len(args.models) > 1
    if args.reference and len(args.models) > 1:
        parser.error("--reference names one file; with several models use --auto-reference (X.json next to X.onnx)")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("CUDA is not available to this torch build; use --device cpu", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    torch.backends.cudnn.allow_tf32 = args.tf32
    if args.threads:
        torch.set_num_threads(args.threads)
    describe_environment(device)

    summaries, failed, broken = [], False, False
    for path in args.models:
        try:
            passed, summary = check_model(path, args, device)
        except UnsupportedModel as e:
            print(f"{path}: cannot rebuild: {e}", file=sys.stderr)
            summaries.append(f"ERR  {'-':>9}  {os.path.basename(path)}: {e}")
            broken = True
            continue
        failed |= not passed
        summaries.append(summary)
    if len(args.models) > 1:
        print("\nsummary (worst max abs difference per model):")
        for line in summaries:
            print("  " + line)
    return 2 if broken else (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
