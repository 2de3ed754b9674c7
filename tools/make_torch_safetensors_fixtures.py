#!/usr/bin/python3
"""Writes safetensors files from PyTorch for the nnlab library's persistence tests, and reads nnlab's back.

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_safetensors_fixtures.py
    /usr/bin/python3 tools/make_torch_safetensors_fixtures.py --check-java lib/target/safetensors-from-java

The first writes into lib/src/test/resources/fixtures/safetensors/:
- mlp-torch.safetensors: the state_dict of nn.Sequential(Linear(4, 5), Tanh(), Linear(5, 3, bias=False)),
  float32 (names 0.weight, 0.bias, 2.weight); mlp-torch-io.safetensors: an input x [6, 4] and its output y.
- lstm-torch.safetensors: the state_dict of nn.LSTM(3, 4, num_layers=2, batch_first=True), float64 (names
  weight_ih_l0, ..., bias_hh_l1); lstm-torch-io.safetensors: an input x [2, 5, 3] and the output y [2, 5, 4].
The Java test (org.nnlab.nn.CheckpointTest) loads them into the matching nnlab modules and compares outputs,
so running it needs no torch.

The second reads the files that CheckpointTest writes (mlp-java*.safetensors, lstm-java*.safetensors), loads
them into the same PyTorch modules with load_state_dict(strict=True) and checks that PyTorch's outputs equal
nnlab's: the other direction.

The safetensors format (https://huggingface.co/docs/safetensors) is written and read here by hand with
struct and json, since the safetensors package is not in Debian: 8 bytes little-endian header length N, N bytes
of JSON header {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the raw
little-endian row-major data. If the safetensors package is installed, its reader is used as a check too.
"""

import json
import pathlib
import struct
import sys

import torch

SEED = 2026
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures" / "safetensors"

# safetensors dtype name <-> torch dtype and struct format letter
DTYPES = {"F32": (torch.float32, "f"), "F64": (torch.float64, "d"), "I32": (torch.int32, "i"),
          "I64": (torch.int64, "q")}
BY_TORCH = {t: (name, fmt) for name, (t, fmt) in DTYPES.items()}


def save_file(tensors, path, metadata=None):
    """Writes a dict of tensors (in its order) as a safetensors file."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype, fmt = BY_TORCH[t.dtype]
        data = struct.pack("<%d%s" % (t.numel(), fmt), *t.reshape(-1).tolist())
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # pad to 8 bytes, as the reference writer does
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_file(path):
    """Reads a safetensors file: (dict of tensors, metadata dict)."""
    raw = pathlib.Path(path).read_bytes()
    (n,) = struct.unpack_from("<Q", raw, 0)
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        dtype, fmt = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = (end - begin) // struct.calcsize(fmt)
        values = struct.unpack_from("<%d%s" % (count, fmt), raw, 8 + n + begin)
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(info["shape"])
    return tensors, metadata


def check_with_safetensors_package(path, tensors):
    """If the safetensors package is installed, its reader must see the same tensors."""
    try:
        from safetensors.torch import load_file as reference_load
    except ImportError:
        return "safetensors package not installed: checked with this script's reader only"
    loaded = reference_load(str(path))
    assert loaded.keys() == tensors.keys(), path
    for name in tensors:
        assert torch.equal(loaded[name], tensors[name]), (path, name)
    return "the safetensors package reads the same tensors"


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3, bias=False))


def lstm():
    return torch.nn.LSTM(3, 4, num_layers=2, batch_first=True).to(torch.float64)


def write_fixtures():
    torch.manual_seed(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"format": "pt", "generator": "tools/make_torch_safetensors_fixtures.py", "torch": torch.__version__}
    net = mlp()
    x = torch.randn(6, 4)
    with torch.no_grad():
        y = net(x)
    rnn = lstm()
    xs = torch.randn(2, 5, 3, dtype=torch.float64)
    with torch.no_grad():
        ys, _ = rnn(xs)
    files = {
        "mlp-torch.safetensors": (net.state_dict(), dict(meta, module=repr(net).replace("\n", " "))),
        "mlp-torch-io.safetensors": ({"x": x, "y": y}, meta),
        "lstm-torch.safetensors": (rnn.state_dict(), dict(meta, module=repr(rnn))),
        "lstm-torch-io.safetensors": ({"x": xs, "y": ys}, meta),
    }
    for name, (tensors, metadata) in files.items():
        path = OUT / name
        save_file(tensors, path, metadata)
        back, back_meta = load_file(path)  # read back: the same names, shapes, types and values
        assert back_meta == metadata and back.keys() == tensors.keys(), path
        for k in tensors:
            assert back[k].dtype == tensors[k].dtype and torch.equal(back[k], tensors[k]), (path, k)
        print("wrote", path, "-", check_with_safetensors_package(path, tensors))


def check_java(folder):
    """Loads nnlab-written files into PyTorch modules and compares PyTorch's outputs with nnlab's."""
    folder = pathlib.Path(folder)
    for stem, make, tolerance in (("mlp", mlp, 1e-6), ("lstm", lstm, 1e-12)):
        state, metadata = load_file(folder / f"{stem}-java.safetensors")
        io, _ = load_file(folder / f"{stem}-java-io.safetensors")
        module = make()
        module.load_state_dict(state, strict=True)  # every name, shape; raises on any mismatch
        with torch.no_grad():
            out = module(io["x"])
        out = out[0] if isinstance(out, tuple) else out
        error = (out - io["y"]).abs().max().item()
        print(f"{stem}: {len(state)} tensors {sorted(state)} metadata {metadata}; "
              f"max |torch - nnlab| = {error:.3g}", check_with_safetensors_package(folder / f"{stem}-java.safetensors", state))
        assert error <= tolerance, f"{stem}: PyTorch's output differs from nnlab's by {error}"
    print("PyTorch reads nnlab's files and computes nnlab's outputs")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check-java":
        check_java(sys.argv[2])
    elif len(sys.argv) == 1:
        write_fixtures()
    else:
        sys.exit(__doc__)
