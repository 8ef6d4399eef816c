import Fluent
import IeumCore
import Vapor

/// Where a record sits in the program: what decides who may see or change it.
enum RecordScope: Sendable, Equatable {
    case program
    /// Shared by the whole program (employers): anyone with the resource's write roles may change it.
    case directory
    case academy(Int)
    case campus(operatorID: Int, campusID: Int)
    /// A cohort's own records: also visible to the cohort's mentors.
    case cohort(operatorID: Int, campusID: Int, cohortID: Int)
}

extension Principal {
    func canRead(_ scope: RecordScope) -> Bool {
        switch scope {
        case .program, .directory: true
        case let .academy(id): readScope.allowsAcademy(id)
        case let .campus(op, campus): readScope.allows(operatorID: op, campusID: campus)
        case let .cohort(op, campus, cohort): readScope.allows(operatorID: op, campusID: campus, cohortID: cohort)
        }
    }

    func canWrite(_ scope: RecordScope) -> Bool {
        switch scope {
        case .program: isProgramManager
        case .directory: true
        case let .academy(id): writeScope.everything || writeScope.operators.contains(id)
        case let .campus(op, campus), let .cohort(op, campus, _): writeScope.allows(operatorID: op, campusID: campus)
        }
    }
}

/// One kind of record with list, search, view, create and edit, as pages and as `/api/v1` JSON.
/// A conforming type says what is particular to it; `ResourceController` does the rest the same way for all.
protocol Resource: Sendable {
    associatedtype Record: Model where Record.IDValue == Int
    associatedtype Output: Content

    static var slug: String { get }
    static var title: Localized { get }
    static var singular: Localized { get }
    static var readRoles: [Role] { get }
    static var writeRoles: [Role] { get }
    static var editable: Bool { get }
    /// Records made by a use case of their own (enrollments: enrol or invite) register their own POST routes.
    static var customCreate: Bool { get }

    static func scope(of record: Record) -> RecordScope
    /// Loads one record with what its pages show of its relations.
    static func find(_ id: Int, on db: any Database) async throws -> Record?
    /// Most records are visible by their scope; people are visible through their enrollments and grants.
    static func canRead(_ record: Record, _ principal: Principal, on db: any Database) async throws -> Bool
    /// Most records may be changed within the write scope; people only by program-level support or the academy
    /// that trains them (`PersonResource`).
    static func canWrite(_ record: Record, _ principal: Principal, on db: any Database) async throws -> Bool
    /// The person whose personal data the record shows, for the access log.
    static func subject(of record: Record) -> Int?

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<Record>
    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec]
    static func columns(_ lang: Lang) -> [String]
    static func row(_ record: Record, _ req: Request) -> [HTML]

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec]
    static func values(of record: Record, on db: any Database) async throws -> [String: String]
    /// Reads and checks submitted values into the record; leaves problems in the reader.
    static func apply(_ reader: inout FieldReader, to record: Record, creating: Bool, req: Request, principal: Principal) async throws
    /// The JSON body `apply` reads: every field when creating, those that may change when updating.
    static func body(creating: Bool) -> Body
    /// Runs inside the saving transaction, after the record itself is written.
    static func afterSave(_ record: Record, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws

    static func output(_ record: Record, _ req: Request) async throws -> Output
    static func label(_ record: Record) -> String
    static func details(_ record: Record, _ req: Request, _ principal: Principal) async throws -> HTML
}

extension Resource {
    static var editable: Bool { true }
    static var customCreate: Bool { false }
    static func find(_ id: Int, on db: any Database) async throws -> Record? { try await Record.find(id, on: db) }
    static func subject(of record: Record) -> Int? { nil }
    static func canRead(_ record: Record, _ principal: Principal, on db: any Database) async throws -> Bool {
        principal.canRead(scope(of: record))
    }
    static func canWrite(_ record: Record, _ principal: Principal, on db: any Database) async throws -> Bool {
        principal.canWrite(scope(of: record))
    }
    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] { [] }
    static func afterSave(_ record: Record, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {}
    static func details(_ record: Record, _ req: Request, _ principal: Principal) async throws -> HTML { .empty }
    /// Whether the principal may change this record: a writing role, and the record within their write scope.
    static func canChange(_ record: Record, _ principal: Principal) -> Bool {
        principal.hasAny(writeRoles) && principal.canWrite(scope(of: record))
    }

    static var path: String { records.url }
    static func path(_ one: Record) -> String { record(one.id ?? 0) }

    /// The API's answer to a create: the record as read back, 201, and where it now lives.
    static func created(_ one: Record, _ req: Request) async throws -> Response {
        let response = try await output(one, req).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: APIEndpoint.prefix + path(one))
        return response
    }
}

/// The roles that run an academy day to day, and everyone on the program side.
enum Roles {
    static let staff: [Role] = [.programManager, .operatorAdmin, .campusStaff, .mentor]
    static let managers: [Role] = [.programManager, .operatorAdmin]
    static let campusManagers: [Role] = [.programManager, .operatorAdmin, .campusStaff]
}

/// Search words from `?q=`, trimmed and bounded.
extension Request {
    var searchText: String? {
        guard let q = try? query.get(String.self, at: "q") else { return nil }
        let trimmed = q.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(100))
    }

    func filterValue(_ name: String) -> String? {
        guard let v = try? query.get(String.self, at: name), !v.isEmpty else { return nil }
        return v
    }

    func filterID(_ name: String) -> Int? { filterValue(name).flatMap(Int.init) }
}

/// `LIKE` with the user's text taken literally (no wildcards of their own).
func likePattern(_ text: String) -> String {
    "%" + text.replacingOccurrences(of: "\\", with: "").replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
}
