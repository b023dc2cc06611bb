TITLE kcc2: K+-Cl- cotransporter (KCC2), driven by its free energy

COMMENT
Source: KCC2 moves one K+ and one Cl- together, electroneutrally, and extrudes Cl- in mature
neurons, which puts E_Cl below rest and makes GABA hyperpolarising (Rivera et al. 1999,
Nature 397:251, abstract). Its rate here is linear in the free energy of one cycle,
    dG / (R T) = ln( ki * cli / (ko * clo) )        (outward transport where > 0),
the thermodynamic form (no kinetic scheme: u is a chosen rate, not a measured one).

Equations (flux as the current of one ion, outward positive):
    x   = ln( ki cli / (ko clo) )
    ik  =  u * x          K+ out: an outward current
    icl = -u * x          Cl- out: an INWARD current (z = -1)
so ik + icl = 0: no net current, and no effect on V except through the concentrations.
At x = 0 (E_K = E_Cl) nothing moves. u in mA/cm2 is the K+ current at x = 1.

Sign conventions: NEURON's (outward current positive; icl is the current the Cl- ions carry,
Cl- leaving the cell is inward). Singular points: a concentration <= 0 gives no transport
(guarded), never log(0).
ENDCOMMENT

NEURON {
    SUFFIX kcc2
    USEION k READ ki, ko WRITE ik
    USEION cl READ cli, clo WRITE icl VALENCE -1
    RANGE u, ik, icl
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
    ki (mM)
    ko (mM)
    cli (mM)
    clo (mM)
    ik (mA/cm2)
    icl (mA/cm2)
}

BREAKPOINT {
    LOCAL x
    x = drive(ki, cli, ko, clo)
    ik = u * x
    icl = -u * x
}

FUNCTION drive(ki (mM), cli (mM), ko (mM), clo (mM)) {
    if (ki <= 0 || cli <= 0 || ko <= 0 || clo <= 0) {
        drive = 0
    } else {
        drive = log((ki * cli) / (ko * clo))
    }
}
