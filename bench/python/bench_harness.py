"""Timing loop shared by the Python anchors: warm up, run for a fixed time, report ops/s and p50/p99."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def measure(name: str, fn: Callable[[], object], duration: float = 1.5) -> dict[str, Any]:
    warm = time.perf_counter() + 0.3
    while time.perf_counter() < warm:
        fn()
    times: list[float] = []
    start = time.perf_counter()
    now = start
    while now < start + duration:
        t0 = time.perf_counter()
        fn()
        now = time.perf_counter()
        times.append(now - t0)
    times.sort()

    def q(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))] * 1e6

    return {"name": name, "opsPerSec": len(times) / (now - start), "p50us": q(0.5), "p99us": q(0.99), "samples": len(times)}
