-- Manual matches (SPEC §9) and `recon show` (SPEC §7): the indexes that let
-- both find one group, one bank line and their history without a scan.
-- Forward-only: never edit once applied; add a new file.
--
-- A manual match is stored like any other match (settlement_groups closed,
-- recon_matches rows, the lines out of open_bank_lines) with rule 'manual';
-- no new table. Build time: the transactions index reads every partition
-- once (≈ 10 s per 10 million rows); run it while no recon command runs.

-- Reconcile looks at the manual matches every night (they stay out of the
-- automatic rules, and one whose net moved is reported): few rows.
create index settlement_groups_manual on settlement_groups (source) where match_rule = 'manual';

-- `recon match --group REF` and `recon show REF`: a group by its reference.
create index settlement_groups_ref on settlement_groups (settlement_ref, source);

-- `recon show`: a group's transactions, with the files and lines they came from
-- (one narrow key: every row of an ingest pays for it; README "Performance").
create index transactions_group on transactions (settlement_ref);

-- `recon match --line ID` and `recon show ID`: a bank line by bank_txn_id.
create index bank_lines_txn_id on bank_lines (job, bank_txn_id) where bank_txn_id is not null;

-- `recon show`: the match and unmatch entries of a group (they name items,
-- not one exception).
create index recon_audit_log_group on recon_audit_log (job, (items ->> 'settlement_ref'), id)
    where exception_id is null;

-- `recon show` of an unmatched group: the nearest open lines by amount.
create index open_bank_lines_amount on open_bank_lines (job, currency, amount);

-- `recon show` of an unmatched bank line: the nearest open groups by net.
create index settlement_groups_open_net on settlement_groups (source, currency, net) where not closed;
