"""The report: each study's files written so that the report stays true (`writing`), and
where every result came from (`provenance`).
"""
from .writing import SECTIONS, claims_table, kind_counts, md_table, write_report, write_study

__all__ = ["SECTIONS", "claims_table", "kind_counts", "md_table", "write_report", "write_study"]
