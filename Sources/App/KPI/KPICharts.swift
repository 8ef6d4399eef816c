import Foundation
import IeumCore

/// Charts drawn on the server as SVG: readable without JavaScript, scaled to the screen, each with a <title>
/// for screen readers and always shown beside a table of the same numbers.
enum KPICharts {
    static func escape(_ s: String) -> String { Markup.escape(s) }

    struct Bar {
        let label: String
        let value: Double
        let text: String
    }

    /// Horizontal bars, one per group, longest first as given.
    static func bars(title: String, _ bars: [Bar], maximum fixed: Double? = nil) -> HTML {
        let rowHeight = 26.0, labelWidth = 190.0, width = 640.0
        let height = Double(bars.count) * rowHeight + 8
        let maximum = fixed ?? max(bars.map(\.value).max() ?? 0, 1)
        var body = ""
        for (i, bar) in bars.enumerated() {
            let y = Double(i) * rowHeight + 4
            let length = (width - labelWidth - 80) * bar.value / maximum
            body += """
                <text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end" class="chart-label">\(escape(bar.label))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(f(max(length, 0)))" height="\(rowHeight - 8)" class="chart-bar"/>\
                <text x="\(f(labelWidth + max(length, 0) + 6))" y="\(y + 17)" class="chart-value">\(escape(bar.text))</text>
                """
        }
        return HTML(raw: """
            <svg class="chart" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))" preserveAspectRatio="xMinYMin meet">\
            <title>\(escape(title))</title>\(body)</svg>
            """)
    }

    /// Per program year: the target as an outlined bar, trainees so far filled, and where a forecast exists its
    /// expected value as a mark with the low–high range as a whisker. A year in `hiddenActual` (suppressed) draws no
    /// bar and prints its mark instead of the number, and its number does not stretch the axis.
    static func targets(title: String, _ progress: [TargetProgress], hiddenActual: [Int: String] = [:], forecast: Forecast?,
                        legend: (target: String, actual: String, forecast: String)) -> HTML {
        let width = 640.0, height = 260.0, left = 56.0, bottom = 28.0, top = 28.0
        func actual(_ p: TargetProgress) -> Int { hiddenActual[p.year] == nil ? p.actual : 0 }
        let maximum = max(progress.map { Double(max($0.target ?? 0, actual($0))) }.max() ?? 0,
                          forecast?.years.map(\.trainees.high).max() ?? 0, 1)
        let scale = (height - top - bottom) / maximum
        let slot = (width - left - 8) / Double(max(progress.count, 1))
        var body = ""
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = height - bottom - value * scale
            body += """
                <line x1="\(left)" y1="\(f(y))" x2="\(width - 4)" y2="\(f(y))" class="chart-grid"/>\
                <text x="\(left - 6)" y="\(f(y + 4))" text-anchor="end" class="chart-axis">\(Components.number(Int(value.rounded())))</text>
                """
        }
        for (i, p) in progress.enumerated() {
            let x = left + Double(i) * slot + slot * 0.18
            let barWidth = slot * 0.64
            if let target = p.target {
                let h = Double(target) * scale
                body += "<rect x=\"\(f(x))\" y=\"\(f(height - bottom - h))\" width=\"\(f(barWidth))\" height=\"\(f(h))\" class=\"chart-target\"/>"
            }
            let h = Double(actual(p)) * scale
            body += "<rect x=\"\(f(x + barWidth * 0.2))\" y=\"\(f(height - bottom - h))\" width=\"\(f(barWidth * 0.6))\" height=\"\(f(h))\" class=\"chart-bar\"/>"
            // The number above the bar: legible however small the bar is beside its target.
            body += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(height - bottom - h - 4))\" text-anchor=\"middle\" class=\"chart-value\">\(escape(hiddenActual[p.year] ?? Components.number(p.actual)))</text>"
            if let year = forecast?.years.first(where: { $0.year == p.year }), year.trainees.high > Double(actual(p)) + 0.5 {
                let cx = x + barWidth / 2
                let yLow = height - bottom - year.trainees.low * scale, yHigh = height - bottom - year.trainees.high * scale
                let yExpected = height - bottom - year.trainees.expected * scale
                body += """
                    <line x1="\(f(cx))" y1="\(f(yLow))" x2="\(f(cx))" y2="\(f(yHigh))" class="chart-range"/>\
                    <line x1="\(f(cx - 8))" y1="\(f(yHigh))" x2="\(f(cx + 8))" y2="\(f(yHigh))" class="chart-range"/>\
                    <line x1="\(f(cx - 8))" y1="\(f(yLow))" x2="\(f(cx + 8))" y2="\(f(yLow))" class="chart-range"/>\
                    <circle cx="\(f(cx))" cy="\(f(yExpected))" r="4" class="chart-forecast"/>
                    """
            }
            body += "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\" class=\"chart-axis\">\(p.year)</text>"
        }
        if progress.contains(where: { $0.target != nil }) {
            body += "<rect x=\"\(left)\" y=\"4\" width=\"12\" height=\"12\" class=\"chart-target\"/><text x=\"\(left + 16)\" y=\"14\" class=\"chart-axis\">\(escape(legend.target))</text>"
        }
        body += """
            <rect x="\(left + 110)" y="4" width="12" height="12" class="chart-bar"/><text x="\(left + 126)" y="14" class="chart-axis">\(escape(legend.actual))</text>\
            <circle cx="\(left + 226)" cy="10" r="4" class="chart-forecast"/><text x="\(left + 236)" y="14" class="chart-axis">\(escape(legend.forecast))</text>
            """
        return HTML(raw: """
            <svg class="chart" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))"><title>\(escape(title))</title>\(body)</svg>
            """)
    }

    /// The 17 시·도 as tiles placed roughly where they lie, shaded by value.
    static let tilePositions: [Region: (column: Int, row: Int)] = [
        .incheon: (0, 0), .seoul: (1, 0), .gyeonggi: (2, 0), .gangwon: (3, 0),
        .chungnam: (0, 1), .sejong: (1, 1), .chungbuk: (2, 1), .gyeongbuk: (3, 1),
        .daejeon: (1, 2), .daegu: (2, 2), .ulsan: (3, 2),
        .jeonbuk: (0, 3), .gyeongnam: (2, 3), .busan: (3, 3),
        .gwangju: (0, 4), .jeonnam: (1, 4),
        .jeju: (0, 5),
    ]

    static func regionGrid(title: String, values: [Region: (value: Double, text: String)]) -> HTML {
        let tile = 76.0, gap = 6.0
        let maximum = max(values.values.map(\.value).max() ?? 0, 1)
        var body = ""
        for region in Region.allCases {
            guard let position = tilePositions[region] else { continue }
            let x = Double(position.column) * (tile + gap), y = Double(position.row) * (tile + gap)
            let entry = values[region]
            let shade = entry.map { Int(($0.value / maximum * 4).rounded(.up)) } ?? 0
            body += """
                <g><rect x="\(f(x))" y="\(f(y))" width="\(f(tile))" height="\(f(tile))" rx="6" class="tile tile-\(shade)\(region.isCapitalRegion ? " tile-capital" : "")"/>\
                <text x="\(f(x + tile / 2))" y="\(f(y + 30))" text-anchor="middle" class="tile-name">\(region.shortKorean)</text>\
                <text x="\(f(x + tile / 2))" y="\(f(y + 54))" text-anchor="middle" class="tile-value">\(escape(entry?.text ?? "0"))</text></g>
                """
        }
        let width = 4 * tile + 3 * gap, height = 6 * tile + 5 * gap
        return HTML(raw: """
            <svg class="chart chart-map" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(title))"><title>\(escape(title))</title>\(body)</svg>
            """)
    }

    private static func f(_ v: Double) -> String { KPIFormat.oneDecimal(v) }
}
