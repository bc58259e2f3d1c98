import ReconCore
import ReconStore

/// Rows of `recon batches`: status, attempts, counts and errors per batch.
public enum BatchListing {
    public typealias Row = BatchesTable.Listed

    public static func load(database: Database, source: String, status: String?) throws -> [Row] {
        let connection = try database.connectReady()
        return BatchesTable.decodeListing(try connection.execute(BatchesTable.listing(source: source, status: status)))
    }
}
