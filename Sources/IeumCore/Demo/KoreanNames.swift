/// Realistic Korean names, family name first: family names weighted roughly as the census counts them,
/// given names from common two-syllable names.
public enum KoreanNames {
    static let families: [(String, Int)] = [
        ("김", 215), ("이", 147), ("박", 84), ("최", 47), ("정", 44), ("강", 24), ("조", 21), ("윤", 20),
        ("장", 20), ("임", 16), ("한", 15), ("오", 15), ("서", 15), ("신", 14), ("권", 14), ("황", 14),
        ("안", 14), ("송", 13), ("류", 12), ("전", 11), ("홍", 11), ("고", 9), ("문", 9), ("양", 9),
        ("손", 9), ("배", 8), ("백", 8), ("허", 6), ("유", 6), ("남", 5), ("심", 5), ("노", 5),
    ]

    static let given: [String] = [
        "민준", "서준", "도윤", "예준", "시우", "하준", "주원", "지호", "지후", "준우", "준서", "건우",
        "현우", "우진", "선우", "서진", "민재", "현준", "연우", "유준", "정우", "승우", "승현", "시윤",
        "서연", "서윤", "지우", "서현", "민서", "하은", "하윤", "윤서", "지유", "지민", "채원", "수아",
        "지아", "지윤", "은서", "다은", "예은", "수빈", "소율", "예린", "지원", "소윤", "지안", "하린",
        "동현", "상훈", "성민", "재원", "태윤", "영호", "혜진", "은지", "수진", "미영", "정민", "경수",
    ]

    public static func name<G: RandomNumberGenerator>(using rng: inout G) -> String {
        let total = families.reduce(0) { $0 + $1.1 }
        var pick = Int.random(in: 0..<total, using: &rng)
        var family = families[0].0
        for (name, weight) in families {
            if pick < weight { family = name; break }
            pick -= weight
        }
        return family + given.randomElement(using: &rng)!
    }

    /// A romanised handle for demo e-mail addresses.
    public static func romanize(_ syllables: String) -> String {
        let table: [Character: String] = [
            "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
            "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin",
            "권": "kwon", "황": "hwang", "안": "ahn", "송": "song", "류": "ryu", "전": "jeon", "홍": "hong",
            "고": "ko", "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo",
            "유": "yu", "남": "nam", "심": "sim", "노": "noh",
        ]
        return syllables.first.flatMap { table[$0] } ?? "user"
    }
}
