#!/usr/bin/python3
"""Peer baseline: the 8-qubit study QCNN (examples/study/qcnn.qnet's quantum stage) trained under
device-level noise with a batched density matrix in plain PyTorch: rho of shape [B, 2]*16 (eight
row axes, then eight column axes), a gate U applied as U on its row axis and conj(U) on its column
axis by tensor contraction, each one-qubit channel as its 4x4 superoperator on the (row, column)
axis pair, readout error folded analytically into <Z>, and autograd for the gradients (what
PennyLane's default.mixed with backprop does). qnet's density-matrix simulator is measured
against it on the same circuit, noise and batch.

The circuit (qubits 0..7; qconv/qpool as in docs/architecture.md "QCNN semantics", shared: false):
  encode    RY(x[b, i]) on qubit i, i = 0..7
  conv(a,b; p0,p1,p2):  RZ(-pi/2) b; CNOT b->a; RZ(p0) a; RY(p1) b; CNOT a->b; RY(p2) b;
                        CNOT b->a; RZ(pi/2) a                      (8 gates, 3 params)
  pool(s,d; p0,p1,p2):  RZ(-pi/2) d; CNOT d->s; RZ(p0) s; RY(p1) d; CNOT s->d; RY(p2) d
  level 1: conv on (0,1) (2,3) (4,5) (6,7) (1,2) (3,4) (5,6) (7,0); pool (0,4) (1,5) (2,6) (3,7)
  level 2: conv on (4,5) (6,7) (5,6) (7,4);                         pool (4,6) (5,7)
  level 3: conv on (6,7)
  measure   <Z> of qubits 6 and 7 (through readout error); head: dense(2) on the two values;
            softmax cross-entropy; Adam
57 circuit parameters, 148 gates (97 one-qubit gates, 51 CNOTs).
Noise (defaults = the issue's device level): depolarizing(p1) after every one-qubit gate on its
qubit, depolarizing(p2) after every CNOT on each of its two qubits, readout P(1|0) = P(0|1) = r.
depolarizing(p): rho -> (1-p) rho + p/3 (X rho X + Y rho Y + Z rho Z), qnet's convention.

With --frontend, the whole network of bench/qnet/noisy-qcnn8.qnet (what bench/run pairs with qnet's
Trainer on that file): 1x28x28 images (standard normal pixels, what `normalize` gives), avgpool(7)
-> 16 features -> dense(8) + tanh -> the 8 angles; the circuit; dense(2) on <Z6>, <Z7>; 199
parameters. The classical layers are float32 and the circuit complex128, as in qnet (float32
layers, a double-precision simulator).

usage: torch_density_qcnn8.py [--batch B] [--threads N] [--p1 P] [--p2 P] [--readout R] [--frontend]
         [--complex64] [--warmup-steps N] [--warmup-seconds S] [--steps N] [--seconds S] [--json]
       torch_density_qcnn8.py --check     gradients against the parameter-shift rule (exact under
                                          this noise for the RZ/RY parameters)
       torch_density_qcnn8.py --values    <Z6>, <Z7> for x_i = 0.1 (i+1), theta_k = 0.05 (k+1), noisy
                                          and noiseless (NoisyLayersTest holds qnet to these)
Prints samples/s of training steps (forward + backward + Adam) and, with --json, one line with every
step's milliseconds, like the other peers. complex128 by default: qnet's simulator is double precision.
"""
import argparse, json, math, sys, time
import torch

N = 8
L1_CONV = [(0, 1), (2, 3), (4, 5), (6, 7), (1, 2), (3, 4), (5, 6), (7, 0)]
L1_POOL = [(0, 4), (1, 5), (2, 6), (3, 7)]
L2_CONV = [(4, 5), (6, 7), (5, 6), (7, 4)]
L2_POOL = [(4, 6), (5, 7)]
L3_CONV = [(6, 7)]
BLOCKS = [("conv", L1_CONV), ("pool", L1_POOL), ("conv", L2_CONV), ("pool", L2_POOL), ("conv", L3_CONV)]
N_PARAMS = 3 * sum(len(pairs) for _, pairs in BLOCKS)  # 57
MEASURED = (6, 7)
CDTYPE = torch.complex128
HALF_PI = math.pi / 2


def ry(t):
    c, s = torch.cos(t / 2), torch.sin(t / 2)
    return torch.stack([torch.stack([c, -s], -1), torch.stack([s, c], -1)], -2).to(CDTYPE)


def rz(t):
    e = torch.exp(-0.5j * torch.as_tensor(t, dtype=torch.float64).to(CDTYPE))
    z = torch.zeros_like(e)
    return torch.stack([torch.stack([e, z], -1), torch.stack([z, e.conj()], -1)], -2)


def on_axis(rho, u, axis):
    """u: [2,2] shared or [B,2,2] per sample, contracted with one axis of rho."""
    s = rho.movedim(axis, -1)
    s = s @ u.transpose(-1, -2) if u.dim() == 2 else torch.einsum('b...j,bij->b...i', s, u)
    return s.movedim(-1, axis)


class Noisy:
    """Applies gates and the noise model to rho: [B] + [2]*N (rows) + [2]*N (columns)."""

    def __init__(self, p1, p2, readout):
        self.s1, self.s2, self.readout = superop(p1), superop(p2), readout

    def gate1(self, rho, u, q):
        rho = on_axis(rho, u, 1 + q)
        rho = on_axis(rho, u.conj(), 1 + N + q)
        return self.channel(rho, self.s1, q)

    def cnot(self, rho, c, t):
        rho = flip_where(rho, 1 + c, 1 + t)
        rho = flip_where(rho, 1 + N + c, 1 + N + t)
        return self.channel(self.channel(rho, self.s2, c), self.s2, t)

    def channel(self, rho, s, q):
        if s is None:
            return rho
        r, c = 1 + q, 1 + N + q
        x = rho.movedim((r, c), (-2, -1))
        shape = x.shape
        x = (x.reshape(shape[:-2] + (4,)) @ s.transpose(0, 1)).reshape(shape)
        return x.movedim((-2, -1), (r, c))

    def z(self, rho, q):
        """<Z_q> of the bits as read: a 0 reads as 1 with P(1|0), a 1 as 0 with P(0|1)."""
        B = rho.shape[0]
        diag = torch.diagonal(rho.reshape(B, 2 ** N, 2 ** N), dim1=1, dim2=2).real.reshape((B,) + (2,) * N)
        p = diag.sum(dim=tuple(a for a in range(1, N + 1) if a != 1 + q))
        r = self.readout
        return p[:, 0] * (1 - 2 * r) + p[:, 1] * (2 * r - 1)


def superop(p):
    """Depolarizing(p) on the (row bit, column bit) pair, local index 2r + c: real 4x4."""
    if p == 0:
        return None
    a, d = 1 - 2 * p / 3, 2 * p / 3
    return torch.tensor([[a, 0, 0, d], [0, 1 - 4 * p / 3, 0, 0], [0, 0, 1 - 4 * p / 3, 0], [d, 0, 0, a]],
                        dtype=torch.float64).to(CDTYPE)


def flip_where(rho, ca, ta):
    """X on axis ta where axis ca is 1 (a CNOT on one side of rho)."""
    s0, s1 = rho.select(ca, 0), rho.select(ca, 1)
    return torch.stack([s0, s1.flip(ta if ta < ca else ta - 1)], ca)


def conv(m, rho, a, b, p):
    rho = m.gate1(rho, rz(-HALF_PI), b); rho = m.cnot(rho, b, a)
    rho = m.gate1(rho, rz(p[0]), a); rho = m.gate1(rho, ry(p[1]), b)
    rho = m.cnot(rho, a, b); rho = m.gate1(rho, ry(p[2]), b)
    rho = m.cnot(rho, b, a); return m.gate1(rho, rz(HALF_PI), a)


def pool(m, rho, s, d, p):
    rho = m.gate1(rho, rz(-HALF_PI), d); rho = m.cnot(rho, d, s)
    rho = m.gate1(rho, rz(p[0]), s); rho = m.gate1(rho, ry(p[1]), d)
    rho = m.cnot(rho, s, d); return m.gate1(rho, ry(p[2]), d)


def qcnn(m, x, theta):
    """x: [B, 8] angles, theta: [57] -> [B, 2] readout-noisy <Z6>, <Z7>."""
    B = x.shape[0]
    rho = torch.zeros((B,) + (2,) * (2 * N), dtype=CDTYPE)
    rho[(slice(None),) + (0,) * (2 * N)] = 1
    for i in range(N):
        rho = m.gate1(rho, ry(x[:, i]), i)
    k = 0
    for kind, pairs in BLOCKS:
        for a, b in pairs:
            rho = (conv if kind == "conv" else pool)(m, rho, a, b, theta[3 * k:3 * k + 3]); k += 1
    return torch.stack([m.z(rho, q) for q in MEASURED], 1)


def check(m):
    torch.manual_seed(1)
    x = torch.rand(3, N, dtype=torch.float64) * math.pi
    th = (torch.rand(N_PARAMS, dtype=torch.float64) * 2 * math.pi).requires_grad_()
    w = torch.tensor([0.7, -0.4], dtype=torch.float64)
    (qcnn(m, x, th) @ w).sum().backward()
    worst = 0.0
    for i in range(N_PARAMS):
        d = torch.zeros(N_PARAMS, dtype=torch.float64); d[i] = HALF_PI
        fp = (qcnn(m, x, th.detach() + d) @ w).sum()
        fm = (qcnn(m, x, th.detach() - d) @ w).sum()
        worst = max(worst, abs(float((fp - fm) / 2) - float(th.grad[i])))
    print(f"parameter shift vs autograd under noise, max abs diff over {N_PARAMS} params: {worst:.2e}")


def values():
    x = torch.tensor([[0.1 * (i + 1) for i in range(N)]], dtype=torch.float64)
    th = torch.tensor([0.05 * (k + 1) for k in range(N_PARAMS)], dtype=torch.float64)
    for name, m in (("device noise", Noisy(1e-3, 1e-2, 2e-2)), ("noiseless", Noisy(0, 0, 0))):
        z = qcnn(m, x, th)[0]
        print(f"{name}: {float(z[0])!r} {float(z[1])!r}")


class Frontend(torch.nn.Module):
    """bench/qnet/noisy-qcnn8.qnet before the circuit: avgpool(7) flatten dense(8) tanh."""

    def __init__(self):
        super().__init__(); self.fc = torch.nn.Linear(16, 8)

    def forward(self, img):
        return torch.tanh(self.fc(torch.nn.functional.avg_pool2d(img, 7).flatten(1)))


def timed(step, warmup_steps, warmup_seconds, steps, seconds):
    warm, t0 = [], time.perf_counter()
    while len(warm) < warmup_steps or time.perf_counter() - t0 < warmup_seconds:
        t = time.perf_counter(); step(); warm.append((time.perf_counter() - t) * 1000)
    ms, t0 = [], time.perf_counter()
    while len(ms) < steps or time.perf_counter() - t0 < seconds:
        t = time.perf_counter(); step(); ms.append((time.perf_counter() - t) * 1000)
    return warm, ms


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--p1", type=float, default=1e-3)
    ap.add_argument("--p2", type=float, default=1e-2)
    ap.add_argument("--readout", type=float, default=2e-2)
    ap.add_argument("--complex64", action="store_true")
    ap.add_argument("--warmup-steps", type=int, default=1)
    ap.add_argument("--warmup-seconds", type=float, default=0)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--values", action="store_true")
    ap.add_argument("--frontend", action="store_true")
    a = ap.parse_args()
    if a.complex64:
        CDTYPE = torch.complex64
    torch.set_num_threads(a.threads)
    model = Noisy(a.p1, a.p2, a.readout)
    if a.check:
        check(model); sys.exit()
    if a.values:
        values(); sys.exit()
    real = torch.float32 if a.complex64 else torch.float64
    torch.manual_seed(0)
    theta = (torch.rand(N_PARAMS, dtype=real) * 2 * math.pi).requires_grad_()
    y = torch.randint(0, 2, (a.batch,))
    if a.frontend:
        # float32 classical layers around the double-precision circuit, as qnet runs the file
        images = torch.randn(a.batch, 1, 28, 28)
        front, head = Frontend(), torch.nn.Linear(2, 2)
        params = [*front.parameters(), theta, *head.parameters()]

        def logits():
            return head(qcnn(model, front(images).to(real), theta).to(torch.float32))
    else:
        x = torch.rand(a.batch, N, dtype=real) * math.pi
        head = torch.nn.Linear(2, 2).to(real)
        params = [theta, *head.parameters()]

        def logits():
            return head(qcnn(model, x, theta).to(real))
    opt = torch.optim.Adam(params, 1e-3)
    losses = []

    def train_step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits(), y)
        loss.backward(); opt.step(); losses.append(float(loss))

    warm, ms = timed(train_step, a.warmup_steps, a.warmup_seconds, a.steps, a.seconds)
    med = sorted(ms)[len(ms) // 2]
    print(f"torch {torch.__version__} threads {torch.get_num_threads()} batch {a.batch}: "
          f"train {a.batch * 1000 / med:.1f} samples/s (density matrix, {str(CDTYPE).split('.')[-1]}, "
          f"p1 {a.p1} p2 {a.p2} readout {a.readout}, {N_PARAMS} circuit params, 8 qubits"
          f"{', bench/qnet/noisy-qcnn8.qnet front end' if a.frontend else ''})")
    if a.json:
        print(json.dumps({"impl": "torch", "simulator": "density_matrix", "version": torch.__version__,
                          "threads": torch.get_num_threads(), "params": sum(p.numel() for p in params),
                          "mode": "train", "batch": a.batch, "frontend": a.frontend, "dtype": str(CDTYPE).split('.')[-1],
                          "noise": {"p1": a.p1, "p2": a.p2, "readout": a.readout},
                          "warmup_ms": [round(v, 2) for v in warm], "ms": [round(v, 2) for v in ms],
                          "optimizer": "adam", "lr": 1e-3, "loss_first": losses[0], "loss_last": losses[-1]}))
