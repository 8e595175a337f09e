"""Where things live: bundled content, and user state under one relocatable root.

`MLSD_TRAINER_HOME` relocates *all* user state (content, sessions, config) so
tests and users can sandbox the trainer; otherwise platformdirs decides.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "mlsd-trainer"
HOME_ENV = "MLSD_TRAINER_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(kind: str) -> Path:
    """Folder of bundled `scenarios` or `rubrics`.

    A wheel carries them in `trainer/_bundled/`; a source checkout (editable
    install, or running from the repo) has them at the repository root.
    """
    packaged = _PACKAGE_DIR / "_bundled" / kind
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / kind


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def user_data_dir() -> Path:
    """Root of user data: user scenarios/rubrics and saved sessions."""
    override = _home_override()
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Folder of the config file; under the override root when one is set."""
    override = _home_override()
    if override is not None:
        return override / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_content_dir(kind: str) -> Path:
    """Folder where a user drops their own `scenarios` or `rubrics` YAML."""
    return user_data_dir() / kind

