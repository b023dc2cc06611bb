"""Main job: run every leakmodels study and write tables, figures and a report.

    python run.py                  # all studies -> results/
    python run.py development      # only the named ones
    python run.py --help           # list the studies and options
"""
import sys

from leakmodels.cli import main

if __name__ == "__main__":
    sys.exit(main())
