"""Demo mode: a seeded, realistic content simulator that feeds the ingestion pipeline."""

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
from simulator.generate import SimulatedPiece, generate_pieces, iter_piece_batches, resolve_profile
from simulator.titles import TitleRequest, TitleWriter

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
    "resolve_profile",
]
