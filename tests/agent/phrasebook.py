"""The phrasings the rules engine must understand: several per intent, with typos and odd case.

``{top}``, ``{second}``, ``{bottom}``, ``{iphone}``, ``{commented}`` and ``{plan}`` are filled from
the data (the best and second-best piece of all time, the weakest, the one iPhone title, the most
commented, the fixture plan); a check may use them without the text naming them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.agent import expect as e
from tests.agent import expect_habits as h

Q = "query_performance"


@dataclass(frozen=True)
class Row:
    """One phrasing: what it means, which tool answers it and what the answer must say."""

    text: str
    intent: str
    tool: str | None
    check: e.Check
    before: tuple[str, ...] = ()


def _intent(intent: str, tool: str | None) -> Callable[..., Row]:
    def row(text: str, check: e.Check, *before: str) -> Row:
        return Row(text, intent, tool, check, before)

    return row


class on:
    """Row makers per intent, naming the tool that must answer."""

    overview = _intent("overview", Q)
    top = _intent("top", Q)
    attention = _intent("attention", Q)
    themes = _intent("themes", "themes")
    platforms = _intent("platforms", "platforms")
    content = _intent("content", "explain_piece")
    compare = _intent("compare", "compare_pieces")
    besttime = _intent("besttime", "best_posting_times")
    advice = _intent("advice", "what_to_do")
    formats = _intent("formats", "formats")
    cadence = _intent("cadence", "posting_cadence")
    recent = _intent("recent", "recent_pieces")
    titles = _intent("titles", "title_features")
    change = _intent("change", "explain_change")
    platform_advice = _intent("platform_advice", "platform_advice")
    next_piece = _intent("next_piece", "next_piece")
    theme_platforms = _intent("theme_platforms", "theme_platforms")
    months = _intent("monthly", "monthly")
    list = _intent("list", "list_content")
    plans = _intent("plans", "list_plans")
    show_plan = _intent("show_plan", "show_plan")
    make_plan = _intent("make_plan", "draft_plan_from_chat")
    more = _intent("more", "plan_from_piece")
    diagnose = _intent("diagnose", "plan_from_piece")
    save = _intent("save", "save_plan")
    discard = _intent("discard", "discard_plan")
    add_item = _intent("add_item", "add_item")
    done = _intent("done", "complete_item")
    undo = _intent("undo", "uncomplete_item")
    link = _intent("link", "link_item")
    digest = _intent("digest", None)
    help = _intent("help", None)
    unknown = _intent("unknown", Q)  # the closest answer (the overview) after what I can do
    unknown_command = _intent("unknown", None)


PLAN = "/plan {plan}"
ROWS: tuple[Row, ...] = (
    # what's working (overview)
    on.overview("how was my week?", e.overview("7d")),
    on.overview("summarize my month", e.overview("30d")),
    on.overview("how did my videos do last week", e.overview("7d")),
    on.advice("what should I stop doing?", e.advice(holding_back=True)),
    on.overview("what's working?", e.overview()),
    on.overview("WHATS WORKNG", e.overview()),
    on.overview("/whatsworking", e.overview()),
    on.overview("/whatsworking 90d", e.overview("90d")),
    on.overview("/whatsworking all YouTube", e.overview("all", "youtube")),
    on.overview("how are my TikToks doing", e.overview(platform="tiktok")),
    on.overview("How's my youtube doing this week?", e.overview("7d", "youtube")),
    on.overview("give me an overview of all time", e.overview("all")),
    on.overview("how am i doing", e.overview()),
    # top performers
    on.top("/top", e.ranked("top")),
    on.top("what did best this month", e.ranked("top")),
    on.top("show me my top performers of all time", e.ranked("top", "all")),
    on.top("which videos were my biggest hits?", e.ranked("top")),
    on.top("Top Perfomers on instagram", e.ranked("top", platform="instagram")),
    # needs attention
    on.attention("/attention", e.ranked("attention")),
    on.attention("what flopped this month", e.ranked("attention")),
    on.attention("wat floppd", e.ranked("attention")),
    on.attention("which posts underperformed in the last 90 days?", e.ranked("attention", "90d")),
    on.attention("what's not working on tiktok", e.ranked("attention", platform="tiktok")),
    # themes
    on.themes("/themes", e.themes()),
    on.themes("which topics work best", e.themes()),
    on.themes("how do my thems compare", e.themes()),
    on.themes("/THEMES", e.themes()),
    on.themes("what kind of content works for me?", e.themes()),
    # platforms
    on.platforms("/platforms", e.platforms()),
    on.platforms("compare youtube and tiktok", e.platforms()),
    on.platforms("which platform is best for me", e.platforms()),
    on.platforms("platfroms over all time", e.platforms("all")),
    on.platforms("YouTube vs Instagram", e.platforms()),
    # one piece
    on.content("/content {top}", e.piece("top")),
    on.content("tell me about #{top}", e.piece("top")),
    on.content("why did my iPhone review do so well", e.piece("iphone", "why")),
    on.content("why did my iphnoe review do so well?", e.piece("iphone", "why")),
    on.content("why did #{bottom} flop", e.piece("bottom", "improve")),
    on.content("why did my worst video flop?", e.piece("bottom", "improve")),
    on.content("what went wrong with #{bottom}?", e.piece("bottom", "improve")),
    on.content("which of my videos got the most comments?", e.piece("commented")),
    on.content("the 2nd one", e.piece("second"), "/top all"),
    on.content("details on piece {bottom}", e.piece("bottom")),
    on.content("why did it do so well", e.piece("top", "why"), "/content {top}"),
    on.content("#{second}", e.piece("second")),
    # compare two pieces
    on.compare("compare #{top} and #{bottom}", e.compared("top", "bottom")),
    on.compare("#{second} vs #{bottom}", e.compared("second", "bottom")),
    on.compare("compair #{top} with the 2nd one", e.compared("top", "second"), "/top all"),
    # posting times
    on.besttime("when should I post", e.best_time()),
    on.besttime("/besttime", e.best_time()),
    on.besttime("what's the best time to post?", e.best_time()),
    on.besttime("when shuold i post", e.best_time()),
    on.besttime("Which day is best to upload", e.best_time()),
    on.besttime("is now a good time to post?", h.best_time_at("now")),
    on.besttime("should i post rn", h.best_time_at("now")),
    on.besttime("when should I post tomorrow", h.best_time_at("tomorrow")),
    on.besttime("/besttime today", h.best_time_at("today")),
    on.besttime("when is my next best time to post", h.best_time_at("now")),
    # formats
    on.formats("/formats", h.formats()),
    on.formats("are shorts better than long videos?", h.formats("youtube")),
    on.formats("Which format works best for me", h.formats()),
    on.formats("do longer videos do better on youtube", h.formats("youtube")),
    # how often to post
    on.cadence("/cadence", h.cadence()),
    on.cadence("how often should I post?", h.cadence()),
    on.cadence("should i post every day on tiktok", h.cadence("tiktok")),
    on.cadence("Does posting more often hurt my views", h.cadence()),
    on.cadence("/cadence instagram", h.cadence("instagram")),
    # titles
    on.titles("/titles", h.titles()),
    on.titles("do longer titles do better?", h.titles()),
    on.titles("Do numbers in titles help on tiktok", h.titles("tiktok")),
    # the latest pieces against the usual
    on.recent("did my last 5 videos do better than usual?", h.recent()),
    on.recent("How did my last 10 posts do", h.recent(10)),
    on.recent("are my recent tiktoks doing worse", h.recent(platform="tiktok")),
    on.recent("/recent 3 youtube", h.recent(3, "youtube")),
    # what to post on one platform
    on.platform_advice("what should I post on tiktok?", h.platform_advice("tiktok")),
    on.platform_advice("/advice youtube", h.platform_advice("youtube")),
    on.platform_advice("which topics work best on instagram", h.platform_advice("instagram")),
    # month by month
    on.months("what was my best month?", h.months()),
    on.months("show me my monthly views on youtube", h.months("youtube")),
    # why a figure moved
    on.change("why are my views down?", h.change()),
    on.change("Why did my views drop on tiktok", h.change(platform="tiktok")),
    on.change("my likes went up last month", h.change("likes", "last_month")),
    on.change("why am i getting fewer views lately", h.change()),
    on.change("why is my engagement down?", h.rate_change()),
    on.change("my retention dropped on youtube", h.rate_change("retention", "youtube")),
    # what to do next
    on.advice("what should I do next?", e.advice()),
    on.advice("/advice", e.advice()),
    on.advice("any recommendations?", e.advice()),
    on.advice("what should i change", e.advice()),
    # one theme on each platform
    on.theme_platforms("where should I post my tutorials?", h.theme_platforms("tutorials")),
    on.theme_platforms("which platform is best for vlogs", h.theme_platforms("vlogs")),
    on.theme_platforms(
        "do my tutorials do better on youtube or tiktok", h.theme_platforms("tutorials")
    ),
    on.theme_platforms("best platform for my vlog", h.theme_platforms("vlogs")),
    # the next piece's brief
    on.next_piece("give me a video idea", h.next_piece()),
    on.next_piece("What should i post next week", h.next_piece()),
    on.next_piece("what should my next video be about?", h.next_piece()),
    on.next_piece("what should I film tomorrow", h.next_piece()),
    on.next_piece("/idea", h.next_piece()),
    on.advice("how can I improve my channel", e.advice()),
    on.advice("what is holding me back?", e.advice(holding_back=True)),
    on.advice("whats wrong with my channel", e.advice(holding_back=True)),
    # lists
    on.list("list my videos", e.listing()),
    on.list("show me my latest posts", e.listing("published")),
    on.list("show all my tiktoks", e.listing(platform="tiktok")),
    # plans
    on.plans("/plans", e.plan_list()),
    on.plans("show my plans", e.plan_list()),
    on.plans("what's on my plan?", e.plan_list()),
    on.plans("my to do list", e.plan_list()),
    on.plans("what's due this week?", e.plan_list()),
    on.plans("What did I finish?", e.plan_list("all")),
    on.show_plan("/plan {plan}", e.plan_shown()),
    on.show_plan("show plan {plan}", e.plan_shown()),
    # plans from the chat and from a piece
    on.make_plan("/plan", e.chat_draft(), "tell me about #{top}"),
    on.make_plan("make a plan", e.chat_draft(), "/content {bottom}"),
    on.make_plan("turn this into a plan", e.chat_draft(), "#{top}"),
    on.more("make more like this", e.drafted("top", "more"), "tell me about #{top}"),
    on.more("more like #{top}", e.drafted("top", "more")),
    on.more("Make more like the 1st one please", e.drafted("top", "more"), "/top all"),
    on.more("make MORE like this one", e.drafted("second", "more"), "#{second}"),
    on.diagnose("diagnose #{bottom}", e.drafted("bottom", "diagnose")),
    on.diagnose("Diagnose it", e.drafted("bottom", "diagnose"), "#{bottom}"),
    on.diagnose("fix this one", e.drafted("bottom", "diagnose"), "#{bottom}"),
    on.save("yes", e.saved_plan(), "more like #{top}"),
    on.save("save the plan", e.saved_plan(), "diagnose #{bottom}"),
    on.discard("nope", e.says("Discarded the draft"), "more like #{top}"),
    # plan items
    on.add_item("add 'film b-roll' to my plan by Friday", e.item_added("film b-roll"), PLAN),
    on.add_item("Add edit thumbnails to plan {plan}", e.item_added("edit thumbnails")),
    on.add_item(
        "add “Write the hook” to my plan due tomorrow", e.item_added("Write the hook"), PLAN
    ),
    on.done("done 2", e.item_state(2, True), PLAN),
    on.done("/done {plan}.1", e.item_state(1, True)),
    on.done("I finished {plan}.3", e.item_state(3, True)),
    on.done("finsihed {plan}.3", e.item_state(3, True)),
    on.done("mark {plan}.2 as done", e.item_state(2, True)),
    on.undo("/undo {plan}.1", e.item_state(1, False), "/done {plan}.1"),
    on.undo("undo 2", e.item_state(2, False), PLAN, "done 2"),
    on.undo("reopen {plan}.3", e.item_state(3, False)),
    on.link("link {plan}.4 to #{top}", e.linked(4, "top")),
    # digest, help and what cannot be answered
    on.digest("/digest", e.digest()),
    on.digest("send me my daily digest", e.digest()),
    on.digest("/DIGEST", e.digest()),
    on.help("/help", e.says("/whatsworking", "/besttime", "/done REF")),
    on.help("help", e.says("/whatsworking")),
    on.help("hi", e.says("/whatsworking")),
    on.help("what can you do?", e.says("/whatsworking")),
    on.help("thanks!", e.thanked()),
    on.help("Ok, thank you so much", e.thanked()),
    on.unknown("sing me a song", e.says("I can't answer that yet", "/help", "closest I have")),
    on.unknown_command("/frobnicate", e.says("I don't know the command /frobnicate", "/help")),
    on.unknown("what's the capital of peru", e.says("I can't answer that yet")),
)
