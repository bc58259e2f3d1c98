extension JCS {
    /// Appends the JSON number `text` in the form ECMAScript's
    /// `Number.prototype.toString` gives its double value (RFC 8785 §3.2.2.3).
    static func appendNumber(_ text: String, into output: inout [UInt8]) throws {
        guard isJSONNumberAlphabet(text), let value = Double(text), value.isFinite else {
            throw JCSError.invalidNumber(text)
        }
        output.append(contentsOf: ecmaScriptString(value).utf8)
    }

    /// `Number.prototype.toString(value)`; `NaN` and `Infinity` as ECMAScript
    /// writes them, although JSON (and so JCS) has no form for them.
    ///
    /// Swift's `description` already yields the shortest digits that round-trip
    /// (the digits ECMAScript asks for); only the layout differs, so this takes
    /// the digits and decimal exponent from it and lays them out per ES2015
    /// §7.1.12.1.
    public static func ecmaScriptString(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }  // also -0
        let (digits, pointPosition) = shortestDigits(of: value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + layOut(digits: digits, pointPosition: pointPosition)
    }

    /// The shortest round-trip decimal digits `d1…dk` (no leading or trailing
    /// zeros) and `n` such that the value is `0.d1…dk × 10^n`.
    private static func shortestDigits(of magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        let description = Array(magnitude.description.utf8)  // e.g. 1.5, 1e-07, 1.2e+16
        var mantissa = description[...]
        var exponent = 0
        if let exponentMark = description.firstIndex(of: UInt8(ascii: "e")) {
            mantissa = description[..<exponentMark]
            exponent = Int(String(decoding: description[(exponentMark + 1)...], as: UTF8.self)) ?? 0
        }
        var digits = mantissa.filter { $0 != UInt8(ascii: ".") }
        var pointPosition = (mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.endIndex) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, pointPosition)
    }

    private static func layOut(digits: [UInt8], pointPosition n: Int) -> String {
        let k = digits.count
        let text = String(decoding: digits, as: UTF8.self)
        if k <= n && n <= 21 {
            return text + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(text.prefix(n)) + "." + String(text.dropFirst(n))
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + text
        }
        let exponent = n - 1
        let exponentText = (exponent < 0 ? "e-" : "e+") + String(exponent.magnitude)
        if k == 1 { return text + exponentText }
        return String(text.prefix(1)) + "." + String(text.dropFirst()) + exponentText
    }

    /// `Double(_:)` also reads `nan`, `inf` and hex floats; a JSON number never
    /// contains anything outside this alphabet.
    private static func isJSONNumberAlphabet(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
            }
    }
}
