import Fluent
import Foundation
import IeumCore
import Vapor

/// What the `ieum` command does, as functions the command-line and the tests share.
public enum Operations {
    public static func makeApplication(_ config: AppConfig, environment: Environment) async throws -> Application {
        BlockingPool.size()
        let app = try await Application.make(environment)
        do {
            try await configure(app, config)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    public static func migrate(_ app: Application) async throws {
        try await app.autoMigrate()
        try await app.prepareDatabase()
    }

    /// Seeds the demo program if the database has none. Returns the demo logins, or nil when it was there already.
    @discardableResult
    public static func seedDemo(_ app: Application) async throws -> [(role: String, email: String, name: String)]? {
        guard try await DemoSeeder.isNeeded(on: app.db) else { return nil }
        let hash = try PrehashedBcrypt.hash(DemoCatalog.password, cost: app.ieum.passwordCost)
        let now = app.ieum.now()
        let cipher = app.cipher
        let base = app.ieum.publicURL ?? "http://localhost:\(app.http.server.configuration.port)"
        let logins = try await app.db.writeTransaction { db in
            var seeder = DemoSeeder(db: db, passwordHash: hash, cipher: cipher, base: base, now: now)
            try await seeder.run()
            return seeder.logins
        }
        _ = try await AttendanceRollup.refreshAll(today: Day(now), on: app.db)
        try await KPIRollup.refreshAll(on: app.db)
        return logins.map { ($0.role.name.ko + " / " + $0.role.name.en, $0.email, $0.name) }
    }

    public static var demoPassword: String { DemoCatalog.password }

    public enum UserError: Error, CustomStringConvertible {
        case invalid(String)

        public var description: String {
            switch self { case let .invalid(m): m }
        }
    }

    /// Creates a person with a password and one role, e.g. the first program manager of a real deployment.
    public static func createUser(_ app: Application, name: String, email: String, password: String, role: String,
                                  operatorID: Int?, campusID: Int?) async throws -> Int {
        var reader = FieldReader(["name": name, "email": email, "role": role])
        let validName = reader.text("name", max: 50)
        let validEmail = reader.email("email")
        let validRole = reader.choice("role", Role.self)
        Passwords.check(password, field: "password", personal: [name, email], into: &reader)
        if let failure = reader.errors.first {
            throw UserError.invalid("\(failure.field): \(failure.message.en)")
        }
        guard let validName, let validEmail, let validRole else { throw UserError.invalid("missing values") }
        if try await Person.query(on: app.db).filter(\.$email == validEmail).first() != nil {
            throw UserError.invalid("email: \(validEmail) is already registered")
        }
        var operatorForGrant = operatorID
        if validRole == .campusStaff {
            guard let campusID, let campus = try await Campus.find(campusID, on: app.db) else {
                throw UserError.invalid("campus staff need --campus with an existing campus id")
            }
            operatorForGrant = campus.$operator.id
        } else if [.operatorAdmin, .mentor].contains(validRole) {
            guard let operatorID, try await Operator.find(operatorID, on: app.db) != nil else {
                throw UserError.invalid("\(validRole.rawValue) needs --operator with an existing operator id")
            }
        }
        let hash = try PrehashedBcrypt.hash(password, cost: app.ieum.passwordCost)
        let resolvedOperator = operatorForGrant
        let person = Person(name: validName, email: validEmail, phone: nil, passwordHash: hash)
        try await app.db.writeTransaction { db in
            try await person.create(on: db)
            try await RoleGrants.create(Grant(role: validRole, operatorID: resolvedOperator, campusID: validRole == .campusStaff ? campusID : nil, employerID: nil),
                                        for: try person.requireID(), by: nil, on: db)
        }
        return try person.requireID()
    }
}
