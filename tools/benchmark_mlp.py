"""Time the NumPy MLP of course_code.propagation against Keras on the digits data.

Both train the same 64-64-10 network (ReLU hidden layer, softmax output, cross-entropy
from the logits) from the same initial weights, with plain SGD, the same batch size,
learning rate and number of epochs, each shuffling the training set every epoch::

    python tools/benchmark_mlp.py                  # 20 epochs, batch 32, lr 0.1, float32
    python tools/benchmark_mlp.py --dtype float64

Prints the training wall time and test accuracy of each, the per-epoch time ratio
NumPy / Keras measured in this run, and whether NumPy reached >= 95 % test accuracy in
<= 2 s (the book's promise, also asserted in tests/test_propagation.py). Keras' first
epoch includes tracing its train step into a graph, so the ratio is taken against the
median of Keras' later epochs: the comparison most favourable to Keras.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# TensorFlow reads these once, at import
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from course_code.data import digits  # noqa: E402
from course_code.propagation import MLP  # noqa: E402

TARGET_ACCURACY = 0.95
TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    X_train, X_test, y_train, y_test = digits()
    X_train, X_test = X_train.astype(args.dtype), X_test.astype(args.dtype)
    sizes = [64, 64, 10]
    print(
        f"digits: {len(X_train)} train / {len(X_test)} test; network {sizes}, relu + softmax; "
        f"SGD lr={args.learning_rate}, batch {args.batch_size}, {args.epochs} epochs, {args.dtype}"
    )

    # ---------------------------------------------------------------- NumPy
    net = MLP(sizes, "relu", "softmax", init="he", seed=args.seed, dtype=args.dtype)
    initial_weights = net.get_weights()
    start = time.perf_counter()
    history = net.fit(
        X_train, y_train, args.epochs, args.batch_size, args.learning_rate, seed=args.seed
    )
    numpy_seconds = time.perf_counter() - start
    numpy_accuracy = net.accuracy(X_test, y_test)
    numpy_epoch = numpy_seconds / args.epochs

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
