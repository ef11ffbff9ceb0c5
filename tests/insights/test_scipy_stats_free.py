"""Van der Waerden scores and Benjamini-Hochberg without importing scipy.stats (most of a second
of every command's start-up), the very floats scipy.stats gives; and a refresh that runs without
it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import false_discovery_control, norm, rankdata

from insights.mann_whitney import average_ranks
from insights.stats import adjust_pvalues
from insights.timing import normal_scores

VALUES = st.lists(
    st.one_of(
        st.floats(-1e6, 1e6, allow_nan=False),
        st.integers(0, 3).map(float),  # many ties
        st.sampled_from([np.inf, -np.inf]),
    ),
    max_size=60,
)
P_VALUES = st.lists(
    st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 0.05, 0.5])), min_size=1, max_size=60
)


@given(VALUES)
def test_normal_scores_are_scipy_s_to_the_last_bit_ties_and_infinities_included(
    values: list[float],
) -> None:
    outcomes = np.array(values, dtype=float)
    expected = norm.ppf(rankdata(outcomes) / (len(outcomes) + 1))
    assert normal_scores(outcomes).tobytes() == np.asarray(expected, dtype=float).tobytes()


def test_a_missing_value_makes_every_rank_missing_as_rankdata_does() -> None:
    values = np.array([3.0, np.nan, 1.0])
    assert np.isnan(average_ranks(values)).all()
    assert np.isnan(rankdata(values)).all()


@given(P_VALUES)
def test_benjamini_hochberg_is_scipy_s_to_the_last_bit(p_values: list[float]) -> None:
    expected = [float(q) for q in false_discovery_control(np.array(p_values), method="bh")]
    assert adjust_pvalues(p_values) == expected


PROBE = """
import sys
from bot.entry import main
try:
    main(['rescore', '--full', '--db', sys.argv[1]])
except SystemExit:
    pass
print('STATS', 'scipy.stats' in sys.modules)
"""


def test_a_full_rescore_with_patterns_never_imports_scipy_stats(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    demo = ["demo", "enable", "--pieces", "400", "--seed", "3", "--db", url]
    subprocess.run(
        [sys.executable, "-c", "import sys; from bot.entry import main; main(sys.argv[1:])", *demo],
        capture_output=True,
        check=True,
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, url], capture_output=True, text=True, check=True
    )
    assert "patterns" in done.stdout and "STATS False" in done.stdout, done.stdout[-400:]
