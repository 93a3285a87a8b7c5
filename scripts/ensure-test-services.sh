#!/usr/bin/env bash
# Makes sure what the tests need is there: a PostgreSQL (>= 15) server reachable with the test admin
# role, PgBouncer (the pooled sync suites start private ones), and Chromium for the end-to-end tests. Installs and starts them when run as root on Debian;
# otherwise says what to do. Safe to run again.
set -euo pipefail

ADMIN_URL="${PROMANAGE_TEST_ADMIN_URL:-postgres://promanage_admin:promanage@127.0.0.1:5432/postgres}"
is_root() { [ "$(id -u)" = "0" ]; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

postgres_ready() { command -v psql >/dev/null && psql "$ADMIN_URL" -Atqc 'select 1' >/dev/null 2>&1; }

if ! postgres_ready; then
  if ! is_root; then
    echo "PostgreSQL is not reachable at $ADMIN_URL." >&2
    echo "Start PostgreSQL 15 or newer and create a superuser login role matching PROMANAGE_TEST_ADMIN_URL, e.g.:" >&2
    echo "  psql -c \"create role promanage_admin superuser login password 'promanage'\"" >&2
    exit 1
  fi
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  read -r version cluster _ < <(pg_lsclusters --no-header | head -n 1)
  pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
  for _ in $(seq 1 30); do
    su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'promanage_admin') THEN
        CREATE ROLE promanage_admin SUPERUSER LOGIN PASSWORD 'promanage';
      END IF; END \\\$\\\$\"" >/dev/null
  postgres_ready || { echo "PostgreSQL started but $ADMIN_URL still does not answer." >&2; exit 1; }
  echo "PostgreSQL is running for the tests."
fi

# poppler-utils and unzip: the export tests read PDFs and DOCX files back with independent readers
# (pdftotext, pdftoppm, pdfimages; unzip of word/document.xml). fonts-dejavu-core: the Unicode font
# PDF exports embed on Linux (src/main/exports/pdf-fonts.ts).
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v unzip >/dev/null \
  || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if is_root; then
    apt_install poppler-utils unzip fonts-dejavu-core
  else
    echo "pdftotext/pdftoppm/unzip or the DejaVu fonts are missing: install Debian's poppler-utils, unzip and fonts-dejavu-core packages for the export tests." >&2
    exit 1
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  if is_root; then
    apt_install chromium
  else
    echo "Chromium is missing at /usr/bin/chromium: install Debian's chromium package for the end-to-end tests." >&2
    exit 1
  fi
fi

# PgBouncer: the pooled sync suites and the load benchmark start their own on free loopback ports;
# the package's own service is not needed (stopped, if the package started it).
if [ ! -x /usr/sbin/pgbouncer ] && [ ! -x /usr/bin/pgbouncer ]; then
  if is_root; then
    apt_install pgbouncer
    (service pgbouncer stop || invoke-rc.d pgbouncer stop) >/dev/null 2>&1 || true
  else
    echo "PgBouncer is missing: install Debian's pgbouncer package for the pooled sync tests." >&2
    exit 1
  fi
fi
