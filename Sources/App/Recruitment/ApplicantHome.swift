import Fluent
import Foundation
import IeumCore
import Vapor

/// Applicants: their applications at a glance, new messages, and the way to the catalogue.
enum ApplicantHome {
    static func unread(_ req: Request) async throws -> Int {
        try await OutboxMessage.query(on: req.db).filter(\.$personID == req.principal.personID).filter(\.$readAt == nil).count()
    }

    static func render(_ req: Request, _ principal: Principal) async throws -> HTML {
        """
        <section class="panel">
        <h2>\(req.lang.pick("내 지원서", "My applications"))</h2>
        \(try await RecruitmentPages.myAdmissionsSection(req, unread: try await unread(req)))
        </section>
        """
    }
}
