import os
import sys

from .cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader of our output went away (`... | head`): the data is written by then (or the
    # run stopped before writing anything); say nothing more, as Unix tools do, and no
    # traceback. Python flushes stdout again at exit: point it at /dev/null first.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
sys.exit(code)
