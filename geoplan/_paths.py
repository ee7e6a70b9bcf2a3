"""Where geoplan finds its data: the repository's ``data/`` and ``layers/``."""

from __future__ import annotations

from pathlib import Path

#: The repository root: ``geoplan/`` sits in it beside ``data/`` and ``layers/``.
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LAYERS = ROOT / "layers"
