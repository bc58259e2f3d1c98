-- Overlapping statements (SPEC §4 v1.1): a statement may repeat lines an
-- earlier-imported statement already stored. bank_lines keeps each line once,
-- with the statement that stored it first; this table records every other
-- statement that delivered it, so the lines two statements share (their
-- overlap) are known whatever order the files arrived in:
-- next.opening + sum(shared lines) = previous.closing is then no gap.
-- No foreign keys, as in recon_matches: nothing deletes statements or lines,
-- and tests truncate those tables without naming this one.
create table bank_statement_repeats (
    statement_id bigint not null,  -- bank_statements.id of the repeating statement
    bank_line_id bigint not null,  -- bank_lines.id of the line it repeated
    primary key (statement_id, bank_line_id)
);
create index bank_statement_repeats_line on bank_statement_repeats (bank_line_id);
