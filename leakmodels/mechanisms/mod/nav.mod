TITLE nav: fast transient Na+ current for spike generation, at 37 degC

COMMENT
Source: Hodgkin & Huxley 1952, J Physiol 117:500 (m^3 h formalism), with Boltzmann
steady states and bell-shaped time constants in the form of mammalian central-neuron
models at body temperature (e.g. Wang & Buzsaki 1996, J Neurosci 16:6402; kinetics
here are this package's own, stated below). Parameters hold at tref = 37 degC and
scale by q10 = 3 for other temperatures.

    m_inf = 1 / (1 + exp(-(v - vm) / km))      tau_m = (tm0 + tm1 * exp(-((v - vm)/tms)^2)) / qt
    h_inf = 1 / (1 + exp((v - vh) / kh))       tau_h = (th0 + th1 * exp(-((v - vh)/ths)^2)) / qt
    qt = q10^((celsius - tref)/10)
    ina = gbar * m^3 * h * (v - ena)
Sign convention: NEURON's, outward positive (ina < 0 below ena).
Singular points: none (no 0/0 forms; all time constants >= tm0, th0 > 0).
ENDCOMMENT

NEURON {
    SUFFIX nav
    USEION na READ ena WRITE ina
    RANGE gbar, vm, km, vh, kh, tm0, tm1, tms, th0, th1, ths, q10, tref
    RANGE g, ina, m_inf, h_inf, tau_m, tau_h
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0 (S/cm2) <0, 1e9>
    vm = -36 (mV)
    km = 6 (mV) <1e-9, 1e9>
    vh = -55 (mV)
    kh = 6.5 (mV) <1e-9, 1e9>
    tm0 = 0.02 (ms) <1e-9, 1e9>
    tm1 = 0.15 (ms) <0, 1e9>
    tms = 20 (mV) <1e-9, 1e9>
    th0 = 0.3 (ms) <1e-9, 1e9>
    th1 = 1 (ms) <0, 1e9>
    ths = 15 (mV) <1e-9, 1e9>
    q10 = 3 <1e-9, 1e9>
    tref = 37 (degC)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ina (mA/cm2)
    g (S/cm2)
    m_inf
    h_inf
    tau_m (ms)
    tau_h (ms)
}

STATE { m h }

INITIAL {
    rates(v)
    m = m_inf
    h = h_inf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    g = gbar * m * m * m * h
    ina = g * (v - ena)
}

DERIVATIVE states {
    rates(v)
    m' = (m_inf - m) / tau_m
    h' = (h_inf - h) / tau_h
}

PROCEDURE rates(v (mV)) {
    LOCAL qt
    qt = q10 ^ ((celsius - tref) / 10)
    m_inf = 1 / (1 + exp(-(v - vm) / km))
    h_inf = 1 / (1 + exp((v - vh) / kh))
    tau_m = (tm0 + tm1 * exp(-((v - vm) / tms) ^ 2)) / qt
    tau_h = (th0 + th1 * exp(-((v - vh) / ths) ^ 2)) / qt
}
