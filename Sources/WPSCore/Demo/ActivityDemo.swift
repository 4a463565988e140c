/// The activities of the demo (DESIGN §6): the real events in our own words — the Zagreb 2017
/// board session, the 2012 BiH project's twenty activities, the Šabac 2023 work meeting, the
/// Bishkek 2018 expert mission, the regional gender trainers' training of trainers and their
/// training of peers from Ghana, Nigeria, Uganda and Rwanda — and illustrative ones so that
/// the calendar and the reach figures mean something. Counts of participants not listed by name
/// are illustrative; so is a cascade of trainings three generations deep.
public enum ActivityDemo {
    /// The demo's projects, by key: the 2012 BiH project (its donors' amounts are not public: none
    /// are recorded) and an illustrative one with a donor commitment, for the IATI export.
    public struct ProjectEntry: Sendable {
        public var key: String
        public var fields: ProjectFields
        public var owner: String
        public var implementers: [String]
        public var partners: [String]
        public var donors: [(institution: String, amount: Double, currency: String)]
        public var measures: [(plan: String, code: String)]
        public var results: [ProjectResultFields] = []
    }

    static func day(_ text: String) -> Day { Day(text) ?? .epoch }

    public static var projects: [ProjectEntry] {
        [
            ProjectEntry(
                key: "ba-1325-2012",
                fields: ProjectFields(
                    title: "Implementacija UNSCR 1325: integracija rodno osjetljivih politika u sektor sigurnosti",
                    titleEn: "Implementation of UNSCR 1325: integration of gender-sensitive policies in the security sector",
                    description: "Projekat udruženja Žene ženama i Agencije za ravnopravnost spolova BiH s Ministarstvom za ljudska prava i izbjeglice, "
                        + "UN Women, Koordinacionim odborom i deset lokalnih ženskih organizacija: šest sjednica odbora, obuka trenera, dva seminara, "
                        + "deset lokalnih radionica i medijska kampanja.",
                    start: Day("2012-01-01") ?? .epoch, end: Day("2012-12-31"), status: .closed, ownerId: 0, countries: ["BA"], visibility: .public),
                owner: "ba-zene-zenama", implementers: ["ba-zene-zenama", "ba-ars"], partners: ["ba-mhrr", "ba-unwomen"], donors: [],
                measures: [(bihPlan, "1.1.1"), (bihPlan, "1.2.1"), (bihPlan, "1.3.1"), (bihPlan, "2.1.1"), (bihPlan, "2.2.1")],
                results: [
                    ProjectResultFields(title: "Obučeni treneri i trenerice u sektoru sigurnosti", type: .output, indicators: [
                        ResultIndicator(
                            fields: IndicatorFields(
                                code: "R1.1", definition: "Broj obučenih trenera i trenerica iz policije i oružanih snaga", unit: .count,
                                disaggregation: .sex, baseline: YearValue(value: 0, year: 2011), target: YearValue(value: 20, year: 2012),
                                source: "Liste prisutnih (ilustrativno)"),
                            actuals: [ResultActual(start: day("2012-01-01"), end: day("2012-12-31"),
                                                   value: ReportValue(indicatorId: 0, value: 24, female: 16, male: 8))]),
                    ]),
                ]),
            ProjectEntry(
                key: "rs-wps-2023",
                fields: ProjectFields(
                    title: "Podrška mreži „Žene, mir, bezbednost” u praćenju NAP-a (ilustrativno)",
                    titleEn: "Support to the “Women, Peace, Security” network in monitoring the NAP (illustrative)",
                    description: "Ilustrativni projekat: radni sastanak mreže i preporuke za treći NAP.",
                    start: Day("2023-01-01") ?? .epoch, end: Day("2023-12-31"), status: .closed, ownerId: 0, countries: ["RS"],
                    budget: Budget(amount: 18_000, currency: "EUR", source: ""), visibility: .public),
                owner: "rs-csw", implementers: ["rs-csw"], partners: ["rs-wps-network"], donors: [("se-sida", 18_000, "EUR")],
                measures: []),
        ]
    }

    public struct Entry: Sendable {
        public var kind: ActivityKind
        public var title: String
        public var titleEn: String
        public var start: String
        public var end: String
        public var city: String
        public var country: String?
        public var online: Bool = false
        public var owner: String
        public var organisers: [String] = []
        public var funders: [String] = []
        public var network: String?
        /// The demo project it belongs to (``ProjectDemo``), by key.
        public var project: String?
        /// Plan measures served: (plan key, code).
        public var measures: [(plan: String, code: String)] = []
        /// Reports reviewed: (plan key, period name, reporting institution key).
        public var reviewedReports: [(plan: String, period: String, institution: String)] = []
        /// Evaluations reviewed, by plan key.
        public var reviewedEvaluations: [String] = []
        /// Trainers and listed participants by "Given Family".
        public var trainers: [String] = []
        public var people: [String] = []
        /// Participants not listed: counts by sex (female, male), with an institution kind.
        public var counts: [(female: Int, male: Int, kind: String)] = []
        public var agenda: String = ""
        public var outputs: String = ""
    }

    static let bihPlan = "ba-nap-2018"
    static let projectText = "Projekat „Implementacija UNSCR 1325: integracija rodno osjetljivih politika u sektor sigurnosti” (2012)"

    /// The 2012 project's twenty activities: six board meetings, a training of trainers, two
    /// seminars, ten local workshops and a media campaign.
    static var bihProject: [Entry] {
        let organisers = ["ba-zene-zenama", "ba-ars", "ba-mhrr", "ba-unwomen"]
        var entries: [Entry] = []
        for (index, month) in ["02", "03", "05", "07", "10", "12"].enumerated() {
            entries.append(Entry(
                kind: .boardSession, title: "Sjednica Koordinacionog odbora za AP UNSCR 1325 (\(index + 1)/6)",
                titleEn: "Meeting of the coordination board of the UNSCR 1325 action plan (\(index + 1)/6)",
                start: "2012-\(month)-15", end: "2012-\(month)-15", city: "Sarajevo", country: "BA", owner: "ba-ars", organisers: organisers,
                network: "ba-board", project: "ba-1325-2012", measures: [(bihPlan, "1.1.1")], people: ["Lejla Begović", "Mirela Šarić"],
                counts: [(7, 4, "")], agenda: projectText))
        }
        entries.append(Entry(
            kind: .trainingOfTrainers, title: "Obuka trenera: rodno osjetljive politike u sektoru sigurnosti",
            titleEn: "Training of trainers: gender-sensitive policies in the security sector",
            start: "2012-04-10", end: "2012-04-13", city: "Sarajevo", country: "BA", owner: "ba-zene-zenama", organisers: organisers,
            project: "ba-1325-2012", measures: [(bihPlan, "2.1.1")], trainers: ["Mirela Šarić", "Lejla Begović"], counts: [(12, 6, "police"), (4, 2, "armed_forces")],
            agenda: projectText))
        for (city, date) in [("Banja Luka", "2012-06-05"), ("Mostar", "2012-09-18")] {
            entries.append(Entry(
                kind: .seminar, title: "Seminar: žene na mjestima odlučivanja u sektoru sigurnosti — \(city)",
                titleEn: "Seminar: women in decision-making in the security sector — \(city)", start: date, end: date, city: city, country: "BA",
                owner: "ba-zene-zenama", organisers: organisers, project: "ba-1325-2012", measures: [(bihPlan, "1.2.1")], trainers: ["Mirela Šarić"],
                counts: [(18, 9, "")], agenda: projectText))
        }
        let towns = ["Bihać", "Tuzla", "Zenica", "Doboj", "Bijeljina", "Trebinje", "Prijedor", "Goražde", "Travnik", "Brčko"]
        for (index, town) in towns.enumerated() {
            let day = String(format: "%02d", 3 + index * 2)
            entries.append(Entry(
                kind: .workshop, title: "Lokalna radionica: prava žena i djevojčica — \(town)", titleEn: "Local workshop: women's and girls' rights — \(town)",
                start: "2012-10-\(day)", end: "2012-10-\(day)", city: town, country: "BA", owner: "ba-zene-zenama", organisers: ["ba-zene-zenama"],
                project: "ba-1325-2012", measures: [(bihPlan, "2.2.1")], trainers: ["Mirela Šarić"], counts: [(11 + index % 4, 3 + index % 3, "cso")], agenda: projectText))
        }
        entries.append(Entry(
            kind: .campaign, title: "Medijska kampanja o Rezoluciji 1325", titleEn: "Media campaign on Resolution 1325",
            start: "2012-11-20", end: "2012-12-10", city: "", country: "BA", online: true, owner: "ba-zene-zenama", organisers: organisers,
            project: "ba-1325-2012", measures: [(bihPlan, "1.3.1")], agenda: projectText))
        return entries
    }

    public static var entries: [Entry] {
        bihProject + [
            Entry(
                kind: .boardSession, title: "Sastanak regionalnog koordinacionog odbora mreže mehanizama za ravnopravnost spolova",
                titleEn: "Meeting of the regional coordination board of the Balkan network of gender equality mechanisms",
                start: "2017-05-11", end: "2017-05-13", city: "Zagreb", country: "HR", owner: "hr-ombuds", organisers: ["hr-ombuds", "ba-ars"],
                network: "gem-board",
                people: ["Ivana Marić", "Amra Hadžić", "Jelena Petrović", "Марија Стојановска", "Marina Vuković", "Sanja Popović"],
                agenda: "Izvještaj s konferencije u Budvi 2016.\nNacionalni izvještaji o akcionim planovima za Rezoluciju 1325.",
                outputs: "Koncept projekta za održivost mreže."),
            Entry(
                kind: .boardSession, title: "Sjednica regionalnog koordinacionog odbora: nacionalni izvještaji za 2019. (ilustrativno)",
                titleEn: "Regional coordination board session: national reports for 2019 (illustrative)",
                start: "2021-03-16", end: "2021-03-16", city: "", country: nil, online: true, owner: "ba-ars", organisers: ["ba-ars", "hr-ombuds"],
                network: "gem-board", reviewedReports: [(bihPlan, "2019", "ba-mod"), (bihPlan, "2019", "ba-mos")],
                people: ["Amra Hadžić", "Ivana Marić", "Jelena Petrović", "Marina Vuković"],
                outputs: "Odbor je primio k znanju objavljene izvještaje i preporučio podatke razvrstane po spolu u svim izvještajima (ilustrativno)."),
            Entry(
                kind: .meeting, title: "Radni sastanak mreže „Žene, mir, bezbednost”", titleEn: "Work meeting of the “Women, Peace, Security” network",
                start: "2023-04-25", end: "2023-04-28", city: "Šabac", country: "RS", owner: "rs-csw", organisers: ["rs-csw"],
                funders: ["rs-osce", "se-sida"], network: "rs-wps", project: "rs-wps-2023", reviewedEvaluations: ["rs-nap-2017"], people: ["Milica Stojanović"],
                counts: [(16, 2, "cso")],
                agenda: "Završna evaluacija NAP-a 2017–2020.\nPreporuke za treći nacionalni akcioni plan.",
                outputs: "Preporuke mreže za treći NAP."),
            Entry(
                kind: .expertMission, title: "Regionalna konferencija o okončanju nasilja nad ženama i djevojčicama u Centralnoj Aziji",
                titleEn: "Regional conference on ending violence against women and girls in Central Asia",
                start: "2018-11-05", end: "2018-11-06", city: "Bishkek", country: "KG", owner: "ba-ars", organisers: ["kg-undp"],
                people: ["Dragana Kovačević"],
                outputs: "Iskustva policije Zapadnog Balkana i mreža žena u policiji."),
            // The regional gender trainers: a training of trainers, then two generations below it
            Entry(
                kind: .trainingOfTrainers, title: "Regionalna obuka trenera: rod u vojsci (faza II)",
                titleEn: "Regional training of trainers: gender in the military (phase II)",
                start: "2019-10-07", end: "2019-10-11", city: "Zagreb", country: "HR", owner: "hr-mod", organisers: ["hr-mod", "ba-mod"],
                network: "trainers", trainers: ["Marija Jurić", "Katarina Đokić"],
                people: ["Selma Mujić", "Blerina Dervishi", "Елена Трајковска", "Drita Berisha", "Arben Shehu"], counts: [(3, 5, "armed_forces")]),
            Entry(
                kind: .workshop, title: "Radionica: rodna perspektiva u planiranju operacija (ilustrativno)",
                titleEn: "Workshop: a gender perspective in operational planning (illustrative)",
                start: "2020-02-18", end: "2020-02-19", city: "Sarajevo", country: "BA", owner: "ba-mod", organisers: ["ba-mod"],
                measures: [(bihPlan, "1.2.1")], trainers: ["Selma Mujić"], people: ["Đorđe Đurić"], counts: [(6, 14, "armed_forces")]),
            Entry(
                kind: .workshop, title: "Radionica za komandire: rod i sigurnost (ilustrativno)", titleEn: "Workshop for commanders: gender and security (illustrative)",
                start: "2021-05-12", end: "2021-05-12", city: "Banja Luka", country: "BA", owner: "ba-mod", organisers: ["ba-mod"],
                trainers: ["Đorđe Đurić"], counts: [(4, 17, "armed_forces")]),
            Entry(
                kind: .seminar, title: "Obuka kolega iz Gane, Nigerije, Ugande i Ruande: rod u vojsci",
                titleEn: "Training of peers from Ghana, Nigeria, Uganda and Rwanda: gender in the military",
                start: "2022-09-12", end: "2022-09-16", city: "Zagreb", country: "HR", owner: "hr-mod", organisers: ["hr-mod"],
                network: "trainers", trainers: ["Marija Jurić", "Blerina Dervishi"], counts: [(7, 9, "armed_forces")]),
            // Illustrative ones for the calendar
            Entry(
                kind: .workshop, title: "Radionica o rodno odgovornom budžetiranju (ilustrativno)", titleEn: "Workshop on gender-responsive budgeting (illustrative)",
                start: "2025-06-10", end: "2025-06-11", city: "Skopje", country: "MK", owner: "mk-mlsp", organisers: ["mk-mlsp"],
                counts: [(14, 5, "ministry")]),
            Entry(
                kind: .campaign, title: "16 dana aktivizma protiv rodno zasnovanog nasilja (ilustrativno)",
                titleEn: "16 days of activism against gender-based violence (illustrative)",
                start: "2025-11-25", end: "2025-12-10", city: "Tirana", country: "AL", owner: "al-gem", organisers: ["al-gem", "al-police"]),
            Entry(
                kind: .studyVisit, title: "Studijska posjeta: mreže žena u policiji (ilustrativno)", titleEn: "Study visit: women police networks (illustrative)",
                start: "2026-03-17", end: "2026-03-19", city: "Podgorica", country: "ME", owner: "me-police", organisers: ["me-police", "ba-mup-rs"],
                people: ["Dragana Kovačević"], counts: [(9, 1, "police")]),
            Entry(
                kind: .conference, title: "Regionalna konferencija o Rezoluciji 1325 (ilustrativno)", titleEn: "Regional conference on Resolution 1325 (illustrative)",
                start: "2026-10-06", end: "2026-10-07", city: "Budva", country: "ME", owner: "me-mhmr", organisers: ["me-mhmr", "ba-ars"],
                network: "gem-network", counts: [(41, 12, "")]),
        ]
    }
}
