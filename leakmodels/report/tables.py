"""The reference tables of the documentation site, made from the declarations: the
measurements, the mechanisms, the MembraneSpec fields. The site's build includes them
(docs/_ext/leakmodels_docs.py), so that a new declaration is one edit and the site says so
at its next build.

    python -m leakmodels.report.tables     # prints them (Markdown)
"""
from __future__ import annotations

from ..measure import measurements
from ..mechanisms import mechanisms
from ..spec.membrane import DEFAULT_MEMBRANE, spec_fields


def _regions(mech) -> str:
    return "every section" if mech.regions is None else ", ".join(mech.regions)


def _source(param) -> str:
    if param.fields():
        return " / ".join(f"`{f}`" for f in param.fields())
    if param.per_section:
        return f"the section's {param.per_section}"
    return param.note or "computed"


def _when(mech) -> str:
    if not mech.painted:
        return "inserted by hand only"
    if mech.switch:
        return f"where `{mech.switch}`"
    if mech.density:
        return "where " + " or ".join(f"`{f}`" for f in mech.density_fields()) + " > 0"
    return "always"


def mechanism_table() -> str:
    """| SUFFIX | what | role | painted on | when | spec field -> RANGE |, one row each."""
    rows = ["| SUFFIX | what | role | painted on | when | spec field -> RANGE variable |",
            "|---|---|---|---|---|---|"]
    for m in mechanisms():
        sets = [f"{_source(p)} -> `{p.range_var}`" for p in m.params]
        file = f" (`{m.mod_file}`)" if m.mod_file else " (NEURON's)"
        rows.append(f"| `{m.suffix}`{file} | {m.summary} | {m.role} | {_regions(m)} | "
                    f"{_when(m)} | {'; '.join(sets) or '-'} |")
    return "\n".join(rows)


def _default(value) -> str:
    return "None" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def membrane_table() -> str:
    """| field | default | unit | meaning |, one row per MembraneSpec field, in order."""
    rows = ["| field | default | unit | meaning |", "|---|---|---|---|"]
    for f in spec_fields():
        rows.append(f"| `{f.name}` | {_default(getattr(DEFAULT_MEMBRANE, f.name))} | "
                    f"{f.unit or '-'} | {f.doc} |")
    return "\n".join(rows)


def measurement_table() -> str:
    """| name | columns | eFEL | parameters | definition | assumes |, one row per registered
    measurement."""
    rows = ["| name | columns | eFEL | parameters (defaults) | definition | assumes (checked) |",
            "|---|---|---|---|---|---|"]
    for m in measurements():
        cols = ", ".join(f"`{c.name}`" for c in m.columns)
        params = ", ".join(f"`{k}={v!r}`" for k, v in m.params) or "-"
        rows.append(f"| `{m.name}` | {cols} | {f'`{m.efel}`' if m.efel else '-'} | {params} | "
                    f"{m.definition} | {m.assumes or '-'} |")
    return "\n".join(rows)


def tables() -> dict:
    """{heading: table} of every generated table the site carries."""
    return {"measurements": measurement_table(), "mechanisms": mechanism_table(),
            "membrane": membrane_table()}


if __name__ == "__main__":
    for heading, table in tables().items():
        print(f"<!-- {heading} table: made by python -m leakmodels.report.tables -->")
        print(table)
        print()
