"""Demo mode: a seeded, realistic content simulator that feeds the ingestion pipeline.

The names below load on first use (PEP 562): importing ``simulator.niches`` for the niche list
must not import numpy, scipy and the ingestion pipeline, which cost a second of start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.config import (
        MAX_PIECES,
        NICHES,
        PLATFORMS,
        PROFILES,
        CategoryEffect,
        SimulationConfig,
        TimeSlot,
    )
    from simulator.demo import DemoResult, default_piece_count, disable_demo, enable_demo
    from simulator.generate import (
        SimulatedPiece,
        generate_pieces,
        iter_piece_batches,
        iter_record_batches,
        resolve_profile,
    )
    from simulator.titles import TitleRequest, TitleWriter

_HOMES = {
    "MAX_PIECES": "simulator.config_checks",
    "NICHES": "simulator.niches",
    "PLATFORMS": "simulator.config_checks",
    "PROFILES": "simulator.config_checks",
    "CategoryEffect": "simulator.config",
    "SimulationConfig": "simulator.config",
    "TimeSlot": "simulator.config",
    "DemoResult": "simulator.demo",
    "default_piece_count": "simulator.demo",
    "disable_demo": "simulator.demo",
    "enable_demo": "simulator.demo",
    "SimulatedPiece": "simulator.generate",
    "generate_pieces": "simulator.generate",
    "iter_piece_batches": "simulator.generate",
    "iter_record_batches": "simulator.generate",
    "resolve_profile": "simulator.generate",
    "TitleRequest": "simulator.titles",
    "TitleWriter": "simulator.titles",
}

__all__ = [
    "MAX_PIECES",
    "NICHES",
    "PLATFORMS",
    "PROFILES",
    "CategoryEffect",
    "DemoResult",
    "SimulatedPiece",
    "SimulationConfig",
    "TimeSlot",
    "TitleRequest",
    "TitleWriter",
    "default_piece_count",
    "disable_demo",
    "enable_demo",
    "generate_pieces",
    "iter_piece_batches",
    "iter_record_batches",
    "resolve_profile",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` when it is first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
