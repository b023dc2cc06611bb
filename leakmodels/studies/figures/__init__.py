"""The studies' figures, one module each: a function of the study's measured tables (and of
values the study computed for it) that draws a matplotlib Figure a reader understands
without the code. Figures import no study: what they need is passed in.
"""
