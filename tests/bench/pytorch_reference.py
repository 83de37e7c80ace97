#!/usr/bin/env python3
"""PyTorch CPU reference figures for SparseLab (a benchmark script, not a test).

Trains MLP 784-300-100-10 (ReLU, nn.Linear default init), SGD lr 0.05 momentum 0.9,
cross-entropy, batch 128, on Fashion-MNIST (IDX .gz in /usr/share/datasets/fashion-mnist),
reshuffled each epoch with a fixed seed, last partial batch kept.
  --mode speed     times the training loop (batch gather, forward, backward, SGD step)
                   after 50 warm-up steps, for --epochs worth of steps (or --steps) but
                   at least --min-seconds; reports steps/s.
  --mode accuracy  full run, cosine LR decay to 0 over all steps, test accuracy after
                   each epoch; `seconds` = training only, `wall_seconds` adds evaluation.
Prints one JSON object on stdout (progress on stderr). From the repo root:
  python3 tests/bench/pytorch_reference.py --threads 2 [--mode accuracy --epochs 10]
Debian's python3-torch needs the system /usr/bin/python3 (not e.g. pyenv's python3).
--threads also sets OMP/OPENBLAS_NUM_THREADS, OMP_WAIT_POLICY defaults to PASSIVE (see
below; env overrides), and load_1min is logged because other jobs skew speed figures.
"""
import argparse, gzip, json, math, os, re, sys, time

DATA = "/usr/share/datasets/fashion-mnist"
BATCH, LR, MOMENTUM, WARMUP = 128, 0.05, 0.9, 50

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--epochs", type=int, default=1)
ap.add_argument("--steps", type=int, default=0, help="cap on training steps (0 = none)")
ap.add_argument("--mode", choices=["speed", "accuracy"], default="speed")
ap.add_argument("--min-seconds", type=float, default=3.0, help="speed mode: minimum timed duration")
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)  # must happen before torch is imported
# Debian torch = libgomp intra-op pool + OpenBLAS's own pthread pool; with both spinning,
# 2 threads on 2 cores ran ~25x slower than 1 thread here. Passive OpenMP waits avoid it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
try:  # numpy may load OpenBLAS too, so import it only after the env vars are set
    import numpy as np
    import torch
except ImportError as e:
    sys.exit("%s (interpreter %s); try /usr/bin/python3 (Debian python3-torch)" % (e, sys.executable))
from torch import nn


def load_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    assert raw[:3] == b"\0\0\x08", "not an unsigned-byte IDX file: " + name
    dims = np.frombuffer(raw, dtype=">u4", count=raw[3], offset=4)
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * raw[3]).reshape(dims)


def load(split):
    """Images as float32 [N, 784] in [0, 1], labels as int64 [N]."""
    x = load_idx(split + "-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    return torch.from_numpy(x), torch.from_numpy(load_idx(split + "-labels-idx1-ubyte.gz").astype(np.int64))


def blas_info():
    m = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    s = "BLAS_INFO=%s, mkl=%s" % (m.group(1) if m else "?", torch.backends.mkl.is_available())
    if "libopenblas" in open("/proc/self/maps").read():  # only if torch/numpy really loaded it
        import ctypes
        ob = ctypes.CDLL("libopenblas.so.0")
        ob.openblas_get_config.restype = ctypes.c_char_p
        s += ", %s, %d threads" % (ob.openblas_get_config().decode(), ob.openblas_get_num_threads())
    return s


def batches(n, rng):
    """Endless stream of index batches; a fresh permutation per epoch, last partial batch kept."""
    while True:
        perm = torch.from_numpy(rng.permutation(n))
        for i in range(0, n, BATCH):
            yield perm[i:i + BATCH]


torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)
(xtr, ytr), (xte, yte) = load("train"), load("t10k")
model = nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(), nn.Linear(100, 10))
opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
steps_per_epoch = math.ceil(len(xtr) / BATCH)
target = args.steps if args.steps > 0 else args.epochs * steps_per_epoch
stream = batches(len(xtr), np.random.default_rng(args.seed))


def step(idx):
    opt.zero_grad(set_to_none=True)
    loss = nn.functional.cross_entropy(model(xtr[idx]), ytr[idx])
    loss.backward()
    opt.step()
    return loss


def test_accuracy():
    with torch.no_grad():
        return (model(xte).argmax(1) == yte).float().mean().item()


result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_info(), "mode": args.mode,
          "omp_wait_policy": os.environ["OMP_WAIT_POLICY"], "load_1min": round(os.getloadavg()[0], 2)}
if args.mode == "speed":
    for _ in range(WARMUP):
        step(next(stream))
    steps, t0 = 0, time.perf_counter()
    while steps < target or time.perf_counter() - t0 < args.min_seconds:
        step(next(stream))
        steps += 1
    seconds = time.perf_counter() - t0
else:
    accs, train_s, t_wall = [], 0.0, time.perf_counter()
    for t in range(target):
        t0 = time.perf_counter()
        opt.param_groups[0]["lr"] = 0.5 * LR * (1 + math.cos(math.pi * t / target))
        loss = step(next(stream))
        train_s += time.perf_counter() - t0
        if (t + 1) % steps_per_epoch == 0 or t + 1 == target:
            accs.append(round(test_accuracy(), 4))
            print("step %d epoch %.2f loss %.4f test_acc %.4f train_s %.1f" % (
                t + 1, (t + 1) / steps_per_epoch, loss.item(), accs[-1], train_s), file=sys.stderr)
    steps, seconds = target, train_s
    result.update(test_accuracy=accs[-1], test_accuracy_per_epoch=accs,
                  wall_seconds=round(time.perf_counter() - t_wall, 2))
result.update(steps=steps, seconds=round(seconds, 3), steps_per_second=round(steps / seconds, 1))
print(json.dumps(result))
