/// Bank CSV rows → one statement per account, in order of the account's
/// first row (bank CSV has no statement boundaries of its own).
struct BankCSVStatementGrouper {
    /// True when accounts interleave: every statement is held to the end.
    let gathersAll: Bool
    private var statements: [BankStatement] = []
    private var indexByAccount: [String: Int] = [:]

    init(gathersAll: Bool) { self.gathersAll = gathersAll }

    /// Adds a row; returns the previous account's statement when its rows are
    /// over (accounts together) and it can be handed on.
    mutating func add(_ line: BankLine) -> BankStatement? {
        if let position = indexByAccount[line.account] {
            statements[position].lines.append(line)
            if statements[position].currency != line.currency { statements[position].currency = nil }
            return nil
        }
        var finished: BankStatement?
        if !gathersAll, let previous = statements.popLast() {
            indexByAccount = [:]
            finished = previous
        }
        indexByAccount[line.account] = statements.count
        statements.append(
            BankStatement(account: line.account, currency: line.currency, lines: [line], sourceLine: line.sourceLine))
        return finished
    }

    mutating func finish() -> [BankStatement] {
        defer { statements = [] }
        return statements
    }
}

/// The first physical line of a bank CSV file (up to 4 KiB), kept to name a
/// column in a limit error, and the byte order mark dropped before the splitter.
struct BankCSVHeaderLine {
    private(set) var text: [UInt8] = []
    private var isComplete = false
    private var head: [UInt8] = []
    private var markChecked = false

    /// The chunk's bytes for the splitter (nil while the first 3 bytes are
    /// not yet known: they may be a byte order mark).
    mutating func take(_ chunk: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var body = chunk
        if !markChecked {
            head += chunk
            guard head.count >= 3 else { return nil }
            body = dropMark()
        }
        collect(body)
        return body
    }

    /// What is left of a file shorter than 3 bytes.
    mutating func finish() -> ArraySlice<UInt8>? {
        guard !markChecked else { return nil }
        let body = dropMark()
        collect(body)
        return body
    }

    private mutating func dropMark() -> ArraySlice<UInt8> {
        markChecked = true
        let bytes = head
        head = []
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    private mutating func collect(_ body: ArraySlice<UInt8>) {
        guard !isComplete else { return }
        for byte in body {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || text.count == 4096 {
                isComplete = true
                return
            }
            text.append(byte)
        }
    }
}
