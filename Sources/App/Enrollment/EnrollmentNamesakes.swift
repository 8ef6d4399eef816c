import IeumCore

extension Namesakes {
    /// The second line of each enrolment (by its id) whose person shares a name with another on the list.
    static func secondLines(of enrollments: [Enrollment]) -> [Int: Localized] {
        secondLines(enrollments.map {
            Person(id: $0.id ?? 0, name: $0.person.name, birthDate: $0.person.birthDate, phone: $0.person.phone, number: $0.id ?? 0)
        })
    }
}
