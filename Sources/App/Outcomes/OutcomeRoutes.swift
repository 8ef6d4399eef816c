import IeumCore
import Vapor

/// Every path of outcomes (issue 6): jobs and applications, graduates' profiles, the hiring fair's matching, follow-ups.
enum OutcomeRoutes {
    // MARK: Pages
    static let jobs = Path0("/jobs")
    static let newJob = Path0("/jobs/new")
    static let job = Path1<Int>("/jobs/{jobID}")
    static let applyToJob = Path1<Int>("/jobs/{jobID}/apply")
    static let applicationStage = Path1<Int>("/applications/{applicationID}/stage")
    static let profile = Path0("/profile")
    static let consent = Path0("/profile/consent")
    static let graduate = Path1<Int>("/graduates/{personID}")
    static let matching = Path0("/matching")
    static let followUps = Path0("/employment/follow-ups")

    // MARK: API
    static let profileJSON = APIEndpoint(.GET, "/api/v1/me/profile", access: .member,
        summary: "Your graduate profile and whether employers may see it", tag: "outcomes")
    static let saveProfile = APIEndpoint(.PUT, "/api/v1/me/profile", access: .member,
        summary: "Change your profile (skills \"a, b\"; desired_regions, job_types, featured_submissions as comma lists)", tag: "outcomes", input: ProfileController.profileBody)
    static let consentJSON = APIEndpoint(.POST, "/api/v1/me/profile/consent", access: .member,
        summary: "Give (consent=true) or withdraw (false) consent to share your profile with verified employers", tag: "outcomes", input: ProfileController.consentBody)
    static let graduateJSON = APIEndpoint(.GET, "/api/v1/graduates/{personID}", access: .member,
        summary: "A graduate's profile (the graduate, their campus's staff, or a verified employer while consent stands; logged)", tag: "outcomes")
    static let jobsJSON = APIEndpoint(.GET, "/api/v1/jobs", access: .member,
        summary: "Job postings: an employer's own, open ones for a graduate best first with the fit explained, all for staff", tag: "outcomes")
    static let postJob = APIEndpoint(.POST, "/api/v1/jobs", access: .member,
        summary: "Post a job (verified employers)", tag: "outcomes", status: 201, input: JobsController.createBody, output: JobOutput.self)
    static let jobJSON = APIEndpoint(.GET, "/api/v1/jobs/{jobID}", access: .member,
        summary: "A job posting", tag: "outcomes")
    static let recommendationsJSON = APIEndpoint(.GET, "/api/v1/jobs/{jobID}/recommendations", access: .member,
        summary: "Consenting graduates for the job, best first, with reasons (its employer; each one logged)", tag: "outcomes")
    static let applicationsJSON = APIEndpoint(.GET, "/api/v1/jobs/{jobID}/applications", access: .member,
        summary: "The job's applicants and their stages (its employer)", tag: "outcomes")
    static let applyJSON = APIEndpoint(.POST, "/api/v1/jobs/{jobID}/applications", access: .member,
        summary: "Apply (graduates who share their profile)", tag: "outcomes", status: 201, input: JobsController.applyBody, output: ApplicationOutput.self)
    static let stageJSON = APIEndpoint(.POST, "/api/v1/applications/{applicationID}/stage", access: .member,
        summary: "Move an applicant: interview, offer, hired (with starts_on; records the employment) or rejected", tag: "outcomes", input: JobsController.stageBody)
    static let myApplicationsJSON = APIEndpoint(.GET, "/api/v1/me/applications", access: .member,
        summary: "Your applications and their stages", tag: "outcomes")
    static let runMatching = APIEndpoint(.POST, "/api/v1/matching-rounds", access: .member,
        summary: "Run a hiring-fair matching round over open postings and consenting graduates (program managers)", tag: "outcomes", status: 201, output: MatchingRoundOutput.self)
    static let matchingRoundJSON = APIEndpoint(.GET, "/api/v1/matching-rounds/{roundID}", access: .member,
        summary: "A matching round's numbers and matches per posting", tag: "outcomes")
    static let followUpsJSON = APIEndpoint(.GET, "/api/v1/employment/follow-ups", access: .member,
        summary: "Completers in your scope with no job on record whose 1-, 3- or 6-month follow-up is due", tag: "outcomes")

    static let api: [APIEndpoint] = [
        profileJSON, saveProfile, consentJSON, graduateJSON, jobsJSON,
        postJob, jobJSON, recommendationsJSON, applicationsJSON, applyJSON,
        stageJSON, myApplicationsJSON, runMatching, matchingRoundJSON, followUpsJSON,
    ]
}
