"""The `Catalog` QML singleton: search as you type, filters, one procedure in full.

Searches run on one background thread that only ever computes the newest query, so a
fast typist never waits for the answers to prefixes they already typed past; results
come back to the main thread as a queued signal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QDateTime,
    QModelIndex,
    QObject,
    Qt,
    QTimeZone,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlSingleton

from kiosk.background import LatestWins
from kiosk.catalog.presenter import procedure_view
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

RESULT_LIMIT = 60


class ResultsModel(QAbstractListModel):
    ROLES = {
        Qt.ItemDataRole.UserRole + 1: b"code",
        Qt.ItemDataRole.UserRole + 2: b"name",
        Qt.ItemDataRole.UserRole + 3: b"field",
        Qt.ItemDataRole.UserRole + 4: b"levels",
        Qt.ItemDataRole.UserRole + 5: b"onlineLevel",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, list[str], str]] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {k: QByteArray(v) for k, v in self.ROLES.items()}

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        col = role - (Qt.ItemDataRole.UserRole + 1)
        if 0 <= col < 5:
            return self._rows[index.row()][col]
        return None

    def replace(self, hits: list[Any]) -> None:
        self.beginResetModel()
        self._rows = [(h.code, h.name, h.field, list(h.levels), h.online_level or "")
                      for h in hits]
        self.endResetModel()

    def clear(self) -> None:
        self.replace([])


@QmlElement
@QmlSingleton
class Catalog(QObject):
    resultsChanged = Signal()
    filtersChanged = Signal()
    statusChanged = Signal()
    # From the worker thread. One tuple, never a bare None: PySide6 mis-counts references
    # to None passed through queued `object` arguments, which crashes the interpreter at exit.
    _searchDone = Signal(object)
    _statusFromSync = Signal(object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._app = ctx.app
        self._model = ResultsModel(self)
        self._suggestions = ResultsModel(self)
        self._query = ""
        self._field = ""
        self._level = ""
        self._total = 0
        self._field_counts: dict[str, int] = {}
        self._level_counts: dict[str, int] = {}
        self._searching = False
        self._error = ""
        self._status = self._app.catalog.status()
        self._worker = LatestWins("search")
        self._searchDone.connect(self._on_search_done, Qt.ConnectionType.QueuedConnection)
        self._done = lambda generation, result, error: self._searchDone.emit(
            (generation, result, error))
        self._statusFromSync.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        self._app.sync.add_listener(self._statusFromSync.emit)
        self._app.session.on_wipe(lambda _reason: self._reset())

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(Catalog)

    # -- searching ------------------------------------------------------------------
    @Property(QObject, constant=True)
    def results(self) -> QObject:
        return self._model

    @Property(str, notify=filtersChanged)
    def query(self) -> str:
        return self._query

    @Property(str, notify=filtersChanged)
    def field(self) -> str:
        return self._field

    @Property(str, notify=filtersChanged)
    def level(self) -> str:
        return self._level

    @Slot(str)
    def setQuery(self, text: str) -> None:
        if text != self._query:
            self._query = text
            self.filtersChanged.emit()
            self._search()

    @Slot(str)
    def setField(self, name: str) -> None:
        if name != self._field:
            self._field = name
            self.filtersChanged.emit()
            self._search()

    @Slot(str)
    def setLevel(self, code: str) -> None:
        if code != self._level:
            self._level = code
            self.filtersChanged.emit()
            self._search()

    @Slot()
    def refreshResults(self) -> None:
        self._search()

    def _search(self) -> None:
        # Only leading spaces go: a trailing one tells the engine the last word is finished.
        query, field, level = self._query.lstrip(), self._field or None, self._level or None
        if not query and not field and not level:
            self._worker.submit(lambda: None, self._done)  # drops any pending one
            return
        catalog = self._app.catalog
        self._set_searching(True)
        self._worker.submit(
            lambda: catalog.search(query, field=field, level=level, limit=RESULT_LIMIT,
                                   facets=True),
            self._done,
        )

    def _on_search_done(self, done: tuple[int, Any, Any]) -> None:
        generation, result, error = done
        if generation != self._worker.generation:
            return  # an older query; a newer one is on its way
        self._set_searching(False)
        if error is not None:
            self._error = getattr(error, "key", "catalog.search_failed")
            self._model.clear()
            self._total = 0
        elif result is None:
            self._error = ""
            self._model.clear()
            self._total, self._field_counts, self._level_counts = 0, {}, {}
        else:
            self._error = ""
            self._model.replace(result.hits)
            self._total = result.total
            self._field_counts = dict(result.field_counts)
            self._level_counts = dict(result.level_counts)
        self.resultsChanged.emit()

    def _set_searching(self, on: bool) -> None:
        if on != self._searching:
            self._searching = on
            self.resultsChanged.emit()

    @Property(bool, notify=resultsChanged)
    def searching(self) -> bool:
        return self._searching

    @Property(int, notify=resultsChanged)
    def total(self) -> int:
        return self._total

    @Property(str, notify=resultsChanged)
    def errorKey(self) -> str:
        return self._error

    @Property("QVariantList", notify=resultsChanged)
    def fieldOptions(self) -> list[dict[str, Any]]:
        """Fields of the current results, most first; all fields when nothing is typed."""
        if self._field_counts:
            items = sorted(self._field_counts.items(), key=lambda kv: (-kv[1], kv[0]))
            return [{"name": k, "count": v} for k, v in items]
        return [{"name": n, "count": -1} for n in self._app.catalog.field_names()]

    @Property("QVariantList", notify=resultsChanged)
    def levelOptions(self) -> list[dict[str, Any]]:
        labels = self._app.catalog.level_labels()
        lang = self._app.session.language
        out = []
        # With facets computed, a level missing from them has no match: 0, not unknown.
        missing = 0 if self._level_counts else -1
        for code, label in labels.items():
            out.append({"code": code, "label": label.get(lang) or label.get("vi") or code,
                        "count": self._level_counts.get(code, missing)})
        return out

    @Slot(str, result=str)
    def levelLabel(self, code: str) -> str:
        label = self._app.catalog.level_labels().get(code)
        if not label:
            return code
        return label.get(self._app.session.language) or label.get("vi") or code

    @Property(QObject, constant=True)
    def suggestions(self) -> QObject:
        """The most asked-for procedures, one tap away before anything is typed."""
        if self._suggestions.rowCount() == 0:
            self._suggestions.replace(self._app.catalog.featured())
        return self._suggestions

    # -- one procedure ---------------------------------------------------------------
    @Slot(str, result="QVariantMap")
    def procedure(self, code: str) -> dict[str, Any]:
        proc = self._app.catalog.procedure(code)
        if proc is None:
            return {}
        return procedure_view(proc, self._app.catalog.level_labels(), self._app.session.language)

    # -- freshness -----------------------------------------------------------------
    def _on_status(self, status: Any) -> None:
        self._status = status
        self._suggestions.replace(self._app.catalog.featured())
        self.statusChanged.emit()
        if self._query or self._field or self._level:
            self._search()  # the catalog may have changed under the results

    @Property(int, notify=statusChanged)
    def count(self) -> int:
        return self._status.count

    @Property(QDateTime, notify=statusChanged)
    def syncedAt(self) -> QDateTime:
        return _qdatetime(self._status.synced_at)

    @Property(str, notify=statusChanged)
    def source(self) -> str:
        return self._status.source or ""

    @Property(str, notify=statusChanged)
    def connection(self) -> str:
        """"online", "offline" or "unknown" (not tried yet)."""
        if self._status.online is None:
            return "unknown"
        return "online" if self._status.online else "offline"

    @Property(str, notify=statusChanged)
    def connectionErrorKey(self) -> str:
        """Translation key of why the last refresh failed ("" when it did not)."""
        return self._status.error_key or ""

    @Slot()
    def refreshNow(self) -> None:
        self._app.sync.refresh_now()

    def _reset(self) -> None:
        self._query = self._field = self._level = ""
        self._worker.submit(lambda: None, self._done)
        self._model.clear()
        self._total, self._field_counts, self._level_counts = 0, {}, {}
        self.filtersChanged.emit()
        self.resultsChanged.emit()

    def shutdown(self) -> None:
        self._worker.stop()


def _qdatetime(value: datetime | None) -> QDateTime:
    if value is None:
        return QDateTime()
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.systemTimeZone())
