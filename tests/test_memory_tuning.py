"""The malloc arena limit applied when the package is imported (pzp_desktop.memory_tuning)."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

from pzp_desktop import memory_tuning


class _FakeMallopt:
    def __init__(self, result: int = 1, error: Exception | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.result = result
        self.error = error

    def __call__(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        if self.error is not None:
            raise self.error
        return self.result


class _FakeLibc:
    def __init__(self, mallopt: _FakeMallopt | None) -> None:
        if mallopt is not None:
            self.mallopt = mallopt


def _use_libc(monkeypatch: pytest.MonkeyPatch, libc: Any) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(memory_tuning, "_libc", lambda: libc)


def test_sets_the_arena_maximum_through_mallopt(monkeypatch: pytest.MonkeyPatch) -> None:
    mallopt = _FakeMallopt()
    _use_libc(monkeypatch, _FakeLibc(mallopt))
    assert memory_tuning.limit_malloc_arenas() is True
    assert mallopt.calls == [(-8, 2)]
    assert memory_tuning.limit_malloc_arenas(3) is True
    assert mallopt.calls[-1] == (memory_tuning.M_ARENA_MAX, 3)


def test_a_refused_mallopt_is_reported_as_not_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    _use_libc(monkeypatch, _FakeLibc(_FakeMallopt(result=0)))
    assert memory_tuning.limit_malloc_arenas() is False


def test_a_libc_without_mallopt_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    _use_libc(monkeypatch, _FakeLibc(None))
    assert memory_tuning.limit_malloc_arenas() is False


@pytest.mark.parametrize("error", [OSError("no libc"), AttributeError("odd"), ValueError("x")])
def test_failures_are_ignored(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    mallopt = _FakeMallopt(error=error)
    _use_libc(monkeypatch, _FakeLibc(mallopt))
    assert memory_tuning.limit_malloc_arenas() is False
    assert mallopt.calls == [(-8, 2)]


def test_a_failing_libc_lookup_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_libc() -> Any:
        raise OSError("cannot load")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(memory_tuning, "_libc", no_libc)
    assert memory_tuning.limit_malloc_arenas() is False


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_other_platforms_are_not_touched(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    mallopt = _FakeMallopt()
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(memory_tuning, "_libc", lambda: _FakeLibc(mallopt))
    assert memory_tuning.limit_malloc_arenas() is False
    assert mallopt.calls == []


# Starts threads that each allocate through malloc at the same time, then prints glibc's
# malloc_stats() (one "Arena N:" block per arena) to stderr.
_COUNT_ARENAS = """
import ctypes, sys, threading
{imports}
barrier = threading.Barrier(7)
held = []
def work():
    held.append(bytearray(100_000))  # large enough to bypass Python's own allocator
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
barrier.wait()
for t in threads:
    t.join()
sys.stderr.flush()
ctypes.CDLL(None).malloc_stats()
"""


def _arenas_after_threads(imports: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_ARENAS.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return len(re.findall(r"^Arena \d+:", done.stderr, re.MULTILINE))


def _glibc() -> bool:
    if sys.platform != "linux":
        return False
    import ctypes

    return hasattr(ctypes.CDLL(None), "gnu_get_libc_version")


@pytest.mark.skipif(not _glibc(), reason="glibc only")
def test_importing_the_package_limits_the_arenas_of_later_threads() -> None:
    # Without the package, six allocating threads get arenas of their own (the control
    # shows the measurement can tell); after importing it, they share two.
    assert _arenas_after_threads("") > memory_tuning.MALLOC_ARENA_MAX
    assert _arenas_after_threads("import pzp_desktop") == memory_tuning.MALLOC_ARENA_MAX
