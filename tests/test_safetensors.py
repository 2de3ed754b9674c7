"""nnlab's safetensors files read by Python, without torch (CI has no PyTorch).

A second, independent reader of the format (struct + json, written from the specification) reads
- the files org.nnlab.nn.CheckpointTest writes into lib/target/safetensors-from-java (the Maven tests run
  before pytest in ./nnlab test), and computes the saved MLP's output in plain Python: it must equal nnlab's;
- the PyTorch-written fixtures in lib/src/test/resources/fixtures/safetensors, the same way.
With torch, tools/make_torch_safetensors_fixtures.py --check-java also loads nnlab's files into PyTorch modules.
"""

import json
import os
import math
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FROM_JAVA = ROOT / "lib" / "target" / "safetensors-from-java"
FROM_TORCH = ROOT / "lib" / "src" / "test" / "resources" / "fixtures" / "safetensors"
FORMATS = {"F32": "f", "F64": "d", "I32": "i", "I64": "q"}


def read(path):
    """(header without __metadata__, metadata, {name: (shape, flat list of values)}), checking the layout."""
    raw = path.read_bytes()
    (n,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data_size = len(raw) - 8 - n
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda e: e[1]["data_offsets"]):
        begin, stop = info["data_offsets"]
        assert begin == end, f"{path.name}: {name} does not start where the previous array ends"
        fmt = FORMATS[info["dtype"]]
        count = math.prod(info["shape"])
        assert stop - begin == count * struct.calcsize(fmt), f"{path.name}: {name}'s offsets do not fit its shape"
        tensors[name] = (info["shape"], list(struct.unpack_from(f"<{count}{fmt}", raw, 8 + n + begin)))
        end = stop
    assert end == data_size, f"{path.name}: bytes after the last array"
    return header, metadata, tensors


def rows(shape_values):
    shape, values = shape_values
    width = shape[-1]
    return [values[i:i + width] for i in range(0, len(values), width)]


def linear(x, weight, bias=None):
    """x · Wᵀ + b for lists of rows, W as [out, in] (PyTorch's and nnlab's layout)."""
    return [[sum(a * w for a, w in zip(row, w_row)) + (bias[1][j] if bias else 0.0)
             for j, w_row in enumerate(rows(weight))] for row in rows(x)]


def mlp_output(state, x):
    """Sequential(Linear(4, 5), Tanh(), Linear(5, 3, bias=False)) in plain Python."""
    hidden = [[math.tanh(v) for v in row] for row in linear(x, state["0.weight"], state["0.bias"])]
    return linear(([len(hidden), 5], [v for row in hidden for v in row]), state["2.weight"])


def check_mlp(folder, stem):
    header, metadata, state = read(folder / f"{stem}.safetensors")
    _, _, io = read(folder / f"{stem}-io.safetensors")
    assert sorted(state) == ["0.bias", "0.weight", "2.weight"]
    assert metadata.get("format") == "pt"
    assert header["0.weight"]["dtype"] == "F32" and header["0.weight"]["shape"] == [5, 4]
    ours = mlp_output(state, io["x"])
    expected = rows(io["y"])
    for r, (a_row, e_row) in enumerate(zip(ours, expected)):
        for c, (a, e) in enumerate(zip(a_row, e_row)):
            assert abs(a - e) <= 1e-5, f"{stem}: output [{r}, {c}] is {a} in Python but {e} in the file"


def test_nnlab_files_are_read_by_python_and_compute_nnlabs_outputs():
    if not (FROM_JAVA / "mlp-java.safetensors").exists():
        why = "no nnlab-written files: run the lib tests first (./mvnw -pl lib test -Dtest=CheckpointTest)"
        if os.environ.get("CI"):   # ./nnlab test runs the lib tests first: in CI a missing file is a failure
            pytest.fail(why)
        pytest.skip(why)
    check_mlp(FROM_JAVA, "mlp-java")
    # the LSTM stack: PyTorch's names, shapes and types (PyTorch itself: the script's --check-java)
    header, _, state = read(FROM_JAVA / "lstm-java.safetensors")
    assert sorted(state) == sorted(f"{kind}_{part}_l{k}" for kind in ("weight", "bias") for part in ("ih", "hh")
                                   for k in (0, 1))
    assert (header["weight_ih_l0"]["dtype"], header["weight_ih_l0"]["shape"]) == ("F64", [16, 3])
    assert (header["weight_hh_l1"]["dtype"], header["weight_hh_l1"]["shape"]) == ("F64", [16, 4])
    (n,) = struct.unpack_from("<Q", (FROM_JAVA / "lstm-java.safetensors").read_bytes(), 0)
    assert n % 8 == 0, "nnlab pads the header to 8 bytes"


def test_pytorch_fixtures_compute_pytorchs_outputs_in_plain_python():
    check_mlp(FROM_TORCH, "mlp-torch")
