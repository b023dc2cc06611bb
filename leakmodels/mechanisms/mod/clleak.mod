TITLE clleak: Cl- leak in GHK permeability form

COMMENT
Source: the Goldman-Hodgkin-Katz current equation (Goldman 1943, J Gen Physiol 27:37;
Hodgkin & Katz 1949, J Physiol 108:37), written for an anion.

Equation (z = -1):
    icl = pbar * z*F * [ cli * efun(-u) - clo * efun(u) ],   u = z*F*v/(R*T)
with efun(x) = x / (exp(x) - 1); the singular point v = 0 uses the series
1 - x/2 + x^2/12. pbar in cm/s and concentrations in mM give mA/cm2 with the factor 1e-3.

Sign convention: NEURON's, outward current positive. icl is the current the Cl- ions carry,
so Cl- entering the cell is an OUTWARD current (icl > 0) and Cl- leaving is inward. With
E_Cl = (R*T/F) ln(cli/clo) (z = -1), icl > 0 where v > E_Cl. At rest with no chloride
transport, [Cl-]i settles where E_Cl = v and icl = 0: the leak then adds conductance but
moves no charge.
T = celsius + 273.15 K: set celsius explicitly.
ENDCOMMENT

NEURON {
    SUFFIX clleak
    USEION cl READ cli, clo WRITE icl VALENCE -1
    RANGE pbar, icl
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    pbar = 0 (cm/s) <0, 1e9>
}

ASSIGNED {
    v (mV)
    celsius (degC)
    cli (mM)
    clo (mM)
    icl (mA/cm2)
}

BREAKPOINT {
    icl = pbar * ghk(v, cli, clo)
}

FUNCTION ghk(v (mV), ci (mM), co (mM)) (mA/cm2) {
    LOCAL u
    u = -(1e-3) * FARADAY * v / (R * (celsius + 273.15))
    ghk = -(1e-3) * FARADAY * (ci * efun(-u) - co * efun(u))
}

FUNCTION efun(x) {
    if (fabs(x) < 1e-4) {
        efun = 1 - x / 2 + x * x / 12
    } else {
        efun = x / (exp(x) - 1)
    }
}
