TITLE km: the M-current (Kv7/KCNQ), a slow, non-inactivating K+ current open near rest

COMMENT
Source: the M-current, Brown & Adams 1980, Nature 283:673 (a K+ current that activates
slowly from about -60 mV and does not inactivate; closed by muscarinic agonists); carried
by Kv7.2/Kv7.3 (KCNQ2/3) heteromers, Wang et al. 1998, Science 282:1890; review of its
voltage dependence, kinetics and role as the resting and sub-threshold K+ conductance of
central neurons, Delmas & Brown 2005, Nat Rev Neurosci 6:850 (native M-currents half
activate between about -45 and -30 mV with a shallow slope, and relax in tens of ms at
body temperature). Why it is here: a leak is
not a neuron's only resting K+ conductance; the M-current is open a few per cent at rest and
opens further as the cell depolarises, so it opposes a depolarisation that a smaller K+ leak
would cause. Its parameters are stated at tref = 37 degC, q10 = 3 (the same Q10 as nav and
kdr here); the values are this package's, within the ranges above.

Gating (one gate, first order, opens on depolarisation):
    m_inf(v) = 1 / (1 + exp(-(v - vhalf) / k))
    tau_m(v) = (tau_min + tau_amp / (exp((v - vhalf)/kt) + exp(-(v - vhalf)/kt))) / qt
               qt = q10^((celsius - tref)/10)
    dm/dt = (m_inf - m) / tau_m
    ik = gbar * m * (v - ek)
Sign convention: NEURON's, outward positive.
Singular points: none (exponentials of bounded arguments; tau_m >= tau_min / qt > 0).
ENDCOMMENT

NEURON {
    SUFFIX km
    USEION k READ ek WRITE ik
    RANGE gbar, vhalf, k, tau_min, tau_amp, kt, q10, tref
    RANGE g, ik, m_inf, tau_m
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0 (S/cm2) <0, 1e9>
    vhalf = -40 (mV)
    k = 10 (mV) <1e-9, 1e9>
    tau_min = 5 (ms) <1e-9, 1e9>
    tau_amp = 100 (ms) <0, 1e9>
    kt = 20 (mV) <1e-9, 1e9>
    q10 = 3 <1e-9, 1e9>
    tref = 37 (degC)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ek (mV)
    ik (mA/cm2)
    g (S/cm2)
    m_inf
    tau_m (ms)
}

STATE { m }

INITIAL {
    rates(v)
    m = m_inf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar * m
    ik = g * (v - ek)
}

DERIVATIVE states {
    rates(v)
    m' = (m_inf - m) / tau_m
}

PROCEDURE rates(v (mV)) {
    LOCAL qt
    qt = q10 ^ ((celsius - tref) / 10)
    m_inf = 1 / (1 + exp(-(v - vhalf) / k))
    tau_m = (tau_min + tau_amp / (exp((v - vhalf) / kt) + exp(-(v - vhalf) / kt))) / qt
}
