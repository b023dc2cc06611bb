"""The report: each study's files written so that the report stays true (`writing`), and
where every result came from (`provenance`).
"""
