"""Training in numpy, on the reference models' own backpropagation through time.

core: the output head, softmax cross-entropy, Adam, gradient clipping and the loop;
store: committed weights and results under explainers/data/, with the seed, data, budget, accuracy and
the hash of the code that made them. The scripts `python -m explainers.train.<task>` (make train,
make experiments) write those files; the site only loads them.
"""
