import Foundation
import IeumCore
import Vapor

/// The pieces of the KPI pages: headline figures, charts each beside its table, export links.
enum KPIViews {
    static func card(_ label: String, _ value: String, _ note: String = "") -> HTML {
        "<div class=\"kpi\"><span class=\"kpi-label\">\(label)</span><strong class=\"kpi-value\">\(value)</strong><span class=\"kpi-note\">\(note)</span></div>"
    }

    /// A share: "–" with nothing to divide by, "×" when suppressed.
    static func shareText(_ shown: Double?, _ value: Double?) -> String {
        if shown == nil && value != nil { return SuppressedSums.protectedMark }
        return KPIFormat.percent(shown)
    }

    static func headline(_ data: KPIData, lang: Lang) -> HTML {
        let table = KPIGrouping.operators.table(data, lang: lang)
        let t = table.rows.count
        let totals = data.totals
        let progress = data.progress(targets: data.targets)
        let cumulative = progress.last { $0.progress.year <= max(data.today.year, data.firstYear) } ?? progress.last
        let today = data.todayCheckIns
        func outside(_ share: Double?) -> Double? { share.map { 1 - $0 } }
        return """
            <section class="kpis" aria-label="\(lang.pick("핵심 지표", "Key figures"))">
            \(data.measuredAgainstTargets
                ? card(lang.pick("누적 훈련생 / 최종 목표", "Trainees so far / final target"),
                       "\(cumulative?.cumulativeText ?? "0") / \(Components.number(data.cumulativeTarget))",
                       KPIFormat.percent(data.cumulativeTarget > 0 ? cumulative?.shownCumulative.map { Double($0) / Double(data.cumulativeTarget) } : nil))
                : card(lang.pick("누적 훈련생", "Trainees so far"), table.countText(t, 1), lang.pick("훈련 중 ", "in training ") + table.countText(t, 2)))
            \(card(lang.pick("수료", "Completed"), table.countText(t, 3), lang.pick("수료율 ", "completion ") + table.rateText(t, 0)))
            \(card(lang.pick("취업률(수료 후 6개월)", "Employed within 6 months"), table.rateText(t, 2),
                   lang.pick("집계 중(6개월 미경과) ", "still open (under 6 months) ") + shareText(data.openShare, totals.openShare)))
            \(card(lang.pick("지역 정착률", "Regional retention"), table.rateText(t, 3), lang.pick("훈련 지역에 취업", "employed where they trained")))
            \(card(lang.pick("비수도권 훈련생", "Trainees outside the capital region"),
                   shareText(outside(data.capitalShareOfTrainees), totals.capitalShareOfTrainees),
                   lang.pick("수료생 ", "completers ") + shareText(outside(data.capitalShareOfCompleters), totals.capitalShareOfCompleters)
                   + lang.pick(" · 취업 ", " · hires ") + shareText(outside(data.capitalShareOfHires), totals.capitalShareOfHires)))
            \(card(lang.pick("평균 출석률", "Average attendance"), table.rateText(t, 4), lang.pick("확정된 훈련일 기준", "decided training days")))
            \(card(lang.pick("멘토 1인당 훈련생", "Trainees per mentor"),
                   data.mentorLoad.map { KPIFormat.oneDecimal($0) } ?? (totals.mentorLoad == nil ? "–" : SuppressedSums.protectedMark),
                   lang.pick("멘토 \(totals.mentors)명", "\(totals.mentors) mentors")))
            \(card(lang.pick("오늘 입실", "Checked in today"),
                   "\(SuppressedSums.text(today.checkedIn, data.todayFigures.checkedInStatus, number: Components.number)) / \(SuppressedSums.text(today.due, data.todayFigures.dueStatus, number: Components.number))",
                   lang.pick("실시간 · \(data.today)", "live · \(data.today)")))
            </section>
            """
    }

    static func targetsSection(_ data: KPIData, lang: Lang) -> HTML {
        // Part of the program is not measured against the whole program's targets: its years and forecast only.
        let targets = data.measuredAgainstTargets ? data.targets : [:]
        let shown = data.progress(targets: targets)
        let progress = shown.map(\.progress)
        let forecast = data.forecast
        let hidden = Dictionary(uniqueKeysWithValues: shown.filter { $0.actual != .shown }.map { ($0.progress.year, $0.actualText) })
        let chart = KPICharts.targets(title: lang.pick("연도별 목표와 실적, 전망", "Targets, trainees and forecast by year"), progress,
                                      hiddenActual: hidden, forecast: forecast,
                                      legend: (lang.pick("목표", "Target"), lang.pick("실적", "Trainees"), lang.pick("전망(범위)", "Forecast (range)")))
        func n(_ v: Double) -> String { Components.number(Int(v.rounded())) }
        let rows = shown.map { s -> [HTML] in
            let p = s.progress
            let f = forecast?.years.first { $0.year == p.year }
            return ["\(p.year)", "\(p.target.map(Components.number) ?? "–")", "\(s.actualText)", "\(KPIFormat.percent(s.share))",
                    "\(Components.number(p.cumulativeTarget))", "\(s.cumulativeText)", "\(KPIFormat.percent(s.cumulativeShare))",
                    "\(f.map { "\(n($0.cumulativeTrainees.expected)) (\(n($0.cumulativeTrainees.low))–\(n($0.cumulativeTrainees.high)))" } ?? "–")"]
        }
        let explanation: HTML
        if let forecast {
            explanation = """
                <p class="muted">\(lang.pick(
                    "전망: 시작한 기수는 실제 인원, 아직 시작하지 않은 기수는 정원 × 충원율(시작한 기수 \(forecast.startedCohorts)개 기준 \(KPIFormat.percent(forecast.fillRate.expected)), 범위 \(KPIFormat.percent(forecast.fillRate.low))–\(KPIFormat.percent(forecast.fillRate.high))). 수료는 종료된 기수 \(forecast.endedCohorts)개의 수료율 \(KPIFormat.percent(forecast.completionRate.expected)) (범위 \(KPIFormat.percent(forecast.completionRate.low))–\(KPIFormat.percent(forecast.completionRate.high))). 범위는 기수별 비율의 10–90 백분위입니다. 아직 편성되지 않은 기수는 넣지 않습니다.",
                    "Forecast: cohorts that have started count their trainees; cohorts not yet started count seats × fill rate (\(KPIFormat.percent(forecast.fillRate.expected)) over \(forecast.startedCohorts) started cohorts, range \(KPIFormat.percent(forecast.fillRate.low))–\(KPIFormat.percent(forecast.fillRate.high))). Completers use the completion rate of \(forecast.endedCohorts) ended cohorts, \(KPIFormat.percent(forecast.completionRate.expected)) (range \(KPIFormat.percent(forecast.completionRate.low))–\(KPIFormat.percent(forecast.completionRate.high))). Ranges are the 10th–90th percentiles of the per-cohort rates. Cohorts not yet scheduled are not invented."))
                \(forecast.final.map { f in HTML(raw: HTML.escape(lang.pick(
                    "최종 연도(\(f.year))까지 누적 훈련생 전망 \(n(f.cumulativeTrainees.expected))명 (\(n(f.cumulativeTrainees.low))–\(n(f.cumulativeTrainees.high))), 누적 수료 \(n(f.cumulativeCompleters.expected))명 — 최종 목표 \(Components.number(data.cumulativeTarget))명.",
                    "By the final year (\(f.year)): \(n(f.cumulativeTrainees.expected)) trainees expected (\(n(f.cumulativeTrainees.low))–\(n(f.cumulativeTrainees.high))), \(n(f.cumulativeCompleters.expected)) completers — final target \(Components.number(data.cumulativeTarget)).")))
                }.flatMap { data.measuredAgainstTargets ? $0 : nil } ?? .empty)</p>
                """
        } else {
            explanation = "<p class=\"muted\">\(lang.pick("끝난 기수가 아직 없어 전망을 낼 수 없습니다.", "No cohort has ended yet, so there is no history to forecast from."))</p>"
        }
        return """
            <section><h2>\(data.measuredAgainstTargets ? lang.pick("목표 대비 실적", "Targets and progress") : lang.pick("연도별 실적과 전망", "Trainees by year and forecast"))</h2>
            <div class="chart-pair"><figure>\(chart)</figure>
            \(data.measuredAgainstTargets
                ? Components.table(headers: [lang.pick("연도", "Year"), lang.pick("목표", "Target"), lang.pick("실적", "Trainees"), lang.pick("달성", "Share"),
                                             lang.pick("누적 목표", "Cumulative target"), lang.pick("누적 실적", "Cumulative"), lang.pick("누적 달성", "Share"),
                                             lang.pick("누적 전망 (범위)", "Forecast, cumulative (range)")],
                                   rows: rows, empty: "", compact: true)
                : Components.table(headers: [lang.pick("연도", "Year"), lang.pick("실적", "Trainees"), lang.pick("누적 실적", "Cumulative"),
                                             lang.pick("누적 전망 (범위)", "Forecast, cumulative (range)")],
                                   rows: rows.map { [$0[0], $0[2], $0[5], $0[7]] }, empty: "", compact: true))</div>
            \(explanation)
            </section>
            """
    }

    static func exportLinks(_ grouping: KPIGrouping, filter: KPIFilter, lang: Lang) -> HTML {
        let query = filter.query.isEmpty ? "" : "&" + filter.query
        return """
            <p class="exports">\(lang.pick("내려받기", "Download")): <a href="\(KPIRoutes.export(grouping.rawValue))?format=csv\(query)">CSV</a> · <a href="\(KPIRoutes.export(grouping.rawValue))?format=xlsx\(query)">XLSX</a></p>
            """
    }

    static func tableHTML(_ table: KPITable, lang: Lang) -> HTML {
        let rows = (0...table.rows.count).map { r -> [HTML] in
            let label: HTML = r == table.rows.count ? "<strong>\(lang.pick("합계", "Total"))</strong>"
                : table.rows[r].link.map { Components.link($0, table.rows[r].label) } ?? "\(table.rows[r].label)"
            return [label] + KPITable.counts.indices.map { "\(table.countText(r, $0))" } + KPITable.rates.indices.map { "\(table.rateText(r, $0))" }
        }
        let note: HTML = table.suppressed
            ? "<p class=\"muted\">\(lang.pick("개인이 드러나지 않도록 5명 미만인 칸은 '<5'로, 합계로 그 값을 알아낼 수 있게 하는 칸과 그런 칸에서 나온 비율은 '×'로 가렸습니다.", "Cells counting fewer than 5 people are shown as '<5'; cells that would let the totals reveal them, and rates built on hidden cells, as '×'."))</p>"
            : .empty
        return "\(Components.table(headers: table.headers.map { $0.in(lang) }, rows: rows, empty: "", compact: true))\(note)"
    }

    static func section(_ grouping: KPIGrouping, _ data: KPIData, filter: KPIFilter, lang: Lang, chart: Bool, exports: Bool = true) -> HTML {
        let table = grouping.table(data, lang: lang)
        var figure: HTML = .empty
        if grouping == .capital {
            figure = capitalChart(data, lang: lang)
        } else if chart {
            let bars = table.rows.indices.map { r in
                KPICharts.Bar(label: table.rows[r].label, value: Double(table.count(r, 1) ?? 0), text: table.countText(r, 1))
            }
            figure = "<figure>\(KPICharts.bars(title: grouping.title.in(lang) + " · " + lang.pick("훈련 시작 인원", "trainees"), bars))<figcaption>\(lang.pick("훈련 시작 인원", "Trainees who started"))</figcaption></figure>"
        }
        return """
            <section><h2>\(grouping.title.in(lang))</h2>
            \(figure)
            \(tableHTML(table, lang: lang))
            \(exports ? exportLinks(grouping, filter: filter, lang: lang) : .empty)
            </section>
            """
    }

    /// Shares outside the capital region: of trainees and completers by campus, of hires by where the job is.
    static func capitalChart(_ data: KPIData, lang: Lang) -> HTML {
        let shares: [(String, Double?)] = [
            (lang.pick("훈련생 (캠퍼스 기준)", "Trainees (by campus)"), data.capitalShareOfTrainees),
            (lang.pick("수료생 (캠퍼스 기준)", "Completers (by campus)"), data.capitalShareOfCompleters),
            (lang.pick("취업 (일자리 기준)", "Hires (by job)"), data.capitalShareOfHires),
        ]
        let bars = shares.compactMap { label, capital in
            capital.map { KPICharts.Bar(label: label, value: (1 - $0) * 100, text: KPIFormat.percent(1 - $0)) }
        }
        guard !bars.isEmpty else { return .empty }
        let title = lang.pick("비수도권 비중", "Share outside the capital region")
        return "<figure>\(KPICharts.bars(title: title, bars, maximum: 100))<figcaption>\(title)</figcaption></figure>"
    }

    static func regionSection(_ data: KPIData, filter: KPIFilter, lang: Lang, exports: Bool = true) -> HTML {
        let table = KPIGrouping.regions.table(data, lang: lang)
        var values: [Region: (Double, String)] = [:]
        for (r, row) in table.rows.enumerated() {
            guard let region = Region(rawValue: row.key) else { continue }
            values[region] = (Double(table.count(r, 1) ?? 0), table.countText(r, 1))
        }
        return """
            <section><h2>\(KPIGrouping.regions.title.in(lang))</h2>
            <div class="chart-pair"><figure>\(KPICharts.regionGrid(title: lang.pick("시·도별 훈련 시작 인원", "Trainees by region"), values: values))
            <figcaption>\(lang.pick("시·도별 훈련 시작 인원 (굵은 테두리: 수도권)", "Trainees by region (thick border: capital region)"))</figcaption></figure>
            <div>\(tableHTML(table, lang: lang))</div></div>
            \(exports ? exportLinks(.regions, filter: filter, lang: lang) : .empty)
            </section>
            """
    }

    static func method(_ lang: Lang) -> HTML {
        """
        <section class="method"><h2>\(lang.pick("지표 정의", "Definitions"))</h2><ul>
        <li>\(lang.pick("훈련 시작: 실제로 훈련을 시작한 인원(수강 중, 수료, 훈련 중 탈락). 사업 연도는 기수 시작일의 연도입니다.", "Enrolled: people who started training (in training, completed, or dropped out during training). A cohort counts in the year it starts."))</li>
        <li>\(lang.pick("수료율: 종료된 기수의 수료 ÷ 훈련 시작. 중도 탈락률: 훈련 중 탈락 ÷ 훈련 시작.", "Completion: completed ÷ enrolled, in cohorts that have ended. Drop-out: dropped during training ÷ enrolled."))</li>
        <li>\(lang.pick("취업률: 과정 종료 후 6개월 안에 입사하고 종료 후 7개월 안에 등록된 취업 ÷ 6개월이 지난 기수의 수료생.", "Employment: completers whose job starts within 6 months of the end and is on record within 7 months ÷ completers of cohorts more than 6 months past their end."))</li>
        <li>\(lang.pick("지역 정착률: 훈련받은 캠퍼스와 같은 시·도에 취업 ÷ 취업자.", "Regional retention: employed in the region of the campus where they trained ÷ employed."))</li>
        <li>\(lang.pick("수치는 변경과 함께 즉시 반영됩니다. 자세한 정의: docs/KPIS.md", "Figures change as soon as the records do. Full definitions: docs/KPIS.md"))</li>
        </ul></section>
        """
    }
}
