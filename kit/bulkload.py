"""Loading millions of generated rows fast (the national-scale generator).

Rows carry their own primary keys, reserved up front (`Writer.ids`), so that a child row names its parent
without any RETURNING round trip. On PostgreSQL rows go in with COPY (psycopg2's `copy_expert` through
Django's cursor), on SQLite with executemany. Fields left out get their model default (a callable default is
called per row) and auto_now / auto_now_add fields one timestamp. No save(), no signals:
callers set every derived column themselves.
"""

import datetime
import io
import json
from decimal import Decimal

from django.db import connection, models
from django.utils import timezone

from kit.imports.bulk import _converter

CHUNK_ROWS = 50_000


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if isinstance(value, (int, Decimal, datetime.date)):
        return str(value)
    if isinstance(value, (list, dict)):
        return _copy_text(json.dumps(value, ensure_ascii=False))
    return _copy_text(str(value))


class Writer:
    """Reserves primary keys and writes rows (tuples in the order of `fields`) of one model at a time."""

    def __init__(self):
        self.now = timezone.now()
        self.next_id = {}
        self.counts = {}
        self.pending = {}

    def ids(self, model, count: int) -> range:
        """`count` new primary keys for `model` (its sequence moved past them on PostgreSQL)."""
        table = model._meta.db_table
        if count <= 0:
            return range(0)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
                (sequence,) = cursor.fetchone()
                cursor.execute("SELECT nextval(%s)", [sequence])
                (first,) = cursor.fetchone()
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            else:
                if table not in self.next_id:
                    cursor.execute(
                        f"SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 0) "
                        f"FROM {connection.ops.quote_name(table)}"
                    )
                    self.next_id[table] = cursor.fetchone()[0] + 1
                first = self.next_id[table]
                self.next_id[table] = first + count
        return range(first, first + count)

    def write(self, model, fields: list[str], rows) -> int:
        """INSERT `rows` (iterables of values for `fields`, model field names;
        the primary key may be one of them)."""
        rows = list(rows)
        if not rows:
            return 0
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        given_names = {f.name for f in given}
        extra = [
            f
            for f in meta.concrete_fields
            if f.name not in given_names and not (f.primary_key and isinstance(f, models.AutoField))
        ]
        fixed, per_row = [], []
        for f in extra:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                fixed.append((f, self.now))
            elif f.has_default() and callable(f.default):
                per_row.append(f)
            else:
                fixed.append((f, f.get_default()))
        all_fields = given + per_row + [f for f, _ in fixed]
        tail = [value for _, value in fixed]
        if per_row:
            rows = [(*row, *(f.default() for f in per_row), *tail) for row in rows]
        elif tail:
            rows = [(*row, *tail) for row in rows]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in all_fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for start in range(0, len(rows), CHUNK_ROWS):
                    buffer = io.StringIO()
                    buffer.writelines(
                        "\t".join(map(_copy_text, row)) + "\n" for row in rows[start : start + CHUNK_ROWS]
                    )
                    buffer.seek(0)
                    cursor.copy_expert(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN", buffer)
            else:
                converters = [(i, c) for i, f in enumerate(all_fields) if (c := _converter(f)) is not None]
                placeholders = ", ".join(["%s"] * len(all_fields))
                sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
                for start in range(0, len(rows), CHUNK_ROWS):
                    chunk = []
                    for row in rows[start : start + CHUNK_ROWS]:
                        row = list(row)
                        for i, convert in converters:
                            if row[i] is not None:
                                row[i] = convert(row[i])
                        chunk.append(row)
                    cursor.executemany(sql, chunk)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + len(rows)
        return len(rows)

    def later(self, model, fields: list[str], rows):
        """Keep rows to write at `flush_later` (many small batches of one model written as one)."""
        self.pending.setdefault((model, tuple(fields)), []).extend(rows)

    def flush_later(self):
        """Write the kept rows, model by model in the order they were first kept (parents before children)."""
        for (model, fields), rows in self.pending.items():
            self.write(model, list(fields), rows)
        self.pending = {}
