TITLE nakacc: intracellular Na+ and K+ accumulation driven by all membrane Na+ and K+ currents

COMMENT
Source: conservation of each ion's amount in a well-mixed compartment (no longitudinal
diffusion), as in NEURON's accumulation examples (Hines & Carnevale 2000, Neural Comput
12:995) and in models of pump block and run-down (Kager et al. 2000, J Neurophysiol 84:495).

Equations: with A the membrane area and W the volume of the segment,
    d nai/dt = -ina * A / (F * W)
    d ki/dt  = -ik  * A / (F * W)
ina and ik are the summed Na+ and K+ currents of every mechanism in the segment
(outward positive, so an outward current lowers the inside concentration).
W/A = vol_area (um). If vol_area <= 0 it is taken from the geometry of a cylinder
without end caps, W/A = diam/4; the package sets it to diam/6 for a spherical soma.
Units: ina (mA/cm2) / (F (C/mol) * vol_area (um)) * 1e4 gives mM/ms.
The bath (nao, ko) is fixed. nai0 and ki0 are the initial concentrations (mM), set
explicitly by the package, never taken from NEURON's global defaults.
ENDCOMMENT

NEURON {
    SUFFIX nakacc
    USEION na READ ina WRITE nai
    USEION k READ ik WRITE ki
    RANGE nai0, ki0, vol_area
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    nai0 = 10 (mM) <0, 1e9>
    ki0 = 140 (mM) <0, 1e9>
    vol_area = 0 (um)
}

ASSIGNED {
    diam (um)
    ina (mA/cm2)
    ik (mA/cm2)
    wa (um)
}

STATE {
    nai (mM)
    ki (mM)
}

INITIAL {
    wa = vol_area
    if (wa <= 0) {
        wa = diam / 4
    }
    nai = nai0
    ki = ki0
}

BREAKPOINT {
    SOLVE states METHOD derivimplicit
}

DERIVATIVE states {
    nai' = -ina * (1e4) / (FARADAY * wa)
    ki' = -ik * (1e4) / (FARADAY * wa)
}
