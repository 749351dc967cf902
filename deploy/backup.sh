#!/usr/bin/env bash
# ReturnNet backup (docs/operator-guide.md section 4): one time-stamped set of
#   BACKUP_DIR/returnnet-<UTC stamp>/  database.dump (pg_dump -Fc), documents.tar (the stored,
#                                      still encrypted files), manifest.json (row counts and
#                                      checksums), SHA256SUMS
#   KEYS_DIR/returnnet-keys-<UTC stamp>.env   the keys, on another medium than BACKUP_DIR
# then deletes sets and key files older than RETENTION_DAYS (default 35): erased data lives
# on in backups for at most that long (docs/data-protection.md).
#
# Run as the service user with the production environment (DATABASE_URL, FIELD_ENCRYPTION_KEYS,
# DOCUMENT_ROOT, ...), e.g. from a systemd timer:
#   BACKUP_DIR=/backup/returnnet KEYS_DIR=/vault/returnnet deploy/backup.sh
# Optional: PYTHON (default .venv/bin/python of this checkout), PG_DUMP (default: the newest
# /usr/lib/postgresql/*/bin/pg_dump, else pg_dump on PATH), RETENTION_DAYS.
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."

: "${BACKUP_DIR:?set BACKUP_DIR, the destination of database and documents}"
: "${KEYS_DIR:?set KEYS_DIR, the destination of the keys (another medium than BACKUP_DIR)}"
RETENTION_DAYS=${RETENTION_DAYS:-35}
PYTHON=${PYTHON:-.venv/bin/python}
if [ -z "${PG_DUMP:-}" ]; then
  PG_DUMP=$(ls /usr/lib/postgresql/*/bin/pg_dump 2>/dev/null | sort -V | tail -n 1)
  PG_DUMP=${PG_DUMP:-pg_dump}
fi
case "$RETENTION_DAYS" in ''|*[!0-9]*) echo "RETENTION_DAYS must be a number of days" >&2; exit 2;; esac

mkdir -p "$BACKUP_DIR" "$KEYS_DIR"
backup_real=$(realpath "$BACKUP_DIR")
keys_real=$(realpath "$KEYS_DIR")
case "$keys_real/" in "$backup_real/"*)
  echo "KEYS_DIR must not lie inside BACKUP_DIR: whoever holds the backups must not hold the keys" >&2; exit 2;;
esac
case "$backup_real/" in "$keys_real/"*)
  echo "BACKUP_DIR must not lie inside KEYS_DIR" >&2; exit 2;;
esac

stamp=$(date -u +%Y%m%dT%H%M%SZ)
set_dir="$BACKUP_DIR/returnnet-$stamp"
partial="$set_dir.partial"
keys_file="$KEYS_DIR/returnnet-keys-$stamp.env"
trap 'rm -rf "$partial"' EXIT
mkdir "$partial"

"$PYTHON" manage.py backup_database --pg-dump "$PG_DUMP" \
  --dump "$partial/database.dump" --documents "$partial/documents.tar" \
  --manifest "$partial/manifest.json" --keys-file "$keys_file"
(cd "$partial" && sha256sum database.dump documents.tar manifest.json > SHA256SUMS)
# Complete sets only ever carry the final name; an interrupted run leaves nothing that looks whole.
mv "$partial" "$set_dir"
trap - EXIT
echo "Backup set: $set_dir"
echo "Keys:       $keys_file"

# Expiry, only after a successful backup, so the newest set always survives.
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'returnnet-*' -mtime "+$RETENTION_DAYS" \
  -print -exec rm -rf {} +
find "$KEYS_DIR" -mindepth 1 -maxdepth 1 -type f -name 'returnnet-keys-*.env' -mtime "+$RETENTION_DAYS" \
  -print -delete
