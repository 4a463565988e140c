/// The action plans of the demo region (DESIGN §6), from the public facts in
/// `shared/reference/nap-facts.md`, told in our own words. Institutions and networks are named by
/// their keys in ``DirectoryDemo``. Where a figure is not one of those facts, the indicator's
/// source says the demo's figures are illustrative.
public enum PlanDemo {
    public struct NodeEntry: Sendable {
        public var kind: PlanNodeKind
        public var code: String
        public var title: String
        public var titleEn: String
        public var pillar: Pillar?
        public var leads: [String]
        public var partners: [String]
        public var start: String?
        public var end: String?
        public var budget: Budget?
        public var status: MeasureStatus?
        public var indicators: [IndicatorEntry]
    }

    public struct IndicatorEntry: Sendable {
        public var fields: IndicatorFields
        /// The institution key and series of a personnel series the indicator is computed from.
        public var computedFrom: (institution: String, series: String, measure: PersonnelMeasure)?
    }

    public struct PlanEntry: Sendable {
        public var key: String
        public var fields: PlanFields
        public var coordinator: String
        public var body: String?
        /// A regional plan's network.
        public var network: String?
        public var previous: String?
        public var nodes: [NodeEntry]
    }

    static let illustrative = " — the demo's figures are illustrative"

    static func goal(_ code: String, _ title: String, _ titleEn: String, _ pillar: Pillar, _ indicators: [IndicatorEntry] = []) -> NodeEntry {
        NodeEntry(kind: .goal, code: code, title: title, titleEn: titleEn, pillar: pillar, leads: [], partners: [], indicators: indicators)
    }

    static func objective(_ code: String, _ title: String, _ titleEn: String, _ indicators: [IndicatorEntry] = []) -> NodeEntry {
        NodeEntry(kind: .objective, code: code, title: title, titleEn: titleEn, leads: [], partners: [], indicators: indicators)
    }

    static func measure(
        _ code: String, _ title: String, _ titleEn: String, lead: [String], partners: [String] = [], _ start: String, _ end: String,
        _ status: MeasureStatus, budget: Budget? = nil, _ indicators: [IndicatorEntry] = []
    ) -> NodeEntry {
        NodeEntry(
            kind: .measure, code: code, title: title, titleEn: titleEn, leads: lead, partners: partners, start: start, end: end,
            budget: budget, status: status, indicators: indicators)
    }

    static func indicator(
        _ code: String, _ definition: String, _ unit: IndicatorUnit, _ disaggregation: Disaggregation = .none,
        baseline: (Double?, Int)? = nil, target: (Double?, Int)? = nil, source: String,
        computedFrom: (institution: String, series: String, measure: PersonnelMeasure)? = nil
    ) -> IndicatorEntry {
        IndicatorEntry(
            fields: IndicatorFields(
                code: code, definition: definition, unit: unit, disaggregation: disaggregation,
                baseline: baseline.map { YearValue(value: $0.0, year: $0.1) }, target: target.map { YearValue(value: $0.0, year: $0.1) },
                source: source),
            computedFrom: computedFrom)
    }

    /// The demo's BiH personnel series (``Seeder`` imports it for the ministry of defence).
    public static let bosnianSeries = "BA armed forces (demo)"

    public static var plans: [PlanEntry] {
        [
            PlanEntry(
                key: "ba-nap-2018",
                fields: PlanFields(
                    kind: .nap, country: "BA", level: "state",
                    title: "Akcioni plan za implementaciju UNSCR 1325 u Bosni i Hercegovini 2018–2022.",
                    titleEn: "Action Plan for the Implementation of UNSCR 1325 in Bosnia and Herzegovina 2018–2022",
                    periodStart: 2018, periodEnd: 2022, status: .closed, adoptingAct: "Vijeće ministara Bosne i Hercegovine",
                    coordinatorId: 0, visibility: .public),
                coordinator: "ba-ars", body: "ba-board", previous: nil,
                nodes: [
                    goal("1", "Veće učešće žena u oružanim snagama, policiji i mirovnim misijama, i na mjestima odlučivanja",
                         "More women in the armed forces, police and peacekeeping, including in decision-making posts", .participation, [
                            indicator("1.a", "Udio žena u Oružanim snagama BiH", .percent, baseline: (6.8, 2017), target: (10, 2022),
                                      source: "Kadrovska evidencija MO BiH; vrijednost za period iz skupa podataka o osoblju",
                                      computedFrom: ("ba-mod", bosnianSeries, .shareWomen)),
                            indicator("1.b", "Udio žena na rukovodećim mjestima u Ministarstvu odbrane", .percent, baseline: (22, 2017),
                                      target: (30, 2022), source: "Izvještaj o provedbi AP, 2017" + illustrative),
                            indicator("1.c", "Udio žena među pripadnicima mirovnih misija iz MO BiH", .percent, baseline: (3.5, 2014),
                                      target: (10, 2022), source: "Izvještaji MO BiH" + illustrative),
                         ]),
                    objective("1.1", "Zakoni i politike koji omogućavaju veće učešće žena", "Laws and policies that enable more women to take part"),
                    measure("1.1.1", "Analiza propisa o prijemu i napredovanju u sektoru sigurnosti iz perspektive ravnopravnosti spolova",
                            "Gender analysis of the rules on recruitment and promotion in the security sector",
                            lead: ["ba-ars"], partners: ["ba-mod", "ba-mos"], "2019-01-01", "2019-12-31", .completed),
                    objective("1.2", "Uslovi za napredovanje žena", "Conditions for women's advancement"),
                    measure("1.2.1", "Mentorski program za žene oficire i podoficire", "Mentoring programme for women officers and NCOs",
                            lead: ["ba-mod"], partners: ["ba-af"], "2019-03-01", "2021-12-31", .inProgress,
                            budget: Budget(amount: 20_000, currency: "BAM", source: "Budžet MO BiH (ilustrativno)"), [
                                indicator("1.2.1.a", "Broj žena koje su završile mentorski program", .count, .sexAge, baseline: (0, 2018), target: (60, 2021),
                                          source: "Evidencija MO BiH" + illustrative),
                            ]),
                    objective("1.3", "Svijest javnosti o ulozi žena u sektoru sigurnosti", "Public awareness of women's role in the security sector"),
                    measure("1.3.1", "Kampanja „Žene u uniformi”", "Campaign “Women in uniform”",
                            lead: ["ba-ars"], partners: ["ba-zene-zenama", "ba-unwomen"], "2020-03-01", "2020-10-31", .completed),
                    goal("2", "Ljudska sigurnost iz perspektive ravnopravnosti spolova", "Human security from a gender-equality angle", .protection),
                    objective("2.1", "Manje trgovine ljudima", "Less trafficking in human beings", [
                        indicator("2.1.a", "Broj policijskih službenika obučenih za prepoznavanje žrtava trgovine ljudima", .count, .sex,
                                  baseline: (0, 2018), target: (300, 2022), source: "Ministarstvo sigurnosti BiH" + illustrative),
                    ]),
                    measure("2.1.1", "Obuka policijskih službenika o prepoznavanju i upućivanju žrtava trgovine ljudima",
                            "Training police officers to identify and refer victims of trafficking",
                            lead: ["ba-mos"], partners: ["ba-mup-rs", "ba-brcko-police"], "2019-01-01", "2022-06-30", .delayed),
                    objective("2.2", "Podrška preživjelim seksualnog nasilja u ratu", "Support for survivors of wartime sexual violence"),
                    measure("2.2.1", "Besplatna pravna pomoć i psihološka podrška preživjelim", "Free legal aid and psychological support for survivors",
                            lead: ["ba-mhrr"], partners: ["ba-zene-zenama"], "2018-09-01", "2022-12-31", .inProgress),
                ]),
            PlanEntry(
                key: "rs-nap-2017",
                fields: PlanFields(
                    kind: .nap, country: "RS", level: "national",
                    title: "Nacionalni akcioni plan za primenu Rezolucije 1325 Saveta bezbednosti UN 2017–2020.",
                    titleEn: "National Action Plan for the Implementation of UNSC Resolution 1325 2017–2020",
                    periodStart: 2017, periodEnd: 2020, status: .evaluated,
                    adoptingAct: "Zaključak Vlade Republike Srbije, Službeni glasnik RS 53/2017", coordinatorId: 0, visibility: .public),
                coordinator: "rs-mod", body: nil, previous: nil,
                nodes: [
                    goal("1", "Institucionalni mehanizmi", "Institutional mechanisms", .other),
                    objective("1.1", "Jedinstven model izveštavanja i mreža kontakt osoba", "One reporting model and a network of focal points"),
                    measure("1.1.1", "Imenovanje i obuka kontakt osoba za rodnu ravnopravnost", "Appointing and training gender focal points",
                            lead: ["rs-mod"], partners: ["rs-moi"], "2017-09-01", "2018-12-31", .completed),
                    goal("2", "Prevencija", "Prevention", .prevention),
                    goal("3", "Učešće", "Participation", .participation, [
                        indicator("3.a", "Udio žena u Vojsci Srbije", .percent, baseline: (nil, 2017), target: (nil, 2020),
                                  source: "Ministarstvo odbrane, kadrovska evidencija"),
                    ]),
                    goal("4", "Zaštita", "Protection", .protection),
                    goal("5", "Oporavak", "Recovery", .reliefRecovery),
                ]),
            PlanEntry(
                key: "rs-nap-2025",
                fields: PlanFields(
                    kind: .nap, country: "RS", level: "national",
                    title: "Nacionalni akcioni plan za primenu Rezolucije 1325 Saveta bezbednosti UN 2025–2027.",
                    titleEn: "National Action Plan for the Implementation of UNSC Resolution 1325 2025–2027",
                    periodStart: 2025, periodEnd: 2027, status: .inImplementation,
                    adoptingAct: "Vlada Republike Srbije, Službeni glasnik RS 33/2025", adoptedOn: Day("2025-04-11"), coordinatorId: 0,
                    visibility: .public),
                coordinator: "rs-mod", body: nil, previous: "rs-nap-2017",
                nodes: [
                    goal("1", "Otpornost i zaštita žena u vanrednim situacijama", "Women's resilience and protection in disasters", .protection),
                    objective("1.1", "Rodno osetljivo planiranje odgovora na vanredne situacije", "Gender-responsive disaster response planning"),
                    goal("2", "Prevencija", "Prevention", .prevention),
                    objective("2.3", "Manje zloupotrebe vatrenog oružja", "Less misuse of firearms"),
                    measure("2.3.1", "Rodna analiza zloupotrebe vatrenog oružja u porodici", "Gender analysis of the misuse of firearms in families",
                            lead: ["rs-moi"], partners: ["rs-csw"], "2025-06-01", "2026-06-30", .inProgress),
                ]),
            PlanEntry(
                key: "regional-2025",
                fields: PlanFields(
                    kind: .regional, country: nil, level: "", countries: ["HR", "BA", "MK", "RS", "ME"],
                    title: "Zajednički strateški plan regionalne mreže mehanizama za ravnopravnost spolova (nacrt)",
                    titleEn: "Joint strategic plan of the regional network of gender-equality mechanisms (draft)",
                    periodStart: 2025, periodEnd: 2028, status: .draft, coordinatorId: 0, visibility: .public),
                coordinator: "ba-ars", body: "gem-board", network: "gem-network", previous: nil,
                nodes: [
                    goal("1", "UNSCR 1325, rod i sigurnost", "UNSCR 1325, gender and security", .participation),
                    goal("2", "Ekonomsko osnaživanje žena", "Women's economic empowerment", .other),
                    goal("3", "Nasilje nad ženama", "Violence against women", .protection),
                ]),
        ]
    }
}
