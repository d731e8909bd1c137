"""Train the model shipped in src/reintegra/linkage/settings/default_model.json.

    PYTHONPATH=src python bench/linkage/train_default_model.py

EM on a synthetic 20,000 x 3,000 pair of lists (seed 99, not the seed the
benchmark scores on). Used for files too small to train on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

from reintegra.linkage.engine import DEFAULT_MODEL_PATH, link, save_model  # noqa: E402


def main() -> None:
    left, right, _ = generate(20_000, 3_000, seed=99)
    result = link(pd.DataFrame(left), pd.DataFrame(right).drop(columns=["camp_section"]))
    model = dict(result.model)
    model.pop("linker_uid", None)
    DEFAULT_MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, DEFAULT_MODEL_PATH)
    print(f"wrote {DEFAULT_MODEL_PATH}")


if __name__ == "__main__":
    main()
