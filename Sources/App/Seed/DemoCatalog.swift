import IeumCore

/// The fixed facts of the demo program, modelled on PROGRAM.md: five operators (three large IT companies,
/// a learning-technology company and an industry association), campuses mostly outside the capital region.
enum DemoCatalog {
    struct CampusSpec {
        let name: String
        let region: Region
        let address: String
        let firstYear: Int
    }

    struct OperatorSpec {
        let key: String
        let name: String
        let summary: String
        let courses: [(title: String, track: String, hours: Int, theory: Int)]
        let campuses: [CampusSpec]
    }

    static let programName = "디지털 인재 양성 사업"
    static let yearTargets: [(Int, Int)] = [(2022, 10_000), (2023, 15_000), (2024, 15_000), (2025, 15_000), (2026, 17_000), (2027, 18_000)]
    static let cumulativeTarget = 90_000
    static let password = "ieum-demo-2026!"

    /// The demo accounts the login page offers in demo mode (the seeder makes exactly these).
    static let loginHints: [(Role, String)] = [
        (.programManager, "pm@ieum.demo"), (.operatorAdmin, "admin.hanbit@ieum.demo"), (.campusStaff, "staff.hanbit2@ieum.demo"),
        (.mentor, "mentor.hanbit21@ieum.demo"), (.trainee, "trainee@ieum.demo"), (.employer, "hr@changwon-factory.demo"),
        (.applicant, "applicant@ieum.demo"),
    ]

    static let motivations = [
        "전공은 기계공학이지만 공장 자동화 일을 하며 데이터를 다루는 소프트웨어의 힘을 느꼈습니다. 지역 제조 기업의 개발자가 되고 싶습니다.",
        "독학으로 웹을 만들어 보았지만 실무 수준의 코드 리뷰를 받아 본 적이 없습니다. 현업 멘토에게 제대로 배우고 싶습니다.",
        "고향에서 일하며 살고 싶습니다. 이 과정을 마치고 지역의 IT 기업에 취업하는 것이 목표입니다.",
        "대학에서 통계를 공부했고, 데이터 파이프라인을 직접 만들 수 있는 개발자로 성장하고 싶습니다.",
        "군 복무 중 정보체계 업무를 맡으며 서버 운영에 관심이 생겼습니다. 클라우드 엔지니어가 되고 싶습니다.",
    ]

    static let projectIdeas = [
        "동네 소상공인을 위한 예약·재고 관리 서비스", "공장 설비 이상을 알려 주는 모니터링 대시보드", "지역 축제 정보를 모아 주는 앱",
        "어르신을 위한 복약 알림 서비스", "대중교통 환승 시간을 줄여 주는 길 찾기", "캠퍼스 중고 거래 플랫폼",
    ]

    static let reviewComments = [
        "목표가 구체적이고 지역 취업 의지가 분명함", "문제 해결 경험 서술이 다소 추상적임", "협업 경험이 풍부함",
        "학습 계획이 현실적임", "동기는 좋으나 준비 정도가 부족함",
    ]

    static let operators: [OperatorSpec] = [
        OperatorSpec(key: "hanbit", name: "한빛클라우드 아카데미", summary: "데이터센터가 있는 경남·광주에 캠퍼스를 둔 클라우드 기업 아카데미",
                     courses: [("클라우드 네이티브 백엔드", "백엔드", 800, 320), ("데이터센터 인프라 엔지니어", "클라우드", 720, 360)],
                     campuses: [CampusSpec(name: "창원 캠퍼스", region: .gyeongnam, address: "경상남도 창원시 의창구 창원대로 363", firstYear: 2022),
                                CampusSpec(name: "광주 캠퍼스", region: .gwangju, address: "광주광역시 북구 첨단과기로 123", firstYear: 2022)]),
        OperatorSpec(key: "nuri", name: "누리소프트 캠퍼스", summary: "포털·메신저 서비스 기업이 운영하는 개발자 양성 과정",
                     courses: [("풀스택 웹 개발", "프론트엔드", 760, 300), ("모바일 앱 개발", "모바일", 640, 280)],
                     campuses: [CampusSpec(name: "부산 캠퍼스", region: .busan, address: "부산광역시 해운대구 센텀중앙로 97", firstYear: 2022),
                                CampusSpec(name: "대구 캠퍼스", region: .daegu, address: "대구광역시 동구 동대구로 465", firstYear: 2023)]),
        OperatorSpec(key: "garam", name: "가람테크 스쿨", summary: "통신·AI 기업의 인공지능·데이터 전문 과정",
                     courses: [("AI 서비스 개발", "AI·데이터", 840, 400), ("데이터 엔지니어링", "AI·데이터", 720, 340)],
                     campuses: [CampusSpec(name: "서울 캠퍼스", region: .seoul, address: "서울특별시 성동구 아차산로 17", firstYear: 2022),
                                CampusSpec(name: "대전 캠퍼스", region: .daejeon, address: "대전광역시 유성구 대학로 99", firstYear: 2023)]),
        OperatorSpec(key: "baeum", name: "배움온 에듀테크", summary: "온·오프라인 혼합 학습을 운영하는 교육기술 기업",
                     courses: [("자바 백엔드 부트캠프", "백엔드", 680, 300), ("정보보안 실무", "보안", 600, 300)],
                     campuses: [CampusSpec(name: "전주 캠퍼스", region: .jeonbuk, address: "전북특별자치도 전주시 덕진구 백제대로 567", firstYear: 2022),
                                CampusSpec(name: "춘천 캠퍼스", region: .gangwon, address: "강원특별자치도 춘천시 강원대학길 1", firstYear: 2024)]),
        OperatorSpec(key: "kswa", name: "K-소프트웨어산업협회 아카데미", summary: "소프트웨어 기업들이 함께 만든 산업협회 아카데미",
                     courses: [("SW 개발자 기본 과정", "백엔드", 640, 320), ("임베디드·IoT 개발", "임베디드", 700, 330)],
                     campuses: [CampusSpec(name: "판교 캠퍼스", region: .gyeonggi, address: "경기도 성남시 분당구 대왕판교로 645", firstYear: 2022),
                                CampusSpec(name: "천안 캠퍼스", region: .chungnam, address: "충청남도 천안시 동남구 중앙로 92", firstYear: 2023),
                                CampusSpec(name: "제주 캠퍼스", region: .jeju, address: "제주특별자치도 제주시 첨단로 242", firstYear: 2024)]),
    ]

    static let employers: [(String, Region, String)] = [
        ("창원스마트팩토리(주)", .gyeongnam, "제조 IT"), ("경남데이터센터(주)", .gyeongnam, "클라우드"), ("진주소프트(주)", .gyeongnam, "SI"),
        ("광주AI랩(주)", .gwangju, "인공지능"), ("빛고을모빌리티(주)", .gwangju, "모빌리티"),
        ("해운대웹서비스(주)", .busan, "웹 서비스"), ("부산핀테크(주)", .busan, "핀테크"),
        ("대구메디테크(주)", .daegu, "헬스케어"), ("달구벌게임즈(주)", .daegu, "게임"),
        ("대덕데이터(주)", .daejeon, "데이터"), ("유성로보틱스(주)", .daejeon, "로봇"),
        ("전주농업IT(주)", .jeonbuk, "농업 IT"), ("새만금에너지솔루션(주)", .jeonbuk, "에너지"),
        ("춘천바이오데이터(주)", .gangwon, "바이오"), ("천안반도체소프트(주)", .chungnam, "반도체"),
        ("제주관광플랫폼(주)", .jeju, "관광"), ("울산스마트에너지(주)", .ulsan, "에너지"),
        ("서울커머스(주)", .seoul, "이커머스"), ("강남클라우드(주)", .seoul, "클라우드"),
        ("판교게임즈(주)", .gyeonggi, "게임"), ("수원시큐리티(주)", .gyeonggi, "보안"), ("인천물류테크(주)", .incheon, "물류"),
    ]

    static let banks = ["국민은행", "신한은행", "우리은행", "하나은행", "농협은행", "기업은행", "부산은행", "경남은행", "광주은행", "카카오뱅크"]
    static let dropReasons = ["조기 취업", "개인 사정", "건강 문제", "출석 기준 미달", "타 교육과정 이동"]
    static let jobTitles = ["백엔드 개발자", "프론트엔드 개발자", "클라우드 엔지니어", "데이터 엔지니어", "AI 엔지니어", "모바일 개발자", "정보보안 엔지니어", "QA 엔지니어"]
}
