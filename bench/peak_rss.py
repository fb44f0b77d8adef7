#!/usr/bin/python3
"""usage: peak_rss.py OUT_FILE COMMAND [ARG...]

Runs COMMAND (stdin, stdout and stderr inherited), then writes its peak resident set size in KiB
to OUT_FILE and exits with COMMAND's exit code (128 + signal number if a signal ended it).

The figure is ru_maxrss of the rusage wait4(2) returns for that one process: the kernel's
high-water mark of its resident set (the VmHWM /proc/PID/status shows while it runs), exact
rather than sampled, and the same method for a JVM and for a Python peer. bench/run measures
every qnet and peer benchmark process through this wrapper; the wrapper's own memory is not in it.
"""
import os
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
child = subprocess.Popen(sys.argv[2:])
# os.wait4 instead of child.wait(): it returns the child's rusage, and Popen only reaps it once.
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)  # so Popen's finaliser does not wait again
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss}\n")
code = child.returncode
sys.exit(code if code >= 0 else 128 - code)
