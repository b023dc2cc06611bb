TITLE kir: inwardly rectifying K+ current of astrocytes (Kir4.1-like), instantaneous

COMMENT
Source: the two properties that define an inward rectifier's steady current, as reviewed by
Hibino et al. 2010 (Physiol Rev 90:291): a conductance that grows with the square root of
[K+]o, and a block by internal cations that closes it when v moves positive to E_K. Kir4.1
is astrocytes' main K+ channel and rectifies only weakly (same review); its knockout leaves
astrocytes depolarised and slow to take up K+ (Djukic et al. 2007, J Neurosci 27:11354,
abstract). The rectification's midpoint and slope below are this package's choice for a
weak rectifier, not fitted to a recording.

Equation (instantaneous: no gate has a time constant):
    ik = gbar * sqrt(ko / ko_ref) * (v - ek) / (1 + exp((v - ek - vhalf) / vslope))
gbar (S/cm2) scales it: at v = ek and ko = ko_ref the slope conductance is
gbar / (1 + exp(-vhalf / vslope)) (0.84 gbar with the defaults). The review was not re-read
here; the two properties are textbook ones.

Sign convention: NEURON's, outward current positive. Below E_K (ik < 0) K+ enters: where
[K+]o rises above the level that makes E_K the cell's potential, the astrocyte takes it up;
above E_K the current is outward but shrinks as v - ek grows (inward rectification).
The singular point does not arise: sqrt of ko > 0, and exp's argument is bounded in
physiological ranges (vslope > 0).
ENDCOMMENT

NEURON {
    SUFFIX kir
    USEION k READ ek, ko WRITE ik
    RANGE gbar, ko_ref, vhalf, vslope, ik
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (S) = (siemens)
}

PARAMETER {
    gbar = 0 (S/cm2) <0, 1e9>
    ko_ref = 3 (mM) <1e-9, 1e9>
    vhalf = 25 (mV)
    vslope = 15 (mV) <1e-9, 1e9>
}

ASSIGNED {
    v (mV)
    ek (mV)
    ko (mM)
    ik (mA/cm2)
}

BREAKPOINT {
    ik = gbar * sqrt(ko / ko_ref) * (v - ek) / (1 + exp((v - ek - vhalf) / vslope))
}
