import Vapor

extension Resource {
    /// The resource's pages, for links: `CohortResource.record(id)`, `CohortResource.records.url`.
    static var records: Path0 { Path0("/\(slug)") }
    static var newRecord: Path0 { Path0("/\(slug)/new") }
    static var record: Path1<Int> { Path1("/\(slug)/{id}") }
    static var editing: Path1<Int> { Path1("/\(slug)/{id}/edit") }
}
