"""Helpers shared by test modules (not tests themselves)."""
import signal


def default_sigint():
    """preexec_fn for a child that must get Ctrl-C as a terminal sends it: a shell running
    the suite in the background starts it with SIGINT ignored, which a child inherits (and
    then never installs Python's KeyboardInterrupt handler) unless it is reset here."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
