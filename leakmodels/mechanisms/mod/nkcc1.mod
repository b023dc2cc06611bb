TITLE nkcc1: Na+-K+-2Cl- cotransporter (NKCC1), driven by its free energy

COMMENT
Source: NKCC1 moves one Na+, one K+ and two Cl- together, electroneutrally, and in immature
neurons accumulates Cl- above its passive distribution (its block lets [Cl-]i fall toward
it: Kolbaev et al. 2020, Sci Rep 10:18399, abstract), which makes GABA depolarising. Its
rate here is linear in the free energy of one cycle,
    dG / (R T) = ln( nao ko clo^2 / (nai ki cli^2) )      (inward transport where > 0),
the thermodynamic form (no kinetic scheme: u is a chosen rate, not a measured one).

Equations (flux as the current of one Na+, outward positive):
    x   = ln( nao ko clo^2 / (nai ki cli^2) )
    ina = -u * x          Na+ in: an inward current
    ik  = -u * x          K+ in: an inward current
    icl = 2 u * x         two Cl- in: an OUTWARD current (z = -1)
so ina + ik + icl = 0: no net current. At x = 0 nothing moves. u in mA/cm2 is the Na+
current at x = 1.

Sign conventions: NEURON's (outward current positive; icl is the current the Cl- ions carry,
Cl- entering the cell is outward). Singular points: a concentration <= 0 gives no transport
(guarded), never log(0).
ENDCOMMENT

NEURON {
    SUFFIX nkcc1
    USEION na READ nai, nao WRITE ina
    USEION k READ ki, ko WRITE ik
    USEION cl READ cli, clo WRITE icl VALENCE -1
    RANGE u, ina, ik, icl
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
}

PARAMETER {
    u = 0 (mA/cm2) <0, 1e9>
}

ASSIGNED {
    nai (mM)
    nao (mM)
    ki (mM)
    ko (mM)
    cli (mM)
    clo (mM)
    ina (mA/cm2)
    ik (mA/cm2)
    icl (mA/cm2)
}

BREAKPOINT {
    LOCAL x
    x = drive(nai, ki, cli, nao, ko, clo)
    ina = -u * x
    ik = -u * x
    icl = 2 * u * x
}

FUNCTION drive(nai (mM), ki (mM), cli (mM), nao (mM), ko (mM), clo (mM)) {
    if (nai <= 0 || ki <= 0 || cli <= 0 || nao <= 0 || ko <= 0 || clo <= 0) {
        drive = 0
    } else {
        drive = log((nao * ko * clo * clo) / (nai * ki * cli * cli))
    }
}
