import Foundation
import Synchronization

/// Riposte's identifiers: ULIDs (26 Crockford base-32 characters, time-ordered).
///
/// Ordering by identifier is ordering by creation time to the millisecond, which is what cursor
/// paging and "newest first" listings rely on.
public enum RiposteID {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private struct Last {
        var milliseconds: UInt64 = 0
        var high: UInt16 = 0
        var low: UInt64 = 0
    }

    private static let last = Mutex(Last())

    /// A new identifier, greater than every identifier this process made before (monotonic ULID:
    /// within one millisecond, or if the clock steps back, the previous random part plus one).
    public static func make(at date: Date = Date()) -> String {
        let now = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let (milliseconds, high, low) = last.withLock { last -> (UInt64, UInt16, UInt64) in
            if now > last.milliseconds {
                var generator = SystemRandomNumberGenerator()
                // Leave headroom so increments within a millisecond never overflow.
                last = Last(milliseconds: now, high: UInt16.random(in: 0...0x7FFF, using: &generator), low: generator.next())
            } else {
                let (low, overflow) = last.low.addingReportingOverflow(1)
                last.low = low
                if overflow { last.high &+= 1 }
            }
            return (last.milliseconds, last.high, last.low)
        }
        return encode(milliseconds: milliseconds, high: high, low: low)
    }

    private static func encode(milliseconds: UInt64, high randomHigh: UInt16, low randomLow: UInt64) -> String {
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
