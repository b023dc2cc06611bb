"""Main job: run every leakmodels study and write tables, figures and a report.

    python run.py                  # all studies -> results/
    python run.py development      # only the named ones
    python run.py --help           # the studies and options (the same as `leakmodels run`)
"""
import sys

from leakmodels.cli import run_py

if __name__ == "__main__":
    sys.exit(run_py())
