/// 0029: the seeded areas of expertise named in Serbian Cyrillic, Macedonian and Albanian too,
/// for the interface languages added beside English and BCS. Only areas whose names nobody has
/// changed since 0024 are touched; an administrator's own names stay as they are.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0029 {
    static let migration = Migration(name: "0029_area_languages", statements: [
        #"UPDATE expertise_areas SET labels = '{"bs": "rod u vojsci", "en": "gender in the military", "mk": "род во војската", "sq": "gjinia në ushtri", "sr-Cyrl": "род у војсци"}' WHERE code = 'gender_in_military' AND labels = '{"bs": "rod u vojsci", "en": "gender in the military"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "policija i rodno zasnovano nasilje", "en": "police and GBV", "mk": "полиција и родово базирано насилство", "sq": "policia dhe dhuna me bazë gjinore", "sr-Cyrl": "полиција и родно засновано насиље"}' WHERE code = 'police_and_gbv' AND labels = '{"bs": "policija i rodno zasnovano nasilje", "en": "police and GBV"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "izrada akcionih planova", "en": "NAP development", "mk": "изработка на акциски планови", "sq": "hartimi i planeve të veprimit", "sr-Cyrl": "израда акционих планова"}' WHERE code = 'nap_development' AND labels = '{"bs": "izrada akcionih planova", "en": "NAP development"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "rodna obuka", "en": "gender training", "mk": "родова обука", "sq": "trajnim gjinor", "sr-Cyrl": "родна обука"}' WHERE code = 'gender_training' AND labels = '{"bs": "rodna obuka", "en": "gender training"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "seksualno uznemiravanje", "en": "sexual harassment", "mk": "сексуално вознемирување", "sq": "ngacmimi seksual", "sr-Cyrl": "сексуално узнемиравање"}' WHERE code = 'sexual_harassment' AND labels = '{"bs": "seksualno uznemiravanje", "en": "sexual harassment"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "rodno budžetiranje", "en": "gender budgeting", "mk": "родово буџетирање", "sq": "buxhetimi gjinor", "sr-Cyrl": "родно буџетирање"}' WHERE code = 'gender_budgeting' AND labels = '{"bs": "rodno budžetiranje", "en": "gender budgeting"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "kontrola malog i lakog oružja", "en": "SALW control", "mk": "контрола на мало и лесно оружје", "sq": "kontrolli i armëve të vogla dhe të lehta", "sr-Cyrl": "контрола малог и лаког оружја"}' WHERE code = 'salw_control' AND labels = '{"bs": "kontrola malog i lakog oružja", "en": "SALW control"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "rodni coaching", "en": "gender coaching", "mk": "родов коучинг", "sq": "coaching gjinor", "sr-Cyrl": "родни коучинг"}' WHERE code = 'gender_coaching' AND labels = '{"bs": "rodni coaching", "en": "gender coaching"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "žene u mirovnim procesima", "en": "women in peace processes", "mk": "жени во мировните процеси", "sq": "gratë në proceset e paqes", "sr-Cyrl": "жене у мировним процесима"}' WHERE code = 'women_in_peace_processes' AND labels = '{"bs": "žene u mirovnim procesima", "en": "women in peace processes"}'"#,
        #"UPDATE expertise_areas SET labels = '{"bs": "analiza kadrovskih podataka", "en": "HR data analysis", "mk": "анализа на кадровски податоци", "sq": "analiza e të dhënave të personelit", "sr-Cyrl": "анализа кадровских података"}' WHERE code = 'hr_data_analysis' AND labels = '{"bs": "analiza kadrovskih podataka", "en": "HR data analysis"}'"#,
    ])
}
