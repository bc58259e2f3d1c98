/// `batch_chain` (sql/013): one link per settled batch, chained per source.
///
/// A link holds the digest of the batch's rows (each row's digest over its
/// stored fields, in line order) and the chain digest over the previous
/// link, the batch's identity and counts and the rows digest; beside it,
/// `batch_row_fingerprints` holds a 4-byte fingerprint of each row (to name
/// the row that changed). recon_app cannot write links itself:
/// `recon_chain_batch()` (SECURITY DEFINER) adds the link of a batch it just
/// settled, in the settling transaction, and no role but the owner can
/// change a link or a fingerprint.
public enum BatchChainTable {
    /// The binary COPY of one part of a batch's fingerprints (`batch_id`,
    /// `part`, `fingerprints`; sql/017: one part per settlement segment).
    public static let copyFingerprints =
        "copy batch_row_fingerprints (batch_id, part, fingerprints) from stdin with (format binary)"

    /// Links a batch settled on the fast path, whose row digests were
    /// computed while it was verified (ReconEngine's BatchChainDigest), after
    /// its fingerprints were copied.
    public static func link(batchID: Int64, rowsSHA256: [UInt8]) -> SQL {
        "select recon_chain_batch(\(batchID), \(.bytea(rowsSHA256)))"
    }

    /// Links a batch settled on the careful path from its staged rows: the
    /// ones whose key this batch registered (not the duplicates and
    /// conflicts), digested by the database as `recon db check` does.
    public static func linkFromStaging(_ staging: String, batchID: Int64) -> SQL {
        """
        with settled as (
            select s.line, \(sql: rowDigest(of: "s")) as digest
            from \(sql: SQL(stringLiteral: staging)) s
            join transaction_keys k on k.txn_id = s.txn_id collate "C" and k.source = s.source collate "C"
            where k.batch_id = \(batchID) and k.line = s.line
        ), fingerprinted as (
            insert into batch_row_fingerprints (batch_id, fingerprints)
            select \(batchID), coalesce(string_agg(int4send(line) || substr(digest, 1, 4), ''::bytea order by line), ''::bytea)
            from settled
        )
        select sha256(coalesce(string_agg(digest, ''::bytea order by line), ''::bytea)) from settled
        """
    }

    /// Links a batch whose fingerprints are in (careful path): the rows
    /// digest comes from ``linkFromStaging``.
    public static func link(batchID: Int64, rowsSHA256 digest: PostgresValue) -> SQL {
        "select recon_chain_batch(\(batchID), \(digest))"
    }

    /// sql/013's digest of one `transactions` row under `alias`.
    static func rowDigest(of alias: String) -> SQL {
        let columns = ["txn_id", "merchant_id", "type", "amount", "currency", "created_at", "settlement_date",
                       "settlement_ref", "key_id", "content_sha256", "line"]
        return SQL(stringLiteral: "recon_transaction_digest(" + columns.map { alias + "." + $0 }.joined(separator: ", ") + ")")
    }

    /// The last link of each source: what an operator writes down (or a
    /// monitoring job stores elsewhere) to notice later that the newest
    /// batches were removed together with their links.
    public static let heads: SQL = """
        select source, chain_position, batch_id, encode(chain_sha256, 'hex')
        from batch_chain c
        where chain_position = (select max(chain_position) from batch_chain p where p.source = c.source)
        order by source
        """
}
