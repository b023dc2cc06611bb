"""leakmodels.sweeps.discovery: cells read from paths as a user gives them: SWC files known
by their content, folders read in any case and, asked, with their subfolders, NeuroML files
of several cells; scales refused where they would be ignored."""
import pytest

import leakmodels as lm
from leakmodels.spec.checks import ArgumentError

SWC = "1 1 0 0 0 10 -1\n2 3 0 10 0 1 1\n3 3 0 200 0 1 2\n"


def test_a_file_is_swc_by_its_content_not_its_name(tmp_path):
    (tmp_path / "cell.txt").write_text(SWC)
    assert [s.swc for s in lm.cell_sources(tmp_path / "cell.txt")] == [str(tmp_path / "cell.txt")]
    (tmp_path / "notes.swc").write_text("id,type,x,y,z\n1,1,0,0,0\n")
    with pytest.raises(ArgumentError, match="notes.swc: its first data line 'id,type"):
        lm.cell_sources(tmp_path / "notes.swc")


def test_a_folder_is_read_in_any_case_and_subfolders_when_asked(tmp_path):
    (tmp_path / "a.swc").write_text(SWC)
    (tmp_path / "copy.SWC").write_text(SWC)
    (tmp_path / "readme.txt").write_text("not a cell")
    names = [s.display_name for s in lm.cell_sources(tmp_path)]
    assert names == ["a.swc", "copy.SWC"]
    deep = tmp_path / "deep"
    (deep / "sub").mkdir(parents=True)
    (deep / "sub" / "b.swc").write_text(SWC)
    with pytest.raises(FileNotFoundError, match=r"no \.swc or \.cell\.nml file at its top level, but 1 in its "
                                                r"subfolders \(e\.g\. sub/b\.swc\): pass --recursive"):
        lm.cell_sources(deep)
    assert [s.display_name for s in lm.cell_sources(deep, recursive=True)] == ["b.swc"]
    (deep / "other").mkdir()
    (deep / "other" / "b.swc").write_text(SWC)  # the same name in another folder
    sources = lm.cell_sources(deep, recursive=True)
    assert [s.label for s in sources] == ["other/b", "sub/b"]
    assert [s.display_name for s in sources] == ["other/b", "sub/b"]


def test_scales_are_refused_for_files_not_ignored(tmp_path):
    (tmp_path / "a.swc").write_text(SWC)
    with pytest.raises(ArgumentError, match="a reconstruction is measured as it is"):
        lm.cell_sources([tmp_path], scales=[0.5, 1, 2])
    assert len(lm.cell_sources(["sphere"], scales=[0.5, 1, 2])) == 3


def test_a_neuroml_file_of_two_cells_gives_one_source_each(tmp_path):
    """Each cell of a NeuroML file is a cell of the sweep, labelled file.cell; the thicker
    soma has the lower R_in."""
    pytest.importorskip("neuroml")
    seg = ('<segment id="0" name="soma"><proximal x="0" y="0" z="0" diameter="{0}"/>'
           '<distal x="0" y="0" z="0" diameter="{0}"/></segment>')
    cell = '<cell id="{0}"><morphology id="m{0}">{1}</morphology></cell>'
    (tmp_path / "two.cell.nml").write_text(
        '<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="d">'
        + cell.format("small", seg.format(10)) + cell.format("big", seg.format(20))
        + "</neuroml>")
    sources = lm.cell_sources(tmp_path)
    assert [s.label for s in sources] == ["two.small", "two.big"]
    assert sources[1].display_name == "two.cell.nml (big)"
    t = lm.sweep(sources, measures=("rin",), execution=lm.Execution(progress=False))
    assert list(t.outcome) == ["ok", "ok"] and t.rin_MOhm[0] > 3 * t.rin_MOhm[1]
