/// Currency codes as small numbers, so comparing two is one integer
/// comparison. A night holds a handful; the last one seen is tried first.
struct CurrencyNumbering {
    private(set) var names: [String] = []
    private var numbers: [String: Int32] = [:]
    private var last: Int32 = -1

    mutating func number(_ code: UnsafeRawBufferPointer) -> Int32 {
        if last >= 0, names[Int(last)].utf8.elementsEqual(code) { return last }
        let name = String(decoding: code, as: UTF8.self)
        if let known = numbers[name] {
            last = known
            return known
        }
        last = Int32(names.count)
        names.append(name)
        numbers[name] = last
        return last
    }
}
