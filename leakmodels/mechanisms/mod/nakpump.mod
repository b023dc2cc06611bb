TITLE nakpump: electrogenic Na+/K+-ATPase, 3 Na+ out and 2 K+ in per ATP

COMMENT
Source: stoichiometry and electrogenicity, Skou 1957; Thomas 1972, Physiol Rev 52:563.
Saturable activation by intracellular Na+ and extracellular K+ in the form used by
Kager, Wadman & Somjen 2000, J Neurophysiol 84:495 (Km,Na = 10 mM, Km,K = 3.5 mM).
Temperature: the turnover rate scales as q10^((celsius - tref)/10), q10 = 2.7, tref = 37
degC: pump currents measured at 23 and 37 degC differ four-fold (eLife 2016;5:e19267,
Fig. 3B-C), i.e. Q10 = 4^(10/14) = 2.7; in sheep Purkinje fibres active Na+ transport has
Q10 ~2.4 between 22 and 35 degC (Pflugers Arch, "On the temperature dependence of the Na
pump in sheep Purkinje fibres"). The affinities are taken as temperature independent.

One pump cycle hydrolyses one ATP, moves 3 Na+ out and 2 K+ in: one net elementary
charge out. The net pump current (outward positive, mA/cm2) is
    ipump = imax * (1 - block) * qt / ( (1 + kmk/ko)^2 * (1 + kmna/nai)^3 ),
    qt = q10^((celsius - tref)/10)
and the ionic currents it writes are
    ina = 3 * ipump      (Na+ out: outward, positive)
    ik  = -2 * ipump     (K+ in: inward, negative)
so that ina + ik = ipump. The pump is taken as voltage independent.
ATP turnover per membrane area equals the cycle rate:
    atp_rate (1/s/cm2) = ipump / e = ipump(mA/cm2) * 1e-3 / 1.602176634e-19
block (0..1) is the blocked fraction (ouabain). imax is the net current at
saturating nai and ko at tref; the package sets it so that the pump balances the leaks at
the chosen concentrations (see leakmodels.spec.membrane).
Singular points: nai = 0 or ko = 0 give ipump = 0 (guarded), no division by zero.
ENDCOMMENT

NEURON {
    SUFFIX nakpump
    USEION na READ nai WRITE ina
    USEION k READ ko WRITE ik
    RANGE imax, kmna, kmk, block, q10, tref, ipump, atp_rate, ina, ik
    THREADSAFE
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    ECHARGE = (e) (coulomb)
}

PARAMETER {
    imax = 0 (mA/cm2) <0, 1e9>
    kmna = 10 (mM) <1e-9, 1e9>
    kmk = 3.5 (mM) <1e-9, 1e9>
    block = 0 <0, 1>
    q10 = 2.7 <1e-9, 1e9>
    tref = 37 (degC)
}

ASSIGNED {
    celsius (degC)
    nai (mM)
    ko (mM)
    ina (mA/cm2)
    ik (mA/cm2)
    ipump (mA/cm2)
    atp_rate (1/s-cm2)
}

BREAKPOINT {
    ipump = pumpcurrent(nai, ko)
    ina = 3 * ipump
    ik = -2 * ipump
    atp_rate = ipump * (1e-3) / ECHARGE
}

FUNCTION pumpcurrent(nai (mM), ko (mM)) (mA/cm2) {
    if (nai <= 0 || ko <= 0) {
        pumpcurrent = 0
    } else {
        pumpcurrent = imax * (1 - block) * q10 ^ ((celsius - tref) / 10)
                      / ((1 + kmk / ko)^2 * (1 + kmna / nai)^3)
    }
}
