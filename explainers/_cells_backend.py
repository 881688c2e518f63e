"""The matplotlib backend of code cells: Agg drawing off-screen; show() hands the open figures
to the running cell (explainers.cells), which renders them as output items and closes them."""
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401


def show(*args, **kwargs):
    from explainers.cells import capture_figures

    capture_figures()
