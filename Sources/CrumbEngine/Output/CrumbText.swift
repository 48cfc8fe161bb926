@_spi(CrumbCodec) import CrumbCodec

/// The readable one-line form of a decoded crumb: the one form both halves write (see
/// `CrumbLine` for its rules), `2025-12-30T10:23:45.123456+00:00 [MainThread] db.query
/// {request_id=req-7} table=users rows=42`. Control characters and the like from the input are
/// shown as visible escapes, so printing a hostile dump cannot move the cursor or recolour the
/// terminal. `--print` writes the same line straight from the crumb's bytes (`CrumbWriter`,
/// through `CrumbLineReader`); the tests and the fuzzer hold the two to the same bytes.
public enum CrumbText {
    public static func line(_ crumb: DecodedCrumb) -> String {
        CrumbLine.text(
            timestamp: crumb.timestamp, thread: crumb.thread, event: crumb.event,
            context: crumb.context.map(entry), fields: crumb.fields.map(entry))
    }

    private static func entry(_ entry: CrumbEntry) -> CrumbLine.Entry {
        switch entry.value {
        case .string(let text): CrumbLine.Entry(key: entry.key, value: text)
        case .json(let text): CrumbLine.Entry(key: entry.key, value: text, isJSON: true)
        }
    }
}
