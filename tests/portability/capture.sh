#!/bin/sh
# Prints the report SQL (see capture-report-sql.ts), from a fresh empty migrated SQLite database.
set -e
db=$(mktemp -u /tmp/report-sql-XXXXXX.db)
DATABASE_URL="file:$db" npx prisma migrate deploy >/dev/null 2>&1
DATABASE_URL="file:$db" APP_ORIGIN=http://localhost npx tsx tests/portability/capture-report-sql.ts
rm -f "$db" "$db-wal" "$db-shm"
