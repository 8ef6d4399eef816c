import Fluent
import Vapor

/// Startup, as a short list of named steps.
public func configure(_ app: Application, _ config: AppConfig) async throws {
    app.ieum = config
    app.storage[FieldCipherKey.self] = try FieldCipher(spec: config.dataKeys)
    app.storage[AuditSealKey.self] = AuditSeal(key: try AuditKey(spec: config.auditKey), checkpoints: CheckpointFile(path: config.auditCheckpoints))
    app.storage[CheckInCodesKey.self] = CheckInCode(cipher: app.cipher)
    app.storage[PrincipalCacheKey.self] = ExpiringCache(lifetime: PrincipalCache.lifetime, capacity: 200_000)
    app.storage[TodayRosterKey.self] = TodayRoster()
    app.storage[KPISnapshotCacheKey.self] = Locked(nil)
    app.storage[KPIPublicationsKey.self] = Locked(nil)
    app.storage[TodayCheckInsKey.self] = Locked(nil)
    let scanEpoch = Locked(0)
    app.storage[ScanEpochKey.self] = scanEpoch
    try configurePasswords(app, cost: config.passwordCost)
    try configureDatabase(app, config.database)
    addMigrations(app)
    // The scan writer and the session reader keep to different event loops' connections: on SQLite (one connection
    // per loop) the morning rush's reads then never queue behind its writes. Each also runs on its connection's loop,
    // so a batch's query, its result and the batch after it stay on one thread instead of waiting in turn behind the
    // requests of other loops (a quarter more check-ins a second on SQLite; BENCHMARKS.md, ninth session).
    let loops = Array(app.eventLoopGroup.makeIterator())
    let writerLoop = loops[0], readerLoop = loops[loops.count > 1 ? 1 : 0]
    let database = { [unowned app] (loop: any EventLoop) in { @Sendable in app.databases.database(logger: app.logger, on: loop)! } }
    app.storage[ScanWriterKey.self] = ScanWriter(on: writerLoop, database: database(writerLoop), committed: { scanEpoch.update { $0 += 1 } })
    app.storage[SessionLookupsKey.self] = SessionLookups(on: readerLoop, database: database(readerLoop))
    app.lifecycle.use(SessionTouchesOnShutdown())
    app.storage[BackgroundWorkKey.self] = BackgroundWork()
    app.lifecycle.use(BackgroundWorkOnShutdown())
    app.lifecycle.use(AuthStateWatcher())
    configureMiddleware(app)
    try routes(app)
    // Innermost, and only now that every route is known.
    let index = RouteMethodIndex(routes: app.routes.all)
    app.storage[RouteMethodIndexKey.self] = index
    app.middleware.use(MethodNotAllowedMiddleware(index: index))
}

func addMigrations(_ app: Application) {
    app.migrations.add(CreateProgramStructure())
    app.migrations.add(CreatePeople())
    app.migrations.add(CreateEnrollments())
    app.migrations.add(CreateIndexes())
    app.migrations.add(CreateSecurityTables())
    app.migrations.add(CreatePrivacyTables())
    app.migrations.add(CreateSchedules())
    app.migrations.add(CreateScans())
    app.migrations.add(CreateAttendanceSummaries())
    app.migrations.add(CreateKPIFacts())
    app.migrations.add(WidenScansCohortIndex())
    app.migrations.add(CreateVersionCounter(counter: KPISnapshot.changes, name: "App.CreateKPIVersion"))
    app.migrations.add(IndexRoleGrantsByRole())
    app.migrations.add(CreateGradingTables())
    app.migrations.add(CreateCompletionTables())
    app.migrations.add(CreateOutcomeTables())
    app.migrations.add(CreateMatchingRounds())
    app.migrations.add(CreateRecruitmentTables())
    app.migrations.add(AddAssignmentPurpose())
    app.migrations.add(CreateVersionCounter(counter: AuthState.changes, name: "App.CreateAuthState"))
    app.migrations.add(CreateInvitations())
    app.migrations.add(CreateSignUpRequests())
    app.migrations.add(CreateHeldIdentifiers(cipher: app.cipher))
    app.migrations.add(AddAccessLogMAC())
    app.migrations.add(NormalizeSubmissionLineEnds())
    app.migrations.add(MovePhoneOffUniqueColumn())
    app.migrations.add(AddCommentLineRanges())
    app.migrations.add(CreatePasswordResets())
    app.migrations.add(AddScanWithdrawals())
    app.migrations.add(AddApplicationEventNotes())
    app.migrations.add(AddAdmissionUnsettledFields())
    app.migrations.add(AddRecruitmentTestDeadline())
}

func configureMiddleware(_ app: Application) {
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware())
    if app.environment != .testing {
        app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    }
    // Outside the error middleware, so that error pages (404, 403, 500) carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(SiteErrorMiddleware(environment: app.environment))
    app.middleware.use(LanguageMiddleware())
    app.routes.defaultMaxBodySize = "2mb"
    ContentConfiguration.global.use(decoder: ScreenedFormDataDecoder(), for: .formData)
    ContentConfiguration.global.use(decoder: ScreenedURLEncodedFormDecoder(), for: .urlEncodedForm)
    ContentConfiguration.global.use(urlDecoder: ScreenedURLEncodedFormDecoder())
}

func configurePasswords(_ app: Application, cost: Int) throws {
    app.passwords.use { _ in PrehashedBcrypt(cost: cost) }
    app.storage[DecoyHashKey.self] = try PrehashedBcrypt.hash(Tokens.random(), cost: cost)
}

/// A hash of a random password, checked when the e-mail is unknown so that the time a login takes
/// does not tell whether an account exists.
struct DecoyHashKey: StorageKey { typealias Value = String }

extension Application {
    var decoyPasswordHash: String { storage[DecoyHashKey.self]! }
}

struct FieldCipherKey: StorageKey { typealias Value = FieldCipher }

extension Application {
    var cipher: FieldCipher { storage[FieldCipherKey.self]! }
}

extension Request {
    var cipher: FieldCipher { application.cipher }
}
