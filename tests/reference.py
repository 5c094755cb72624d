"""High-precision references for the activations, in mpmath (the judge of accuracy).

Each formula is the plain mathematical definition, evaluated with 50 significant
digits and an unbounded exponent, so the cancellations and overflows that the NumPy
code has to design around cannot happen here. Where a definition would still cancel
(``1 - sigma`` for large x) it is written with ``sigma(-x)`` instead, an exact identity.
Parameters are taken as the exact binary values the NumPy code receives.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp

mp.mp.dps = 50

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
C_TANH = mp.sqrt(2 / mp.pi)
K_TANH = mp.mpf(0.044715)

Ref = Callable[[mp.mpf], mp.mpf]


def sig(x):
    return 1 / (1 + mp.exp(-x))


def ncdf(x):
    # mpmath's erfc overflows its own series test for |x| ~ 1e17; beyond |x| = 1e3,
    # Phi(x) is 0 or 1 to ~2e5 digits, so those are the exact values at 50 digits.
    if abs(x) > 1000:
        return mp.mpf(1 if x > 0 else 0)
    return mp.ncdf(x)


def npdf(x):
    return mp.mpf(0) if abs(x) > 1000 else mp.npdf(x)


def _gelu_tanh_u(x):
    return C_TANH * (x + K_TANH * x**3)


def references(name: str, **p) -> tuple[Ref, Ref]:
    """Return ``(f, f')`` in mpmath for activation ``name`` with parameters ``p``."""
    a = mp.mpf(p.get("alpha", 1.0))
    b = mp.mpf(p.get("beta", 1.0))
    if name == "step":
        return (lambda x: mp.mpf(1 if x >= 0 else 0)), (lambda x: mp.mpf(0))
    if name == "identity":
        return (lambda x: x), (lambda x: mp.mpf(1))
    if name in ("sigmoid", "softplus_derivative"):
        return sig, (lambda x: sig(x) * sig(-x))
    if name == "tanh":
        return mp.tanh, (lambda x: mp.sech(x) ** 2)
    if name == "relu":
        return (lambda x: max(x, 0)), (lambda x: mp.mpf(1 if x > 0 else 0))
    if name in ("leaky_relu", "prelu"):
        return (lambda x: x if x > 0 else a * x), (lambda x: mp.mpf(1) if x > 0 else a)
    if name == "elu":
        return (lambda x: x if x > 0 else a * mp.expm1(x)), (lambda x: mp.mpf(1) if x > 0 else a * mp.exp(x))
    if name == "selu":
        return (
            lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)),
            lambda x: SELU_SCALE * (1 if x > 0 else SELU_ALPHA * mp.exp(x)),
        )
    if name == "softplus":
        return (lambda x: mp.log1p(mp.exp(x))), sig
    if name == "gelu" and not p.get("approximate", False):
        return (lambda x: x * ncdf(x)), (lambda x: ncdf(x) + x * npdf(x))
    if name == "gelu":  # tanh form; 1 + tanh(u) = 2 sigma(2u) exactly
        def d_gelu_tanh(x):
            t = 2 * _gelu_tanh_u(x)
            dt = 2 * C_TANH * (1 + 3 * K_TANH * x**2)
            return sig(t) + x * dt * sig(t) * sig(-t)

        return (lambda x: x * sig(2 * _gelu_tanh_u(x))), d_gelu_tanh
    if name in ("silu", "swish"):
        return (lambda x: x * sig(b * x)), (lambda x: sig(b * x) + b * x * sig(b * x) * sig(-b * x))
    raise KeyError(name)
