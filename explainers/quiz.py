"""The value a "predict" question asks for, computed by the same function at build time (CPython, for
the page) and on "Run it" (the page's Python, a widget's call): the two can only differ by the Python."""


def answer(setup: str, expression: str) -> float:
    """Run `setup` (statements), then evaluate `expression` in the same fresh namespace, as a float."""
    namespace: dict = {"__name__": "quiz"}
    exec(setup or "", namespace)
    return float(eval(expression, namespace))
