import Foundation

/// The 17 metropolitan cities and provinces (시·도). The capital region is Seoul, Incheon and Gyeonggi
/// (PROGRAM.md, "Regions"): the program measures everything split by capital vs non-capital.
public enum Region: String, CaseIterable, Sendable, Codable {
    case seoul, busan, daegu, incheon, gwangju, daejeon, ulsan, sejong, gyeonggi, gangwon
    case chungbuk, chungnam, jeonbuk, jeonnam, gyeongbuk, gyeongnam, jeju

    public var isCapitalRegion: Bool {
        switch self {
        case .seoul, .incheon, .gyeonggi: true
        default: false
        }
    }

    public var name: Localized {
        switch self {
        case .seoul: Localized("서울특별시", "Seoul")
        case .busan: Localized("부산광역시", "Busan")
        case .daegu: Localized("대구광역시", "Daegu")
        case .incheon: Localized("인천광역시", "Incheon")
        case .gwangju: Localized("광주광역시", "Gwangju")
        case .daejeon: Localized("대전광역시", "Daejeon")
        case .ulsan: Localized("울산광역시", "Ulsan")
        case .sejong: Localized("세종특별자치시", "Sejong")
        case .gyeonggi: Localized("경기도", "Gyeonggi")
        case .gangwon: Localized("강원특별자치도", "Gangwon")
        case .chungbuk: Localized("충청북도", "North Chungcheong")
        case .chungnam: Localized("충청남도", "South Chungcheong")
        case .jeonbuk: Localized("전북특별자치도", "North Jeolla")
        case .jeonnam: Localized("전라남도", "South Jeolla")
        case .gyeongbuk: Localized("경상북도", "North Gyeongsang")
        case .gyeongnam: Localized("경상남도", "South Gyeongsang")
        case .jeju: Localized("제주특별자치도", "Jeju")
        }
    }

    /// Finds a region from what people type in spreadsheets: the code, the full or short Korean name, or English.
    public init?(loose text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !key.isEmpty else { return nil }
        let found = Region.allCases.first { region in
            region.rawValue == key || region.name.ko == key || region.name.en.lowercased() == key
                || region.shortKorean == key
        }
        guard let found else { return nil }
        self = found
    }

    /// The two-syllable form used on forms and spreadsheets (서울, 경남, …).
    public var shortKorean: String {
        switch self {
        case .seoul: "서울"
        case .busan: "부산"
        case .daegu: "대구"
        case .incheon: "인천"
        case .gwangju: "광주"
        case .daejeon: "대전"
        case .ulsan: "울산"
        case .sejong: "세종"
        case .gyeonggi: "경기"
        case .gangwon: "강원"
        case .chungbuk: "충북"
        case .chungnam: "충남"
        case .jeonbuk: "전북"
        case .jeonnam: "전남"
        case .gyeongbuk: "경북"
        case .gyeongnam: "경남"
        case .jeju: "제주"
        }
    }
}
