/// Records a crumb whose fields are only known at run time (the swift-log bridge's entry).
/// Same rules as `crumb()`.
package func crumb(_ event: String, pairs: [(String, Any)]) {
    pairs.withUnsafeBufferPointer { FieldReader.record(event, $0) }
}
