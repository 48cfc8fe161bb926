/// The header of a ring file, checked the way Docs/ring-file-format.md says a reader must
/// before it trusts a byte of the slots.
///
/// Every size is checked against the bytes there are (the file's size), in 64-bit arithmetic:
/// a header with an absurd capacity, slot size or total can neither make a reader allocate
/// more than the file holds nor read past its end.
struct RingFileHeader: Equatable {
    static let magic = Array("CRUMRING".utf8)
    /// Bytes of a version-1 or -2 header; the slots begin at `headerBytes` (at least 192).
    static let size = 256
    /// The versions this reader reads: 2 is 1 with tokens in the crumbs (Docs/ring-file-format.md).
    static let versions: ClosedRange<UInt32> = 1...2
    static let byteOrder: UInt32 = 0x0102_0304

    // Offsets of the fields (the format's header table).
    static let stateOffset = 40
    static let headOffset = 64
    static let startOffset = 128

    /// 1, or 2 when its crumbs hold tokens.
    var version: UInt32
    var headerBytes: Int
    var capacity: Int
    var slotBytes: Int
    var stride: Int
    var totalBytes: Int
    /// `state` when the header was read: 0 recording, 1 frozen by the crash hook, 2 detached.
    var state: UInt32
    var pid: Int32
    /// Field 22 of `/proc/PID/stat` when the file was made; 0 when unknown.
    var processStart: UInt64
    /// When the file was made, nanoseconds since 1970 (`CLOCK_REALTIME`).
    var createdNanoseconds: UInt64
    /// `/proc/sys/kernel/random/boot_id` when the file was made; empty when unknown.
    var bootID: String

    /// The file size the header at `base` (``size`` bytes at least) gives.
    static func declaredBytes(_ base: UnsafePointer<UInt8>) -> Int {
        Int(truncatingIfNeeded: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: 32, as: UInt64.self) & 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// True when `count` bytes at `base` begin like a ring file: the magic, or the start of it
    /// (a ring file cut short inside its magic is still a damaged ring file, not text).
    static func looksLikeRingFile(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        let prefix = min(count, magic.count)
        guard prefix >= 4 else { return false }
        for index in 0..<prefix where base[index] != magic[index] { return false }
        return true
    }

    /// Reads and checks the header of the `count` bytes at `base` (a whole ring file).
    static func read(_ base: UnsafeRawPointer, count: Int) -> Result<RingFileHeader, RingFileRefusal> {
        guard count >= size else { return .failure(.damaged("cut short at \(count) bytes (its header alone is \(size))")) }
        func u32(_ offset: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        func u64(_ offset: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        for index in magic.indices where base.load(fromByteOffset: index, as: UInt8.self) != magic[index] {
            return .failure(.damaged("its magic is not CRUMRING"))
        }
        if u32(12) == byteOrder.byteSwapped {
            return .failure(.unreadable("a ring file of the other byte order (written on a big-endian machine): not read"))
        }
        guard u32(12) == byteOrder else { return .failure(.damaged("byte order mark \(hex(u32(12))), not \(hex(byteOrder))")) }
        guard versions.contains(u32(8)) else {
            return .failure(.unreadable(
                "a ring file of version \(u32(8)): this crumbtui reads versions \(versions.lowerBound) to \(versions.upperBound)"))
        }
        let headerBytes = UInt64(u32(16)), capacity = UInt64(u32(20)), slotBytes = UInt64(u32(24)), stride = UInt64(u32(28))
        let totalBytes = u64(32)
        guard headerBytes >= 192, headerBytes % 8 == 0 else {
            return .failure(.damaged("header size \(headerBytes) (at least 192, a multiple of 8)"))
        }
        guard capacity > 0 else { return .failure(.damaged("no slots (capacity 0)")) }
        guard slotBytes > 0, slotBytes % 8 == 0 else {
            return .failure(.damaged("slot size \(slotBytes) (more than 0, a multiple of 8)"))
        }
        guard stride == 16 + slotBytes else {
            return .failure(.damaged("slot stride \(stride), not 16 + slot size \(slotBytes)"))
        }
        // Each factor is below 2^33: the product and the sum fit in 64 bits.
        let computed = headerBytes + capacity * stride
        guard totalBytes == computed else {
            return .failure(.damaged("its header gives its size as \(totalBytes) bytes, its geometry as \(computed)"))
        }
        guard UInt64(count) == totalBytes else {
            let how = UInt64(count) < totalBytes ? "cut short" : "bytes after its last slot"
            return .failure(.damaged("\(count) bytes, its header says \(totalBytes) (\(how))"))
        }
        let bootID = UnsafeRawBufferPointer(start: base + 136, count: 40).prefix { $0 != 0 }
        return .success(RingFileHeader(
            version: u32(8), headerBytes: Int(headerBytes), capacity: Int(capacity), slotBytes: Int(slotBytes), stride: Int(stride),
            totalBytes: Int(totalBytes), state: u32(stateOffset), pid: Int32(bitPattern: u32(44)),
            processStart: u64(48), createdNanoseconds: u64(56), bootID: String(decoding: bootID, as: UTF8.self)))
    }

    private static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

    /// Whether its crumbs hold tokens (Docs/ring-file-format.md, "Tokens"): in version 1 a byte
    /// below 0x20 is only damage.
    var hasTokens: Bool { version >= 2 }

    /// Where the slot of `ticket` begins.
    func slotOffset(_ ticket: UInt64) -> Int { headerBytes + Int(ticket % UInt64(capacity)) * stride }

    /// The tickets still in the ring for `head` and `start`, oldest first: `first ..< head`.
    func window(head: UInt64, start: UInt64) -> Range<UInt64> {
        let lowest = head > UInt64(capacity) ? head - UInt64(capacity) : 0
        return min(max(start, lowest), head)..<head
    }
}

/// Why a file that begins like a ring file cannot be read, worded for the user.
enum RingFileRefusal: Error, Equatable {
    /// Its bytes break the format: cut short, zeroed, overwritten.
    case damaged(String)
    /// A whole ring file this reader does not read (another version or byte order).
    case unreadable(String)

    var message: String {
        switch self {
        case .damaged(let reason): return "a damaged ring file: " + reason
        case .unreadable(let reason): return reason
        }
    }
}
