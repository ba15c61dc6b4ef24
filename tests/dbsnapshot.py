"""A copy of the test database's rows, taken once and put back before each test that needs them.

Transactional tests (the browser tests: Chromium talks to a live server, which must see committed rows) cannot
roll back what they build, and Django flushes every table after each of them. Building the same data again for
each such test (the demo province: every area of Thailand and seed_demo, half a minute) is what this replaces:
the first test builds it, `DatabaseSnapshot.take` copies every table Django flushes, and `restore` puts
exactly those rows back for the next test (what the previous test changed was flushed by Django after it).

- SQLite (the test database is in memory): the whole database is copied with SQLite's backup API, then copied
  back.
- PostgreSQL: each table is copied into a schema of its own (`CREATE TABLE ... AS TABLE`); restoring truncates
  the tables and inserts the copies in one transaction (foreign keys are deferred to the commit, as Django
  creates them). Sequences are left as they are: they only grow during a session, so they are past every
  copied primary key.
"""

import sqlite3

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

SCHEMA = "test_snapshot"


class DatabaseSnapshot:
    def __init__(self, tables, copy=None):
        self.tables, self.copy = tables, copy

    @classmethod
    def take(cls) -> "DatabaseSnapshot":
        connection.ensure_connection()
        tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            return cls(tables, copy)
        if connection.vendor != "postgresql":
            raise NotImplementedError(connection.vendor)
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in tables:
                cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
            filled = []
            for table in tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.{quote(table)})")
                if cursor.fetchone()[0]:
                    filled.append(table)
        snapshot = cls(tables)
        snapshot.filled = filled
        return snapshot

    def restore(self):
        """Every table as it was when the snapshot was taken (call it outside any transaction)."""
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.copy.backup(connection.connection)
        else:
            quote = connection.ops.quote_name
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("TRUNCATE " + ", ".join(quote(t) for t in self.tables))
                for table in self.filled:
                    cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SCHEMA}.{quote(table)}")
        # Flushing made new content types (post_migrate); the restored rows have the old ids.
        ContentType.objects.clear_cache()
