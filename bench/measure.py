#!/usr/bin/env python3
"""Runs commands side by side and reports median wall time and peak memory.

usage: measure.py RUNS NAME=COMMAND [NAME=COMMAND ...]
The first command is the baseline; each other is reported as a ratio to it.
Runs are interleaved so that machine noise hits every command alike.
"""
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    # exec replaces the shell, so wait4 reports the command's own peak memory.
    child = subprocess.Popen(["sh", "-c", "exec " + command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"command failed ({code}): {command}")
    return elapsed, usage.ru_maxrss  # KiB on Linux


def main():
    runs = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {name: [] for name, _ in commands}
    peaks = {name: 0 for name, _ in commands}
    for _ in range(runs):
        for name, command in commands:
            elapsed, peak = run_once(command)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    baseline = statistics.median(times[commands[0][0]])
    print(f"{'command':<28} {'median s':>9} {'min s':>8} {'ratio':>6} {'peak MiB':>9}")
    for name, _ in commands:
        median = statistics.median(times[name])
        peak = f"{peaks[name] / 1024:.1f}"
        print(f"{name:<28} {median:>9.3f} {min(times[name]):>8.3f} {median / baseline:>6.2f} {peak:>9}")


if __name__ == "__main__":
    main()
