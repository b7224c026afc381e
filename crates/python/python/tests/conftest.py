"""Shared fixtures: one Pipeline per test session, the sitrep CLI to compare against, the
shared data directory. Paths default to this repository's layout; environment variables
override them (SITREP_BIN, SITREP_SHARED)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import sitrep

REPO = Path(__file__).resolve().parents[4]


@pytest.fixture(scope="session")
def pipeline() -> sitrep.Pipeline:
    return sitrep.Pipeline()


def find_cli() -> Path | None:
    """The sitrep binary: $SITREP_BIN, else the workspace's build, else the PATH."""
    env = os.environ.get("SITREP_BIN")
    if env:
        return Path(env)
    for profile in ("release", "debug"):
        p = REPO / "target" / profile / "sitrep"
        if p.is_file():
            return p
    found = shutil.which("sitrep")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli() -> Path:
    p = find_cli()
    if p is None or not p.is_file():
        pytest.skip("no sitrep binary (build it with cargo build -p sitrep, or set SITREP_BIN)")
    return p


@pytest.fixture(scope="session")
def shared() -> Path:
    p = Path(os.environ.get("SITREP_SHARED", REPO.parent / "shared"))
    if not p.is_dir():
        pytest.skip(f"shared data absent at {p} (set SITREP_SHARED)")
    return p
