"""Accuracy of every activation and derivative against 50-digit mpmath references.

The course promises results within a few ulp of the true value wherever that value is a
normal float, in float32 and float64, tails included (the numerical contract in the
docstring of :mod:`course_code.activations`, and the README's promise). The references
are the mpmath rows of :mod:`oracles`; the measuring is done by :mod:`accuracy` (also
runnable on its own to print the worst error of each function); this file turns its
verdict into one test per case, dtype and function/derivative, so a regression names
exactly what broke.
"""

from __future__ import annotations

import numpy as np
import pytest
from accuracy import CASES, measure_case, numpy_pair, sample_points

#: How many failing points to print; the full list can run to hundreds of lines.
SHOW = 5

#: Cases whose true value is 0 at every sample point: nothing is a normal float there,
#: so ``measure`` checks them in its "subnormal or zero" branch only (checked == 0).
ALL_ZERO = {("step", "d")}


@pytest.mark.parametrize("which", ["f", "d"], ids=["f", "derivative"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize(("label", "name", "params"), CASES, ids=[c[0] for c in CASES])
def test_within_ulp_bound(label: str, name: str, params: dict, which: str, dtype: type) -> None:
    result = measure_case(label, name, params, which, dtype)
    assert result.failures == [], (
        f"{label} ({'derivative' if which == 'd' else 'function'}, {np.dtype(dtype).name}): "
        f"{len(result.failures)} point(s) over the bound, worst {result.worst_ulp:.3g} ulp at "
        f"x={result.worst_x:.6g}; first ones:\n  " + "\n  ".join(result.failures[:SHOW])
    )
    if (name, which) in ALL_ZERO:
        # Nothing was measured in ulps, so prove directly that the answer is exactly 0.
        f, df = numpy_pair(name)
        got = (f if which == "f" else df)(sample_points(dtype), **params)
        assert np.all(got == 0.0)
    else:
        # An empty failure list is only meaningful if points were actually compared.
        assert result.checked > 0, f"{label}: no sample point had a normal-float true value"
        assert 0.0 <= result.worst_share <= 1.0
