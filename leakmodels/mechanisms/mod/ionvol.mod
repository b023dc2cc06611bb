TITLE ionvol: Na+, K+ and Cl- inside and the cell's volume (the pump-leak model)

COMMENT
Source: the pump-leak model of cell volume (Tosteson & Hoffman 1960, J Gen Physiol 44:169;
reviewed by Kay 2017, Front Cell Dev Biol 5:41): permeant Na+, K+ and Cl-, impermeant
anions inside, and water that follows the osmotic gradient. Conservation of each ion's
amount in a well-mixed compartment (no longitudinal diffusion), as nakacc.

States, per segment, with A its membrane area (fixed: a swelling cell unfolds membrane it
already has) and w = W/A its volume per area (um):
    d(nai w)/dt = -ina * 1e4 / F
    d(ki w)/dt  = -ik  * 1e4 / F
    d(cli w)/dt = +icl * 1e4 / F      (Cl-: an outward current is Cl- entering)
    dw/dt       = pf * vw * (osm_i - osm_o)      water flows in where the inside is stronger
with osm_i = nai + ki + cli + nx / w, the impermeant anions' amount per area nx fixed.
The concentrations are the states; their equations follow from the amounts' by the
quotient rule, d c/dt = (d(c w)/dt - c dw/dt) / w, so that c w changes only by the current.
Units: i (mA/cm2) * 1e4 / F (C/mol) gives mM um/ms; pf (cm/s) * 10 is um/ms, vw (cm3/mol) *
1e-6 is L/mmol, so pf * 10 * vw * 1e-6 * (mM) is um/ms.

The bath is fixed: nao, ko, clo, and impermeant anions xo of charge -1 that make it neutral,
xo = nao + ko - clo, so osm_o = nao + ko + clo + xo = 2 (nao + ko) (other ions and the
divalents are left out on both sides). At INITIAL the impermeant anions inside are set so
that the cell starts in osmotic balance and electroneutral (the membrane's capacitive
charge, ~1e-5 of the ions' charge, is neglected):
    nx = osm_o w - (nai + ki + cli) w,   zx = (cli - nai - ki) w / nx
zx is their mean charge (about -1 for the default concentrations). W/A = vol_area (um); if
vol_area <= 0 it is diam/4 (a cylinder without end caps). pf = 0 holds the volume fixed
(a rigid cell).
ENDCOMMENT

NEURON {
    SUFFIX ionvol
    USEION na READ ina, nao WRITE nai
    USEION k READ ik, ko WRITE ki
    USEION cl READ icl, clo WRITE cli VALENCE -1
    RANGE nai0, ki0, cli0, vol_area, pf, w, nx, zx, osm_o
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    nai0 = 10 (mM) <0, 1e9>
    ki0 = 140 (mM) <0, 1e9>
    cli0 = 10 (mM) <0, 1e9>
    vol_area = 0 (um)
    pf = 1e-3 (cm/s) <0, 1e9>
    vw = 18 (cm3/mol)
}

ASSIGNED {
    diam (um)
    ina (mA/cm2)
    ik (mA/cm2)
    icl (mA/cm2)
    nao (mM)
    ko (mM)
    clo (mM)
    nx (mM um)
    zx (1)
    osm_o (mM)
}

STATE {
    nai (mM)
    ki (mM)
    cli (mM)
    w (um)
}

INITIAL {
    w = vol_area
    if (w <= 0) {
        w = diam / 4
    }
    nai = nai0
    ki = ki0
    cli = cli0
    osm_o = 2 * (nao + ko)
    nx = (osm_o - nai - ki - cli) * w
    if (nx > 0) {
        zx = (cli - nai - ki) * w / nx
    } else {
        zx = 0
    }
}

BREAKPOINT {
    SOLVE states METHOD derivimplicit
}

DERIVATIVE states {
    LOCAL jw
    jw = pf * (10) * vw * (1e-6) * (nai + ki + cli + nx / w - osm_o)
    w' = jw
    nai' = (-ina * (1e4) / FARADAY - nai * jw) / w
    ki' = (-ik * (1e4) / FARADAY - ki * jw) / w
    cli' = (icl * (1e4) / FARADAY - cli * jw) / w
}
