"""The command line and the report: files, columns, exit codes."""
import pandas as pd
import pytest

from leakmodels import cli, studies


def test_run_one_study_writes_table_figure_claims_and_report(tmp_path, capsys):
    rc = cli.main(["development", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0
    assert (tmp_path / "development.csv").stat().st_size > 0
    assert (tmp_path / "development.png").read_bytes()[:4] == b"\x89PNG"
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert list(claims.columns) == ["study", "claim", "value", "expected", "unit", "holds"]
    assert len(claims) >= 5 and claims.holds.all()
    report = (tmp_path / "report.md").read_text()
    assert "development.png" in report and "claims hold" in report
    assert "Claims (" in out and "[1/1] development" in out


def test_list_and_unknown(capsys):
    assert cli.main(["--list"]) == 0
    listed = capsys.readouterr().out
    for name in studies.STUDIES:
        assert name in listed
    assert cli.main(["no_such_study"]) == 2
    assert "unknown study" in capsys.readouterr().err


def test_help_lists_studies(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--help"])
    assert e.value.code == 0
    assert "development" in capsys.readouterr().out


def test_failing_claim_gives_exit_code_1(tmp_path, monkeypatch):
    """A study whose claim does not hold makes run.py exit 1 (and still writes everything)."""
    import leakmodels.studies as st
    from leakmodels.studies.base import claim_less
    from leakmodels.studies.development import development

    def broken():
        res = development(pna_over_pk=[1.0, 0.5])
        res.claims.append(claim_less("development", "impossible", 1.0, 0.0, "mV"))
        return res

    monkeypatch.setattr(st, "get", lambda name: broken)
    assert cli.main(["development", "--out", str(tmp_path)]) == 1
    assert not pd.read_csv(tmp_path / "claims.csv").holds.all()


def test_a_failing_study_does_not_lose_the_others(tmp_path, capsys):
    """A study that raises (here: validation without its morphology folder) is reported and the
    run goes on; the exit code is 1."""
    rc = cli.main(["validation", "development", "--out", str(tmp_path),
                   "--morphologies", str(tmp_path / "missing")])
    out = capsys.readouterr().out
    assert rc == 1
    assert "FAILED study validation" in out and "not found" in out
    assert (tmp_path / "development.csv").exists() and (tmp_path / "report.md").exists()
