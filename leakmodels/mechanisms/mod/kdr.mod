TITLE kdr: delayed-rectifier K+ current for spike repolarisation, at 37 degC

COMMENT
Source: Hodgkin & Huxley 1952, J Physiol 117:500 (n^4 formalism), with a Boltzmann
steady state and a bell-shaped time constant as in mammalian central-neuron models at
body temperature (e.g. Wang & Buzsaki 1996, J Neurosci 16:6402; kinetics here are this
package's own, stated below). Parameters hold at tref = 37 degC, q10 = 3.

    n_inf = 1 / (1 + exp(-(v - vn) / kn))
    tau_n = (tn0 + tn1 * exp(-((v - vn)/tns)^2)) / qt,   qt = q10^((celsius - tref)/10)
    ik = gbar * n^4 * (v - ek)
Sign convention: NEURON's, outward positive.
Singular points: none (tau_n >= tn0 > 0).
ENDCOMMENT

NEURON {
    SUFFIX kdr
    USEION k READ ek WRITE ik
    RANGE gbar, vn, kn, tn0, tn1, tns, q10, tref
    RANGE g, ik, n_inf, tau_n
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0 (S/cm2) <0, 1e9>
    vn = -20 (mV)
    kn = 9 (mV) <1e-9, 1e9>
    tn0 = 0.4 (ms) <1e-9, 1e9>
    tn1 = 3 (ms) <0, 1e9>
    tns = 25 (mV) <1e-9, 1e9>
    q10 = 3 <1e-9, 1e9>
    tref = 37 (degC)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    n_inf
    tau_n (ms)
}

STATE { n }

INITIAL {
    rates(v)
    n = n_inf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar * n * n * n * n
    ik = g * (v - ek)
}

DERIVATIVE states {
    rates(v)
    n' = (n_inf - n) / tau_n
}

PROCEDURE rates(v (mV)) {
    LOCAL qt
    qt = q10 ^ ((celsius - tref) / 10)
    n_inf = 1 / (1 + exp(-(v - vn) / kn))
    tau_n = (tn0 + tn1 * exp(-((v - vn) / tns) ^ 2)) / qt
}
