TITLE kleak: K+ leak (two-pore-domain K2P, TASK/TREK-like) in GHK permeability form

COMMENT
Source: the Goldman-Hodgkin-Katz current equation (Goldman 1943, J Gen Physiol 27:37;
Hodgkin & Katz 1949, J Physiol 108:37). K2P leak channels: Enyedi & Czirjak 2010,
Physiol Rev 90:559.

Equation (z = +1):
    ik = pbar * fopen * z*F * [ ki * efun(-u) - ko * efun(u) ],   u = z*F*v/(R*T)
with efun(x) = x / (exp(x) - 1), which is the GHK flux factor written so that the
singular point v = 0 (0/0) is handled by its series 1 - x/2 + x^2/12.
Units: pbar in cm/s, concentrations in mM (1e-6 mol/cm3), F in C/mol, so
pbar*F*c is 1e-3 A/cm2 * (c/mM)...: the factor (1e-3) below gives mA/cm2.

Sign convention: NEURON's, outward current positive. At rest (ki > ko) ik > 0:
K+ leaves the cell.

fopen (0..1) is the fraction of channels open. It is 1 by default; studies lower it to
model neuromodulators (closing TASK channels), acidification, or raise the effective
permeability by changing pbar. T = celsius + 273.15 K: set celsius explicitly.
ENDCOMMENT

NEURON {
    SUFFIX kleak
    USEION k READ ki, ko WRITE ik
    RANGE pbar, fopen, ik
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
    pbar = 7e-7 (cm/s) <0, 1e9>
    fopen = 1 <0, 1>
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ki (mM)
    ko (mM)
    ik (mA/cm2)
}

BREAKPOINT {
    ik = pbar * fopen * ghk(v, ki, ko)
}

FUNCTION ghk(v (mV), ci (mM), co (mM)) (mA/cm2) {
    LOCAL u
    u = (1e-3) * FARADAY * v / (R * (celsius + 273.15))
    ghk = (1e-3) * FARADAY * (ci * efun(-u) - co * efun(u))
}

FUNCTION efun(x) {
    if (fabs(x) < 1e-4) {
        efun = 1 - x / 2 + x * x / 12
    } else {
        efun = x / (exp(x) - 1)
    }
}
