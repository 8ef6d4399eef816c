import Fluent
import IeumCore
import Vapor

/// Choices for select fields, limited to what the principal may see or change.
enum Options {
    static func regions(_ lang: Lang) -> [FieldSpec.Option] {
        Region.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }
    }

    static func operators(_ req: Request, _ scope: DataScope) async throws -> [FieldSpec.Option] {
        var q = Operator.query(on: req.db).sort(\.$name)
        if !scope.everything { q = q.filter(\.$id ~~ scope.academyIDs) }
        return try await q.all().map { .init(value: String($0.id!), label: $0.name) }
    }

    static func campuses(_ req: Request, _ scope: DataScope) async throws -> [FieldSpec.Option] {
        var q = Campus.query(on: req.db).with(\.$operator).sort(\.$name)
        if !scope.everything {
            q = q.group(.or) { $0.filter(\.$operator.$id ~~ scope.operators).filter(\.$id ~~ scope.campuses) }
        }
        return try await q.all().map { .init(value: String($0.id!), label: "\($0.name) (\($0.operator.name))") }
    }

    static func courses(_ req: Request, _ scope: DataScope) async throws -> [FieldSpec.Option] {
        var q = Course.query(on: req.db).sort(\.$title)
        if !scope.everything { q = q.filter(\.$operator.$id ~~ scope.academyIDs) }
        return try await q.all().map { .init(value: String($0.id!), label: "\($0.title) · \($0.track)") }
    }

    static func cohorts(_ req: Request, _ scope: DataScope) async throws -> [FieldSpec.Option] {
        var q = Cohort.query(on: req.db).sort(\.$startsOn, .descending)
        if !scope.everything {
            q = q.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campus.$id ~~ scope.campuses) }
        }
        return try await q.all().map { .init(value: String($0.id!), label: "\($0.name) (\($0.startsOn))") }
    }

    static func employers(_ req: Request) async throws -> [FieldSpec.Option] {
        try await Employer.query(on: req.db).sort(\.$name).all().map {
            .init(value: String($0.id!), label: "\($0.name) (\(Region.label($0.region, req.lang)))")
        }
    }

    static func states(_ lang: Lang) -> [FieldSpec.Option] {
        EnrollmentState.allCases.map { .init(value: $0.rawValue, label: $0.name.in(lang)) }
    }
}

extension Region {
    static func label(_ raw: String, _ lang: Lang) -> String { Region(rawValue: raw)?.name.in(lang) ?? raw }

    var badge: HTML {
        isCapitalRegion ? Components.badge("수도권", "capital") : Components.badge("비수도권", "regional")
    }
}

extension Options {
    /// Whether `principal` may add records to operator `id`. A program manager may write to any academy,
    /// so the id must also name one that exists (or the database refuses it as if it were a duplicate).
    static func isWritableOperator(_ id: Int, _ principal: Principal, on db: any Database) async throws -> Bool {
        guard principal.canWrite(.academy(id)) else { return false }
        return try await Operator.find(id, on: db) != nil
    }
}
