/// Plausible scans for demo and national-scale data: most trainees come on time most days; some are late,
/// go out, leave early, forget to check out or stay away. Deterministic for a given generator.
public struct AttendanceSimulation: Sendable {
    /// How reliably this trainee attends, 0…1; drawn once per trainee.
    public let diligence: Double

    public init(using rng: inout SeededRandom) {
        // Most trainees attend 93–99% of days; about one in ten struggles (70–92%), and some of those miss completion.
        let roll = Double.random(in: 0..<1, using: &rng)
        diligence = roll < 0.1 ? Double.random(in: 0.70..<0.92, using: &rng) : Double.random(in: 0.93..<0.995, using: &rng)
    }

    public init(diligence: Double) { self.diligence = diligence }

    /// One day's scans as (kind, second of the day in KST), in order; `until` cuts off what has not happened yet.
    public func day(_ schedule: DaySchedule, using rng: inout SeededRandom, until: Int? = nil) -> [(ScanKind, Int)] {
        var scans: [(ScanKind, Int)] = []
        if Double.random(in: 0..<1, using: &rng) > diligence {
            // Absent; now and then someone checks in and never checks out.
            if Double.random(in: 0..<1, using: &rng) < 0.15 {
                scans.append((.checkIn, schedule.start * 60 - Int.random(in: 0..<900, using: &rng)))
            }
            return cut(scans, until)
        }
        let late = Double.random(in: 0..<1, using: &rng) < (1.2 - diligence) * 0.4
        let arrive = late ? schedule.start * 60 + Int.random(in: 120..<2700, using: &rng) : schedule.start * 60 - Int.random(in: 60..<1800, using: &rng)
        scans.append((.checkIn, arrive))
        if Double.random(in: 0..<1, using: &rng) < 0.03 {
            let out = (14 * 60 + Int.random(in: 0..<120, using: &rng)) * 60
            scans.append((.goOut, out))
            scans.append((.comeBack, out + Int.random(in: 600..<3600, using: &rng)))
        }
        let early = Double.random(in: 0..<1, using: &rng) < 0.025
        let leave = early ? schedule.end * 60 - Int.random(in: 1800..<7200, using: &rng) : schedule.end * 60 + Int.random(in: 0..<1500, using: &rng)
        if Double.random(in: 0..<1, using: &rng) > 0.01 { scans.append((.checkOut, leave)) }
        return cut(scans, until)
    }

    private func cut(_ scans: [(ScanKind, Int)], _ until: Int?) -> [(ScanKind, Int)] {
        guard let until else { return scans }
        return scans.filter { $0.1 <= until }
    }
}
