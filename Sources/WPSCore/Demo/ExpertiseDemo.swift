/// The demo's expertise sharing: the regional network of gender trainers as a roster of
/// fictional expert profiles on the directory's people, the Bishkek 2018 request completed with
/// its report and feedback, an open request from a West African ministry of defence, and one
/// cohort of the Gender Coach Programme. Profiles, dates and texts are illustrative.
public enum ExpertiseDemo {
    /// The institution whose editors keep the roster (the trainers network's secretariat).
    public static let secretariat = "ba-mod"

    public struct ExpertEntry: Sendable {
        public var person: String
        public var areas: [String]
        public var languages: [(String, LanguageLevel)]
        public var countries: [String]
        public var certifications: [Certification] = []
        public var biography: [String: String] = [:]
        public var unavailable: [(String, String)] = []
        public var listed = true
    }

    public static let experts: [ExpertEntry] = [
        ExpertEntry(
            person: "Dragana Kovačević", areas: ["police_and_gbv", "women_in_peace_processes"],
            languages: [("sr", .native), ("ru", .c1), ("en", .c1)], countries: ["BA", "KG"],
            certifications: [Certification(title: "Gender adviser course", issuer: "Nordic Centre for Gender in Military Operations", year: 2016)],
            biography: [
                "en": "Police inspector, Ministry of Interior of Republika Srpska; chair of the ministry's women's network. Shared at a UN conference in Bishkek (2018) how women police networks change institutions.",
                "sr": "Inspektorka policije, MUP Republike Srpske; predsjednica mreže žena u ministarstvu.",
            ]),
        ExpertEntry(
            person: "Marija Jurić", areas: ["gender_training", "gender_in_military"], languages: [("hr", .native), ("en", .c1), ("de", .b2)],
            countries: ["HR", "BA", "AL"],
            certifications: [Certification(title: "Gender training of trainers", issuer: "NATO School Oberammergau", year: 2014)],
            biography: ["en": "Gender trainer of the Croatian armed forces; led the regional training of trainers (phase II)."]),
        ExpertEntry(
            person: "Katarina Đokić", areas: ["gender_training", "gender_in_military", "sexual_harassment"],
            languages: [("sr", .native), ("en", .c2), ("fr", .b2)], countries: ["RS", "HR", "GH"],
            biography: ["en": "Gender trainer at the Military Academy in Belgrade; has trained peers from Ghana, Nigeria, Uganda and Rwanda."]),
        ExpertEntry(
            person: "Елена Трајковска", areas: ["gender_training", "gender_coaching"], languages: [("mk", .native), ("en", .c1)], countries: ["MK"],
            biography: ["en": "Gender trainer of the Army of North Macedonia; coach in the Gender Coach Programme."]),
        ExpertEntry(
            person: "Blerina Dervishi", areas: ["gender_training"], languages: [("sq", .native), ("en", .b2), ("it", .b1)], countries: ["AL", "HR"],
            unavailable: [("2027-03-01", "2027-03-31")]),
        ExpertEntry(
            person: "Selma Mujić", areas: ["gender_in_military", "gender_coaching", "gender_training"], languages: [("bs", .native), ("en", .c1)],
            countries: ["BA"], biography: ["en": "Gender adviser of the Joint Staff of the Armed Forces of Bosnia and Herzegovina."]),
        ExpertEntry(
            person: "Nikola Radović", areas: ["gender_in_military", "salw_control"], languages: [("sr", .native), ("en", .b2)], countries: ["ME"],
            biography: ["en": "Gender adviser, Ministry of Defence of Montenegro."]),
        ExpertEntry(
            person: "Drita Berisha", areas: ["gender_in_military", "sexual_harassment"], languages: [("sq", .native), ("en", .c1)], countries: ["XK"]),
        ExpertEntry(
            person: "Arben Shehu", areas: ["salw_control", "nap_development"], languages: [("sq", .native), ("en", .c1), ("it", .c1)], countries: ["AL"]),
        ExpertEntry(
            person: "Lejla Begović", areas: ["nap_development", "gender_budgeting"], languages: [("bs", .native), ("en", .c1)], countries: ["BA"]),
        ExpertEntry(
            person: "Aida Kurtović", areas: ["hr_data_analysis", "gender_budgeting"], languages: [("bs", .native), ("en", .c2)], countries: ["BA", "RS"]),
        ExpertEntry(
            person: "Vesna Nikolić", areas: ["police_and_gbv"], languages: [("sr", .native), ("en", .b1)], countries: ["RS"]),
        ExpertEntry(
            person: "Jelena Petrović", areas: ["sexual_harassment", "nap_development"], languages: [("sr", .native), ("en", .c1)], countries: ["RS"],
            listed: false),
    ]

    /// The Bishkek 2018 request, completed: the expert, her report and the requester's feedback.
    public static let bishkek = (
        fields: (
            title: "Women police networks: experience of the Western Balkans (UN regional conference, Bishkek)", institution: "kg-undp",
            areas: ["police_and_gbv", "women_in_peace_processes"], languages: ["ru", "en"], country: "KG", city: "Bishkek",
            start: "2018-11-05", end: "2018-11-06"),
        expert: "Dragana Kovačević",
        report: "Presented how the women's network of the Ministry of Interior of Republika Srpska changed recruitment and promotion rules; "
            + "met police women's associations of Kyrgyzstan and Tajikistan, who asked for the network's statute and training curriculum (illustrative).",
        feedback: (score: 5, text: "A concrete, practical account that participants cited throughout the conference (illustrative).")
    )

    /// An open request from outside the directory, confirmed by the secretariat.
    public static let westAfrica = ExpertiseRequestFields(
        title: "Training of trainers on gender in the armed forces (Ghana Armed Forces, illustrative)",
        requesterName: "Director of Gender Affairs (fictional)", requesterOrganisation: "Ministry of Defence of Ghana (illustrative)",
        requesterEmail: "gender.affairs@example.org", areas: ["gender_in_military", "gender_training"], languages: ["en"], country: "GH",
        city: "Accra", start: Day(uncheckedYear: 2027, month: 3, day: 8), end: Day(uncheckedYear: 2027, month: 3, day: 12), format: .inPerson,
        audience: "Twenty officers and NCOs who will train their units", expertsNeeded: 2,
        description: "Five days: gender perspective in operations, prevention of sexual harassment, and how to run the course at home.")

    /// One cohort: coaches and coachees by name, and sessions (date, minutes, mode, topics, note).
    public static let cohort = (
        title: "Gender Coach Programme 2026: decision makers of the Ministry of Defence of BiH (illustrative)", institution: "ba-mod",
        start: "2026-02-01", end: "2026-12-15",
        pairings: [
            (coach: "Selma Mujić", coachee: "Đorđe Đurić", sessions: [
                ("2026-02-12", 60, CoachingMode.inPerson, [CoachingTopic.leadership, .genderPerspectiveInOperations], "Demo note: first conversation (illustrative)."),
                ("2026-03-19", 45, .remote, [.recruitmentAndRetention], "Demo note: recruitment figures by sex (illustrative)."),
            ]),
            (coach: "Елена Трајковска", coachee: "Tomislav Babić", sessions: [
                ("2026-03-03", 90, .remote, [.harassmentPrevention, .leadership], "Demo note: reporting channels (illustrative)."),
            ]),
        ]
    )
}
