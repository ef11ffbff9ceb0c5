"""`/api/v1/demo/*`: demo mode for the caller, and bulk creation through the ingestion pipeline."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Body

from bot.api.auth import CallerDep
from bot.api.convert import piece_record
from bot.api.errors import responses
from bot.api.schemas_demo import MAX_BULK_PIECES, DemoEnableIn, DemoOut, IngestOut, PieceIn
from insights.ingest import ingest_records
from simulator import enable_demo
from storage.creators import get_creator

router = APIRouter(prefix="/api/v1/demo", tags=["demo"])
ERRORS = responses(400, 401, 413, 422, 500, 503)
# Seeds drawn for the caller stay short, so they are easy to send back.
RANDOM_SEED_LIMIT = 1_000_000
BULK_SOURCE = "api"


@router.post("/enable", responses=ERRORS)
def enable(caller: CallerDep, body: DemoEnableIn) -> DemoOut:
    """Give your account simulated content (the same seed and arguments give the same content)."""
    seed = secrets.randbelow(RANDOM_SEED_LIMIT) if body.seed is None else body.seed
    with caller.writing() as session:
        handle = get_creator(session, caller.creator_id).handle
        result = enable_demo(
            session,
            handle=handle,
            niche=body.niche,
            profile=body.profile_type,
            pieces=body.pieces,
            seed=seed,
            now=caller.now(),
        )
    return DemoOut.model_validate(result)


@router.post("/content/bulk-create", responses=ERRORS)
def bulk_create(
    caller: CallerDep,
    pieces: Annotated[list[PieceIn], Body(min_length=1, max_length=MAX_BULK_PIECES)],
) -> IngestOut:
    """Create or update up to 1,000 pieces with their performance, all or nothing, then rescore."""
    records = [piece_record(piece) for piece in pieces]
    with caller.writing() as session:
        result = ingest_records(
            session,
            caller.creator_id,
            records,
            now=caller.now(),
            source=BULK_SOURCE,
            is_demo=True,
        )
    return IngestOut(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        total=result.total,
    )
