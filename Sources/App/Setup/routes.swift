import Fluent
import IeumCore
import Vapor

/// Every route, in sections. Access is decided here, by the middleware on each group.
func routes(_ app: Application) throws {
    // MARK: Open to everyone
    app.register(.GET, SiteRoutes.health.template, use: HealthController.health)
    app.register(.GET, SiteRoutes.metrics.template, use: MetricsController.scrape)
    app.register(.GET, SiteRoutes.stylesheet.template, use: AssetsController.stylesheet)
    app.register(.GET, SiteRoutes.script.template, use: AssetsController.script)
    app.register(.GET, SiteRoutes.icon.template, use: AssetsController.favicon)
    app.register(.GET, SiteRoutes.faviconICO.template, use: AssetsController.favicon)
    app.grouped("api", "v1").register(SiteRoutes.document, use: OpenAPIController.document)

    // MARK: Pages
    let site = app.grouped(Authenticate()).grouped(CSRFProtection())
    site.register(.GET, SiteRoutes.login.template, use: LoginController.form)
    site.register(.POST, SiteRoutes.login.template, use: LoginController.login)
    site.register(.POST, SiteRoutes.logout.template, use: LoginController.logout)
    // Every API route's path and query parameters are held to the document first.
    let api = app.grouped("api", "v1").grouped(Authenticate()).grouped(ParameterContract())
    Catalogue.register(site: site, api: api)
    SignUp.register(site: site, api: api)
    PasswordReset.register(site: site, api: api)

    let member = site.grouped(RequireLogin()).grouped(ListedPeopleLog())
    SecondFactorController.register(site: site, member: member)
    member.register(.GET, SiteRoutes.home.template, use: HomeController.home)
    for resource in ResourceRegistry.all { resource.registerPages(member) }
    try EnrollmentActions.registerPages(member)
    member.register(.GET, AuditRoutes.accessLog.template, roles: [.programManager], use: AccessLogController.page)
    member.register(.GET, AuditRoutes.review.template, roles: [.programManager], use: AccessReviewController.page)

    // MARK: API
    api.register(AccountRoutes.issueToken, use: LoginController.issueToken)
    let apiMember = api.grouped(RequireLogin()).grouped(ListedPeopleLog())
    apiMember.register(AccountRoutes.revokeToken, use: LoginController.revokeToken)
    apiMember.register(AccountRoutes.me, use: HomeController.me)
    for resource in ResourceRegistry.all { resource.registerAPI(apiMember) }
    try EnrollmentActions.registerAPI(apiMember)
    PersonActions.register(pages: member, api: apiMember)
    EnrollmentIntake.register(pages: member, api: apiMember)
    PersonIntake.register(pages: member, api: apiMember)
    CohortMentors.register(pages: member, api: apiMember)
    InvitationController.register(site: site, member: member, apiMember: apiMember)
    SessionsController.register(pages: member, api: apiMember)
    ReauthController.register(pages: member, api: apiMember)
    Identifiers.register(pages: member, api: apiMember)
    AccountDataController.register(member: member, apiMember: apiMember)
    ScheduleController.register(pages: member, api: apiMember)
    CheckInController.register(pages: member, api: apiMember)
    MyAttendance.register(pages: member, api: apiMember)
    CheckInScreen.register(pages: member, api: apiMember)
    CohortAttendance.register(pages: member, api: apiMember)
    CorrectionsController.register(pages: member, api: apiMember)
    LedgerExport.register(pages: member)
    AttendanceOverview.register(pages: member, api: apiMember)
    KPIController.register(pages: member, api: apiMember)
    AttendanceRulesController.register(pages: member, api: apiMember)
    AssignmentsController.register(pages: member, api: apiMember)
    SubmissionPages.register(pages: member, api: apiMember)
    GradebookController.register(pages: member, api: apiMember)
    ReviewQueue.register(pages: member)
    CompletionController.register(pages: member, api: apiMember)
    CredentialController.register(site: site, member: member, api: api, apiMember: apiMember)
    ProfileController.register(pages: member, api: apiMember)
    JobsController.register(pages: member, api: apiMember)
    HiringFair.register(pages: member, api: apiMember)
    FollowUps.register(pages: member, api: apiMember)
    AdmissionController.register(pages: member, api: apiMember)
    RecruitmentController.register(pages: member, api: apiMember)
    AdmissionReviewController.register(pages: member, api: apiMember)
    SelectionController.register(pages: member, api: apiMember)
    RecruitmentFunnel.register(pages: member, api: apiMember)
    CodingTest.register(pages: member, api: apiMember)
    apiMember.register(AuditRoutes.accessLogJSON, use: AccessLogController.list)
}

/// Type-erased resource registration so routes and the OpenAPI document walk one list.
struct AnyResource: Sendable {
    let slug: String
    let editable: Bool
    let customCreate: Bool
    let createBody: Body
    let updateBody: Body
    /// What reading, creating and changing one answers with.
    let output: any (Decodable & Sendable).Type
    let registerPages: @Sendable (any RoutesBuilder) -> Void
    let registerAPI: @Sendable (any RoutesBuilder) -> Void

    init<R: Resource>(_: R.Type) {
        slug = R.slug
        editable = R.editable
        customCreate = R.customCreate
        createBody = R.body(creating: true)
        updateBody = R.body(creating: false)
        output = R.Output.self
        registerPages = { ResourceController<R>().registerPages($0) }
        registerAPI = { ResourceController<R>().registerAPI($0) }
    }
}

enum ResourceRegistry {
    static let all: [AnyResource] = [
        AnyResource(ProgramResource.self),
        AnyResource(OperatorResource.self),
        AnyResource(CampusResource.self),
        AnyResource(CourseResource.self),
        AnyResource(CohortResource.self),
        AnyResource(PersonResource.self),
        AnyResource(EnrollmentResource.self),
        AnyResource(EmployerResource.self),
        AnyResource(EmploymentResource.self),
    ]
}
