import Foundation

/// A type that states its own schema (an enum's values, a string with a format, a value coded by hand).
protocol SchemaDescribed {
    static var schema: JSONSchema { get }
    /// A value to hand back while probing a type that holds this one.
    static var probeValue: Self { get }
}

/// A string enum's schema is its raw values; probing hands back its first case.
private enum StringEnum {
    static func values(_ type: Any.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        let cases = allCases(iterable)
        let raw = cases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return raw.count == cases.count && !raw.isEmpty ? raw : nil
    }

    static func first<T>(_ type: T.Type) -> T? {
        guard values(type) != nil, let iterable = type as? any CaseIterable.Type else { return nil }
        return allCases(iterable).first as? T
    }

    private static func allCases<T: CaseIterable>(_: T.Type) -> [Any] { Array(T.allCases) }
}

/// Derives the JSON Schema of a `Decodable` type by decoding it from a decoder that answers every question
/// with a placeholder and writes down what was asked: each key, its type and whether it may be missing.
/// Since Ieum's types encode the keys they decode (synthesised `Codable`), the schema describes the JSON
/// they are written as; a test checks it against encoded samples.
final class SchemaRecorder {
    /// Named schemas (`#/components/schemas/…`), in the order they were first met.
    private(set) var components: [(String, JSONSchema)] = []
    /// Types the probe could not follow (they decode by hand); a test keeps this empty.
    private(set) var unprobed: [String] = []
    private var inProgress: Set<String> = []

    func schema(of type: any Decodable.Type) -> JSONSchema {
        if let described = type as? any SchemaDescribed.Type { return described.schema }
        if let wrapper = type as? any ProbedContainer.Type { return wrapper.probeSchema(self) }
        if let values = StringEnum.values(type) { return .text(values: values) }
        switch type {
        case is String.Type, is Substring.Type: return .text
        case is any BinaryInteger.Type: return .int
        case is any BinaryFloatingPoint.Type: return .double
        case is Bool.Type: return .boolean
        case is Date.Type: return .dateTime
        case is UUID.Type: return .text(format: "uuid")
        case is URL.Type: return .text(format: "uri")
        case is Data.Type: return .text(format: "byte")
        default: break
        }
        let name = Self.componentName(type)
        if components.contains(where: { $0.0 == name }) || inProgress.contains(name) { return .ref(name) }
        inProgress.insert(name)
        let probe = ProbeDecoder(recorder: self)
        let decoded = try? type.init(from: probe)
        inProgress.remove(name)
        let schema: JSONSchema
        if decoded != nil, let object = probe.result {
            schema = object
        } else {
            // A type that decodes itself by hand in a way the probe cannot follow must describe itself.
            unprobed.append(name)
            schema = .object([], additional: .anyValue)
        }
        components.append((name, schema))
        return .ref(name)
    }

    /// `App.SubmissionOutput.TestOut` → `SubmissionOutputTestOut`; `ListPage<App.X>` → `ListPageOfX`.
    static func componentName(_ type: Any.Type) -> String {
        let full = String(reflecting: type)
        var name = ""
        var skippingModule = true
        var word = ""
        for ch in full + "." {
            if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch); continue }
            if ch == "." && skippingModule && (word == "App" || word == "IeumCore" || word == "Swift" || word == "Foundation") {
                word = ""; continue
            }
            name += word
            word = ""
            if ch == "<" { name += "Of" }
            skippingModule = true
        }
        return name
    }
}

/// Arrays, optionals and string-keyed maps say what they hold.
protocol ProbedContainer {
    static func probeSchema(_ recorder: SchemaRecorder) -> JSONSchema
    static func probeValue(_ recorder: SchemaRecorder) throws -> Self
}

extension Array: ProbedContainer where Element: Decodable {
    static func probeSchema(_ recorder: SchemaRecorder) -> JSONSchema { .array(recorder.schema(of: Element.self)) }
    static func probeValue(_ recorder: SchemaRecorder) throws -> Self { [] }
}

extension Optional: ProbedContainer where Wrapped: Decodable {
    static func probeSchema(_ recorder: SchemaRecorder) -> JSONSchema { .nullable(recorder.schema(of: Wrapped.self)) }
    static func probeValue(_ recorder: SchemaRecorder) throws -> Self { nil }
}

extension Dictionary: ProbedContainer where Key == String, Value: Decodable {
    static func probeSchema(_ recorder: SchemaRecorder) -> JSONSchema { .object([], additional: recorder.schema(of: Value.self)) }
    static func probeValue(_ recorder: SchemaRecorder) throws -> Self { [:] }
}

/// The decoder the recorder hands to `init(from:)`.
private final class ProbeDecoder: Decoder {
    let recorder: SchemaRecorder
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    var properties: [JSONSchema.Property] = []
    var mayBeMissing: Set<String> = []
    var single: JSONSchema?
    private var keyed = false

    init(recorder: SchemaRecorder) { self.recorder = recorder }

    var result: JSONSchema? { keyed ? .object(properties, additional: nil) : single }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        keyed = true
        return KeyedDecodingContainer(KeyedProbe<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "probe: unkeyed top level"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleProbe(decoder: self) }

    func value<T: Decodable>(_ type: T.Type) throws -> T {
        if let boxed = type as? any PrimitiveBox.Type, let v = boxed.placeholder as? T { return v }
        if let described = type as? any SchemaDescribed.Type, let v = described.probeValue as? T { return v }
        if let wrapper = type as? any ProbedContainer.Type, let v = try wrapper.probeValue(recorder) as? T { return v }
        if let v = StringEnum.first(type) { return v }
        switch type {
        case is String.Type: return "" as! T
        case is Int.Type: return 0 as! T
        case is Int64.Type: return Int64(0) as! T
        case is Double.Type: return 0.0 as! T
        case is Bool.Type: return false as! T
        case is Date.Type: return Date(timeIntervalSince1970: 0) as! T
        case is UUID.Type: return UUID() as! T
        default: return try T(from: ProbeDecoder(recorder: recorder))
        }
    }
}

private struct KeyedProbe<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }

    /// The fallback `decodeIfPresent` asks this before `decode`: the key may be missing.
    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.mayBeMissing.insert(key.stringValue)
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(Box<Bool>.self, forKey: key).value }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(Box<String>.self, forKey: key).value }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(Box<Double>.self, forKey: key).value }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(Box<Float>.self, forKey: key).value }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(Box<Int>.self, forKey: key).value }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(Box<Int8>.self, forKey: key).value }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(Box<Int16>.self, forKey: key).value }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(Box<Int32>.self, forKey: key).value }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(Box<Int64>.self, forKey: key).value }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(Box<UInt>.self, forKey: key).value }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(Box<UInt8>.self, forKey: key).value }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(Box<UInt16>.self, forKey: key).value }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(Box<UInt32>.self, forKey: key).value }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(Box<UInt64>.self, forKey: key).value }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if let boxed = type as? any PrimitiveBox.Type {
            record(key, decoder.recorder.schema(of: boxed.wrappedType), required: !decoder.mayBeMissing.contains(key.stringValue))
            return try decoder.value(type)
        }
        record(key, decoder.recorder.schema(of: type), required: !(type is any OptionalMarker.Type) && !decoder.mayBeMissing.contains(key.stringValue))
        return try decoder.value(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        record(key, decoder.recorder.schema(of: type), required: false)
        return try decoder.value(type)
    }

    private func record(_ key: Key, _ schema: JSONSchema, required: Bool) {
        guard !decoder.properties.contains(where: { $0.name == key.stringValue }) else { return }
        // An optional written by `encodeIfPresent` is left out, not null: its schema is the value's.
        var plain = schema
        if case let .nullable(inner) = schema { plain = inner }
        decoder.properties.append(.init(name: key.stringValue, schema: plain, required: required))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "probe: nested containers are not described"))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "probe: nested containers are not described"))
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
}

private struct SingleProbe: SingleValueDecodingContainer {
    let decoder: ProbeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode(_ type: Bool.Type) throws -> Bool { try decode(Box<Bool>.self).value }
    func decode(_ type: String.Type) throws -> String { try decode(Box<String>.self).value }
    func decode(_ type: Double.Type) throws -> Double { try decode(Box<Double>.self).value }
    func decode(_ type: Float.Type) throws -> Float { try decode(Box<Float>.self).value }
    func decode(_ type: Int.Type) throws -> Int { try decode(Box<Int>.self).value }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(Box<Int8>.self).value }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(Box<Int16>.self).value }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(Box<Int32>.self).value }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(Box<Int64>.self).value }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(Box<UInt>.self).value }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(Box<UInt8>.self).value }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(Box<UInt16>.self).value }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(Box<UInt32>.self).value }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(Box<UInt64>.self).value }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        decoder.single = decoder.recorder.schema(of: (type as? any PrimitiveBox.Type)?.wrappedType ?? type)
        return try decoder.value(type)
    }
}

/// Marks `Optional` so a `decode(T?.self, forKey:)` counts as a key that may be missing.
private protocol OptionalMarker {}
extension Optional: OptionalMarker {}

/// Routes the primitive overloads of the containers through one generic path.
private protocol PrimitiveBox {
    static var wrappedType: any Decodable.Type { get }
    static var placeholder: Self { get }
}

private struct Box<T: Decodable & Sendable>: Decodable, PrimitiveBox {
    let value: T
    init(from decoder: any Decoder) throws { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "probe only")) }
    init(value: T) { self.value = value }
    static var wrappedType: any Decodable.Type { T.self }
    static var placeholder: Self { Box(value: Self.zero()) }

    private static func zero() -> T {
        switch T.self {
        case is Bool.Type: return false as! T
        case is String.Type: return "" as! T
        case is Double.Type: return 0.0 as! T
        case is Float.Type: return Float(0) as! T
        case is Int.Type: return 0 as! T
        case is Int8.Type: return Int8(0) as! T
        case is Int16.Type: return Int16(0) as! T
        case is Int32.Type: return Int32(0) as! T
        case is Int64.Type: return Int64(0) as! T
        case is UInt.Type: return UInt(0) as! T
        case is UInt8.Type: return UInt8(0) as! T
        case is UInt16.Type: return UInt16(0) as! T
        case is UInt32.Type: return UInt32(0) as! T
        default: return UInt64(0) as! T
        }
    }
}
