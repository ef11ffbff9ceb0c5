"""Shared fixtures: every storage-touching test runs on SQLite and on PostgreSQL.

Every test runs on a wall clock pinned years away from the fixtures (tests/wall_clock.py), in
an empty directory of its own, with none of the developer's service settings in its
environment, and PostgreSQL is required unless TEST_POSTGRES=skip says otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from storage import Database, open_database
from storage.clock import FixedClock
from tests.support.databases import BACKENDS, POSTGRES_URL, require_postgres
from tests.support.pg_schema import throwaway_schema
from tests.wall_clock import pin_wall_clock

ROOT = Path(__file__).parents[1]
# A developer's own keys, tokens and settings never reach a test or a process it starts.
FOREIGN_SETTINGS = ("OPENAI_", "TELEGRAM_", "DISCORD_", "WHATSWORKING_")

# Property tests draw the same examples on every run, so a red CI run repeats on a laptop and a
# landing never depends on luck; HYPOTHESIS_PROFILE=explore draws new examples to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def _foreign_settings() -> list[str]:
    return [name for name in os.environ if name.startswith(FOREIGN_SETTINGS)]


for _name in _foreign_settings():  # gone before a fixture of any scope reads the environment
    del os.environ[_name]
PINNED_AT = pin_wall_clock(os.environ)
# Child processes run in a test's own directory yet import the tests package of this checkout.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
)


def pytest_report_header() -> str:
    """Say which wall clock the run is on, so a failure can be re-run the same way."""
    where = PINNED_AT.isoformat() if PINNED_AT else "the real clock"
    return f"wall clock: {where} (TEST_WALL_CLOCK=ahead|behind|real|ISO instant)"


@pytest.fixture(autouse=True)
def isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test starts in an empty directory (no .env to read), with a data directory of its
    own and without service settings, whatever an earlier test or the developer set."""
    for name in _foreign_settings():
        monkeypatch.delenv(name)
    # `whatsworking run` called in-process would pin the whole test worker to one CPU (and
    # every process it spawns); the tests of pinning itself run the bot as a child and ask.
    monkeypatch.setenv("WHATSWORKING_PIN_CPU", "false")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def app_clock(monkeypatch: pytest.MonkeyPatch) -> FixedClock:
    """The clock of every App the test bootstraps (the CLI run in-process included), in place
    of the system clock: it stands at FixedClock's instant until the test moves it."""
    clock = FixedClock()
    monkeypatch.setattr("bot.bootstrap.SystemClock", lambda: clock)
    return clock


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    require_postgres()
    with throwaway_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    """A SQLite file URL in the test's temporary directory."""
    return f"sqlite:///{tmp_path}/test.db"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated-on-demand database URL, once per backend."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """An opened, migrated database on each backend."""
    database = open_database(database_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    """An opened, migrated SQLite database (for tests that need only one backend)."""
    database = open_database(sqlite_url)
    try:
        yield database
    finally:
        database.dispose()


# Markers, so `make test-fast` can leave out what needs PostgreSQL, a running bot or seconds.
POSTGRES_MODULES = frozenset({"test_workers", "test_concurrency", "test_server_pg"})
# End to end: a child process (the CLI, `whatsworking run`, a cold interpreter) or a real bot
# over the local Bot API server (every test that uses the `botapi` fixture).
E2E_MODULES = frozenset(
    {
        "test_e2e_smoke",
        "test_run_cli",
        "test_cpu_affinity",
        "test_cli_chat",
        "test_cold_imports",
        "test_run_syncs",
    }
)
E2E_FIXTURES = frozenset({"botapi"})
# Slow: over 0.3 s on an idle core. Measured per test over one run of the rest on a loaded machine
# (2026-12-05, load average 12-17): a test's own CPU seconds, or its wall seconds divided by the
# run's load factor (8), whichever is larger. Modules by name or "folder/module"; single tests as
# "folder/module::function" (all its parameters; a function is left in when under a tenth of its
# parameters went over, which were first-call warm-ups).
SLOW_MODULES = frozenset(
    {
        "test_fuzz",
        "test_dashboard_cache",
        "test_pool",
        "test_demo_cli",
        "test_template",
        "test_tool_loop",
        # Chromium driving the web pages, and servers started for them.
        "test_telegram_mini_app",
        "test_plans_in_browser",
        "test_content_in_browser",
        "test_web_security",
        "test_screenshots",
        "test_serving",
        "test_growth_section",
        "test_chat_web",
    }
)
# Module paths (folder/module) where most tests are slow.
SLOW_PATHS = frozenset(
    {
        "agent/test_content_context",
        "insights/test_dashboard_statements",
        "insights/test_detail_cache",
        "insights/test_list_order",
        "insights/test_refresh_db",
        "insights/test_truth",
        "scheduler/test_digest",
    }
)
SLOW_TESTS = frozenset(
    {
        "account/test_forget::test_confirmed_forgetme_deletes_every_row_of_that_creator_only",
        "account/test_linking::test_a_code_links_discord_to_the_same_creator",
        "account/test_linking::test_codes_are_stored_only_as_hashes",
        "account/test_onboarding::test_demo_niche_button_simulates_content_once",
        "agent/test_agent_turns::test_a_file_sent_in_chat_is_imported_or_rejected_whole",
        "agent/test_agent_turns::test_memory_and_drafts_survive_restarts",
        "agent/test_corpus::test_the_corpus_is_answered_in_kind",
        "agent/test_llm_figures::test_a_figure_question_is_answered_with_the_tools_numbers",
        "agent/test_llm_path::test_a_tool_answer_quotes_the_creators_numbers",
        "api/test_auth::test_every_endpoint_refuses_a_missing_or_wrong_token",
        "api/test_auth::test_the_spec_lists_every_endpoint_of_the_seed",
        "api/test_errors::test_invalid_json_is_422",
        "api/test_isolation::test_every_id_of_another_creator_is_404_and_changes_nothing",
        "api/test_isolation::test_writes_by_one_creator_leave_the_other_alone",
        "api/test_plans_api::test_unknown_items_are_404",
        "api/test_tokens::test_token_cli_create_list_revoke",
        "charts/test_render::test_an_empty_chart_differs_from_a_drawn_one",
        "charts/test_render::test_each_kind_renders_a_chat_sized_png",
        "charts/test_render::test_importing_charts_does_not_import_matplotlib",
        "chat/test_layout::test_a_long_line_is_cut_into_messages_within_the_limit_and_nothing_is_lost",
        "cli/test_cli_basics::test_invalid_timezone_exits_2_and_writes_nothing",
        "context/test_prompting::test_estimate_grows_with_text",
        "discord/test_account::test_a_real_chart_is_drawn_and_attached",
        "discord/test_linking::test_a_code_from_telegram_links_discord_to_the_same_data",
        "discord/test_linking::test_a_code_made_on_discord_links_telegram",
        "importing/test_cells::test_formula_escape_round_trips_any_text",
        "importing/test_cli_import::test_ambiguous_dates_need_date_format",
        "importing/test_cli_import::test_bad_requests_are_one_line",
        "importing/test_cli_import::test_bad_rows_exit_2_listing_every_problem",
        "importing/test_cli_import::test_dry_run_writes_nothing",
        "importing/test_cli_import::test_import_then_reimport",
        "insights/test_cli::test_content_list_show_themes_insights_and_rescore",
        "insights/test_cli::test_dashboard_json_has_the_seeds_keys",
        "insights/test_cli::test_no_content_yet_is_friendly",
        "insights/test_factor_cap::test_refresh_stores_the_capped_factors_of_every_piece",
        "insights/test_ingest::test_statistics_are_refreshed_when_a_load_doubles_the_pieces",
        "insights/test_piece_comparison::test_a_write_or_a_piece_coming_of_age_gives_a_fresh_comparison",
        "insights/test_piece_comparison::test_every_simulated_piece_matches_a_full_rescoring",
        "insights/test_piece_comparison::test_hand_made_catalogues_match_a_full_rescoring",
        "insights/test_scoring_db::test_rescoring_again_rewrites_only_what_changed",
        "insights/test_stats_timing::test_scan_finds_a_planted_window_and_nothing_in_noise",
        "insights/test_views_db::test_content_detail_compares_with_the_group_and_lists_factors",
        "insights/test_views_db::test_dashboard_matches_the_stored_rows",
        "insights/test_views_db::test_platform_comparison_counts_and_sums_each_platforms_pieces",
        "insights/test_views_db::test_themes_and_posting_windows_come_from_stored_rows",
        "llm/test_failures::test_endpoint_failures_raise_unavailable",
        "plans/test_cli::test_another_creators_plan_is_not_found",
        "plans/test_cli::test_create_show_list_update_delete",
        "plans/test_cli::test_from_content_asks_before_saving",
        "plans/test_cli::test_items_done_undo_add_remove_link",
        "scheduler/test_cli::test_digest_prints_what_is_due",
        "scheduler/test_cli::test_digest_send_delivers_to_the_linked_chat",
        "scheduler/test_derive::test_re_dating_an_item_moves_its_reminders",
        "scheduler/test_telegram_delivery::test_a_429_is_waited_out_and_the_message_arrives_once",
        "scheduler/test_telegram_delivery::test_a_digest_arrives_as_a_chart_and_text_one_part_per_interval",
        "simulator/test_demo::test_disable_removes_only_demo_content",
        "simulator/test_demo::test_same_seed_again_changes_nothing_and_another_seed_replaces",
        "simulator/test_demo::test_streamed_batches_number_pieces_once",
        "simulator/test_effects::test_timing_lift_of_good_and_poor_slots_in_isolation",
        "telegram/test_render::test_any_reply_renders_parts_telegram_accepts",
    }
)


def node_keys(item: pytest.Item) -> tuple[str, str]:
    """The item's "folder/module" path under tests/ and its "folder/module::function" name."""
    path = item.path.relative_to(Path(__file__).parent).with_suffix("").as_posix()
    return path, f"{path}::{getattr(item, 'originalname', item.name)}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark e2e (a child process or a real bot over a local service fake), postgres and slow."""
    for item in items:
        module = item.path.stem
        path, name = node_keys(item)
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and "postgresql" in callspec.id
        if on_postgres or module in POSTGRES_MODULES or "pg_schema_url" in item.fixturenames:
            item.add_marker(pytest.mark.postgres)
        if (
            module.endswith("_e2e")
            or module in E2E_MODULES
            or E2E_FIXTURES & set(item.fixturenames)
        ):
            item.add_marker(pytest.mark.e2e)
        if module in SLOW_MODULES or path in SLOW_PATHS or name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
