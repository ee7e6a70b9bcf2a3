"""Where geoplan finds its data: the repository's ``data/`` and ``layers/``, and the plans."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: ``geoplan/`` sits in it beside ``data/`` and ``layers/``.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LAYERS = ROOT / "layers"


def seeds_dir() -> Path | None:
    """Return the folder holding the five plan texts, or ``None`` if it is absent.

    ``GEOPLAN_SEEDS`` overrides the default, ``../shared/seeds`` beside the repository.
    """
    env = os.environ.get("GEOPLAN_SEEDS")
    path = Path(env) if env else ROOT.parent / "shared" / "seeds"
    return path if path.is_dir() else None


def user_dir() -> Path:
    """Return the folder of the user's own data (digitized boundaries, uploaded plans).

    ``GEOPLAN_USER_DIR`` overrides the default, ``data/user/`` in the repository
    (ignored by git: a user's data is never shipped).
    """
    env = os.environ.get("GEOPLAN_USER_DIR")
    return Path(env) if env else DATA / "user"
