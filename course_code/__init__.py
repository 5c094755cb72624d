"""Companion code for *Neural Network Fundamentals*.

One module per idea:

* :mod:`course_code.perceptron` -- Rosenblatt's perceptron, its margins and Novikoff's bound
* :mod:`course_code.activations` -- activation functions, derivatives and the registry
* :mod:`course_code.losses` -- output layers paired with their losses, from logits
* :mod:`course_code.gradcheck` -- numerical gradients and relative errors
* :mod:`course_code.propagation` -- the multilayer perceptron: forward, backward, training
* :mod:`course_code.optim` -- optimizers and learning-rate schedules equal to Keras';
  :mod:`course_code.optim.surfaces`, the loss surfaces the optimization chapter draws
* :mod:`course_code.keras_activations` -- the activations in ``keras.ops`` (imports Keras)
* :mod:`course_code.keras_propagation` -- the Keras twin of an MLP (imports Keras)
* :mod:`course_code.keras_surfaces` -- those surfaces in ``keras.ops``, a Keras optimizer's path
* :mod:`course_code.checks` -- checkers for the exercises, with friendly reports
* :mod:`course_code.data` -- small offline datasets
* :mod:`course_code.plotting` -- the book's figure style
* :mod:`course_code.notebook` -- the one-call set-up every notebook runs first

Bad input raises ``TypeError`` for the wrong kind of object and ``ValueError`` for a wrong
value or shape, with the function and the argument named (``course_code._validation``).
"""

__version__ = "0.1.0"
