#!/usr/bin/env bash
# The backup and restore drill of docs/deploying.md, run as written against a PostgreSQL server and a SQLite file:
# create the app's role and database, migrate and load data, back up, check the file, restore into a new database,
# compare every table's row count; the media directory too; then the same for SQLite.
#
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres tests/deploy/backup_drill.sh [python]
#
# PGUSER must be a superuser (it creates the role and the databases, as `sudo -u postgres` does on a server).
# Everything it creates is named *_drill and dropped at the end; the working files are in a temporary directory.
set -euo pipefail

PYTHON=${1:-${PYTHON:-.venv/bin/python}}
cd "$(dirname "$0")/../.."
: "${PGHOST:?PGHOST not set}" "${PGPORT:?PGPORT not set}" "${PGUSER:?PGUSER not set}"
ADMIN_USER=$PGUSER
ROLE=occupation_drill
DB=occupation_drill
RESTORED=occupation_drill_restore
WORK=$(mktemp -d /tmp/op-backup-drill.XXXXXX)
export DJANGO_SECRET_KEY=backup-drill-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost DJANGO_DEBUG=false
export PGOPTIONS="-c client_min_messages=warning" DJANGO_LOG_LEVEL=WARNING

as_admin() { PGUSER=$ADMIN_USER "$@"; }
cleanup() {
  as_admin psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS $RESTORED" \
    -c "DROP ROLE IF EXISTS $ROLE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cleanup_first() { as_admin psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" \
  -c "DROP DATABASE IF EXISTS $RESTORED" -c "DROP ROLE IF EXISTS $ROLE" >/dev/null; }
cleanup_first

# Row counts of every table, one "table count" line each, sorted.
pg_counts() {
  PGUSER=$ROLE PGPASSWORD=drill psql -X -At -d "$1" -c "
    SELECT table_name || ' ' || (xpath('/row/c/text()',
      query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
}
sqlite_counts() {
  for table in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
    echo "$table $(sqlite3 "$1" "SELECT count(*) FROM \"$table\"")"
  done
}

echo "== PostgreSQL: the app's role owns its database (PostgreSQL 15: owner of the public schema too)"
as_admin psql -X -v ON_ERROR_STOP=1 -q -d postgres \
  -c "CREATE ROLE $ROLE LOGIN PASSWORD 'drill'" \
  -c "CREATE DATABASE $DB OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
export DATABASE_URL="postgres://$ROLE:drill@$PGHOST:$PGPORT/$DB"
"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py load_areas >/dev/null

echo "== PostgreSQL: back up with connection options, check the file"
BACKUP=$WORK/occupation-$(date +%F).dump
PGPASSWORD=drill pg_dump --format=custom --host="$PGHOST" --port="$PGPORT" --username=$ROLE --dbname=$DB \
  --file="$BACKUP"
test -s "$BACKUP"
pg_restore --list "$BACKUP" >/dev/null
echo "   $(du -h "$BACKUP" | cut -f1) $(pg_restore --list "$BACKUP" | grep -c 'TABLE DATA') tables of data"

# What goes wrong with the short form: run by a user without a database role it fails, and the shell's redirection
# has already left an empty file. Checking the file is what catches it.
if PGUSER=no_such_role pg_dump -Fc "$DB" >"$WORK/short-form.dump" 2>/dev/null; then
  echo "expected pg_dump as an unknown role to fail" >&2; exit 1
fi
test ! -s "$WORK/short-form.dump"

echo "== PostgreSQL: restore into a new database, compare row counts"
as_admin psql -X -v ON_ERROR_STOP=1 -q -d postgres \
  -c "CREATE DATABASE $RESTORED OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"
PGPASSWORD=drill pg_restore --host="$PGHOST" --port="$PGPORT" --username=$ROLE --dbname=$RESTORED \
  --no-owner --exit-on-error "$BACKUP"
pg_counts $DB >"$WORK/counts.before"
pg_counts $RESTORED >"$WORK/counts.after"
diff "$WORK/counts.before" "$WORK/counts.after"
grep -q '^registry_subdistrict [1-9]' "$WORK/counts.after"
DATABASE_URL="postgres://$ROLE:drill@$PGHOST:$PGPORT/$RESTORED" "$PYTHON" manage.py figures_changed >/dev/null
echo "   $(wc -l <"$WORK/counts.after") tables, same row counts"

echo "== Media directory: archive, check, restore"
MEDIA=$WORK/media
mkdir -p "$MEDIA/certificates" && printf 'pdf' >"$MEDIA/certificates/a.pdf" && printf 'ใบเสร็จ' >"$MEDIA/receipt.txt"
tar -C "$MEDIA" -czf "$WORK/media-$(date +%F).tar.gz" .
tar -tzf "$WORK/media-$(date +%F).tar.gz" >/dev/null
mkdir "$WORK/media-restored" && tar -C "$WORK/media-restored" -xzf "$WORK/media-$(date +%F).tar.gz"
diff -r "$MEDIA" "$WORK/media-restored"

echo "== SQLite: online backup, check, compare row counts"
SQLITE=$WORK/db.sqlite3
DATABASE_URL="sqlite:///$SQLITE" "$PYTHON" manage.py migrate --noinput -v 0
sqlite3 "$SQLITE" ".backup '$WORK/backup.sqlite3'"
test "$(sqlite3 "$WORK/backup.sqlite3" 'PRAGMA integrity_check')" = ok
sqlite_counts "$SQLITE" >"$WORK/sqlite.before"
sqlite_counts "$WORK/backup.sqlite3" >"$WORK/sqlite.after"
diff "$WORK/sqlite.before" "$WORK/sqlite.after"
echo "   $(wc -l <"$WORK/sqlite.after") tables, same row counts"
echo "Backup drill passed"
