"""Microsoft Teams adapter, on the Teams SDK for Python 2.x (`microsoft-teams-apps`).

The SDK calls python-dotenv's `load_dotenv` when `microsoft_teams.apps` is first
imported, which would copy a `.env` from the working directory into the process
environment (and with it CLIENT_ID, CLIENT_SECRET, TENANT_ID and PORT, names the
SDK falls back to). Keyworker has its own settings (TEAMS_APP_ID, ...), read by
pydantic-settings, so the SDK is imported here, once, with that loading switched
off; every module of this package imports it after this has run.
"""

from __future__ import annotations

import os
import warnings

_DOTENV_SWITCH = "PYTHON_DOTENV_DISABLED"
_previous = os.environ.get(_DOTENV_SWITCH)
os.environ[_DOTENV_SWITCH] = "1"
try:
    with warnings.catch_warnings():
        # Its HTML-widget module announces a preview feature Keyworker doesn't use.
        warnings.simplefilter("ignore")
        import microsoft_teams.apps  # noqa: F401  (its import-time load_dotenv is off now)
finally:
    if _previous is None:
        os.environ.pop(_DOTENV_SWITCH, None)
    else:
        os.environ[_DOTENV_SWITCH] = _previous

PLATFORM = "teams"
