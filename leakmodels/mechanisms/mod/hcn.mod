TITLE hcn: hyperpolarisation-activated cation current Ih, Na+/K+ mixed, with cAMP shift

COMMENT
Source: HCN channels, Robinson & Siegelbaum 2003, Annu Rev Physiol 65:453; voltage
dependence and cAMP shift, Wainger et al. 2001, Nature 411:805 (cAMP moves V1/2 about
+10 mV).
Parameters are given at 37 degC (tref) and scaled by q10 for other temperatures.

Gating (one gate, first order; opens on HYPERpolarisation, so k > 0 below):
    m_inf(v) = 1 / (1 + exp((v - vhalf - camp_shift) / k))
    tau_m(v) = (tau_min + tau_amp / (exp((v - vh)/ka) + exp(-(v - vh)/kb))) / qt
               vh = vhalf + camp_shift, qt = q10^((celsius - tref)/10)
    dm/dt = (m_inf - m) / tau_m
Current: one conductance g = gbar * m shared by Na+ and K+ in the FIXED ratio
fna : (1 - fna) of conductance, so that each ion's current is written exactly:
    ina = fna * g * (v - ena)
    ik  = (1 - fna) * g * (v - ek)
    i_h = ina + ik = g * (v - e_h),  e_h = fna*ena + (1-fna)*ek   (about -30 mV)
Sign convention: NEURON's, outward positive; at rest i_h < 0 (inward, depolarising).
Singular points: none (exponentials of bounded arguments; tau_m >= tau_min > 0).
ENDCOMMENT

NEURON {
    SUFFIX hcn
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    RANGE gbar, fna, vhalf, k, camp_shift, tau_min, tau_amp, ka, kb, q10, tref
    RANGE g, i_h, ina, ik, m_inf, tau_m
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0 (S/cm2) <0, 1e9>
    fna = 0.37 <0, 1>
    vhalf = -85 (mV)
    k = 8 (mV) <1e-9, 1e9>
    camp_shift = 0 (mV)
    tau_min = 20 (ms) <1e-9, 1e9>
    tau_amp = 300 (ms) <0, 1e9>
    ka = 15 (mV) <1e-9, 1e9>
    kb = 15 (mV) <1e-9, 1e9>
    q10 = 4 <1e-9, 1e9>
    tref = 37 (degC)
}

ASSIGNED {
    v (mV)
    celsius (degC)
    ena (mV)
    ek (mV)
    ina (mA/cm2)
    ik (mA/cm2)
    i_h (mA/cm2)
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
    ina = fna * g * (v - ena)
    ik = (1 - fna) * g * (v - ek)
    i_h = ina + ik
}

DERIVATIVE states {
    rates(v)
    m' = (m_inf - m) / tau_m
}

PROCEDURE rates(v (mV)) {
    LOCAL vh, qt
    vh = vhalf + camp_shift
    qt = q10 ^ ((celsius - tref) / 10)
    m_inf = 1 / (1 + exp((v - vh) / k))
    tau_m = (tau_min + tau_amp / (exp((v - vh) / ka) + exp(-(v - vh) / kb))) / qt
}
