# Section 8 (exceptions) of ops/bench; sourced by it, with its variables
# ($rounds, $what, $work, $recon, $base_url) and helpers (fresh_database,
# make_history, now, elapsed, median).
#
#   a. `recon exceptions list --format csv` over 100,000 open exceptions vs a
#      plain SQL select of the same rows and columns written with `psql \copy`
#      (target <= 2.0).
#   b. `recon show` of one group (10 transactions, one bank line, exceptions
#      and audit entries) in a database of 10,000,000 transactions vs the same
#      in one of 100,000 (target <= 1.5); the plans of its lookups are printed.

# 100,000 open and acknowledged exceptions of job bench-exc in three
# currencies and every listed kind, written by SQL in the shape the nightly
# sync keeps them (untimed).
make_exceptions() { # database
    fresh_database "$1"
    psql -d "$1" -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
insert into recon_exceptions (job, identity, exception_id, kind, merchant_id, settlement_ref, currency, bank_account,
                              bank_txn_id, bank_line_id, state, owner, expected_amount, bank_amount, difference, at_stake,
                              txn_count, settlement_date, booking_date, detail, first_seen, last_note, changed_by)
select 'bench-exc', 'identity-' || i,
       'EX-' || upper(lpad(to_hex(i), 10, '0')),
       (array['MISSING_IN_BANK','UNEXPECTED_BANK_LINE','AMOUNT_MISMATCH','DUPLICATE_BANK_LINE'])[1 + i % 4],
       'm-' || (i % 50), 'XREF-' || i, (array['EUR','USD','JPY'])[1 + i % 3], 'DE-EXC', 'XB-' || i, i,
       case when i % 10 = 0 then 'acknowledged' else 'open' end, case when i % 10 = 0 then 'ana' end,
       1000 + (i * 7919) % 1000000, null, null, 1000 + (i * 7919) % 1000000, 3,
       date '2026-11-01' + i % 20, null, 'detail ' || i, date '2026-11-01' + i % 20,
       case when i % 7 = 0 then 'asked the bank, ticket ' || i end, 'recon'
from generate_series(1, 100000) i;
SQL
    psql -d "$1" -qc "vacuum analyze recon_exceptions" >/dev/null
}

if [ "$what" = all ] || [ "$what" = exceptions ]; then
echo
echo "==> exceptions inputs (untimed): 100,000 open exceptions; 100,000 and 10,000,000 transactions of history"
exc_db=bench_exc
make_exceptions "$exc_db"
exc_dir="$work/inputs/exceptions"
mkdir -p "$exc_dir"
for name in bench-exc bench-hist; do
    cat > "$exc_dir/$name.yaml" <<JOB
name: $name
source: $name
timezone: UTC
transactions: { path: ., pattern: "none" }
keyring: $RECON_ROOT/fixtures/keyring.yaml
reports: { path: $work/reports-exc }
JOB
done
time_list() {
    local start end
    start=$(now)
    DATABASE_URL="$base_url/$exc_db" "$recon" exceptions list "$exc_dir/bench-exc.yaml" --format csv > "$exc_dir/list.csv"
    end=$(now)
    elapsed "$start" "$end"
}
time_list_floor() {
    local start end
    start=$(now)
    psql -d "$exc_db" -qc "\\copy (select exception_id, kind, state, owner, settlement_ref, merchant_id, currency, at_stake,
        first_seen, current_date - first_seen, bank_txn_id, last_note from recon_exceptions
        where job = 'bench-exc' and state in ('open', 'acknowledged') order by at_stake desc) to '$exc_dir/floor.csv' csv header"
    end=$(now)
    elapsed "$start" "$end"
}
declare -a list_ratio
printf '\n%-6s %-40s %10s %10s %8s\n' round case recon_s floor_s ratio
for round in $(seq 1 "$rounds"); do
    f=$(time_list_floor); r=$(time_list)
    ratio=$(echo "$r / $f" | bc -l); list_ratio+=("$ratio")
    printf '%-6s %-40s %10.3f %10.3f %8.3f\n' "$round" "exceptions list csv vs SQL \\copy" "$r" "$f" "$ratio"
done
printf '%-46s %8.3f %8s\n' "exceptions list / \\copy (median)" "$(printf '%s\n' "${list_ratio[@]}" | median)" "2.0"
printf '%-46s %8s %8s\n' "rows listed (recon, \\copy)" "$(($(wc -l < "$exc_dir/list.csv") - 1))" "$(($(wc -l < "$exc_dir/floor.csv") - 1))"

# The shown group HREF-4242 gets an exception with three audit entries and
# a manual match entry; one group in 100 an exception (10,000 at 10M).
add_story() { # database
    psql -d "$1" -q -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
insert into recon_exceptions (job, identity, exception_id, kind, merchant_id, settlement_ref, currency, state,
                              resolution, at_stake, detail, first_seen, last_note, changed_by)
select 'bench-hist', 'story-' || g, 'EX-' || upper(lpad(to_hex(g), 10, '0')), 'MISSING_IN_BANK', 'm-' || (g % 50),
       'HREF-' || g, 'EUR', 'resolved', 'explained', 10000, 'late payout', date '2026-11-01',
       'paid late', 'ana'
from generate_series(0, (select count(*) from settlement_groups) - 1, 100) g;
insert into recon_audit_log (by_name, action, job, exception_id, from_state, to_state, note)
select who, what, 'bench-hist', 'EX-' || upper(lpad(to_hex(4200), 10, '0')), f, t, 'step ' || n
from (values (1, 'ana', 'ack', 'open', 'acknowledged'), (2, 'ana', 'resolve', 'acknowledged', 'resolved'),
             (3, 'bo', 'note', 'resolved', 'resolved')) s(n, who, what, f, t);
insert into recon_audit_log (by_name, action, job, items, note)
values ('ana', 'match', 'bench-hist', '{"merchant_id": "m-0", "settlement_ref": "HREF-4200", "currency": "EUR"}', 'by hand');
SQL
    psql -d "$1" -qc "vacuum analyze" >/dev/null
}
# A database is built once and kept (RECON_BENCH_DIR): 10M rows take minutes.
ensure_history() { # database transactions
    if psql -d "$1" -Atc "select 1 from schema_migrations where version = '011_manual_matches'" 2>/dev/null | grep -q 1 \
        && psql -d "$1" -Atc "select 1 from recon_exceptions limit 1" | grep -q 1; then
        return
    fi
    make_history "$1" "$2"
    add_story "$1"
}
ensure_history bench_show_100k 100000
ensure_history bench_show_10m 10000000
time_show() { # database -> seconds of 20 `recon show` runs
    local start end
    start=$(now)
    for _ in $(seq 1 20); do
        DATABASE_URL="$base_url/$1" "$recon" show "$exc_dir/bench-hist.yaml" HREF-4200 --format json > "$exc_dir/show-$1.json"
    done
    end=$(now)
    elapsed "$start" "$end"
}
declare -a show_ratio
printf '\n%-6s %-40s %10s %10s %8s\n' round case 10M_s 100k_s ratio
for round in $(seq 1 "$rounds"); do
    small=$(time_show bench_show_100k); big=$(time_show bench_show_10m)
    ratio=$(echo "$big / $small" | bc -l); show_ratio+=("$ratio")
    printf '%-6s %-40s %10.3f %10.3f %8.3f\n' "$round" "20 x recon show, 10M vs 100k transactions" "$big" "$small" "$ratio"
done
printf '%-46s %8.3f %8s\n' "recon show 10M / 100k (median)" "$(printf '%s\n' "${show_ratio[@]}" | median)" "1.5"
# The same story at both sizes, but for when each database was built.
if diff <(grep -v '"at"\|"changed_at"' "$exc_dir/show-bench_show_100k.json") \
        <(grep -v '"at"\|"changed_at"' "$exc_dir/show-bench_show_10m.json") >/dev/null; then
    echo "the two stories are the same (timestamps aside)"
else
    echo "the two stories differ (see $exc_dir/show-*.json)"
fi
echo "plans of recon show's lookups on 10M transactions:"
psql -d bench_show_10m \
    -c "explain (costs off) select * from settlement_groups where settlement_ref = 'HREF-4200' and source = 'bench-hist'" \
    -c "explain (costs off) select b.file_name, t.type, count(*), sum(t.amount) from transactions t join batches b on b.id = t.batch_id
        where t.settlement_ref = 'HREF-4200' and t.merchant_id = 'm-0' and t.currency = 'EUR' and t.source = 'bench-hist'
        group by b.id, b.file_name, t.type" \
    -c "explain (costs off) select * from bank_lines l left join recon_matches m on m.bank_line_id = l.id
        left join open_bank_lines o on o.bank_line_id = l.id where l.id = any('{4201}'::bigint[])" \
    -c "explain (costs off) select * from recon_exceptions where job = 'bench-hist' and merchant_id = 'm-0'
        and settlement_ref = 'HREF-4200' and currency = 'EUR' union select * from recon_exceptions
        where job = 'bench-hist' and bank_line_id = any('{4201}'::bigint[])" \
    -c "explain (costs off) select * from recon_audit_log a where a.job = 'bench-hist' and a.exception_id is null
        and a.items ->> 'settlement_ref' = 'HREF-4200'" \
    | grep -v '^$'
fi
