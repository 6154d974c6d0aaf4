"""Shared test set-up: Qt without a screen, a private data directory per test."""

import os

# Must be set before any Qt module is imported: no display in CI, and the software
# scene graph, without which grabbing a QML window hangs.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
