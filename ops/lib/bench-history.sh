# Sections 5 (history) and 6 (export) of ops/bench; sourced by it, with its
# variables ($rounds, $what, $work, $recon, $fixtures, $base_url) and helpers.

# A history of $2 settled transactions in groups of 10 (source bench-hist,
# 50 merchants, settlement dates over the two years before November 2026),
# each group paid by one bank line and matched, written with SQL in the
# shape recon keeps them (rows, keys, groups, lines, matches; untimed), then
# checked with `recon db check` and analysed as autovacuum would.
make_history() { # database transactions
    local db="$1" rows="$2"
    # Reused while the migrations and this script are unchanged: building
    # 10M rows takes minutes, and the database is a template, never written.
    local stamp; stamp=$(cat "$RECON_ROOT"/sql/*.sql "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16)
    if [ "$(psql -d postgres -Atc "select shobj_description(oid, 'pg_database') from pg_database where datname = '$db'")" = "history $rows $stamp" ]; then
        return
    fi
    fresh_database "$db"
    psql -d "$db" -q -v ON_ERROR_STOP=1 <<SQL >/dev/null
select recon_create_transaction_partitions('2024-11-01', '2026-10-31');
insert into batches (id, source, job, file_sha256, file_name, file_path, status, records_read, settled, duplicates, rejected)
values (1, 'bench-hist', 'bench-hist', sha256('history'), 'history.csv', '/history.csv', 'settled', $rows, $rows, 0, 0);
select setval('batches_id_seq', 1);
insert into transactions (source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
                          settlement_ref, key_id, extra, content_sha256, batch_id, line)
select 'bench-hist', 'H-' || i, 'm-' || (g % 50), 'payment', 1000, 'EUR', timestamptz '2024-10-30 12:00Z' + (g % 730) * interval '1 day',
       date '2024-11-01' + (g % 730), 'HREF-' || g, 'acme-hmac-2026', null, sha256(i::text::bytea), 1, i::int
from generate_series(0, $rows - 1) i, lateral (select i / 10 as g) x;
insert into transaction_keys (batch_id, line, settlement_date, source, txn_id, content_sha256)
select batch_id, line, settlement_date, source, txn_id, content_sha256 from transactions;
insert into bank_files (id, job, file_sha256, file_name, statements, lines_new) values (1, 'bench-hist', sha256('h'), 'h.csv', 1, 0);
insert into bank_statements (id, job, bank_file_id, account, source_line) values (1, 'bench-hist', 1, 'DE-HIST', 1);
select setval('bank_files_id_seq', 1), setval('bank_statements_id_seq', 1);
insert into bank_lines (id, job, account, line_key, booking_date, value_date, amount, currency, reference, description,
                        bank_txn_id, statement_id, source_line)
select g + 1, 'bench-hist', 'DE-HIST', 'HL-' || g, date '2024-11-02' + (g % 730), null, 10000, 'EUR', 'HREF-' || g,
       'PAYOUT HREF-' || g, 'HB-' || g, 1, (g + 1)::int
from generate_series(0, $rows / 10 - 1) g;
select setval('bank_lines_id_seq', $rows / 10);
insert into settlement_groups (source, merchant_id, settlement_ref, currency, net, payments, refunds, chargebacks, fees,
                               adjustments, txn_count, settlement_date, status, closed, net_at_match, match_rule,
                               matched_on, bank_line_ids, clean_line_ids)
select 'bench-hist', 'm-' || (g % 50), 'HREF-' || g, 'EUR', 10000, 10000, 0, 0, 0, 0, 10, date '2024-11-01' + (g % 730),
       'matched', true, 10000, 'reference', date '2024-11-02' + (g % 730), array[g + 1], array[g + 1]
from generate_series(0, $rows / 10 - 1) g;
insert into recon_matches (job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on)
select 'bench-hist', g + 1, 'm-' || (g % 50), 'HREF-' || g, 'EUR', 'reference', null, 10000, date '2024-11-02' + (g % 730)
from generate_series(0, $rows / 10 - 1) g;
SQL
    # The batch chained by sql/013's own backfill (db check recomputes the
    # chain), and what each file brought to each group by sql/016's.
    {
        sed -n '/^create temporary table chain_backfill_rows/,/^drop table chain_backfill_rows;/p' "$RECON_ROOT/sql/013_append_only_history_and_batch_chain.sql"
        sed -n '/^insert into settlement_group_files/,/;$/p' "$RECON_ROOT/sql/016_group_files.sql"
    } | psql -d "$db" -q -v ON_ERROR_STOP=1 >/dev/null
    psql -d "$db" -qc "vacuum analyze" >/dev/null
    DATABASE_URL="$base_url/$db" "$recon" db check >/dev/null || { echo "history $db is not consistent" >&2; exit 70; }
    psql -d postgres -qc "comment on database $db is 'history $rows $stamp'" >/dev/null
}

if [ "$what" = all ] || [ "$what" = history ]; then
echo
echo "==> history inputs (untimed): the night (20,000 transactions, 2,000 groups), 1M and 10M transactions of history"
night_dir="$work/inputs/night20k"
if [ ! -s "$night_dir/bank/bank.csv" ]; then
    mkdir -p "$night_dir/bank"
    "$fixtures" bulk --keyring fixtures/keyring.yaml --key acme-hmac-2026 --merchant acme --currency EUR \
        --rows 20000 --group-size 10 --format csv --out "$night_dir/transactions.csv" --prefix N- \
        --bank-out "$night_dir/bank/bank.csv" >/dev/null
fi
cat > "$night_dir/job.yaml" <<JOB
name: bench-hist
source: bench-hist
timezone: UTC
transactions: { path: ., pattern: "transactions.csv" }
bank_statements: { path: bank, format: csv }
keyring: $RECON_ROOT/fixtures/keyring.yaml
reconcile: { window_days: 3 }
reports: { path: $work/reports-night }
JOB
# RECON_BENCH_HISTORY_10M=0 skips the 10M history (building it, with its
# chain backfill and db check, takes 40+ minutes the first time).
with_10m=${RECON_BENCH_HISTORY_10M:-1}
make_history bench_hist_1m 1000000
[ "$with_10m" = 0 ] || make_history bench_hist_10m 10000000
time_night() { # template database ("" = empty) -> seconds of one `recon run`
    psql -d postgres -qc "drop database if exists bench_night" >/dev/null
    if [ -n "$1" ]; then
        # FILE_COPY: a checkpoint before the copy, not 3 GB of WAL that a
        # checkpoint would write during the timed night.
        psql -d postgres -qc "create database bench_night template $1 strategy file_copy" -c "checkpoint" >/dev/null
    else
        fresh_database bench_night
    fi
    local start end
    start=$(now)
    DATABASE_URL="$base_url/bench_night" "$recon" run "$night_dir/job.yaml" --date 2026-11-21 --quiet >/dev/null 2>&1 || true
    end=$(now)
    elapsed "$start" "$end"
}
rss_night() { # template database ("" = empty) -> peak RSS in MB
    psql -d postgres -qc "drop database if exists bench_night" >/dev/null
    if [ -n "$1" ]; then psql -d postgres -qc "create database bench_night template $1 strategy file_copy" -c "checkpoint" >/dev/null; else fresh_database bench_night; fi
    DATABASE_URL="$base_url/bench_night" /usr/bin/time -v "$recon" run "$night_dir/job.yaml" --date 2026-11-21 --quiet 2>&1 >/dev/null \
        | awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}
declare -a h1_ratio h10_ratio
printf '\n%-6s %-34s %10s %10s %8s\n' round case night_s empty_s ratio
for round in $(seq 1 "$rounds"); do
    e=$(time_night ""); a=$(time_night bench_hist_1m)
    r1=$(echo "$a / $e" | bc -l); h1_ratio+=("$r1")
    printf '%-6s %-34s %10.2f %10.2f %8.3f\n' "$round" "night after 1M vs empty database" "$a" "$e" "$r1"
    [ "$with_10m" = 0 ] && continue
    b=$(time_night bench_hist_10m); r10=$(echo "$b / $e" | bc -l); h10_ratio+=("$r10")
    printf '%-6s %-34s %10.2f %10.2f %8.3f\n' "$round" "night after 10M vs empty database" "$b" "$e" "$r10"
done
printf '%-40s %8.3f %8s\n' "night after 1M / empty (median)" "$(printf '%s\n' "${h1_ratio[@]}" | median)" "1.2"
[ "$with_10m" = 0 ] || printf '%-40s %8.3f %8s\n' "night after 10M / empty (median)" "$(printf '%s\n' "${h10_ratio[@]}" | median)" "1.2"
printf '%-40s %8s %8s %8s\n' "peak RSS of the night (MB)" "$(rss_night "")" "$(rss_night bench_hist_1m)" \
    "$([ "$with_10m" = 0 ] && echo - || rss_night bench_hist_10m)"
printf '%-40s %8s\n' "(empty, 1M, 10M) night matched groups" \
    "$(psql -d bench_night -Atc "select count(*) from settlement_groups where source = 'bench-hist' and settlement_ref like 'PO-ACME-N-%' and status = 'matched'")"
echo "plans of the night's reads on 10M history:"
psql -d bench_night -c "explain select merchant_id, settlement_ref, currency, net, settlement_date from settlement_groups
    where source = 'bench-hist' and not closed" \
    -c "explain select o.bank_line_id, o.reference, o.amount, o.currency, o.booking_date from open_bank_lines o where o.job = 'bench-hist'" \
    | grep -v '^$'
fi

if [ "$what" = all ] || [ "$what" = export ]; then
echo
echo "==> export inputs (untimed): 1M transactions in 62,500 groups of 16, 25 merchants, 400 days"
export_db=bench_export
fresh_database "$export_db"
psql -d "$export_db" -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
select recon_create_transaction_partitions('2025-06-01', '2026-08-31');
insert into transactions (source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
                          settlement_ref, key_id, extra, content_sha256, batch_id, line)
select 'bench-export', 'E-' || i, 'm-' || (g % 25), (array['payment','payment','payment','refund','fee'])[1 + i % 5],
       case when i % 5 < 3 then 1000 + i % 97 else -(10 + i % 13) end, 'EUR', now(),
       date '2025-06-01' + (g % 400), 'EREF-' || g, 'k', null, sha256(i::text::bytea), 1, i::int
from generate_series(0, 999999) i, lateral (select i / 16 as g) x;
insert into transaction_keys (batch_id, line, settlement_date, source, txn_id, content_sha256)
select batch_id, line, settlement_date, source, txn_id, content_sha256 from transactions;
insert into settlement_groups (source, merchant_id, settlement_ref, currency, net, payments, refunds, chargebacks, fees,
                               adjustments, txn_count, settlement_date)
select source, merchant_id, settlement_ref, currency, sum(amount),
       coalesce(sum(amount) filter (where type = 'payment'), 0), coalesce(sum(amount) filter (where type = 'refund'), 0),
       coalesce(sum(amount) filter (where type = 'chargeback'), 0), coalesce(sum(amount) filter (where type = 'fee'), 0),
       coalesce(sum(amount) filter (where type = 'adjustment'), 0), count(*), max(settlement_date)
from transactions group by source, merchant_id, settlement_ref, currency;
SQL
# The rows' batch, settled and chained by sql/013's own backfill (db check
# recomputes the chain too).
{
    echo "insert into batches (id, source, job, file_sha256, file_name, file_path, status, records_read, settled, duplicates, rejected)
          values (1, 'bench-export', 'bench-export', sha256('export'), 'export.csv', '/export.csv', 'settled', 1000000, 1000000, 0, 0);
          select setval('batches_id_seq', 1);"
    sed -n '/^create temporary table chain_backfill_rows/,/^drop table chain_backfill_rows;/p' "$RECON_ROOT/sql/013_append_only_history_and_batch_chain.sql"
    sed -n '/^insert into settlement_group_files/,/;$/p' "$RECON_ROOT/sql/016_group_files.sql"
} | psql -d "$export_db" -q -v ON_ERROR_STOP=1 >/dev/null
psql -d "$export_db" -qc "vacuum analyze" >/dev/null
DATABASE_URL="$base_url/$export_db" "$recon" db check >/dev/null || { echo "export database is not consistent" >&2; exit 70; }
out="$work/export"
mkdir -p "$out"
time_export() { # output name, extra arguments -> seconds
    local name="$1" start end
    shift
    start=$(now)
    DATABASE_URL="$base_url/$export_db" "$recon" export settlements --from 2000-01-01 --to 2099-12-31 "$@" --out "$out/$name.csv" --quiet
    end=$(now)
    elapsed "$start" "$end"
}
time_group_by() {
    local start end
    start=$(now)
    psql -d "$export_db" -qc "\\copy (select merchant_id, settlement_ref, currency, sum(amount) as net, count(*), max(settlement_date)
        from transactions group by merchant_id, settlement_ref, currency) to '$out/floor.csv' csv"
    end=$(now)
    elapsed "$start" "$end"
}
declare -a full_ratio merchant_ratio range_ratio
printf '\n%-6s %-34s %10s %10s %8s\n' round case recon_s floor_s ratio
for round in $(seq 1 "$rounds"); do
    f=$(time_group_by); r=$(time_export recon)
    ratio=$(echo "$r / $f" | bc -l); full_ratio+=("$ratio")
    printf '%-6s %-34s %10.3f %10.3f %8.3f\n' "$round" "export all vs SQL group by" "$r" "$f" "$ratio"
    m=$(time_export merchant --merchant m-7)
    ratio=$(echo "$m / $r" | bc -l); merchant_ratio+=("$ratio")
    printf '%-6s %-34s %10.3f %10.3f %8.3f\n' "$round" "export --merchant vs export all" "$m" "$r" "$ratio"
    d=$(DATABASE_URL="$base_url/$export_db" bash -c "start=\$(date +%s.%N); '$recon' export settlements --from 2026-01-10 --to 2026-01-12 --out '$out/range.csv' --quiet; end=\$(date +%s.%N); echo \"\$end - \$start\" | bc -l")
    ratio=$(echo "$d / $r" | bc -l); range_ratio+=("$ratio")
    printf '%-6s %-34s %10.3f %10.3f %8.3f\n' "$round" "export 3 days vs export all" "$d" "$r" "$ratio"
done
printf '%-40s %8.3f %8s\n' "export all / SQL group by (median)" "$(printf '%s\n' "${full_ratio[@]}" | median)" "1.0"
printf '%-40s %8.3f %8s\n' "export --merchant / all (median)" "$(printf '%s\n' "${merchant_ratio[@]}" | median)" "0.2"
printf '%-40s %8.3f %8s\n' "export 3 days / all (median)" "$(printf '%s\n' "${range_ratio[@]}" | median)" "0.2"
printf '%-40s %8s %8s %8s\n' "rows exported (all, merchant, 3 days)" "$(($(wc -l < "$out/recon.csv") - 1))" \
    "$(($(wc -l < "$out/merchant.csv") - 1))" "$(($(wc -l < "$out/range.csv") - 1))"
rss_export() { # database
    DATABASE_URL="$base_url/$1" /usr/bin/time -v "$recon" export settlements --from 2000-01-01 --to 2099-12-31 --out "$out/rss.csv" --quiet 2>&1 >/dev/null \
        | awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}
if psql -d postgres -Atc "select 1 from pg_database where datname = 'bench_hist_10m'" | grep -q 1; then
    printf '%-40s %8s %8s\n' "peak RSS of export (MB), 62,500 / 1M groups" "$(rss_export "$export_db")" "$(rss_export bench_hist_10m)"
else
    printf '%-40s %8s\n' "peak RSS of export (MB), 62,500 groups" "$(rss_export "$export_db")"
fi
echo "plans of the export:"
psql -d "$export_db" -c "explain select * from settlement_groups g where g.settlement_date between '2026-01-10' and '2026-01-12' order by g.settlement_date, g.merchant_id, g.settlement_ref, g.currency" \
    -c "explain select * from settlement_groups g where g.settlement_date between '2000-01-01' and '2099-12-31' and g.merchant_id = 'm-7' order by g.settlement_date, g.merchant_id, g.settlement_ref, g.currency" \
    | grep -v '^$'
fi
