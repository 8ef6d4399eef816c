import IeumCore

/// Schemas of core types whose `Codable` the probe cannot follow (enums with associated values).
extension EligibilityRule: SchemaDescribed {
    /// Swift's synthesised coding: `{"age": {"min": 19, "max": 34}}`, `{"notInOtherFundedCourse": {}}`.
    static var schema: JSONSchema {
        func one(_ name: String, _ fields: [JSONSchema.Property]) -> JSONSchema {
            .object([.init(name: name, schema: .object(fields, additional: nil), required: true)], additional: nil)
        }
        func list<T: CaseIterable & RawRepresentable>(_: T.Type) -> JSONSchema where T.RawValue == String {
            .array(.text(values: T.allCases.map(\.rawValue)))
        }
        return .oneOf([
            one("age", [.init(name: "min", schema: .int, required: false), .init(name: "max", schema: .int, required: false)]),
            one("residence", [.init(name: "in", schema: list(Region.self), required: true)]),
            one("notInOtherFundedCourse", []),
            one("education", [.init(name: "oneOf", schema: list(EducationLevel.self), required: true)]),
            one("employment", [.init(name: "oneOf", schema: list(EmploymentStatus.self), required: true)]),
        ])
    }

    static var probeValue: EligibilityRule { .notInOtherFundedCourse }
}
