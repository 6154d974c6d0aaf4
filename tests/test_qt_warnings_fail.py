"""The suite's promise that a QML runtime warning fails a test, checked for real."""

pytest_plugins = ["pytester"]

INNER = '''
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine

def _load(qml):
    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(qml, QUrl())
    obj = component.create()
    return engine, obj

def test_quiet(qapp):
    _load(b"import QtQuick\\nItem { width: 10 }")

def test_warns(qapp):
    _load(b"import QtQuick\\nItem { Component.onCompleted: console.warn('a QML warning') }")
'''


def test_a_qml_warning_fails_the_test_that_caused_it(pytester):
    pytester.makeini("[pytest]\nqt_api = pyside6\nqt_log_level_fail = WARNING\n")
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_warns*"])
