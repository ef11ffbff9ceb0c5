"""Title search over stored pieces: cached per creator until a write changes their data stamp."""

from __future__ import annotations

from context.tools.title_search import TITLE_CACHE, search_creator
from storage import Database
from storage.models import ContentPiece
from tests.support.builders import Spec, add_pieces, make_creator


def test_a_renamed_piece_is_found_by_its_new_title(db: Database) -> None:
    titles = ["My iPhone 15 review", "Pixel 8 camera test", "Desk setup tour 2026"]
    with db.unit_of_work() as s:
        creator = make_creator(s, "titles")
        add_pieces(s, creator, [Spec(title=t) for t in titles])
        other = make_creator(s, "other")
        add_pieces(s, other, [Spec(title="Galaxy S24 review")])
        creator_id = creator.id
    with db.read() as s:
        assert [h.number for h in search_creator(s, creator_id, "my iphone review")] == [1]
        hits = TITLE_CACHE.hits
        assert [h.number for h in search_creator(s, creator_id, "iPhone REVIEW?")] == [1]
        assert TITLE_CACHE.hits == hits + 1  # the same words: no scan
        assert search_creator(s, creator_id, "galaxy s24") == []  # another creator's title
    with db.unit_of_work() as s:
        piece = s.query(ContentPiece).filter_by(creator_id=creator_id, number=3).one()
        piece.title = "iPhone 15 review, one year later"
    with db.read() as s:
        found = search_creator(s, creator_id, "iphone review")
        assert sorted(h.number for h in found) == [1, 3]  # a tie: the caller asks which one
