# --- PYODIDE:code --- #
import numpy as np
print(np.float64(1.5) * 2)
