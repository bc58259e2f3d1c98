import ReconCore

/// What every statement fuzz target does with its input: parse it with
/// `parse`, then touch everything a command would (printing, balance checks,
/// each line's text and dates), and run format detection on the same bytes.
public func exerciseStatementReader(
    _ bytes: [UInt8], fileName: String, parse: ([UInt8], String) throws -> [BankStatement]
) {
    do {
        let statements = try parse(bytes, fileName)
        _ = StatementPrinter.render(statements)
        for statement in statements {
            _ = BalanceCheck.check(statement)
            for line in statement.lines {
                _ = line.description.utf8.count + (line.reference?.utf8.count ?? 0)
                _ = line.bookingDate.description
            }
        }
    } catch {
        _ = "\(error)"
    }
    _ = StatementFormat.detect(data: bytes, fileName: fileName)
}
