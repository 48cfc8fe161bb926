/// The colour a thread is drawn in, everywhere a thread shows (list, detail, timeline, facets).
enum ThreadColor {
    static let palette: [CellColor] = [.cyan, .green, .yellow, .magenta, .blue, .red]

    /// A colour per thread name that stays the same across runs and files.
    static func of(_ name: String) -> CellColor {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return palette[Int(hash % UInt32(palette.count))]
    }
}
