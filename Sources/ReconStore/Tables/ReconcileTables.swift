/// `recon_matches` (sql/005; `part` since sql/012): what reconcile decided,
/// one row per claimed bank line (per line and group for a many-to-one line).
public enum ReconMatchesTable {
    /// The prematch's rows, which take `part`'s default 0.
    public static let columns = ColumnList(
        "job", "bank_line_id", "merchant_id", "settlement_ref", "currency", "rule", "kind", "net_at_match", "matched_on")
    /// The Reconciler's rows: a many-to-one line has one row per group.
    public static let columnsWithPart = columns.appending("part")

    public static let copyRows = "copy recon_matches (\(columns.sql)) from stdin with (format binary)"
    public static let copyRowsWithPart = "copy recon_matches (\(columnsWithPart.sql)) from stdin with (format binary)"

    /// Forgets the matches of the lines listed in `relation` (column `id`).
    public static func deleteLines(idsIn relation: String) -> SQL {
        "delete from recon_matches where bank_line_id in (select id from \(identifier: relation))"
    }

    /// Takes back the prematch's pairs of these lines (a later line made
    /// their reference ambiguous).
    public static func retract(job: String, bankLineIDs: [Int64]) -> SQL {
        "delete from recon_matches where job = \(job) and bank_line_id = any(\(array: bankLineIDs)::bigint[])"
    }
}

/// `recon_mismatches` (sql/005): each night's mismatches, by job and run date.
public enum ReconMismatchesTable {
    public static let columns = ColumnList("job", "run_date", "identity", "kind", "first_seen", "detail")
    public static let copyRows = "copy recon_mismatches (\(columns.sql)) from stdin with (format binary)"

    /// A rerun of `runDate` replaces that night's and later nights' rows.
    public static func deleteNights(job: String, onOrAfter runDate: PostgresValue) -> SQL {
        "delete from recon_mismatches where job = \(job) and run_date >= \(runDate)"
    }

    /// The identities of the latest night before `runDate` (for the
    /// summary's new and resolved counts).
    public static func identitiesOfNightBefore(job: String, _ runDate: PostgresValue) -> SQL {
        """
        select identity from recon_mismatches where job = \(job) and run_date =
            (select max(run_date) from recon_mismatches where job = \(job) and run_date < \(runDate))
        """
    }
}

/// `mismatch_first_seen` (sql/005): the first night each mismatch identity
/// was reported, looked up through the temporary `reconcile_identities`.
public enum MismatchFirstSeenTable {
    public static let createTonightsIdentities: SQL =
        "create temporary table if not exists reconcile_identities (identity text primary key) on commit drop"
    public static let copyTonightsIdentities = "copy reconcile_identities (identity) from stdin with (format binary)"

    /// `identity, first_seen` of tonight's identities seen before.
    public static func stored(job: String) -> SQL {
        """
        select f.identity, f.first_seen::text from mismatch_first_seen f
        join reconcile_identities i on i.identity = f.identity where f.job = \(job)
        """
    }

    /// Records tonight for the identities not seen before; keeps the
    /// earlier night of the others.
    public static func record(job: String, runDate: PostgresValue) -> SQL {
        """
        insert into mismatch_first_seen (job, identity, first_seen)
        select \(job), identity, \(runDate) from reconcile_identities
        on conflict (job, identity) do update set first_seen = least(mismatch_first_seen.first_seen, excluded.first_seen)
        """
    }
}

/// The temporary tables a night fills and then reads through joins: their
/// statistics are taken before they are read, or the planner takes them
/// for empty.
public enum NightTables {
    public static let releasedLines = "reconcile_released_lines"
    public static let tonightsIdentities = "reconcile_identities"
    public static let pairs = "reconcile_pairs"
    public static let groupStates = "reconcile_group_state"

    public static func analyze(_ table: String) -> SQL { "analyze \(identifier: table)" }

    /// The two tables ``ReferencePrematch`` leaves for the Reconciler.
    public static let createRest: [SQL] = [
        """
        create temporary table if not exists reconcile_rest_groups
            (merchant_id text collate "C", settlement_ref text collate "C", currency text collate "C") on commit drop
        """,
        "create temporary table if not exists reconcile_rest_lines (id bigint) on commit drop",
    ]
    public static let copyRestGroups =
        "copy reconcile_rest_groups (merchant_id, settlement_ref, currency) from stdin with (format binary)"
    public static let copyRestLines = "copy reconcile_rest_lines (id) from stdin with (format binary)"
}
