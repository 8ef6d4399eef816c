import IeumCore

/// The JSON bodies the jobs API takes, as its document declares them.
extension JobsController {
    static let createBody = Body([
        .text("title", max: 120), .text("description", max: 4000), .choice("region", Region.self), .choice("job_type", JobType.self),
        .list("skills", max: 600, required: true, "comma-separated, e.g. \"Swift, SQL\""),
        .integer("salary_min", 1_000...100_000), .integer("salary_max", 1_000...100_000), .integer("positions", 1...500), .day("deadline"),
    ])
    static let applyBody = Body([.text("message", max: 2000, required: false)])
    static let stageBody = Body([.choice("to", ApplicationStage.self), .day("starts_on", required: false),
                                 .text("note", max: ConfirmationQuestion.noteLimit, required: false, "a word to the applicant, sent with the message about the move (why not, what next)")])
}
