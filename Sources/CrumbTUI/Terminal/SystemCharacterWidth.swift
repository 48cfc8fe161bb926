import CNcurses
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Cell widths from the C library's `wcwidth`, which is what ncurses and the terminal use too,
/// so columns line up. Needs a UTF-8 locale: without one every non-ASCII character is
/// "unprintable".
enum SystemCharacterWidth {
    static let width: CharacterWidth = { scalar in
        Int(wcwidth(wchar_t(bitPattern: scalar.value)))
    }

    /// Takes the user's locale, and C.UTF-8 for characters when that is not UTF-8 (LANG unset).
    static func useUTF8Locale() {
        _ = setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased() != "UTF-8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
