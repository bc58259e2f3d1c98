-- Database roles for running recon with least privilege (ops/RUNBOOK.md, "Database roles").
-- Forward-only: never edit this file once applied; add a new one.
--
--   recon_app       what `recon run/ingest/reconcile/rerun/worker/batches` need:
--                   SELECT/INSERT/UPDATE/DELETE on recon's tables, USAGE on
--                   their sequences, TEMPORARY on the database (settlement and
--                   statement import use CREATE TEMP TABLE ... ON COMMIT DROP).
--                   No DDL, no schema CREATE, read-only on schema_migrations.
--   recon_readonly  SELECT only: exports, finance dashboards, auditors.
--
-- Both are created NOLOGIN: operators give a login role or a password
-- themselves, from a secret store (never in git): ALTER ROLE recon_app LOGIN
-- PASSWORD '...'; or GRANT recon_app TO some_login_role.
--
-- Requirements: the role running `recon db migrate` owns recon's tables (it ran
-- 001/002) and, the first time in a cluster, has CREATEROLE (or is superuser):
-- roles are cluster-wide, privileges are per database. When the roles already
-- exist (created by a DBA, or by this migration in another database of the same
-- cluster) CREATEROLE is not needed and the existing roles are not altered.
-- Safe when several databases of one cluster migrate at the same time (tests).

DO $$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['recon_app', 'recon_readonly'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE format(
                    'CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
                    wanted);
                IF wanted = 'recon_readonly' THEN
                    -- Defence in depth: even a stray grant cannot make it write.
                    EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', wanted);
                END IF;
            EXCEPTION
                -- Another database of this cluster created it concurrently.
                WHEN duplicate_object OR unique_violation THEN
                    RAISE NOTICE 'role % was created concurrently; using it', wanted;
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'cannot create role %: the migrating role % lacks CREATEROLE', wanted, current_user
                        USING HINT = 'Have a DBA run CREATE ROLE ' || wanted || ' NOLOGIN; (or grant CREATEROLE) and run recon db migrate again.';
            END;
        END IF;
    END LOOP;

    -- Connecting and temporary tables are PUBLIC's by default; granted
    -- explicitly so that a hardened database (REVOKE ... FROM PUBLIC) still
    -- works. Only the database owner (or a holder of the grant option) can.
    IF has_database_privilege(current_user, current_database(), 'CONNECT WITH GRANT OPTION') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO recon_app, recon_readonly', current_database());
        EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO recon_app', current_database());
    ELSE
        RAISE NOTICE 'not the owner of database %: CONNECT/TEMPORARY left to PUBLIC''s defaults', current_database();
    END IF;

    -- No role but the owner may create objects in schema public. PostgreSQL
    -- 15+ already withholds CREATE from PUBLIC; older versions granted it.
    IF pg_has_role(current_user, (SELECT nspowner FROM pg_catalog.pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO recon_app, recon_readonly;
    ELSE
        RAISE NOTICE 'not the owner of schema public: CREATE for PUBLIC left as it is';
    END IF;
END
$$;

-- Existing tables and sequences (001, 002 and the migrator's own table).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO recon_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO recon_app;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO recon_readonly;
-- The application reads which migrations are applied but never records one.
-- (The table is the migrator's own; absent when this file is applied by hand.)
DO $$
BEGIN
    IF to_regclass('public.schema_migrations') IS NOT NULL THEN
        REVOKE INSERT, UPDATE, DELETE ON public.schema_migrations FROM recon_app;
    END IF;
END
$$;

-- Tables and sequences that later migrations create (as the migrating role).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO recon_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO recon_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO recon_readonly;
