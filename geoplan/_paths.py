"""Where geoplan finds its data: the repository's ``data/`` and ``layers/``, and the user's."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: ``geoplan/`` sits in it beside ``data/`` and ``layers/``.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LAYERS = ROOT / "layers"


def user_dir() -> Path:
    """Return the folder of the user's own data (digitized boundaries, uploaded plans).

    ``GEOPLAN_USER_DIR`` overrides the default, ``data/user/`` in the repository
    (ignored by git: a user's data is never shipped).
    """
    env = os.environ.get("GEOPLAN_USER_DIR")
    return Path(env) if env else DATA / "user"
