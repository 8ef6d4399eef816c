import IeumCore
import Testing

@Suite("Regions")
struct RegionTests {
    @Test("the 17 시·도, of which Seoul, Incheon and Gyeonggi form the capital region")
    func capitalRegion() {
        #expect(Region.allCases.count == 17)
        #expect(Set(Region.allCases.filter(\.isCapitalRegion)) == [.seoul, .incheon, .gyeonggi])
    }

    @Test("regions are read the ways spreadsheets write them",
          arguments: [("경남", Region.gyeongnam), ("경상남도", .gyeongnam), ("gyeongnam", .gyeongnam),
                      ("South Gyeongsang", .gyeongnam), (" 서울 ", .seoul), ("광주광역시", .gwangju), ("제주", .jeju)])
    func loose(text: String, region: Region) {
        #expect(Region(loose: text) == region)
    }

    @Test("unknown text is not a region")
    func unknown() {
        #expect(Region(loose: "") == nil)
        #expect(Region(loose: "도쿄") == nil)
    }
}
