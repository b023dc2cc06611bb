"""The mechanisms leakmodels ships (mechanisms/mod)."""

# every mechanism leakmodels ships, in the order a section gets them
LEAKMODELS_MECHANISMS = ("kleak", "naleak", "nakpump", "nakacc", "nav", "kdr", "hcn", "ahp", "km")
