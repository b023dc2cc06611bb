TITLE ahp: spike-driven Ca2+ entry and the SK-type K+ current it opens (the medium AHP)

COMMENT
Why a Ca2+-activated K+ current and not a slow voltage-gated one: the medium
after-hyperpolarisation (mAHP) that follows each spike of a spinal motoneuron, and whose
duration sets its minimum steady firing rate, is carried by apamin-sensitive SK channels
(voltage independent, opened by intracellular Ca2+): apamin removes it in cat motoneurons
(Zhang & Krnjevic 1987, Neurosci Lett 74:58) and in rat motoneurons, where the Ca2+ comes in
through high-voltage-activated N- and P/Q-type channels during the spike (Viana, Bayliss &
Berger 1993, J Neurophysiol 69:2150). The form (a high-threshold Ca2+ current filling a
Ca2+ pool with first-order removal, a K(Ca) conductance that is a function of that Ca2+
alone) is that of the motoneuron model of Booth, Rinzel & Kiehn 1997, J Neurophysiol
78:3371, with its K(Ca) activation cas / (cas + kd) (Hill coefficient 1). Recombinant SK
channels in patches have a Hill coefficient near 4 and half activation 0.3-0.7 uM
(Hirschberg et al. 1998, J Gen Physiol 111:565; Xia et al. 1998, Nature 395:503); with that
steep a function this pool saturates within a few spikes and, measured here on the default
motoneuron, the f-I curve jumps from about 15 Hz to the 300+ Hz of the bare spike generator
at 3 x rheobase: the summation of AHPs that makes the primary range graded needs a graded
conductance. kd is therefore the pool's own scale (set together with depth and gcabar),
not the patch EC50. The pool holds the Ca2+ that came in through this current, above the
resting level (cas = 0 at rest, so SK is shut there and adds nothing to R_in or V_rest).
The parameters are this package's own, chosen so that the default motoneuron's minimum
steady rate, AHP duration and primary-range f-I slope fall in the cat ranges
(leakmodels.spec.reference_data); the cells study measures them.

Simplifications, stated: the Ca2+ channel's activation is instantaneous (N-type activation
takes about 1 ms at 37 degC, comparable to the spike; the Ca2+ entry per spike is what
matters here) and it does not inactivate; the Ca2+ pool is private to this mechanism (it
is not NEURON's cai, which stays at its fixed resting value and sets eca by Nernst), has
no diffusion and no buffer other than its removal time constant; no temperature dependence
is modelled (its Q10 is not known well enough to state one).

Equations (v in mV, concentrations in mM, currents in mA/cm2):
    m_inf(v)   = 1 / (1 + exp(-(v - vm) / km))
    ica        = gcabar * m_inf^2 * (v - eca)                 inward (< 0) below eca
    cas_inf(v) = cas_rest - tau_ca * ica * 1e4 / (2 F depth)  (clipped at 0), depth in um
    dcas/dt    = (cas_inf(v) - cas) / tau_ca                   (one first-order state)
    q          = cas^nhill / (cas^nhill + kd^nhill)            (nhill = 1 by default)
    ik         = gskbar * q * (v - ek)
The 1e4 / (2 F depth) turns an inward current density into the rate of rise of Ca2+ in a
shell `depth` um deep (mM/ms per mA/cm2). Sign convention: NEURON's, outward positive.
Singular points: none (cas >= 0 because cas_inf >= 0, kd > 0, nhill > 0, tau_ca > 0,
depth > 0).
ENDCOMMENT

NEURON {
    SUFFIX ahp
    USEION ca READ eca WRITE ica
    USEION k READ ek WRITE ik
    RANGE gcabar, vm, km, depth, tau_ca, cas_rest, gskbar, kd, nhill
    RANGE ica, ik, m_inf, cas_inf, q, gsk
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    gcabar = 0 (S/cm2) <0, 1e9>
    vm = -20 (mV)
    km = 5 (mV) <1e-9, 1e9>
    depth = 0.5 (um) <1e-9, 1e9>
    tau_ca = 40 (ms) <1e-9, 1e9>
    cas_rest = 0 (mM) <0, 1e9>
    gskbar = 0 (S/cm2) <0, 1e9>
    kd = 5e-3 (mM) <1e-12, 1e9>
    nhill = 1 <1e-9, 20>
}

ASSIGNED {
    v (mV)
    eca (mV)
    ek (mV)
    ica (mA/cm2)
    ik (mA/cm2)
    m_inf
    cas_inf (mM)
    q
    gsk (S/cm2)
}

STATE { cas (mM) <1e-4> }  : CVODE's atol for it: 1e-4 x the global one

INITIAL {
    rates(v)
    cas = cas_inf
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    m_inf = 1 / (1 + exp(-(v - vm) / km))
    ica = gcabar * m_inf * m_inf * (v - eca)
    q = cas ^ nhill / (cas ^ nhill + kd ^ nhill)
    gsk = gskbar * q
    ik = gsk * (v - ek)
}

DERIVATIVE states {
    rates(v)
    cas' = (cas_inf - cas) / tau_ca
}

PROCEDURE rates(v (mV)) {
    LOCAL mi, ic
    mi = 1 / (1 + exp(-(v - vm) / km))
    ic = gcabar * mi * mi * (v - eca)
    cas_inf = cas_rest - tau_ca * ic * (1e4) / (2 * FARADAY * depth)
    if (cas_inf < 0) {
        cas_inf = 0
    }
}
