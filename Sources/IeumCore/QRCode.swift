/// A QR code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1–10 (up to 213 bytes):
/// enough for the check-in and certificate-verification links. Follows the structure of Project Nayuki's
/// reference encoder (MIT): data codewords, Reed–Solomon blocks, function patterns, zigzag placement, masks.
public struct QRCode: Sendable {
    public let size: Int
    public let version: Int
    public let mask: Int
    /// Row-major; true is a dark module.
    public let modules: [Bool]

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    public enum Failure: Error, Equatable { case tooLong }

    // Level M, versions 1…10 (index 0 unused).
    static let eccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    static let blockCount = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]

    /// Encodes `text` as UTF-8 in the smallest version that holds it; `mask` nil picks the best by penalty.
    public init(_ text: String, mask fixedMask: Int? = nil) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.dataCapacity($0) * 8 >= 4 + ($0 < 10 ? 8 : 16) + bytes.count * 8 })
        else { throw Failure.tooLong }
        let size = version * 4 + 17
        var grid = Grid(size: size)
        grid.drawFunctionPatterns(version: version)
        let codewords = Self.addErrorCorrection(Self.dataCodewords(bytes, version: version), version: version)
        grid.drawCodewords(codewords)
        let chosen: Int
        if let fixedMask {
            chosen = fixedMask
        } else {
            chosen = (0..<8).min { a, b in
                var ga = grid, gb = grid
                ga.apply(mask: a); ga.drawFormatBits(mask: a)
                gb.apply(mask: b); gb.drawFormatBits(mask: b)
                return ga.penalty() < gb.penalty()
            }!
        }
        grid.apply(mask: chosen)
        grid.drawFormatBits(mask: chosen)
        self.size = size
        self.version = version
        self.mask = chosen
        self.modules = grid.dark
    }

    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let align = version / 7 + 2
            result -= (25 * align - 10) * align - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCapacity(_ version: Int) -> Int {
        rawDataModules(version) / 8 - eccPerBlock[version] * blockCount[version]
    }

    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for b in bytes { append(Int(b), 8) }
        let capacity = dataCapacity(version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var out: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { i in
            bits[i..<i + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while out.count < capacity / 8 {
            out.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return out
    }

    static func addErrorCorrection(_ data: [UInt8], version: Int) -> [UInt8] {
        let blocks = blockCount[version], ecc = eccPerBlock[version]
        let raw = rawDataModules(version) / 8
        let shortBlocks = blocks - raw % blocks
        let shortLength = raw / blocks
        let divisor = ReedSolomon.divisor(degree: ecc)
        var split: [[UInt8]] = []
        var k = 0
        for i in 0..<blocks {
            let length = shortLength - ecc + (i < shortBlocks ? 0 : 1)
            var block = Array(data[k..<k + length])
            k += length
            let remainder = ReedSolomon.remainder(block, divisor: divisor)
            if i < shortBlocks { block.append(0) }
            split.append(block + remainder)
        }
        var result: [UInt8] = []
        for i in 0..<split[0].count {
            for (j, block) in split.enumerated() where i != shortLength - ecc || j >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }
}

enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

/// The module grid while a code is built; `function` marks modules that are not data.
struct Grid {
    let size: Int
    var dark: [Bool]
    var function: [Bool]

    init(size: Int) {
        self.size = size
        dark = Array(repeating: false, count: size * size)
        function = Array(repeating: false, count: size * size)
    }

    mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        function[y * size + x] = true
    }

    mutating func drawFunctionPatterns(version: Int) {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let d = max(abs(dx), abs(dy)), xx = x + dx, yy = y + dy
                    if (0..<size).contains(xx) && (0..<size).contains(yy) { set(xx, yy, d != 2 && d != 4) }
                }
            }
        }
        let positions = alignmentPositions(version: version)
        for (i, px) in positions.enumerated() {
            for (j, py) in positions.enumerated() {
                let corner = (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0)
                if corner { continue }
                for dy in -2...2 { for dx in -2...2 { set(px + dx, py + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormatBits(mask: 0)
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, bit)
                set(b, a, bit)
            }
        }
    }

    func alignmentPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var pos = size - 7
        while result.count < count {
            result.insert(pos, at: 1)
            pos -= step
        }
        return result
    }

    /// Level M is format bits 00.
    mutating func drawFormatBits(mask: Int) {
        let data = 0b00 << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !function[y * size + x] && i < data.count * 8 {
                        dark[y * size + x] = (data[i >> 3] >> (7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { dark[y * size + x].toggle() }
            }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, imbalance of dark and light.
    func penalty() -> Int {
        var score = 0
        func line(_ get: (Int) -> Bool) {
            var run = 1
            for i in 1..<size {
                if get(i) == get(i - 1) {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            let pattern: [Bool] = [true, false, true, true, true, false, true]
            for i in 0...(size - 7) where (0..<7).allSatisfy({ get(i + $0) == pattern[$0] }) {
                let before = (max(0, i - 4)..<i).allSatisfy { !get($0) } && i >= 4
                let after = (i + 7..<min(size, i + 11)).allSatisfy { !get($0) } && i + 11 <= size
                if before || after { score += 40 }
            }
        }
        for y in 0..<size { line { dark[y * size + $0] } }
        for x in 0..<size { line { dark[$0 * size + x] } }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = dark[y * size + x]
                if c == dark[y * size + x + 1] && c == dark[(y + 1) * size + x] && c == dark[(y + 1) * size + x + 1] { score += 3 }
            }
        }
        let total = size * size, darkCount = dark.filter { $0 }.count
        score += ((abs(darkCount * 20 - total * 10) + total - 1) / total - 1) * 10
        return score
    }
}

extension QRCode {
    /// The code as an SVG image with a four-module quiet zone, `pixels` wide.
    public func svg(pixels: Int, title: String) -> String {
        let full = size + 8
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) { path += "M\(x + 4),\(y + 4)h1v1h-1z" }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(full) \(full)" width="\(pixels)" height="\(pixels)" role="img" shape-rendering="crispEdges"><title>\(Markup.escape(title))</title><rect width="\(full)" height="\(full)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
