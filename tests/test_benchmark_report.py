"""The benchmark's figures, from fixed numbers: the README's table is only as good as this arithmetic."""

import pytest

from report import load_line, ratio_spread, spread, tables


def test_a_spread_is_the_least_the_median_and_the_most():
    assert spread([3.0, 1.0, 2.0, 10.0]) == {"min": 1.0, "median": 2.5, "max": 10.0}


def test_ratios_are_taken_run_by_run_not_from_the_medians():
    # Run by run: 1/2, 2/2, 3/6. The ratio of the medians would be 2/2 = 1.
    assert ratio_spread([1.0, 2.0, 3.0], [2.0, 2.0, 6.0]) == {"min": 0.5, "median": 0.5, "max": 1.0}


def test_ratios_refuse_runs_that_do_not_pair_up():
    with pytest.raises(ValueError):
        ratio_spread([1.0, 2.0], [1.0])


def result() -> dict:
    sizes = {"peak_memory_mb": 80, "pages": 609, "redirect_pages": 765, "median_page_kb": 26.2,
             "largest_page_kb": 300.0, "audience_view_kb": 30.9, "site_mb": 22.5, "search_index_kb": 1423}
    ours = {**sizes, "first_build_s": 14.0, "first_cpu_s": 15.5, "first_vs_peer_pruned": 0.7, "first_cpu_vs_peer_pruned": 0.8,
            "build_s": spread([10.0, 12.0, 11.0]), "cpu_s": spread([9.0, 9.0, 9.0]),
            "time_vs_peer_pruned": ratio_spread([10.0, 12.0, 11.0], [20.0, 20.0, 20.0]),
            "edit_to_preview_s": spread([8.0, 7.5, 9.0]), "edit_to_preview_dirty_s": spread([0.9, 1.1, 1.0]),
            "first_visit_kb": 81.9, "search_kb": 120.5, "search_share": 0.05, "first_result_s": 0.8}
    pruned = {**sizes, "first_build_s": 20.0, "first_cpu_s": 19.4, "build_s": spread([20.0, 20.0, 20.0]), "cpu_s": spread([18.0, 19.0, 20.0]),
              "edit_to_preview_dirty_s": spread([0.5, 0.6, 0.7])}
    return {"policies": 100, "ours": ours, "peer_pruned": pruned}


def test_the_tables_show_each_figure_as_median_and_range_and_a_steady_one_alone():
    lines = tables([result()]).splitlines()
    assert "| 100 | this project | 11.0 (10.0–12.0) | 9.0 |  | 0.55 (0.5–0.6) |  |  | 80 |" in lines
    assert "| 100 | peer, pruned | 20.0 | 19.0 (18.0–20.0) |  |  |  |  | 80 |" in lines
    assert "| 100 | this project | 14.0 | 15.5 | 0.7 | 0.8 |" in lines
    assert "| 100 | peer, pruned | 20.0 | 19.4 |  |  |" in lines
    assert "| 100 | this project | 8.0 (7.5–9.0) | 1.0 (0.9–1.1) | 81.9 | 120.5 | 0.05 | 0.8 |" in lines
    assert "| 100 | peer, pruned |  | 0.6 (0.5–0.7) |  |  |  |  |" in lines


def test_the_load_line_names_each_moment_it_was_read():
    machine = {"cpus": 2, "load": [{"when": "before N = 25", "one_minute": 3.1},
                                   {"when": "after N = 25", "one_minute": 4.2}]}
    assert load_line(machine) == "2 CPUs; load average over one minute: before N = 25 3.1, after N = 25 4.2"
