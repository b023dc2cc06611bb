TITLE naleak: Na+ leak (NALCN-like) in GHK permeability form

COMMENT
Source: the Goldman-Hodgkin-Katz current equation (Goldman 1943, J Gen Physiol 27:37;
Hodgkin & Katz 1949, J Physiol 108:37). The Na+ leak channel NALCN: Lu et al. 2007,
Cell 129:371; Ren 2011, Neuron 72:899.

Equation (z = +1):
    ina = pbar * z*F * [ nai * efun(-u) - nao * efun(u) ],   u = z*F*v/(R*T)
with efun(x) = x / (exp(x) - 1); the singular point v = 0 uses the series
1 - x/2 + x^2/12. pbar in cm/s and concentrations in mM give mA/cm2 with the factor 1e-3.

Sign convention: NEURON's, outward current positive. At rest (nao > nai, v < 0)
ina < 0: Na+ enters the cell.
T = celsius + 273.15 K: set celsius explicitly.
ENDCOMMENT

NEURON {
    SUFFIX naleak
    USEION na READ nai, nao WRITE ina
    RANGE pbar, ina
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
    pbar = 4.5e-8 (cm/s) <0, 1e9>
}

ASSIGNED {
    v (mV)
    celsius (degC)
    nai (mM)
    nao (mM)
    ina (mA/cm2)
}

BREAKPOINT {
    ina = pbar * ghk(v, nai, nao)
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
