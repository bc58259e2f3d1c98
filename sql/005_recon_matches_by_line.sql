-- recon_matches keyed by the bank line alone, with no second index.
-- Forward-only: never edit once applied; add a new file.
--
-- A night of a million clean matches writes a million rows here, and every
-- index is paid for on every row: the (job, merchant, ref, currency) index
-- and a text primary key cost more than the rows themselves. Bank line ids
-- are unique across jobs (bank_lines.id), so the line id alone still keeps a
-- line from being claimed twice. Nothing looks matches up by group one at a
-- time: the nightly load and the export join them in bulk (hash joins).
alter table recon_matches drop constraint recon_matches_pkey;
alter table recon_matches add primary key (bank_line_id);
drop index recon_matches_group;
