extension CrumbLine {
    /// Writes one part of the line, given as UTF-8 (invalid sequences are repaired): escaped for
    /// display, and for a `.token` quoted when the rules say so.
    ///
    /// Most parts need neither (`worker-3`, `db.query`, `req-7`): they are copied eight bytes at
    /// a time, looked at as they are stored, and done. A part with something in it that may
    /// need a rule is written again over that copy, a byte or a character at a time.
    @inlinable @inline(__always)
    @_spi(CrumbCodec) public static func write(_ bytes: UnsafeBufferPointer<UInt8>, as form: Form, to out: inout ByteBuffer) {
        let count = bytes.count
        guard let text = bytes.baseAddress, count > 0 else {
            if form == .token { out.append("\"\"") }
            return
        }
        // Every rule makes at most three bytes of one (an invalid byte becomes U+FFFD); then
        // the quotes and a word's slack.
        out.reserve(3 &* count &+ 16)
        let source = UnsafeRawPointer(text)
        let target = UnsafeMutableRawPointer(out.cursor)
        var flagged: UInt64 = 0
        if count >= 8 {
            var offset = 0
            while offset &+ 8 < count {
                let word = source.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                target.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
                flagged |= mayNeedRule(word, form)
                offset &+= 8
            }
            let word = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            target.storeBytes(of: word, toByteOffset: count &- 8, as: UInt64.self)
            flagged |= mayNeedRule(word, form)
        } else if count >= 4 {
            let first = source.loadUnaligned(as: UInt32.self)
            let last = source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            target.storeBytes(of: first, as: UInt32.self)
            target.storeBytes(of: last, toByteOffset: count &- 4, as: UInt32.self)
            flagged = mayNeedRule(UInt64(first) | UInt64(last) << 32, form)
        } else {
            // Fewer than four bytes: the rest of the word is `a`, which nothing flags.
            var word: UInt64 = 0x6161_6161_6161_6161
            for index in 0..<count {
                target.storeBytes(of: text[index], toByteOffset: index, as: UInt8.self)
                word = word & ~(0xFF &<< (8 &* UInt64(index))) | UInt64(text[index]) &<< (8 &* UInt64(index))
            }
            flagged = mayNeedRule(word, form)
        }
        if flagged == 0 {
            out.count &+= count
        } else {
            writeByRules(text, count, form, &out)
        }
    }

    /// High bits in the bytes of `word` that may need a rule (any of them being set is exact;
    /// which ones are set is not): for `.bare` a control character, DEL or a non-ASCII byte; for
    /// `.token` also a space, `"`, `=`, and `{` with the three bytes above it (`|`, `}`, `~`, of
    /// which only `}` needs one: one test for all four).
    @inlinable @inline(__always)
    static func mayNeedRule(_ word: UInt64, _ form: Form) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        if form == .bare {
            return ((word &- ones &* 0x20) & ~word | word | ((word & ~highs) &+ ones)) & highs
        }
        let quote = word ^ (ones &* 0x22)
        let equals = word ^ (ones &* 0x3D)
        return ((word &- ones &* 0x21) & ~word | word | ((word & ~highs) &+ ones &* 0x05)
            | (quote &- ones) & ~quote | (equals &- ones) & ~equals) & highs
    }

    /// The rules a byte or a character at a time, written over the fast path's copy.
    @usableFromInline
    static func writeByRules(_ text: UnsafePointer<UInt8>, _ count: Int, _ form: Form, _ out: inout ByteBuffer) {
        var printable = true, quoted = false, backslashed = false
        for index in 0..<count {
            switch text[index] {
            case 0x20, 0x3D, 0x7B, 0x7D: quoted = true
            case 0x22: quoted = true; backslashed = true
            case 0x5C: backslashed = true
            case 0x21...0x7E: break
            default: printable = false
            }
        }
        if !printable {
            writeScalars(text, count, form, &out)
            return
        }
        guard form == .token, quoted else {
            // Printable ASCII that needs nothing (`|`, `~`): the copy stands.
            out.count &+= count
            return
        }
        var target = out.cursor
        target[0] = 0x22
        target += 1
        if backslashed {
            for index in 0..<count {
                let byte = text[index]
                if byte == 0x22 || byte == 0x5C {
                    target[0] = 0x5C
                    target += 1
                }
                target[0] = byte
                target += 1
            }
        } else {
            target.update(from: text, count: count)
            target += count
        }
        target[0] = 0x22
        out.count = target + 1 - out.base
    }

    /// The general case, a character at a time: decide whether a token is quoted, then write.
    @usableFromInline
    static func writeScalars(_ text: UnsafePointer<UInt8>, _ count: Int, _ form: Form, _ out: inout ByteBuffer) {
        var quoted = false
        if form == .token {
            var index = 0
            while index < count, !quoted {
                let scalar = UTF8Check.scalar(text, at: index, end: count)
                if scalar.valid {
                    switch scalar.value {
                    case 0x20, 0x22, 0x3D, 0x7B, 0x7D: quoted = true
                    default: quoted = DisplayText.needsEscape(scalar.value)
                    }
                }
                index += scalar.length
            }
        }
        var target = out.cursor
        if quoted {
            target[0] = 0x22
            target += 1
        }
        var index = 0
        while index < count {
            let scalar = UTF8Check.scalar(text, at: index, end: count)
            if !scalar.valid {
                target[0] = 0xEF
                target[1] = 0xBF
                target[2] = 0xBD
                target += 3
            } else if quoted && (scalar.value == 0x22 || scalar.value == 0x5C) {
                target[0] = 0x5C
                target[1] = UInt8(scalar.value)
                target += 2
            } else {
                let escape = DisplayText.writeEscape(scalar.value, to: target)
                if escape > 0 {
                    target += escape
                } else {
                    for offset in 0..<scalar.length { target[offset] = text[index + offset] }
                    target += scalar.length
                }
            }
            index += scalar.length
        }
        if quoted {
            target[0] = 0x22
            target += 1
        }
        out.count = target - out.base
    }
}
