import Foundation

/// Riposte's identifiers: ULIDs (26 Crockford base-32 characters, time-ordered).
///
/// Ordering by identifier is ordering by creation time to the millisecond, which is what cursor
/// paging and "newest first" listings rely on.
public enum RiposteID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new identifier for something created at `date`.
    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }

    /// A new identifier drawing its random part from `generator`.
    public static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let randomHigh = UInt16.random(in: .min ... .max, using: &generator)
        let randomLow = UInt64.random(in: .min ... .max, using: &generator)
        var out = [UInt8](repeating: 0, count: 26)
        // 48 bits of time in 10 characters (the first carries 3 bits).
        var time = milliseconds
        for index in stride(from: 9, through: 0, by: -1) {
            out[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        // 80 random bits in 16 characters.
        var low = randomLow
        var high = UInt64(randomHigh)
        for index in stride(from: 25, through: 10, by: -1) {
            out[index] = alphabet[Int(low & 31)]
            low = (low >> 5) | ((high & 31) << 59)
            high >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` has the shape of a Riposte identifier.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 26 && text.utf8.allSatisfy { alphabet.contains($0) }
    }
}
