"""The in-process count of API calls: per key, per minute window."""

from mediasi.api.rate_limits import ProcessCounter


def test_counts_per_key_and_starts_again_in_a_new_window() -> None:
    counter = ProcessCounter()
    assert [counter.hit("a", 10) for _ in range(3)] == [1, 2, 3]
    assert counter.hit("b", 10) == 1
    assert counter.hit("a", 11) == 1
    assert counter.hit("b", 11) == 1
