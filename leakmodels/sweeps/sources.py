"""What a sweep measures: cells described, not built (`CellSource`: a builder by name with
its parameters, or an SWC file), so that any process can build its own, and the membrane
conditions to measure them under (`Condition`).

A `Condition` is the membrane to paint: a whole MembraneSpec, or changes to the cell's
default one, by default with the pump kept at its baseline (`MembraneSpec.modulated`).
`leakmodels.sweeps.discovery.cell_sources` turns command-line style paths into sources.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cell import builders
from ..cell.foreign import from_hoc, from_python
from ..cell.additions import Addition
from ..cell.ranges import RangeChange
from ..cell.reconstruction import from_neuroml, from_swc
from ..spec.checks import ArgumentError, ArgumentTypeError
from ..spec.membrane import MembraneSpec, default_membrane
from ..spec.morphology import (
    BallAndStickSpec,
    CylinderSpec,
    SphereSpec,
    literature_spec,
)
from ..spec.neuroml import neuroml_stem

BUILDER_NAMES = ("interneuron", "motoneuron", "sphere", "cylinder", "ball_and_stick")
SCALED_DEFAULTS = {  # what --scales multiplies for builders without a scale argument
    "sphere": {"diam_um": 20.0},
    "cylinder": {"length_um": 500.0, "diam_um": 2.0},
    "ball_and_stick": {"soma_diam_um": 20.0, "dend_length_um": 500.0, "dend_diam_um": 2.0},
}


@dataclass(frozen=True)
class CellSource:
    """A cell described, not built, so that any process can build its own; give one source.

    A user's model (`hoc` or `factory`) is measured as it stands: no MembraneSpec is painted.

    Parameters
    ----------
    builder : str or None, optional
        "interneuron", "motoneuron", "sphere", "cylinder" or "ball_and_stick".
    params : tuple of (str, object) pairs or dict, optional
        The builder's arguments, e.g. (("scale", 2.0),), units as in its names; default ().
    swc : str or None, optional
        An SWC file.
    label : str, optional
        The cell's name in tables; default "", one made from the source.
    hoc : str or None, optional
        A hoc file (`from_hoc`).
    template : str or None, optional
        The hoc file's template to instantiate, with `args`.
    factory : str or None, optional
        "module:function" or "path/file.py:function" (`from_python`), called with `args`.
    args : tuple, optional
        Arguments of the template or the factory; default ().
    mechanisms : str or None, optional
        The model's .mod files, loaded in whichever process builds it.
    neuroml : str or None, optional
        A NeuroML2 cell file (`from_neuroml`).
    cell_id : str or None, optional
        The NeuroML file's cell, where it holds several.

    Raises
    ------
    ValueError
        Not exactly one source, an unknown builder, or options of another kind of source
        (`ArgumentTypeError`: a factory that is not text).
    """

    builder: str | None = None
    params: tuple = ()
    swc: str | None = None
    label: str = ""
    hoc: str | None = None
    template: str | None = None
    factory: str | None = None
    args: tuple = ()
    mechanisms: str | None = None
    neuroml: str | None = None
    cell_id: str | None = None

    def __post_init__(self):
        given = [k for k in ("builder", "swc", "neuroml", "hoc", "factory")
                 if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("CellSource: give one of a builder name, an SWC path, a NeuroML "
                             f"file, a hoc file or a factory (given: {', '.join(given) or 'none'}).")
        if self.builder is not None and self.builder not in BUILDER_NAMES:
            raise ValueError(f"CellSource.builder={self.builder!r}: use one of {BUILDER_NAMES}.")
        if self.factory is not None and not isinstance(self.factory, str):
            raise ArgumentTypeError(f"CellSource.factory={self.factory!r}: give it as text, "
                                    "'module:function' or 'path/file.py:function', so that "
                                    "other processes find it (lm.from_python takes a function "
                                    "itself).")
        if self.cell_id is not None and self.neuroml is None:
            raise ValueError("CellSource: cell_id belongs to a NeuroML file.")
        if (self.template or self.args or self.mechanisms) and not self.foreign:
            raise ValueError("CellSource: template, args and mechanisms belong to a hoc file "
                             "or a factory.")
        object.__setattr__(self, "params", tuple(sorted(dict(self.params).items())))
        object.__setattr__(self, "args", tuple(self.args))
        for key in ("hoc", "mechanisms"):  # known wherever the process goes next
            value = getattr(self, key)
            if value is not None:
                object.__setattr__(self, key, str(Path(value).expanduser().resolve()))
        if not self.label:
            object.__setattr__(self, "label", self._default_label())

    def _default_label(self) -> str:
        if self.hoc is not None:
            return self.template or Path(self.hoc).stem
        if self.factory is not None:
            return self.factory.rpartition(":")[2]
        if self.neuroml is not None:
            stem = neuroml_stem(self.neuroml)
            return f"{stem}.{self.cell_id}" if self.cell_id else stem
        name = Path(self.swc).stem if self.swc else self.builder
        extra = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in self.params)
        return f"{name}({extra})" if extra else name

    @property
    def foreign(self) -> bool:
        """A user's model (hoc or factory): measured as it stands."""
        return self.hoc is not None or self.factory is not None

    @classmethod
    def scaled(cls, builder: str, scale: float) -> "CellSource":
        """A builder at a scale: interneuron/motoneuron(scale=s); the others' sizes x s.

        Parameters
        ----------
        builder : str
            "interneuron", "motoneuron", "sphere", "cylinder" or "ball_and_stick".
        scale : float
            The factor, dimensionless: the literature cells' `scale`, else a factor on the
            default sizes (sphere 20 um; cylinder 500 x 2 um; ball and stick 20, 500, 2 um).

        Returns
        -------
        leakmodels.CellSource
            The source, its params the scale or the scaled sizes (um).

        Raises
        ------
        KeyError
            Any other builder.
        """
        if builder in ("interneuron", "motoneuron"):
            return cls(builder, (("scale", float(scale)),))
        return cls(builder, tuple((k, v * scale) for k, v in SCALED_DEFAULTS[builder].items()))

    def build(self, membrane=None):
        """Build the cell in this process: the builder's, the file's or the user's model.

        Parameters
        ----------
        membrane : leakmodels.MembraneSpec or None, optional
            The membrane to paint; default None, the builder's default membrane (a user's
            model keeps its own).

        Returns
        -------
        leakmodels.Cell
            The cell; use it in a ``with`` block, which destroys it.

        Raises
        ------
        ArgumentError
            A membrane given for a user's model (hoc or factory), measured as it stands.
        """
        if self.foreign:
            if membrane is not None:
                raise ArgumentError(f"{self.display_name} is a user's model, measured as it "
                                    "stands: a MembraneSpec paints only leakmodels' cells.")
            if self.hoc is not None:
                return from_hoc(self.hoc, template=self.template, args=self.args,
                                mechanisms=self.mechanisms, name=self.label)
            return from_python(self.factory, *self.args, mechanisms=self.mechanisms,
                               name=self.label)
        kw = dict(self.params)
        if membrane is not None:
            kw["membrane"] = membrane
        if self.swc is not None:
            return from_swc(self.swc, **kw)
        if self.neuroml is not None:
            return from_neuroml(self.neuroml, cell_id=self.cell_id, **kw)
        return getattr(builders, self.builder)(**kw)

    @property
    def display_name(self) -> str:
        """What a user calls this cell: its file's name (with its folder where two files
        share the name), or its label."""
        if self.swc and self.label == Path(self.swc).stem:
            return Path(self.swc).name
        if self.neuroml and self.label == self._default_label():
            return Path(self.neuroml).name + (f" ({self.cell_id})" if self.cell_id else "")
        if self.hoc is not None:
            return Path(self.hoc).name + (f" ({self.template})" if self.template else "")
        return self.label

    def morphology_spec(self):
        """The morphology spec a builder lays out (for theory: areas, cable input resistances).

        Returns
        -------
        leakmodels.SphereSpec, CylinderSpec, BallAndStickSpec, NeuronSpec or None
            The builder's spec from its params (nseg and membrane left out; sizes in um);
            None for a cell from a file or a user's model (SWC, NeuroML, hoc, factory).
        """
        kw = {k: v for k, v in self.params if k not in ("nseg", "membrane")}
        if self.builder in ("interneuron", "motoneuron"):
            return literature_spec(self.builder, kw.get("scale", 1.0))
        specs = {"sphere": SphereSpec, "cylinder": CylinderSpec,
                 "ball_and_stick": BallAndStickSpec}
        return specs[self.builder](**kw) if self.builder in specs else None

    def as_columns(self) -> dict:
        """A sweep table's columns that say which cell a row is of.

        Returns
        -------
        dict
            {"cell": label, "builder": name or "", "swc": path or "", "model": the hoc file
            or factory (a user's model), "neuroml": path (a NeuroML cell), "cell.PARAM":
            each builder argument (in the unit its name carries)}.
        """
        model = {"model": self.hoc or self.factory} if self.foreign else {}
        if self.neuroml:
            model = {"neuroml": self.neuroml}
        return {"cell": self.label, "builder": self.builder or "", "swc": self.swc or "",
                **model, **{f"cell.{k}": v for k, v in self.params}}


@dataclass(frozen=True)
class Condition:
    """The membrane a cell is measured with in a `sweep`, applied in the order below.

    Parameters
    ----------
    name : str, optional
        The condition's name in tables; default "default".
    changes : dict or tuple of (str, value) pairs, optional
        `MembraneSpec` fields to change (units in their names); default ().
    membrane : leakmodels.MembraneSpec or None, optional
        The membrane the changes apply to; default None, the builder's default membrane.
    pin_pump : bool, optional
        True: the pump keeps the unchanged membrane's imax (`MembraneSpec.modulated`);
        False: it is re-balanced. Default True.
    ranges : leakmodels.RangeChange or tuple of them, optional
        Applied last, in order (they reach any cell, a user's model included); default ().
    replace_pas : bool, str or tuple of str, optional
        True, or the regions where: `replace_pas`, matched at the model's own rest so that
        its rest and resting conductance are kept; default False.
    add : leakmodels.Addition or tuple of them, optional
        Channels of leakmodels' own, inserted after replace_pas, in order
        (`add_mechanisms`); default ().

    Raises
    ------
    ArgumentTypeError
        A value of the wrong type, or a change naming no field.
    ArgumentError
        A field changed twice, or a changed value out of range.
    """

    name: str = "default"
    changes: tuple = ()
    membrane: object = None
    pin_pump: bool = True
    ranges: tuple = ()
    replace_pas: object = False
    add: tuple = ()

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise ArgumentTypeError(f"Condition.name={self.name!r}: give the condition a name (a str).")
        if isinstance(self.changes, dict):
            object.__setattr__(self, "changes", tuple(sorted(self.changes.items())))
        if (not isinstance(self.changes, tuple)
                or not all(isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str)
                           for c in self.changes)):
            raise ArgumentTypeError(f"Condition.changes={self.changes!r} is not (field, value) "
                                    "pairs; pass a dict or use Condition.of(name, pk_cm_s=...).")
        fields = [field for field, _ in self.changes]
        twice = sorted({field for field in fields if fields.count(field) > 1})
        if twice:
            raise ArgumentError(f"Condition {self.name!r} changes {', '.join(twice)} more than "
                                "once; give each field one value.")
        # one order: the same changes are the same condition (its columns, its journal key)
        object.__setattr__(self, "changes", tuple(sorted(self.changes)))
        if self.membrane is not None and not isinstance(self.membrane, MembraneSpec):
            raise ArgumentTypeError(f"Condition.membrane={self.membrane!r} is not a MembraneSpec "
                                    "(or None for the default).")
        ranges = (self.ranges,) if isinstance(self.ranges, RangeChange) else self.ranges
        if not isinstance(ranges, (tuple, list)) or not all(
                isinstance(r, RangeChange) for r in ranges):
            raise ArgumentTypeError(f"Condition.ranges={self.ranges!r}: give RangeChanges, e.g. "
                                    "(lm.RangeChange('pas', 'g', scale=0.5),).")
        object.__setattr__(self, "ranges", tuple(ranges))
        add = (self.add,) if isinstance(self.add, Addition) else self.add
        if not isinstance(add, (tuple, list)) or not all(isinstance(a, Addition) for a in add):
            raise ArgumentTypeError(f"Condition.add={self.add!r}: give Additions, e.g. "
                                    "(lm.Addition('hcn', ghcn_S_cm2=1e-4),).")
        object.__setattr__(self, "add", tuple(add))
        where = self.replace_pas
        if isinstance(where, str):
            where = (where,)
        if not (isinstance(where, bool) or (isinstance(where, (tuple, list)) and where
                                            and all(isinstance(r, str) for r in where))):
            raise ArgumentTypeError(f"Condition.replace_pas={self.replace_pas!r}: give True "
                                    "(everywhere) or the regions, e.g. ('dend',).")
        object.__setattr__(self, "replace_pas", where if isinstance(where, bool)
                           else tuple(sorted(where)))
        if not isinstance(self.pin_pump, bool):
            raise ArgumentTypeError(f"Condition.pin_pump={self.pin_pump!r}: give True or False.")
        try:
            self.spec()  # every field named and every value in range, now rather than in a worker
        except (TypeError, ValueError) as exc:
            cls = ArgumentTypeError if isinstance(exc, TypeError) else ArgumentError
            raise cls(f"Condition {self.name!r}: {exc}") from None

    @classmethod
    def of(cls, name: str, membrane=None, pin_pump: bool = True, ranges=(),
           **changes) -> "Condition":
        """A condition whose membrane changes are given by keyword.

        Parameters
        ----------
        name : str
            The condition's name in tables.
        membrane : leakmodels.MembraneSpec or None, optional
            The membrane the changes apply to; default None, the builder's default membrane.
        pin_pump : bool, optional
            True: the pump keeps the unchanged membrane's imax; default True.
        ranges : leakmodels.RangeChange or tuple of them, optional
            Applied last, in order; default ().
        **changes : float, bool or None
            `MembraneSpec` fields and their values (units in their names), e.g.
            ``kleak_fopen=0.5``.

        Returns
        -------
        leakmodels.Condition
            The condition (no replace_pas, no additions).

        Raises
        ------
        ArgumentTypeError
            A value of the wrong type, or a change naming no field.
        ArgumentError
            A changed value out of range.
        """
        return cls(name, tuple(sorted(changes.items())), membrane, pin_pump, ranges)

    def spec(self, builder: str | None = None):
        """The membrane of this condition on a cell of one builder.

        Its changes apply to its own membrane, else to the builder's default membrane, with
        the pump pinned (`MembraneSpec.modulated`) or re-balanced (`MembraneSpec.with_`).

        Parameters
        ----------
        builder : str or None, optional
            The builder's name, e.g. "motoneuron"; default None, an SWC or NeuroML cell.

        Returns
        -------
        leakmodels.MembraneSpec or None
            The membrane; its own membrane when it changes nothing; None when it has neither
            changes nor a membrane (the builder paints its default).

        Raises
        ------
        ArgumentTypeError
            A change naming no field, or a value of the wrong type.
        ArgumentError
            A changed value out of range on that builder's membrane.
        """
        base = default_membrane(builder) if self.membrane is None else self.membrane
        if not self.changes:
            return None if self.membrane is None else base
        kw = dict(self.changes)
        return base.modulated(**kw) if self.pin_pump else base.with_(**kw)

    def as_columns(self) -> dict:
        """A sweep table's columns that say which condition a row is under.

        Returns
        -------
        dict
            {"condition": name, "membrane.FIELD": each changed value (unit in its name),
            then each addition's and RANGE change's columns (`Addition.columns`,
            `RangeChange.columns`), and "replace_pas": the regions joined by "+" or "all"
            when it is set}.
        """
        ranges = {k: v for change in (*self.add, *self.ranges)
                  for k, v in change.columns().items()}
        if self.replace_pas:
            ranges["replace_pas"] = ("+".join(self.replace_pas)
                                     if isinstance(self.replace_pas, tuple) else "all")
        return {"condition": self.name, **{f"membrane.{k}": v for k, v in self.changes},
                **ranges}
