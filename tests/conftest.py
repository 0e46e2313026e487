"""Settings for the whole test suite.

Tests never see the developer's own extensions: ``CRIMEKG_DATA`` points at an empty folder for the
session (tests that add extensions make their own data dirs).
"""

from __future__ import annotations

import os
import tempfile

_DATA = tempfile.TemporaryDirectory(prefix="crimekg-test-data-")
os.environ["CRIMEKG_DATA"] = _DATA.name
os.environ.pop("XDG_DATA_HOME", None)
