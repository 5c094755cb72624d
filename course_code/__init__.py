"""Companion code for *Neural Network Fundamentals*.

One module per idea:

* :mod:`course_code.perceptron` -- Rosenblatt's perceptron and Novikoff's bound
* :mod:`course_code.activations` -- activation functions, derivatives and the registry
* :mod:`course_code.keras_activations` -- the same activations in ``keras.ops``
  (imports Keras, so it is loaded only when you import it)
* :mod:`course_code.propagation` -- multilayer perceptrons in NumPy: forward pass,
  losses from logits, backpropagation, gradient checking, mini-batch SGD
* :mod:`course_code.keras_propagation` -- the Keras twin of an MLP (imports Keras)
* :mod:`course_code.checks` -- checkers for the exercises, with friendly reports
* :mod:`course_code.data` -- small offline datasets
* :mod:`course_code.plotting` -- the book's figure style
* :mod:`course_code.notebook` -- the one-call set-up every notebook runs first
"""

__version__ = "0.1.0"
