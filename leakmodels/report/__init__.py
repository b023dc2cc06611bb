"""The report: each study's files written so that the report stays true (`writing`), and
where every result came from (`provenance`).
"""
from .writing import claims_table, kind_counts, write_report, write_study

__all__ = ["claims_table", "kind_counts", "write_report", "write_study"]
