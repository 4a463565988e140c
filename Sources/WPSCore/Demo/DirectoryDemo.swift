/// The directory part of the demo region (DESIGN §6): real institutions and networks of the
/// Western Balkans, and fictional people. Records refer to each other by key.
public enum DirectoryDemo {
    public struct InstitutionEntry: Sendable {
        public var key: String
        public var parentKey: String?
        public var fields: InstitutionFields
    }

    public struct PersonEntry: Sendable {
        public var given: String
        public var family: String
        public var sex: Sex
        public var languages: [String]
        public var ownerKey: String
        public var positions: [(key: String, title: String, since: String)]
        public var visibility: Visibility
    }

    public struct NetworkEntry: Sendable {
        public var key: String
        public var parentKey: String?
        public var ownerKey: String
        public var fields: NetworkFields
        /// Members: an institution key or `person:Given Family`, with a role and since-date.
        public var members: [(member: String, role: MemberRole, since: String)]
    }

    /// Countries outside the region that the demo's expert missions reach.
    public static let extraCountries = [
        Country(code: "KG", nameEn: "Kyrgyzstan", nameLocal: "Кыргызстан"),
        Country(code: "SE", nameEn: "Sweden", nameLocal: "Sverige"),
        Country(code: "GH", nameEn: "Ghana", nameLocal: "Ghana"),
    ]

    public static var institutions: [InstitutionEntry] {
        func i(
            _ key: String, _ country: String, _ level: String, _ kind: InstitutionKind, _ name: String, _ nameEn: String,
            _ acronym: String = "", parent: String? = nil, website: String = "", visibility: Visibility = .public
        ) -> InstitutionEntry {
            InstitutionEntry(
                key: key, parentKey: parent,
                fields: InstitutionFields(
                    name: name, nameEn: nameEn, acronym: acronym, kind: kind, country: country, level: level,
                    website: website, visibility: visibility))
        }
        return [
            // Bosnia and Herzegovina
            i("ba-ars", "BA", "state", .genderMechanism, "Agencija za ravnopravnost spolova Bosne i Hercegovine",
              "Agency for Gender Equality of Bosnia and Herzegovina", "ARS BiH", website: "https://arsbih.gov.ba"),
            i("ba-mhrr", "BA", "state", .ministry, "Ministarstvo za ljudska prava i izbjeglice BiH",
              "Ministry of Human Rights and Refugees of BiH", "MLJPI"),
            i("ba-mod", "BA", "state", .ministryOfDefence, "Ministarstvo odbrane Bosne i Hercegovine",
              "Ministry of Defence of Bosnia and Herzegovina", "MO BiH", website: "https://mod.gov.ba"),
            i("ba-af", "BA", "state", .armedForces, "Oružane snage Bosne i Hercegovine", "Armed Forces of Bosnia and Herzegovina",
              "OS BiH", parent: "ba-mod"),
            i("ba-mos", "BA", "state", .ministryOfInterior, "Ministarstvo sigurnosti Bosne i Hercegovine",
              "Ministry of Security of Bosnia and Herzegovina", "MS BiH"),
            i("ba-gc-fbih", "BA", "fbih", .genderMechanism, "Gender centar Federacije Bosne i Hercegovine",
              "Gender Centre of the Federation of BiH", "GC FBiH"),
            i("ba-gc-rs", "BA", "rs", .genderMechanism, "Gender centar – Centar za jednakost i ravnopravnost polova Vlade Republike Srpske",
              "Gender Centre of the Government of Republika Srpska", "GC RS"),
            i("ba-mup-rs", "BA", "rs", .ministryOfInterior, "Ministarstvo unutrašnjih poslova Republike Srpske",
              "Ministry of Interior of Republika Srpska", "MUP RS"),
            i("ba-brcko-police", "BA", "brcko", .police, "Policija Brčko distrikta BiH", "Police of Brčko District of BiH"),
            i("ba-parl", "BA", "state", .parliament, "Parlamentarna skupština BiH – Komisija za ostvarivanje ravnopravnosti spolova",
              "Parliamentary Assembly of BiH – Gender Equality Committee"),
            i("ba-zene-zenama", "BA", "state", .cso, "Žene ženama", "Women to Women", website: "https://zenezenama.org"),
            i("ba-unwomen", "BA", "state", .internationalOrganisation, "UN Women u Bosni i Hercegovini",
              "UN Women Bosnia and Herzegovina", "UN Women"),
            // Croatia
            i("hr-ombuds", "HR", "national", .ombudsperson, "Pravobraniteljica za ravnopravnost spolova",
              "Ombudsperson for Gender Equality of Croatia", "PRS", website: "https://www.prs.hr"),
            i("hr-office", "HR", "national", .genderMechanism, "Ured za ravnopravnost spolova Vlade Republike Hrvatske",
              "Office for Gender Equality of the Government of Croatia", "URS"),
            i("hr-mod", "HR", "national", .ministryOfDefence, "Ministarstvo obrane Republike Hrvatske",
              "Ministry of Defence of Croatia", "MORH"),
            i("hr-af", "HR", "national", .armedForces, "Oružane snage Republike Hrvatske", "Croatian Armed Forces", "OSRH",
              parent: "hr-mod"),
            i("hr-moi", "HR", "national", .ministryOfInterior, "Ministarstvo unutarnjih poslova Republike Hrvatske",
              "Ministry of the Interior of Croatia", "MUP"),
            i("hr-parl", "HR", "national", .parliament, "Hrvatski sabor – Odbor za ravnopravnost spolova",
              "Croatian Parliament – Gender Equality Committee"),
            // Serbia
            i("rs-commissioner", "RS", "national", .ombudsperson, "Poverenik za zaštitu ravnopravnosti",
              "Commissioner for Protection of Equality", "PZR", website: "https://ravnopravnost.gov.rs"),
            i("rs-mod", "RS", "national", .ministryOfDefence, "Ministarstvo odbrane Republike Srbije", "Ministry of Defence of Serbia", "MO"),
            i("rs-af", "RS", "national", .armedForces, "Vojska Srbije", "Serbian Armed Forces", "VS", parent: "rs-mod"),
            i("rs-moi", "RS", "national", .ministryOfInterior, "Ministarstvo unutrašnjih poslova Republike Srbije",
              "Ministry of Interior of Serbia", "MUP"),
            i("rs-parl", "RS", "national", .parliament, "Narodna skupština – Odbor za ljudska i manjinska prava i ravnopravnost polova",
              "National Assembly – Committee on Human and Minority Rights and Gender Equality"),
            i("rs-csw", "RS", "national", .cso, "Centar za podršku ženama", "Center for Supporting Women", "CPŽ"),
            i("rs-wps-network", "RS", "national", .csoNetwork, "Mreža „Žene, mir, bezbednost”", "Women, Peace, Security Network"),
            i("rs-osce", "RS", "national", .internationalOrganisation, "Misija OEBS u Srbiji", "OSCE Mission to Serbia", "OSCE"),
            // Montenegro
            i("me-mhmr", "ME", "national", .genderMechanism, "Ministarstvo ljudskih i manjinskih prava – Odjeljenje za rodnu ravnopravnost",
              "Ministry of Human and Minority Rights – Gender Equality Department"),
            i("me-mod", "ME", "national", .ministryOfDefence, "Ministarstvo odbrane Crne Gore", "Ministry of Defence of Montenegro"),
            i("me-af", "ME", "national", .armedForces, "Vojska Crne Gore", "Armed Forces of Montenegro", "VCG", parent: "me-mod"),
            i("me-police", "ME", "national", .police, "Uprava policije Crne Gore", "Police Directorate of Montenegro"),
            i("me-parl", "ME", "national", .parliament, "Skupština Crne Gore – Odbor za rodnu ravnopravnost",
              "Parliament of Montenegro – Gender Equality Committee"),
            // North Macedonia
            i("mk-mlsp", "MK", "national", .genderMechanism, "Министерство за социјална политика, демографија и млади – Сектор за еднакви можности",
              "Ministry of Labour and Social Policy – Department of Equal Opportunities", "МСПДМ"),
            i("mk-mod", "MK", "national", .ministryOfDefence, "Министерство за одбрана", "Ministry of Defence of North Macedonia", "МО"),
            i("mk-af", "MK", "national", .armedForces, "Армија на Република Северна Македонија", "Army of North Macedonia", "АРСМ",
              parent: "mk-mod"),
            i("mk-moi", "MK", "national", .ministryOfInterior, "Министерство за внатрешни работи", "Ministry of Interior of North Macedonia", "МВР"),
            i("mk-parl", "MK", "national", .parliament, "Собрание – Комисија за еднакви можности на жените и мажите",
              "Assembly – Committee on Equal Opportunities for Women and Men"),
            // Albania
            i("al-gem", "AL", "national", .genderMechanism, "Ministria e Shëndetësisë dhe Mbrojtjes Sociale – Sektori i Barazisë Gjinore",
              "Ministry of Health and Social Protection – Gender Equality Sector"),
            i("al-mod", "AL", "national", .ministryOfDefence, "Ministria e Mbrojtjes", "Ministry of Defence of Albania"),
            i("al-af", "AL", "national", .armedForces, "Forcat e Armatosura të Republikës së Shqipërisë", "Albanian Armed Forces", "FARSH",
              parent: "al-mod"),
            i("al-moi", "AL", "national", .ministryOfInterior, "Ministria e Brendshme", "Ministry of Interior of Albania"),
            i("al-police", "AL", "national", .police, "Policia e Shtetit", "Albanian State Police", parent: "al-moi"),
            i("al-parl", "AL", "national", .parliament, "Kuvendi – Nënkomisioni për Barazinë Gjinore",
              "Parliament – Subcommittee on Gender Equality"),
            // Kosovo
            i("xk-aga", "XK", "national", .genderMechanism, "Agjencia për Barazi Gjinore", "Agency for Gender Equality of Kosovo", "ABGJ"),
            i("xk-mod", "XK", "national", .ministryOfDefence, "Ministria e Mbrojtjes", "Ministry of Defence of Kosovo"),
            i("xk-ksf", "XK", "national", .armedForces, "Forca e Sigurisë së Kosovës", "Kosovo Security Force", "FSK", parent: "xk-mod"),
            i("xk-moi", "XK", "national", .ministryOfInterior, "Ministria e Punëve të Brendshme", "Ministry of Internal Affairs of Kosovo"),
            i("xk-police", "XK", "national", .police, "Policia e Kosovës", "Kosovo Police", parent: "xk-moi"),
            i("xk-parl", "XK", "national", .parliament, "Kuvendi – Grupi i Grave Deputete", "Assembly – Women's Caucus"),
            // Beyond the region
            i("kg-undp", "KG", "national", .internationalOrganisation, "ПРООН в Кыргызской Республике", "UNDP Kyrgyzstan", "UNDP"),
            i("se-sida", "SE", "national", .donor, "Styrelsen för internationellt utvecklingssamarbete",
              "Swedish International Development Cooperation Agency", "Sida"),
        ]
    }

    public static var people: [PersonEntry] {
        func p(
            _ given: String, _ family: String, _ sex: Sex, _ languages: [String], _ owner: String,
            _ positions: [(key: String, title: String, since: String)], visibility: Visibility = .public
        ) -> PersonEntry {
            PersonEntry(
                given: given, family: family, sex: sex, languages: languages, ownerKey: owner, positions: positions,
                visibility: visibility)
        }
        return [
            p("Amra", "Hadžić", .female, ["bs", "en"], "ba-ars", [("ba-ars", "Director", "2015-03-01")]),
            p("Lejla", "Begović", .female, ["bs", "en"], "ba-ars", [("ba-ars", "Senior adviser for UNSCR 1325", "2012-01-15")]),
            p("Đorđe", "Đurić", .male, ["sr", "en"], "ba-mod", [("ba-mod", "Gender focal point", "2016-09-01")]),
            p("Selma", "Mujić", .female, ["bs", "en"], "ba-af", [("ba-af", "Gender adviser, Joint Staff", "2018-04-01")]),
            p("Dragana", "Kovačević", .female, ["sr", "en", "ru"], "ba-mup-rs",
              [("ba-mup-rs", "Police inspector; chair of the Women's Network", "2014-06-01")]),
            p("Mirela", "Šarić", .female, ["bs"], "ba-zene-zenama", [("ba-zene-zenama", "Programme coordinator", "2010-02-01")]),
            p("Jasmina", "Čolić", .female, ["bs", "en"], "ba-gc-fbih", [("ba-gc-fbih", "Director", "2019-01-01")]),
            p("Snježana", "Vujić", .female, ["sr", "en"], "ba-gc-rs", [("ba-gc-rs", "Director", "2017-05-01")]),
            p("Ivana", "Marić", .female, ["hr", "en"], "hr-ombuds", [("hr-ombuds", "Ombudsperson for Gender Equality", "2017-01-01")]),
            p("Tomislav", "Babić", .male, ["hr", "en"], "hr-mod", [("hr-mod", "Head of the gender equality office", "2019-03-01")]),
            p("Marija", "Jurić", .female, ["hr", "en", "de"], "hr-af", [("hr-af", "Gender trainer", "2015-10-01")]),
            p("Ana", "Knežević", .female, ["hr"], "hr-office", [("hr-office", "Head of office", "2020-02-01")]),
            p("Jelena", "Petrović", .female, ["sr", "en"], "rs-commissioner",
              [("rs-commissioner", "Commissioner for Protection of Equality", "2015-05-01")]),
            p("Milica", "Stojanović", .female, ["sr", "en"], "rs-csw", [("rs-csw", "Executive director", "2011-01-01")]),
            p("Nemanja", "Jovanović", .male, ["sr", "en"], "rs-mod", [("rs-mod", "Gender focal point", "2017-07-01")]),
            p("Katarina", "Đokić", .female, ["sr", "en", "fr"], "rs-af", [("rs-af", "Gender trainer, Military Academy", "2013-09-01")]),
            p("Vesna", "Nikolić", .female, ["sr"], "rs-moi", [("rs-moi", "Head of the gender equality unit", "2018-01-01")],
              visibility: .platform),
            p("Marina", "Vuković", .female, ["sr", "en"], "me-mhmr", [("me-mhmr", "Head of the gender equality department", "2016-02-01")]),
            p("Nikola", "Radović", .male, ["sr", "en"], "me-mod", [("me-mod", "Gender adviser", "2019-06-01")]),
            p("Sanja", "Popović", .female, ["sr"], "me-parl", [("me-parl", "Chair of the committee", "2020-10-01")]),
            p("Марија", "Стојановска", .female, ["mk", "en"], "mk-mlsp", [("mk-mlsp", "Head of the Department of Equal Opportunities", "2014-04-01")]),
            p("Александар", "Петровски", .male, ["mk", "en"], "mk-mod", [("mk-mod", "Gender focal point", "2018-11-01")]),
            p("Елена", "Трајковска", .female, ["mk", "en"], "mk-af", [("mk-af", "Gender trainer", "2016-03-01")]),
            p("Elira", "Hoxha", .female, ["sq", "en"], "al-gem", [("al-gem", "Head of the gender equality sector", "2017-09-01")]),
            p("Arben", "Shehu", .male, ["sq", "en", "it"], "al-mod", [("al-mod", "Gender adviser", "2016-01-01")]),
            p("Blerina", "Dervishi", .female, ["sq", "en"], "al-af", [("al-af", "Gender trainer", "2019-02-01")]),
            p("Vjosa", "Krasniqi", .female, ["sq", "en", "sr"], "xk-aga", [("xk-aga", "Chief executive", "2018-05-01")]),
            p("Drita", "Berisha", .female, ["sq", "en"], "xk-ksf", [("xk-ksf", "Gender adviser", "2017-04-01")]),
            p("Fatmir", "Gashi", .male, ["sq", "en"], "xk-police", [("xk-police", "Gender focal point", "2019-09-01")],
              visibility: .institution),
            p("Aida", "Kurtović", .female, ["bs", "en"], "ba-unwomen", [("ba-unwomen", "Programme specialist", "2013-01-01")]),
        ]
    }

    public static var networks: [NetworkEntry] {
        [
            NetworkEntry(
                key: "gem-network", parentKey: nil, ownerKey: "ba-ars",
                fields: NetworkFields(
                    name: "Mreža mehanizama za ravnopravnost spolova Zapadnog Balkana",
                    nameEn: "Balkan network of gender equality mechanisms", kind: .network,
                    description: "Regional network of the national gender equality mechanisms of the Western Balkans."),
                members: [
                    ("ba-ars", .member, "2012-01-01"), ("hr-ombuds", .member, "2012-01-01"), ("rs-commissioner", .member, "2012-01-01"),
                    ("mk-mlsp", .member, "2012-01-01"), ("me-mhmr", .member, "2012-01-01"), ("me-parl", .member, "2014-01-01"),
                    ("al-gem", .member, "2013-01-01"), ("xk-aga", .observer, "2015-01-01"),
                ]),
            NetworkEntry(
                key: "gem-board", parentKey: "gem-network", ownerKey: "ba-ars",
                fields: NetworkFields(
                    name: "Regionalni koordinacioni odbor mreže mehanizama za ravnopravnost spolova",
                    nameEn: "Regional coordination board of the Balkan network of gender equality mechanisms", kind: .board,
                    description: "Met in Zagreb, 11–13 May 2017."),
                members: [
                    ("hr-ombuds", .chair, "2016-01-01"), ("ba-ars", .secretariat, "2016-01-01"),
                    ("rs-commissioner", .member, "2016-01-01"), ("mk-mlsp", .member, "2016-01-01"),
                    ("me-mhmr", .member, "2016-01-01"), ("me-parl", .member, "2016-01-01"),
                    ("person:Ivana Marić", .chair, "2017-01-01"), ("person:Amra Hadžić", .secretariat, "2016-01-01"),
                ]),
            NetworkEntry(
                key: "trainers", parentKey: nil, ownerKey: "ba-mod",
                fields: NetworkFields(
                    name: "Regionalna mreža gender trenera u oružanim snagama",
                    nameEn: "Regional network of gender trainers (Gender in the military, phase II)", kind: .network,
                    description: "Trainers from the armed forces of the region; they have trained peers from Ghana, Nigeria, Uganda and Rwanda."),
                members: [
                    ("ba-mod", .secretariat, "2015-01-01"), ("ba-af", .member, "2015-01-01"), ("hr-af", .member, "2015-01-01"),
                    ("rs-af", .member, "2015-01-01"), ("me-af", .member, "2015-01-01"), ("mk-af", .member, "2015-01-01"),
                    ("al-af", .member, "2016-01-01"),
                    ("person:Marija Jurić", .member, "2015-01-01"), ("person:Katarina Đokić", .member, "2015-01-01"),
                    ("person:Елена Трајковска", .member, "2016-01-01"), ("person:Blerina Dervishi", .member, "2019-01-01"),
                    ("person:Selma Mujić", .chair, "2018-01-01"),
                ]),
            NetworkEntry(
                key: "rs-wps", parentKey: nil, ownerKey: "rs-wps-network",
                fields: NetworkFields(
                    name: "Mreža „Žene, mir, bezbednost”", nameEn: "Women, Peace, Security network", kind: .network, country: "RS",
                    description: "Serbian civil-society network that monitors the national action plan for UNSCR 1325."),
                members: [("rs-csw", .secretariat, "2015-01-01"), ("person:Milica Stojanović", .chair, "2015-01-01")]),
            NetworkEntry(
                key: "ba-board", parentKey: nil, ownerKey: "ba-ars",
                fields: NetworkFields(
                    name: "Koordinacioni odbor za praćenje provedbe Akcionog plana za implementaciju UNSCR 1325 u BiH",
                    nameEn: "Coordination board for the BiH action plan for UNSCR 1325", kind: .board, country: "BA"),
                members: [
                    ("ba-ars", .chair, "2010-07-01"), ("ba-mod", .member, "2010-07-01"), ("ba-mos", .member, "2010-07-01"),
                    ("ba-mhrr", .member, "2010-07-01"), ("ba-gc-fbih", .member, "2010-07-01"), ("ba-gc-rs", .member, "2010-07-01"),
                ]),
        ]
    }
}
