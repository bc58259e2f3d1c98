-- One bank line paying several settlement groups (SPEC v1.1 §5.6).
-- Forward-only: never edit once applied; add a new file.
--
-- recon_matches: a many-to-one line has one row per group it pays, numbered
-- by `part` (0, 1, …); every other line keeps its single row at part 0, so
-- the key stays two integers (a text key would cost what sql/005 saved).
alter table recon_matches add column part smallint not null default 0;
alter table recon_matches drop constraint recon_matches_pkey;
alter table recon_matches add primary key (bank_line_id, part);

-- settlement_groups: `line_shared` marks a group whose line also pays other
-- groups. Releasing one of them (a rerun, a late transaction) must release
-- them all, since they hold one line together; the partial GIN index finds
-- the partners by line id among the few shared groups.
alter table settlement_groups add column line_shared boolean not null default false;
create index settlement_groups_shared_lines on settlement_groups using gin (bank_line_ids) where line_shared;
