"""Time the NumPy MLP of course_code.propagation against Keras on the digits data.

Both train the same 64-64-10 network (ReLU hidden layer, softmax output, cross-entropy
from the logits) from the same initial weights, with plain SGD, the same batch size,
learning rate and number of epochs, each shuffling the training set every epoch::

    python tools/benchmark_mlp.py                  # 20 epochs, batch 32, lr 0.1, float32
    python tools/benchmark_mlp.py --dtype float64
    python tools/benchmark_mlp.py --dtype float64 --skip-keras --profile

Prints the training wall time and test accuracy of each, the per-epoch time ratio
NumPy / Keras measured in this run, and whether NumPy reached >= 95 % test accuracy in
<= 2 s. Keras' first
epoch includes tracing its train step into a graph, so the ratio is taken against the
median of Keras' later epochs: the comparison most favourable to Keras.

It also times the *hand-loop floor*: a minimal training loop written out in plain NumPy
(``hand_loop`` below: two matrix products and a ReLU forward, the softmax cross-entropy
gradient ``p - y``, two matrix products back, plain SGD) on the same batches, from the
same initial weights, in the same dtype. It does what ``MLP.fit`` does with none of its
generality (any depth, any registry activation, the three output layers, validation,
float64 losses), so ``MLP.fit / hand loop`` is the price of that generality. The two
must end with the same weights (checked: the largest difference is printed). Both are
timed as the best of ``--repeat`` runs, in wall time or, with ``--clock cpu``, in
process time (steadier on a shared machine; meant with ``--skip-keras``, as Keras is
always timed in wall time). ``--profile`` prints where ``MLP.fit`` spends its time
(cProfile, sorted by own time).
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

# TensorFlow reads these once, at import
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_code.notebook import TF_ENVIRONMENT  # noqa: E402 - NumPy only, TF not loaded yet

for key, value in TF_ENVIRONMENT.items():
    os.environ.setdefault(key, value)

import numpy as np  # noqa: E402

from course_code.data import digits  # noqa: E402
from course_code.propagation import MLP  # noqa: E402

T = TypeVar("T")
TARGET_ACCURACY = 0.95
TARGET_SECONDS = 2.0


def hand_loop(
    X: np.ndarray,
    y: np.ndarray,
    weights: list[np.ndarray],
    epochs: int,
    batch_size: int,
    learning_rate: float,
    rng: np.random.Generator,
) -> tuple[list[np.ndarray], list[float]]:
    """Minimal SGD for a one-hidden-layer ReLU network with a softmax output.

    The same batches as ``MLP.fit(..., shuffle=True)``: ``rng`` is a copy of the
    network's generator as it stands after drawing the weights, and gives a fresh
    permutation each epoch. Returns the trained weights and, for each epoch, the mean
    cross-entropy of the batches before their updates.
    """
    W1, b1, W2, b2 = (w.copy() for w in weights)
    Y = np.eye(W2.shape[1], dtype=X.dtype)[y]  # one-hot targets
    n = X.shape[0]
    losses = []
    for _ in range(epochs):
        order = rng.permutation(n)
        Xe, Ye = X[order], Y[order]
        total = 0.0
        for start in range(0, n, batch_size):
            xb, yb = Xe[start : start + batch_size], Ye[start : start + batch_size]
            z1 = xb @ W1 + b1
            a1 = np.maximum(z1, 0)
            z2 = a1 @ W2 + b2
            z2 -= z2.max(axis=1, keepdims=True)  # shifted logits: exp(z2) <= 1
            e = np.exp(z2)
            s = e.sum(axis=1, keepdims=True)
            total -= float(np.sum(yb * (z2 - np.log(s))))  # cross-entropy of the batch
            d2 = (e / s - yb) / xb.shape[0]  # dL/dz2 = (p - y) / batch size
            d1 = (d2 @ W2.T) * (z1 > 0)  # relu'(z1) = [z1 > 0]
            W2 -= learning_rate * (a1.T @ d2)
            b2 -= learning_rate * d2.sum(axis=0)
            W1 -= learning_rate * (xb.T @ d1)
            b1 -= learning_rate * d1.sum(axis=0)
        losses.append(total / n)
    return [W1, b1, W2, b2], losses


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def best_of(
    repeat: int, clock: Callable[[], float], fn: Callable[..., T], *args: Any
) -> tuple[float, T]:
    """``fn(*args)`` run ``repeat`` times: (best time on ``clock``, last result)."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = clock()
        result = fn(*args)
        best = min(best, clock() - start)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs of MLP.fit and the hand loop")
    parser.add_argument("--skip-keras", action="store_true", help="time NumPy only")
    parser.add_argument("--profile", action="store_true", help="profile MLP.fit (cProfile)")
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="wall",
        help="clock for MLP.fit and the hand loop: 'cpu' (process time) is steadier on a"
        " shared machine; Keras is always timed in wall time",
    )
    args = parser.parse_args()

    X_train, X_test, y_train, y_test = digits()
    X_train, X_test = X_train.astype(args.dtype), X_test.astype(args.dtype)
    sizes = [64, 64, 10]
    print(
        f"digits: {len(X_train)} train / {len(X_test)} test; network {sizes}, relu + softmax; "
        f"SGD lr={args.learning_rate}, batch {args.batch_size}, {args.epochs} epochs, {args.dtype}"
    )

    # ---------------------------------------------------------------- NumPy
    def new_network() -> MLP:
        return MLP(sizes, "relu", "softmax", init="he", seed=args.seed, dtype=args.dtype)

    net = new_network()
    initial_weights = net.get_weights()
    schedule = {"epochs": args.epochs, "batch_size": args.batch_size}

    def train() -> dict[str, list[float]]:
        nonlocal net
        net = new_network()  # the same weights and the same shuffling stream every run
        return net.fit(X_train, y_train, **schedule, learning_rate=args.learning_rate)

    clock = CLOCKS[args.clock]
    numpy_seconds, history = best_of(args.repeat, clock, train)
    numpy_accuracy = net.accuracy(X_test, y_test)
    numpy_epoch = numpy_seconds / args.epochs

    # ----------------------------------------------------- the hand-loop floor
    def train_by_hand() -> tuple[list[np.ndarray], list[float]]:
        # the generator of a new network, as it stands after drawing the weights
        rng = copy.deepcopy(new_network()._rng)
        return hand_loop(
            X_train, y_train, initial_weights, args.epochs, args.batch_size, args.learning_rate, rng
        )

    hand_seconds, (hand_weights, hand_losses) = best_of(args.repeat, clock, train_by_hand)
    weight_gap = max(
        float(np.max(np.abs(a - b))) for a, b in zip(hand_weights, net.get_weights(), strict=True)
    )
    print(
        f"{'':14}{'train time':>12}{'per epoch':>12}{'final loss':>12}"
        f"   ({args.clock} time, best of {args.repeat})"
    )
    print(
        f"{'MLP.fit':14}{numpy_seconds:>11.3f}s{numpy_epoch * 1e3:>10.2f}ms"
        f"{history['loss'][-1]:>12.6f}"
    )
    print(
        f"{'hand loop':14}{hand_seconds:>11.3f}s{hand_seconds / args.epochs * 1e3:>10.2f}ms"
        f"{hand_losses[-1]:>12.6f}"
    )
    print(
        f"MLP.fit / hand-loop floor: {numpy_seconds / hand_seconds:.2f}"
        f" (largest weight difference after training: {weight_gap:.1e})"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        train()
        profiler.disable()
        print(f"\nwhere MLP.fit spends its time ({args.dtype}; cProfile, by own time):")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(18)
    if args.skip_keras:
        return 0

    # ---------------------------------------------------------------- Keras
    import keras

    keras.utils.set_random_seed(args.seed)
    keras.config.set_floatx(args.dtype)
    model = keras.Sequential(
        [
            keras.Input((sizes[0],), dtype=args.dtype),
            keras.layers.Dense(sizes[1], activation="relu", dtype=args.dtype),
            keras.layers.Dense(sizes[2], dtype=args.dtype),  # logits
        ]
    )
    model.set_weights(initial_weights)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=args.learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)

    times: list[float] = []
    start = time.perf_counter()
    keras_history = model.fit(
        X_train,
        y_train,
        epochs=args.epochs,
        batch_size=args.batch_size,
        shuffle=True,
        verbose=0,
        callbacks=[EpochTimer()],
    )
    keras_seconds = time.perf_counter() - start
    logits = model.predict(X_test, verbose=0)
    keras_accuracy = float(np.mean(np.argmax(logits, axis=1) == y_test))
    keras_epoch = statistics.median(times[1:]) if len(times) > 1 else times[0]

    # ---------------------------------------------------------------- report
    print(f"{'':8}{'train time':>12}{'per epoch':>12}{'test acc':>10}{'final loss':>12}")
    print(
        f"{'NumPy':8}{numpy_seconds:>11.3f}s{numpy_epoch * 1e3:>10.2f}ms"
        f"{numpy_accuracy:>10.4f}{history['loss'][-1]:>12.4f}"
    )
    print(
        f"{'Keras':8}{keras_seconds:>11.3f}s{keras_epoch * 1e3:>10.2f}ms"
        f"{keras_accuracy:>10.4f}{keras_history.history['loss'][-1]:>12.4f}"
        f"   (epoch 1, with tracing: {times[0] * 1e3:.1f} ms; per epoch = median of epochs 2..)"
    )
    print(f"per-epoch time ratio NumPy / Keras: {numpy_epoch / keras_epoch:.3f}")
    print(
        f"per-epoch time ratio NumPy / Keras incl. Keras' first epoch "
        f"(total / total): {numpy_seconds / keras_seconds:.3f}"
    )
    ok = numpy_accuracy >= TARGET_ACCURACY and numpy_seconds <= TARGET_SECONDS
    print(
        f"NumPy reached >= {TARGET_ACCURACY:.0%} test accuracy in <= {TARGET_SECONDS:g} s: "
        f"{'yes' if ok else 'NO'} ({numpy_accuracy:.2%} in {numpy_seconds:.3f} s)"
    )
    return 0 if ok and numpy_epoch <= keras_epoch else 1


if __name__ == "__main__":
    sys.exit(main())
