"""`ascof-xl ci`: Wilson for proportions, Byar or exact Poisson for rates, and clean refusals.

Every expected number is worked out here from the published formula (or a textbook value, or
scipy as an oracle), never by calling the interval functions under test.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ascof_xl.cli import main
from oracles import byar_by_hand, wilson_by_hand

ROOT = Path(__file__).resolve().parents[1]

# Two-sided standard normal quantiles from tables: z(0.975) and z(0.999).
Z95 = 1.959963984540054
Z998 = 3.090232306167813


def run_ci(capsys, *arguments: str) -> tuple[int, str, str]:
    status = main(["ci", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def ci_json(capsys, *arguments: str) -> dict:
    status, out, err = run_ci(capsys, *arguments, "--format", "json")
    assert status == 0, err
    assert err == ""
    return json.loads(out)


# --- proportions -----------------------------------------------------------------------------


def test_proportion_json_matches_newcombe_1998(capsys):
    # Newcombe (1998), example 81/263: Wilson 95% limits 0.2553 to 0.3662.
    result = ci_json(capsys, "--numerator", "81", "--denominator", "263")
    assert set(result) == {"value", "lower", "upper", "level", "confidence", "method"}
    assert (result["level"], result["confidence"]) == ("95%", 0.95)
    assert result["method"] == "wilson"
    assert result["value"] == pytest.approx(100 * 81 / 263)
    assert result["value"] == pytest.approx(30.798, abs=5e-4)
    assert result["lower"] == pytest.approx(25.53, abs=0.005)
    assert result["upper"] == pytest.approx(36.62, abs=0.005)
    lower, upper = wilson_by_hand(81, 263, Z95)
    assert result["lower"] == pytest.approx(lower, rel=1e-9)
    assert result["upper"] == pytest.approx(upper, rel=1e-9)


def test_proportion_at_99_8_is_wider_and_follows_the_formula(capsys):
    at_95 = ci_json(capsys, "--numerator", "81", "--denominator", "263")
    at_998 = ci_json(capsys, "--numerator", "81", "--denominator", "263", "--level", "99.8")
    assert at_998["value"] == pytest.approx(at_95["value"])
    assert at_998["lower"] < at_95["lower"] < at_95["value"] < at_95["upper"] < at_998["upper"]
    lower, upper = wilson_by_hand(81, 263, Z998)
    assert at_998["lower"] == pytest.approx(lower, rel=1e-9)
    assert at_998["upper"] == pytest.approx(upper, rel=1e-9)


def test_proportion_multiplier_one_gives_a_fraction(capsys):
    result = ci_json(capsys, "--numerator", "81", "--denominator", "263", "--multiplier", "1")
    lower, upper = wilson_by_hand(81, 263, Z95)
    assert result["value"] == pytest.approx(81 / 263)
    assert result["lower"] == pytest.approx(lower / 100, rel=1e-9)
    assert result["upper"] == pytest.approx(upper / 100, rel=1e-9)


def test_proportion_at_the_edges_is_clamped_to_0_and_100(capsys):
    # 0/20: lower exactly 0, upper z²/(n + z²); 20/20: upper exactly 100, lower n/(n + z²).
    none = ci_json(capsys, "--numerator", "0", "--denominator", "20")
    assert none["lower"] == 0
    assert none["upper"] == pytest.approx(100 * Z95**2 / (20 + Z95**2), rel=1e-9)
    every = ci_json(capsys, "--numerator", "20", "--denominator", "20")
    assert every["upper"] == 100
    assert every["lower"] == pytest.approx(100 * 20 / (20 + Z95**2), rel=1e-9)


def test_table_output_names_level_and_method(capsys):
    status, out, err = run_ci(capsys, "--numerator", "81", "--denominator", "263", "--level", "99.8")
    assert status == 0 and err == ""
    header, _, row = out.strip().splitlines()
    assert header.split() == ["value", "lower", "upper", "level", "method"]
    assert row.split()[3:] == ["99.8%", "wilson"]
    lower, upper = wilson_by_hand(81, 263, Z998)
    assert float(row.split()[1]) == pytest.approx(lower, rel=1e-4)
    assert float(row.split()[2]) == pytest.approx(upper, rel=1e-4)


# --- rates ---------------------------------------------------------------------------------------


def test_rate_of_ten_uses_byar(capsys):
    result = ci_json(capsys, "--kind", "rate", "--numerator", "10", "--denominator", "100000")
    assert result["method"] == "byar"
    assert result["value"] == pytest.approx(10.0)
    assert result["lower"] == pytest.approx(4.787, abs=5e-4)
    assert result["upper"] == pytest.approx(18.391, abs=5e-4)
    lower, upper = byar_by_hand(10, 100_000, Z95)
    assert result["lower"] == pytest.approx(lower, rel=1e-9)
    assert result["upper"] == pytest.approx(upper, rel=1e-9)


def test_rate_of_ten_byar_is_close_to_exact_limits():
    stats = pytest.importorskip("scipy.stats")
    lower, upper = byar_by_hand(10, 100_000, Z95)
    # Byar is an approximation: within 1% of the exact chi-squared limits at 10 events.
    assert lower == pytest.approx(stats.chi2.ppf(0.025, 20) / 2, rel=0.01)
    assert upper == pytest.approx(stats.chi2.ppf(0.975, 22) / 2, rel=0.01)


def test_rate_at_99_8_uses_byar_with_the_wider_z(capsys):
    result = ci_json(capsys, "--kind", "rate", "--numerator", "226", "--denominator", "52388", "--level", "99.8")
    lower, upper = byar_by_hand(226, 52388, Z998)
    assert result["method"] == "byar"
    assert result["lower"] == pytest.approx(lower, rel=1e-9)
    assert result["upper"] == pytest.approx(upper, rel=1e-9)


def test_rate_below_ten_uses_exact_poisson_against_scipy(capsys):
    stats = pytest.importorskip("scipy.stats")
    result = ci_json(capsys, "--kind", "rate", "--numerator", "3", "--denominator", "50000")
    scale = 100_000 / 50_000
    assert result["method"] == "exact poisson"
    assert result["value"] == pytest.approx(6.0)
    assert result["lower"] == pytest.approx(stats.chi2.ppf(0.025, 6) / 2 * scale, rel=1e-9)
    assert result["upper"] == pytest.approx(stats.chi2.ppf(0.975, 8) / 2 * scale, rel=1e-9)


def test_rate_below_ten_at_99_8_against_scipy(capsys):
    stats = pytest.importorskip("scipy.stats")
    result = ci_json(capsys, "--kind", "rate", "--numerator", "9", "--denominator", "20000", "--level", "99.8")
    scale = 100_000 / 20_000
    assert result["method"] == "exact poisson"
    assert result["lower"] == pytest.approx(stats.chi2.ppf(0.001, 18) / 2 * scale, rel=1e-9)
    assert result["upper"] == pytest.approx(stats.chi2.ppf(0.999, 20) / 2 * scale, rel=1e-9)


def test_zero_count_rate_has_lower_zero_and_closed_form_upper(capsys):
    # With 0 events the exact upper limit is chi2(0.975, 2)/2 = -ln(0.025) events.
    result = ci_json(capsys, "--kind", "rate", "--numerator", "0", "--denominator", "50000")
    assert result["method"] == "exact poisson"
    assert result["value"] == 0
    assert result["lower"] == 0
    assert result["upper"] == pytest.approx(-math.log(0.025) * 100_000 / 50_000, rel=1e-9)


def test_rate_multiplier_can_be_changed(capsys):
    per_100k = ci_json(capsys, "--kind", "rate", "--numerator", "10", "--denominator", "100000")
    per_1000 = ci_json(capsys, "--kind", "rate", "--numerator", "10", "--denominator", "100000",
                       "--multiplier", "1000")
    for key in ("value", "lower", "upper"):
        assert per_1000[key] == pytest.approx(per_100k[key] / 100, rel=1e-12)


# --- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--numerator", "5", "--denominator", "3"], "numerator must not exceed denominator"),
        (["--numerator", "-1", "--denominator", "3"], "numerator must not be negative"),
        (["--numerator", "1", "--denominator", "0"], "denominator must be greater than 0"),
        (["--numerator", "1", "--denominator", "-10"], "denominator must be greater than 0"),
        (["--kind", "rate", "--numerator", "1", "--denominator", "0"], "denominator must be greater than 0"),
        (["--kind", "rate", "--numerator", "-2", "--denominator", "1000"], "must not be negative"),
        (["--kind", "rate", "--numerator", "1.5", "--denominator", "1000"], "whole number"),
        (["--numerator", "nan", "--denominator", "10"], "finite number"),
        (["--numerator", "1", "--denominator", "inf"], "finite number"),
        (["--numerator", "1", "--denominator", "10", "--multiplier", "-5"], "multiplier must be greater than 0"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, arguments, message):
    status, out, err = run_ci(capsys, *arguments, "--format", "json")
    assert status == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ascof-xl: error: ")
    assert message in lines[0]
    assert "Traceback" not in err


def test_zero_multiplier_is_refused_not_taken_as_the_default(capsys):
    status, out, err = run_ci(capsys, "--numerator", "1", "--denominator", "10", "--multiplier", "0")
    assert status == 2
    assert out == ""
    assert err.strip().splitlines() == ["ascof-xl: error: multiplier must be greater than 0 (got 0.0)"]


# --- through the interpreter -----------------------------------------------------------------------


def _module(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ascof_xl", "ci", *arguments],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def test_python_dash_m_prints_the_interval_as_json():
    done = _module("--numerator", "81", "--denominator", "263", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    lower, upper = wilson_by_hand(81, 263, Z95)
    assert result["method"] == "wilson"
    assert result["lower"] == pytest.approx(lower, rel=1e-9)
    assert result["upper"] == pytest.approx(upper, rel=1e-9)


def test_python_dash_m_refusal_has_status_2_and_no_traceback():
    done = _module("--numerator", "5", "--denominator", "3")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "ascof-xl: error: numerator must not exceed denominator for a proportion (got 5.0 > 3.0)"
    ]


def test_python_dash_m_unreadable_number_is_refused_without_traceback():
    # argparse rejects the text itself (usage line plus the error line), still status 2.
    done = _module("--numerator", "abc", "--denominator", "3")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--numerator" in done.stderr.strip().splitlines()[-1]


def test_text_where_a_number_is_wanted_is_one_line(capsys):
    from ascof_xl.cli import main as run

    with pytest.raises(SystemExit) as stop:
        run(["ci", "--numerator", "abc", "--denominator", "3"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid float value: 'abc'" in err and "ascof-xl ci --help" in err
