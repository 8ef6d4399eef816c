import IeumCore

/// A request body's fields, declared once beside the action that reads them: the OpenAPI document shows
/// them and the door checks every JSON body against them (`Request.submittedValues`), so the document and
/// the server cannot disagree.
struct Body: Sendable {
    var fields: [JSONSchema.Property]
    /// The schema of fields not named; nil means a body naming another field is refused.
    var others: JSONSchema? = nil

    init(_ fields: [JSONSchema.Property], others: JSONSchema? = nil) {
        self.fields = fields
        self.others = others
    }

    var schema: JSONSchema { .object(fields, additional: others) }

    /// The same fields, none required (a PATCH sends only what changes).
    var partial: Body {
        Body(fields.map { JSONSchema.Property(name: $0.name, schema: $0.schema, required: false, description: $0.description) }, others: others)
    }
}

/// The field kinds FieldReader reads, with the limits it applies.
extension JSONSchema.Property {
    /// Text as FieldReader reads it: no control characters but tab and line ends.
    static func text(_ name: String, max: Int = 200, required: Bool = true, _ description: String? = nil) -> Self {
        .init(name: name, schema: .text(minLength: required ? 1 : nil, maxLength: max, pattern: required ? JSONSchema.filledText : JSONSchema.plainText),
              required: required, description: description)
    }

    /// Text that may be left out but, when sent, may not be blank (a field a PATCH changes, required when creating).
    static func filled(_ name: String, max: Int = 200, required: Bool = false) -> Self {
        .init(name: name, schema: .text(minLength: 1, maxLength: max, pattern: JSONSchema.filledText), required: required)
    }

    static func email(_ name: String, required: Bool = true) -> Self {
        .init(name: name, schema: .text(format: "email", maxLength: 254), required: required)
    }

    static func phone(_ name: String, required: Bool = true) -> Self {
        let number = "(\\+82[ -]?1[0-9]|01[0-9])[ -]?[0-9]{3,4}[ -]?[0-9]{4}"
        return .init(name: name, schema: .text(maxLength: 20, pattern: required ? "^\(number)$" : "^$|^\(number)$"), required: required,
                     description: "a mobile number such as 010-1234-5678")
    }

    static func password(_ name: String, required: Bool = true) -> Self {
        .init(name: name, schema: .text(minLength: required ? 1 : nil, maxLength: 200), required: required)
    }

    static func day(_ name: String, required: Bool = true) -> Self {
        .init(name: name, schema: .day, required: required)
    }

    static func integer(_ name: String, _ range: ClosedRange<Int>, required: Bool = true) -> Self {
        .init(name: name, schema: .integer(minimum: range.lowerBound, maximum: range.upperBound), required: required)
    }

    static func id(_ name: String, required: Bool = true) -> Self {
        .init(name: name, schema: .id, required: required)
    }

    static func choice(_ name: String, _ values: [String], required: Bool = true) -> Self {
        .init(name: name, schema: .text(values: values), required: required)
    }

    static func choice<T: CaseIterable & RawRepresentable>(_ name: String, _: T.Type, required: Bool = true) -> Self where T.RawValue == String {
        choice(name, T.allCases.map(\.rawValue), required: required)
    }

    static func flag(_ name: String, required: Bool = false) -> Self {
        .init(name: name, schema: .boolean, required: required)
    }

    /// A list the forms take as comma-separated text: either that text or an array of strings.
    static func list(_ name: String, max: Int = 1000, required: Bool = false, _ description: String? = nil) -> Self {
        // A list the action needs (a job's skills) may not be sent as blank text.
        let text: JSONSchema = required ? .text(minLength: 1, maxLength: max, pattern: JSONSchema.filledText) : .text(maxLength: max)
        return .init(name: name, schema: .oneOf([text, .array(.text(maxLength: 200))]), required: required, description: description)
    }

    /// A list of known values: comma-separated text, or an array of them.
    static func list(_ name: String, of values: [String], required: Bool = false) -> Self {
        .init(name: name, schema: .oneOf([.text(maxLength: 1000), .array(.text(values: values))]), required: required)
    }

    /// The time of day as the forms write it, 09:00.
    static func clock(_ name: String, required: Bool = true) -> Self {
        .init(name: name, schema: .text(maxLength: 5, pattern: "^[0-9]{1,2}:[0-9]{2}$"), required: required, description: "HH:mm, Korea time")
    }

    static func field(_ name: String, _ schema: JSONSchema, required: Bool = true, _ description: String? = nil) -> Self {
        .init(name: name, schema: schema, required: required, description: description)
    }
}
