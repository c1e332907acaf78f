#!/usr/bin/env bash
# npm run bench: a private PostgreSQL cluster (fsync on, as in production, with the README's
# settings for province-scale imports) and the benchmarks.
# BENCH_ROWS (default 1000000) and BENCH_PGLITE_ROWS (default 100000) set the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SHARED_BUFFERS=512MB PG_MAX_WAL_SIZE=4GB source scripts/pg-cluster.sh
BENCH_DB_URL="$PG_URL" node --import tsx bench/run.ts
