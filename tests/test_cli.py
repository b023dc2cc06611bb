"""The command line and the report: files, columns, exit codes."""
import subprocess
import sys

import pandas as pd
import pytest

from leakmodels import cli, studies

from helpers import needs_mpi, write_foreign_model


def test_run_one_study_writes_table_figure_claims_and_report(tmp_path, capsys):
    rc = cli.run_py(["development", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0
    assert (tmp_path / "development.csv").stat().st_size > 0
    assert (tmp_path / "development.png").read_bytes()[:4] == b"\x89PNG"
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert list(claims.columns) == ["study", "kind", "claim", "value", "expected", "expected_lo",
                                    "expected_hi", "unit", "holds", "source", "fitted"]
    assert len(claims) >= 5
    assert set(claims.kind) == {"range", "consistency"}
    # all hold but "mature V_rest sits just above E_K" at the mature ratios the text names:
    # its own numbers put V_rest ~20 mV above E_K
    failed = claims[~claims.holds.astype(bool)]
    assert len(failed) == 2 and failed.claim.str.startswith("mature V_rest sits just above").all()
    # the numeric bounds say the same as the text: a value lies inside its own bounds exactly
    # when the claim holds
    lo = claims.expected_lo.fillna(-float("inf"))
    hi = claims.expected_hi.fillna(float("inf"))
    assert (((claims.value >= lo) & (claims.value <= hi)) == claims.holds.astype(bool)).all()
    report = (tmp_path / "report.md").read_text()
    assert "development.png" in report and "range checks" in report
    assert "NEURON 9" in report and "leakmodels 0." in report  # what measured it
    assert "Claims of this run (" in out and "[1/1] development" in out


def test_list_and_unknown(capsys):
    assert cli.main(["list"]) == 0
    assert cli.run_py(["--list"]) == 0
    listed = capsys.readouterr().out
    for name in studies.STUDIES:
        assert name in listed
    assert cli.run_py(["no_such_study"]) == 2
    assert "unknown study" in capsys.readouterr().err


def test_help_names_itself_and_lists_commands_and_studies(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: leakmodels") and "measure" in out and "compile" in out
    with pytest.raises(SystemExit):
        cli.run_py(["--help"])
    assert "development" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("leakmodels 0.")


def test_a_bad_out_folder_is_refused_before_anything_runs(tmp_path, capsys):
    """--out naming a file (not a folder) fails at once, exit 2, naming the value."""
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(SystemExit) as e:
        cli.run_py(["development", "--out", str(blocker / "sub")])
    assert e.value.code == 2
    err = capsys.readouterr()
    assert "--out" in err.err and "[1/1]" not in err.out


def test_broken_pipe_ends_quietly():
    """`leakmodels list | head -1`: the reader leaves early; no traceback."""
    proc = subprocess.run(f"{sys.executable} -m leakmodels.cli list | head -1", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() and "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_measure_writes_one_tidy_row_per_cell(tmp_path, capsys):
    """`leakmodels measure sphere --scales 1:2:2 --measure rest,rin --out t.csv`: two rows, units
    in the column names; a sphere's R_in falls as its area (x4 for twice the diameter)."""
    out = tmp_path / "t.csv"
    assert cli.main(["measure", "sphere", "--scales", "1:2:2", "--measure", "rest,rin",
                     "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert list(t.cell) == ["sphere(diam_um=20)", "sphere(diam_um=40)"] and (t.outcome == "ok").all()
    assert {"v_rest_mV", "rin_MOhm", "cell.diam_um", "area_um2"} <= set(t.columns)
    assert t.rin_MOhm[0] / t.rin_MOhm[1] == pytest.approx(4.0, rel=1e-6)
    assert cli.main(["measure", "no_such_thing"]) == 2
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--scales", "1:2"])


def test_measure_takes_a_users_model_with_its_mod_files(tmp_path, capsys):
    """`leakmodels measure ball.hoc --template ForeignBall --args 12`: R_in of a pas sphere,
    R_m / (pi d^2); model.hoc with --mechanisms; its options without a model are refused."""
    model = write_foreign_model(tmp_path)
    out = tmp_path / "t.csv"
    assert cli.main(["measure", str(model / "ball.hoc"), "--template", "ForeignBall", "--args",
                     "12", "--measure", "rin", "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert t.rin_MOhm[0] == pytest.approx(1e4 / (3.141592653589793 * 12e-4 ** 2) / 1e6, rel=1e-9)
    assert t.cell[0] == "ForeignBall" and t.model[0] == str(model / "ball.hoc")
    assert cli.main(["measure", str(model / "model.hoc"), "--mechanisms", str(model),
                     "--measure", "rest"]) == 0
    assert cli.main(["measure", "sphere", "--template", "X"]) == 2
    assert "belong to a model" in capsys.readouterr().err


def test_range_sweeps_a_models_own_conductance(tmp_path, capsys):
    """--range kirfor.gbar*1/0: two conditions on the user's hoc model; with its Kir off the
    rest is its pas reversal (-60 mV) exactly; a bad form exits 2 and says the form."""
    model = write_foreign_model(tmp_path)
    out = tmp_path / "r.csv"
    assert cli.main(["measure", str(model / "model.hoc"), "--mechanisms", str(model),
                     "--range", "kirfor.gbar*1/0", "--measure", "rest", "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert list(t.condition) == ["kirfor.gbar*1", "kirfor.gbar*0"]
    assert t.v_rest_mV[1] == pytest.approx(-60.0, abs=1e-9) and t.v_rest_mV[0] < -60.0
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--range", "kirfor"])
    assert "MECHANISM.VARIABLE*FACTOR" in capsys.readouterr().err


def test_add_puts_ih_on_a_models_dendrites_and_range_switches_it(tmp_path, capsys):
    """--add hcn:ghcn_S_cm2=5e-4 then --range hcn.gbar*0/1 on the user's hoc sphere: the
    condition with Ih off rests where the model does alone (its own run, 1e-9), the one with
    Ih on is depolarised; a field hcn does not have exits 2 naming its fields."""
    model = write_foreign_model(tmp_path)
    base, out = tmp_path / "b.csv", tmp_path / "a.csv"
    common = ["measure", str(model / "model.hoc"), "--mechanisms", str(model), "--measure", "rest"]
    assert cli.main([*common, "--out", str(base)]) == 0
    assert cli.main([*common, "--add", "hcn:ghcn_S_cm2=5e-4", "--range", "hcn.gbar*0/1",
                     "--out", str(out)]) == 0
    t, alone = pd.read_csv(out), pd.read_csv(base)
    assert list(t["add.hcn.ghcn_S_cm2"]) == [5e-4, 5e-4]
    assert t.v_rest_mV[0] == pytest.approx(alone.v_rest_mV[0], abs=1e-9)
    assert t.v_rest_mV[1] > t.v_rest_mV[0] + 1
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--add", "hcn:gbar=1e-4"])
    assert "ghcn_S_cm2, hcn_camp_shift_mV" in capsys.readouterr().err


def test_measure_takes_a_factory_from_the_working_folder(tmp_path, capsys, monkeypatch):
    """`leakmodels measure --factory build:ball --args 12` in the model's folder finds build.py
    there (a console command has no working folder on its path); a missing module says so."""
    model = write_foreign_model(tmp_path)
    monkeypatch.chdir(model)
    monkeypatch.setattr(sys, "path", list(sys.path))
    out = model / "t.csv"
    assert cli.main(["measure", "--factory", "build:ball", "--args", "12", "--measure", "rin",
                     "--out", str(out)]) == 0
    assert pd.read_csv(out).rin_MOhm[0] == pytest.approx(
        1e4 / (3.141592653589793 * 12e-4 ** 2) / 1e6, rel=1e-9)
    assert cli.main(["measure", "--factory", "nomodule:ball"]) == 2
    assert "no module 'nomodule' in the installed packages or in" in capsys.readouterr().err


@pytest.mark.parametrize("kind,code", [("consistency", 1), ("prediction", 0)])
def test_a_failing_consistency_check_gives_exit_code_1(tmp_path, monkeypatch, kind, code):
    """A consistency check that does not hold is a bug: run.py exits 1 (and still writes
    everything). A prediction that does not hold is a result: reported, exit 0."""
    import leakmodels.studies.pool as st
    from leakmodels.studies.base import claim_less
    from leakmodels.studies.development import development

    def broken(execution=None):
        res = development(pna_over_pk=[1.0, 0.5])
        res.claims.append(claim_less("development", "impossible", 1.0, 0.0, "mV", kind=kind,
                                     source="Nobody et al. 2000, J Test 1:1"))
        return res

    monkeypatch.setattr(st, "get", lambda name: broken)
    assert cli.run_py(["development", "--out", str(tmp_path)]) == code
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert not claims.holds.all()
    report = (tmp_path / "report.md").read_text()
    n_pred = int((claims.kind == "prediction").sum())
    held_pred = int(((claims.kind == "prediction") & claims.holds).sum())
    assert f"{held_pred} of {n_pred} predictions" in report


def test_a_failing_study_does_not_lose_the_others(tmp_path, capsys, monkeypatch):
    """A study that raises is reported and the run goes on; the exit code is 1. A study that
    needs real reconstructions where there are none is skipped with where to get them."""
    import leakmodels.studies.pool as st

    real_get = st.get

    def get(name):
        if name == "insulator":
            def boom(execution=None):
                raise RuntimeError("broken on purpose")
            return boom
        return real_get(name)

    monkeypatch.setattr(st, "get", get)
    rc = cli.run_py(["insulator", "validation", "development", "--out", str(tmp_path),
                     "--morphologies", str(tmp_path / "missing")])
    out = capsys.readouterr().out
    assert rc == 1
    assert "FAILED study insulator" in out and "broken on purpose" in out
    assert "study validation skipped" in out and "NeuroMorpho.org" in out
    assert (tmp_path / "development.csv").exists() and (tmp_path / "report.md").exists()


def test_a_partial_run_keeps_the_other_studies_in_the_report(tmp_path, capsys):
    """Running one study after another replaces only its section and claim rows; each section
    says what measured it; a '|' inside a claim is escaped so that columns stay put."""
    assert cli.run_py(["development", "insulator", "--out", str(tmp_path)]) == 0
    first = pd.read_csv(tmp_path / "claims.csv")
    assert cli.run_py(["development", "--out", str(tmp_path)]) == 0
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert sorted(set(claims.study)) == ["development", "insulator"]
    assert len(claims) == len(first)
    report = (tmp_path / "report.md").read_text()
    assert report.count("## ") == 2
    sections = [s for s in report.split("## ")[1:]]
    assert all("Measured by leakmodels" in s and "NEURON" in s for s in sections)
    assert "run.py development insulator" in report and "run.py development --out" in report
    table_rows = [line for line in report.splitlines() if line.startswith("| ")]
    widths = {line.replace("\\|", "").count("|") for line in table_rows}
    assert len(widths) == 1, "a row with a different number of columns"
    assert "\\|change\\|" in report  # the insulator claim "(|change| while ...)"


def test_studies_on_two_processes_give_the_serial_claims(tmp_path, capsys):
    """`run --jobs 2` with several studies runs each in a fresh spawned process: the claims,
    tables and exit code are those of the serial run, and every study is reported once."""
    names = ["development", "insulator", "glia"]
    serial, par = tmp_path / "serial", tmp_path / "par"
    assert cli.run_py([*names, "--out", str(serial)]) == 0
    assert cli.run_py([*names, "--out", str(par), "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    for name in names:
        assert out.count(f"/3] {name}: ") == 2  # once a run
        pd.testing.assert_frame_equal(pd.read_csv(serial / f"{name}.csv"),
                                      pd.read_csv(par / f"{name}.csv"))
    pd.testing.assert_frame_equal(pd.read_csv(serial / "claims.csv"),
                                  pd.read_csv(par / "claims.csv"))


def test_a_fresh_process_classifies_before_building_any_cell(tmp_path):
    """In a new process started outside the checkout (no x86_64/ to auto-load: as a `run
    --jobs` worker or a user's script) the first call may be classify_mechanism: it loads the
    mechanisms itself instead of calling kleak unknown."""
    code = "import leakmodels as lm; print(lm.classify_mechanism('kleak').is_leak)"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize("argv", [["--version"], ["list"]])
def test_the_console_entry_point_runs(argv):
    done = subprocess.run([sys.executable, "-m", "leakmodels.cli", *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr


def test_set_sweeps_membrane_conditions_and_failures_show(tmp_path, capsys):
    """--set gives one condition a group (a/b: one each), named with the spec's own errors;
    a failed row is printed with its cell and reason, and the summary counts outcomes."""
    rc = cli.main(["measure", "sphere", "--measure", "rest,rheobase",
                   "--set", "kleak_fopen=1/0.8", "--set", "gnav_soma_S_cm2=0"])
    out = capsys.readouterr().out
    assert rc == 1  # the sphere without Na+ channels cannot fire
    assert "3 rows: 2 ok, 0 no rest, 1 cannot fire, 0 error" in out
    assert "kleak_fopen=0.8" in out and "sphere(diam_um=20) (gnav_soma_S_cm2=0): cannot fire:" in out
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--set", "kleak_fopn=0.5"])
    assert "no field 'kleak_fopn'; did you mean kleak_fopen" in capsys.readouterr().err


def test_bad_values_are_named_with_their_fix(capsys):
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--scales", "-1:2:3"])
    assert "--scales '-1:2:3': START and STOP > 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["measure", "sphere", "--measure", "rest,rinn"])
    err = capsys.readouterr().err
    assert "unknown measurement 'rinn'; did you mean rin" in err and "rest,rinn" not in err


def test_a_rerun_says_what_it_reused(tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert cli.main(["measure", "sphere", "--measure", "rin", "--out", str(out)]) == 0
    assert "1 rows: 1 ok" in capsys.readouterr().out
    assert cli.main(["measure", "sphere", "--measure", "rin", "--out", str(out)]) == 0
    assert "1 reused from" in capsys.readouterr().out
    assert cli.main(["measure", "sphere", "--measure", "rin", "--out", str(out), "--fresh"]) == 0
    assert "reused" not in capsys.readouterr().out


@needs_mpi
def test_two_ranks_start_and_write_twenty_times(tmp_path):
    """Every rank checks --out as the arguments are read: they used to write and delete one
    probe file, and a rank could find it gone ("not a folder leakmodels can write to")."""
    import os

    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    for k in range(20):
        out = tmp_path / f"t{k}.csv"
        done = subprocess.run(["mpiexec", *root, "--oversubscribe", "-n", "2", sys.executable,
                               "-m", "leakmodels.cli", "measure", "sphere", "--measure", "rest",
                               "--mpi", "--out", str(out)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, (k, done.stdout[-1000:], done.stderr[-2000:])
        assert out.exists()
