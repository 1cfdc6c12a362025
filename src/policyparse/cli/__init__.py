"""Command line: a thin layer over the library, one module per group of commands.

Heavy imports happen inside the commands, so `policyparse --version` stays cheap.
"""
from __future__ import annotations

from ._app import app

# Each module registers its commands on `app` (imported for that side effect, in help order).
from . import extract, schema, evalcmd, views, panel  # noqa: F401
from . import review  # noqa: F401
from . import text  # noqa: F401  (policyparse text FILE: the text spans index)
from . import explain  # noqa: F401  (policyparse explain FILE: the rule behind every decision)
from . import flatten  # noqa: F401  (policyparse flatten: Parquet tables, local or on Dask)

from ._common import finish

__all__ = ["app"]

finish(app)      # -h, plain help with examples, quiet stdout errors: for every command
