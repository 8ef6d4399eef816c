import Foundation

/// What happens to a person's data after they ask for it to be deleted (개인정보 보호법 제21조: destroy
/// without delay unless another law requires keeping it). The program must keep training and employment
/// records for its reports; the rest goes at once.
public struct RetentionSchedule: Sendable, Equatable {
    /// How long after the end of a person's last course their identity stays with the training records.
    public var trainingRecordYears = 3

    public init() {}

    public enum Step: Equatable, Sendable {
        /// Remove everything not needed for program records (contact details, identifiers, logins),
        /// and keep name and e-mail with the training records until `keepIdentityUntil`.
        case eraseExtras(keepIdentityUntil: Day)
        /// Nothing needs to be kept: replace name and e-mail too.
        case anonymise
    }

    /// `lastCourseEnd` is the latest end day of the person's cohorts (nil when they never enrolled).
    public func step(today: Day, lastCourseEnd: Day?) -> Step {
        guard let end = lastCourseEnd else { return .anonymise }
        let until = Day(year: end.year + trainingRecordYears, month: end.month, day: min(end.day, 28)) ?? end
        return today >= until ? .anonymise : .eraseExtras(keepIdentityUntil: until)
    }
}
