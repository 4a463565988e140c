/// The demo's reporting on the BiH action plan: four yearly periods, reports of the ministries
/// that lead its measures in every state of the review (one of them returned once with a
/// comment), the first period locked, the last one with no report yet. The figures are
/// illustrative; the share of women in the armed forces (indicator 1.a) is computed from the
/// demo's personnel series, so the 2022 period shows it.
public enum ReportDemo {
    public struct Period: Sendable {
        public var plan: String
        public var fields: PeriodFields
        public var locked: Bool
    }

    public struct Value: Sendable {
        public var indicator: String
        public var value: ReportValue
    }

    public struct Report: Sendable {
        public var plan: String
        public var period: String
        public var institution: String
        public var narrative: String
        public var measures: [(code: String, status: MeasureStatus, narrative: String)]
        public var values: [Value]
        /// The review steps taken, with their comments, in order.
        public var steps: [(ReportStep, String)]
    }

    static func day(_ text: String) -> Day { Day(text) ?? .epoch }

    public static let periods: [Period] = [2019, 2020, 2021, 2022].map { year in
        Period(
            plan: "ba-nap-2018",
            fields: PeriodFields(name: String(year), start: day("\(year)-01-01"), end: day("\(year)-12-31"), due: day("\(year + 1)-03-31")),
            locked: year == 2019)
    }

    static func value(
        _ indicator: String, _ total: Double?, female: Double? = nil, male: Double? = nil, note: String = "", source: String, byAge: [AgeValue] = []
    ) -> Value {
        Value(indicator: indicator, value: ReportValue(indicatorId: 0, value: total, female: female, male: male, note: note, source: source, byAge: byAge))
    }

    public static let reports: [Report] = [
        Report(
            plan: "ba-nap-2018", period: "2019", institution: "ba-mod",
            narrative: "Mentorski program je pokrenut u martu 2019. Prvu generaciju je završilo 18 žena (ilustrativno).",
            measures: [("1.2.1", .inProgress, "Prva generacija završena; druga počinje 2020.")],
            values: [value("1.2.1.a", 18, female: 18, male: 0, source: "Evidencija MO BiH (ilustrativno)", byAge: [
                AgeValue(band: "25–29", female: 7), AgeValue(band: "30–34", female: 6), AgeValue(band: "35–39", female: 3),
                AgeValue(band: "40–44", female: 2),
            ])],
            steps: [(.submit, ""), (.accept, ""), (.publish, "Objavljeno uz godišnji izvještaj.")]),
        Report(
            plan: "ba-nap-2018", period: "2019", institution: "ba-mos",
            narrative: "Obuke o prepoznavanju žrtava trgovine ljudima održane su u 6 policijskih agencija (ilustrativno).",
            measures: [("2.1.1", .inProgress, "Obuke kasne u dvije agencije zbog kadrovskih promjena.")],
            values: [value("2.1.a", 240, female: 61, male: 172, note: "Za 7 polaznika spol nije evidentiran.", source: "Ministarstvo sigurnosti BiH (ilustrativno)")],
            steps: [(.submit, ""), (.return, "Molimo podatke o polaznicima po spolu."), (.submit, "Dodani podaci po spolu."), (.accept, ""), (.publish, "")]),
        Report(
            plan: "ba-nap-2018", period: "2020", institution: "ba-mod",
            narrative: "Druga generacija mentorskog programa; dio aktivnosti održan na daljinu zbog pandemije.",
            measures: [("1.2.1", .inProgress, "")],
            values: [value("1.2.1.a", 41, female: 41, male: 0, source: "Evidencija MO BiH (ilustrativno)")],
            steps: [(.submit, "")]),
        Report(
            plan: "ba-nap-2018", period: "2020", institution: "ba-mos",
            narrative: "Obuke su u 2020. bile otkazane zbog pandemije.",
            measures: [("2.1.1", .delayed, "Nastavak planiran za 2021.")],
            values: [value("2.1.a", 240, source: "Ministarstvo sigurnosti BiH (ilustrativno)")],
            steps: [(.submit, ""), (.return, "Vrijednost je ista kao 2019: navedite ukupan broj do kraja 2020. i podjelu po spolu.")]),
        Report(
            plan: "ba-nap-2018", period: "2020", institution: "ba-mhrr",
            narrative: "Nacrt: pregled pružene pravne pomoći u toku.", measures: [("2.2.1", .inProgress, "")], values: [], steps: []),
    ]
}

/// The final evaluation of Serbia's NAP 2017–2020 (by SeConS, presented to the CSO network in
/// April 2023) and its recommendations, two of them carried into the third NAP 2025–2027. The
/// finding on women in disasters is the one public fact; the rest is marked illustrative.
public enum EvaluationDemo {
    public struct Entry: Sendable {
        public var plan: String
        public var fields: EvaluationFields
        public var recommendations: [(text: String, priority: RecommendationPriority, addressedTo: [String], status: RecommendationStatus, response: String, carriedInto: (plan: String, code: String)?)]
    }

    public static let evaluations: [Entry] = [
        Entry(
            plan: "rs-nap-2017",
            fields: EvaluationFields(
                kind: .final, evaluator: "SeConS – grupa za razvojnu inicijativu",
                findings: "Završna evaluacija NAP-a 2017–2020, predstavljena mreži organizacija civilnog društva u aprilu 2023. "
                    + "Jedan od nalaza: zaštitu i otpornost žena u vanrednim situacijama treba ojačati."),
            recommendations: [
                ("Ojačati zaštitu i otpornost žena u vanrednim situacijama i katastrofama.", .high, ["rs-mod", "rs-moi"], .carriedInto,
                 "Preuzeto u cilj 1 trećeg NAP-a.", (plan: "rs-nap-2025", code: "1.1")),
                ("Nastaviti i proširiti rodnu analizu zloupotrebe vatrenog oružja (ilustrativno).", .medium, ["rs-moi"], .carriedInto,
                 "Preuzeto kao mjera 2.3.1.", (plan: "rs-nap-2025", code: "2.3.1")),
                ("Uvesti jedinstven model izvještavanja sa podacima razvrstanim po polu za sve nosioce (ilustrativno).", .medium, ["rs-mod"],
                 .accepted, "", nil),
                ("Obezbediti posebnu budžetsku liniju za aktivnosti NAP-a (ilustrativno).", .low, [], .open, "", nil),
            ]),
    ]
}

/// Consultations of the demo: Serbia's 2023 consultation on its third NAP, whose proposals come
/// from the "Women, Peace, Security" network's work meeting in Šabac (25–28 April 2023), answered
/// (the texts are ours, illustrative); and an open consultation on the regional network's draft
/// plan, open from two weeks before the demo is loaded to two months after, so that a new user
/// can propose and endorse.
public enum ConsultationDemo {
    public struct Entry: Sendable {
        public var plan: String
        public var title: String
        public var description: String
        /// Fixed dates, or nil: open around the day the demo is loaded.
        public var dates: (opens: String, closes: String)?
        public var proposals: [(institution: String, node: String?, section: String, text: String, endorsedBy: [String], answer: ProposalAnswer?)]
    }

    public static let consultations: [Entry] = [
        Entry(
            plan: "rs-nap-2025",
            title: "Konsultacije o nacrtu trećeg NAP-a za primenu Rezolucije 1325",
            description: "Predlozi mreže „Žene, mir, bezbednost” sa radnog sastanka u Šapcu (25–28. april 2023), upućeni radnoj grupi Vlade.",
            dates: (opens: "2023-04-01", closes: "2023-06-30"),
            proposals: [
                ("rs-wps-network", "1.1", "", "Uključiti organizacije žena u planiranje odgovora na vanredne situacije na lokalnom nivou (ilustrativno).",
                 ["rs-csw"], ProposalAnswer(status: .accepted, reason: "", group: "Vanredne situacije")),
                ("rs-wps-network", "2.3", "", "Pratiti zloupotrebu vatrenog oružja u porodici podacima razvrstanim po polu (ilustrativno).",
                 ["rs-csw", "rs-commissioner"], ProposalAnswer(status: .partiallyAccepted, reason: "Preuzeto kao mera 2.3.1; podaci se prate kroz postojeće evidencije.", group: "Oružje")),
                ("rs-csw", nil, "Finansiranje", "Predvideti posebnu budžetsku liniju za organizacije civilnog društva (ilustrativno).",
                 ["rs-wps-network"], ProposalAnswer(status: .rejected, reason: "Budžet se utvrđuje zakonom o budžetu; predlog je upućen Ministarstvu finansija.", group: "Finansiranje")),
            ]),
        Entry(
            plan: "regional-2025",
            title: "Konsultacije o nacrtu zajedničkog strateškog plana",
            description: "Organizacije iz regije mogu predložiti tekst za ciljeve plana ili za poglavlje o praćenju, i podržati predloge drugih.",
            dates: nil,
            proposals: [
                ("ba-zene-zenama", "1", "", "Dodati cilj o učešću žena u mirovnim pregovorima i pomirenju u regiji (ilustrativno).", [], nil),
            ]),
    ]
}
