#!/usr/bin/env bash
# ReturnNet restore test (docs/operator-guide.md section 4): restores one backup set of
# deploy/backup.sh into a scratch database and a scratch document directory and verifies it
# with the keys from the separate key backup (manage.py restore_check: row counts as recorded,
# a counselling summary decrypts, documents decrypt to their recorded SHA-256). Exits non-zero
# with the reason on any mismatch. The scratch database and directory are removed afterwards
# (KEEP=1 keeps them).
#
#   RESTORE_DATABASE_URL=postgres://returnnet_owner:PW@127.0.0.1:5432/returnnet_restore_check \
#     deploy/restore-check.sh /backup/returnnet/returnnet-20261205T020000Z /vault/returnnet/returnnet-keys-20261205T020000Z.env
#
# RESTORE_DATABASE_URL names the scratch database: it is DROPPED and created again, so it must
# differ from DATABASE_URL; its role needs CREATEDB (or create the database once and give the
# role ownership: then set RESTORE_KEEP_DATABASE=1 and the script empties its schema instead).
# Optional: PYTHON, PG_RESTORE (default: the newest /usr/lib/postgresql/*/bin/pg_restore).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 2 ]; then
  echo "usage: $0 BACKUP_SET_DIR KEYS_FILE" >&2; exit 2
fi
set_dir=$1
keys_file=$2
: "${RESTORE_DATABASE_URL:?set RESTORE_DATABASE_URL, the scratch database (it is dropped and recreated)}"
PYTHON=${PYTHON:-.venv/bin/python}
if [ -z "${PG_RESTORE:-}" ]; then
  PG_RESTORE=$(ls /usr/lib/postgresql/*/bin/pg_restore 2>/dev/null | sort -V | tail -n 1)
  PG_RESTORE=${PG_RESTORE:-pg_restore}
fi
PSQL=${PSQL:-$(dirname "$PG_RESTORE")/psql}
[ -x "$PSQL" ] || PSQL=psql

fail() { echo "restore check FAILED: $*" >&2; exit 1; }
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
[ -d "$set_dir" ] || fail "no backup set at $set_dir"
[ -r "$keys_file" ] || fail "cannot read the keys file $keys_file"
if [ "${RESTORE_DATABASE_URL%%\?*}" = "${DATABASE_URL:-}" ] || [ "$RESTORE_DATABASE_URL" = "${DATABASE_URL:-}" ]; then
  fail "RESTORE_DATABASE_URL is the application's database; name a scratch database"
fi

echo "== checksums"
(cd "$set_dir" && sha256sum --quiet -c SHA256SUMS) || fail "a file of the set does not match SHA256SUMS"

# postgres://user:pw@host:port/name?options -> the server's maintenance database, the name
url=${RESTORE_DATABASE_URL%%\?*}
scratch_db=${url##*/}
maintenance_url="${url%/*}/postgres"
case "$scratch_db" in ''|*[!A-Za-z0-9_]*) fail "scratch database name '$scratch_db' must be letters, digits, _";; esac

scratch_docs=$(mktemp -d "${TMPDIR:-/tmp}/returnnet-restore-docs.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept: database $scratch_db, documents $scratch_docs"; return
  fi
  rm -rf "$scratch_docs"
  if [ "${RESTORE_KEEP_DATABASE:-0}" != 1 ]; then
    "$PSQL" "$maintenance_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $scratch_db" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

echo "== restoring the database into $scratch_db"
if [ "${RESTORE_KEEP_DATABASE:-0}" = 1 ]; then
  "$PSQL" "$url" -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public" >/dev/null
else
  "$PSQL" "$maintenance_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $scratch_db" -c "CREATE DATABASE $scratch_db" >/dev/null
fi
"$PG_RESTORE" --dbname="$url" --no-owner --no-acl --exit-on-error "$set_dir/database.dump" \
  || fail "pg_restore failed"

echo "== extracting the documents"
tar -xf "$set_dir/documents.tar" -C "$scratch_docs" || fail "documents.tar cannot be extracted"

echo "== verifying with the keys from $keys_file"
# The keys file replaces whatever keys the environment had: the check proves the key backup.
(
  unset FIELD_ENCRYPTION_KEYS SECRET_KEY AUDIT_CHECKPOINT_KEYS
  set -a
  # shellcheck disable=SC1090
  . "$keys_file"
  set +a
  [ -n "${FIELD_ENCRYPTION_KEYS:-}" ] || fail "the keys file has no FIELD_ENCRYPTION_KEYS"
  DATABASE_URL=$RESTORE_DATABASE_URL DOCUMENT_ROOT=$scratch_docs \
    "$PYTHON" manage.py restore_check --manifest "$set_dir/manifest.json" --documents "$scratch_docs" ${RESTORE_CHECK_ARGS:-}
)
