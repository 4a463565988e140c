/// The library of the demo: about thirty items in English and BCS (Latin and Cyrillic), a
/// Macedonian and an Albanian one, some of them translations of each other — the regional
/// statement of the gender-equality mechanisms, a summary of the Istanbul Convention, a
/// harassment-policy guideline and toolkit, a curriculum module for cadets, and the good
/// practices and lessons learnt of the networks' events. Texts are our own summaries.
public enum LibraryDemo {
    public struct Entry: Sendable {
        public var key: String
        public var kind: LibraryKind
        public var title: String
        public var summary: String
        public var body: String
        public var language: String
        public var country: String?
        /// The owning institution, by its key in ``DirectoryDemo``.
        public var owner: String
        public var topics: [String]
        public var published: String
        /// The key of the item this one translates.
        public var translationOf: String?
        public var visibility: Visibility
    }

    static func e(
        _ key: String, _ kind: LibraryKind, _ language: String, _ country: String?, _ owner: String, _ published: String, _ topics: [String],
        _ title: String, _ summary: String, _ body: String, of original: String? = nil, visibility: Visibility = .public
    ) -> Entry {
        Entry(
            key: key, kind: kind, title: title, summary: summary, body: body, language: language, country: country, owner: owner, topics: topics,
            published: published, translationOf: original, visibility: visibility)
    }

    public static let entries: [Entry] = [
        e("statement-en", .report, "en", nil, "hr-ombuds", "2017-05-13", ["women_in_peace_processes", "nap_development"],
          "Regional statement on cooperation of the gender-equality mechanisms",
          "The mechanisms for gender equality of the region agree to exchange practice on action plans for UNSCR 1325 and to meet yearly.",
          "Meeting in Zagreb on 11–13 May 2017, the regional coordination board of the Balkan network of gender-equality mechanisms reviewed the work since Budva.\n\nThe members agreed to share their national action plans, reporting templates and lessons learnt, and to invite the ministries of defence and interior to their meetings."),
        e("statement-bs", .report, "bs", nil, "ba-ars", "2017-05-13", ["women_in_peace_processes", "nap_development"],
          "Regionalna izjava o saradnji institucionalnih mehanizama za ravnopravnost spolova",
          "Mehanizmi za ravnopravnost spolova iz regiona dogovaraju razmjenu prakse o akcionim planovima za Rezoluciju 1325 i godišnje sastanke.",
          "Na sastanku u Zagrebu od 11. do 13. maja 2017. regionalni koordinacioni odbor Balkanske mreže mehanizama za ravnopravnost spolova razmotrio je rad od sastanka u Budvi.\n\nČlanice su se dogovorile da razmjenjuju akcione planove, obrasce izvještaja i naučene lekcije.",
          of: "statement-en"),
        e("statement-sr", .report, "sr-Cyrl", nil, "rs-commissioner", "2017-05-13", ["women_in_peace_processes"],
          "Регионална изјава о сарадњи механизама за родну равноправност",
          "Механизми за родну равноправност региона договарају размену праксе о акционим плановима за Резолуцију 1325.",
          "На састанку у Загребу регионални координациони одбор Балканске мреже механизама за родну равноправност размотрио је рад од састанка у Будви.",
          of: "statement-en"),
        e("istanbul-en", .guideline, "en", nil, "ba-ars", "2019-11-25", ["police_and_gbv", "sexual_harassment"],
          "The Istanbul Convention in brief",
          "What the Council of Europe Convention on preventing and combating violence against women and domestic violence asks of states.",
          "The Convention rests on four pillars: prevention, protection, prosecution and integrated policies.\n\nStates that ratified it criminalise psychological violence, stalking, physical and sexual violence, forced marriage and sexual harassment, and report to GREVIO."),
        e("istanbul-bs", .guideline, "bs", nil, "ba-ars", "2019-11-25", ["police_and_gbv", "sexual_harassment"],
          "Istanbulska konvencija ukratko",
          "Šta Konvencija Vijeća Evrope o sprečavanju i borbi protiv nasilja nad ženama i nasilja u porodici traži od država.",
          "Konvencija počiva na četiri stuba: prevencija, zaštita, krivično gonjenje i integrisane politike.\n\nDržave koje su je ratifikovale inkriminišu psihičko nasilje, proganjanje, fizičko i seksualno nasilje, prisilni brak i seksualno uznemiravanje.",
          of: "istanbul-en"),
        e("istanbul-mk", .guideline, "mk", "MK", "mk-mlsp", "2020-03-08", ["police_and_gbv"],
          "Истанбулската конвенција накратко",
          "Што бара од државите Конвенцијата на Советот на Европа за спречување и борба против насилство врз жените.",
          "Конвенцијата се заснова на четири столба: превенција, заштита, гонење и интегрирани политики.",
          of: "istanbul-en"),
        e("guideline-en", .guideline, "en", nil, "ba-mod", "2021-06-15", ["sexual_harassment", "gender_in_military"],
          "Guideline on protection from sexual harassment in the armed forces",
          "How a ministry of defence defines harassment, receives reports inside and outside the chain of command, protects those who report and investigates on time.",
          "A policy defines sexual harassment and gender-based discrimination and covers every member of the forces, civilians and cadets.\n\nReports can be made to the commander, to a gender focal point or to an independent channel outside the chain of command. Confidentiality and protection from retaliation are guaranteed.\n\nInvestigations start within eight days and end within sixty; sanctions are proportionate; victims receive legal and psychological support; data on cases are collected by sex and rank and published yearly."),
        e("guideline-bs", .guideline, "bs", "BA", "ba-mod", "2021-06-15", ["sexual_harassment", "gender_in_military"],
          "Smjernica o zaštiti od seksualnog uznemiravanja u oružanim snagama",
          "Kako ministarstvo odbrane definiše uznemiravanje, prima prijave unutar i izvan lanca komandovanja, štiti one koji prijave i istražuje na vrijeme.",
          "Politika definiše seksualno uznemiravanje i diskriminaciju na osnovu spola i obuhvata sve pripadnike snaga, civile i kadete.\n\nPrijava se može podnijeti komandantu, rodnoj kontakt osobi ili nezavisnom kanalu izvan lanca komandovanja. Zagarantovani su povjerljivost i zaštita od odmazde.",
          of: "guideline-en"),
        e("guideline-sr", .regulation, "sr-Cyrl", "RS", "rs-mod", "2020-09-01", ["sexual_harassment", "gender_in_military"],
          "Правилник о заштити од сексуалног узнемиравања",
          "Правилник уређује појам узнемиравања, поступак пријаве и заштите и рокове истраге у систему одбране.",
          "Члан 1. Овим правилником уређује се поступак заштите од сексуалног узнемиравања и дискриминације на основу пола.\n\nЧлан 5. Пријава се може поднети и лицу изван ланца командовања."),
        e("toolkit-en", .toolkit, "en", nil, "rs-osce", "2022-02-01", ["sexual_harassment", "gender_training"],
          "Toolkit: reviewing a harassment policy in ten steps",
          "Questions, checklists and model clauses for a self-assessment of a policy against sexual harassment and gender-based discrimination.",
          "Start with the definition: does the policy name sexual harassment and gender-based discrimination? Who does it cover?\n\nThen follow the path of a report: the channels, confidentiality, protection from retaliation, investigation timelines, sanctions, support for victims, training, data and the review of the policy itself."),
        e("toolkit-hr", .toolkit, "hr", "HR", "hr-mod", "2022-02-01", ["sexual_harassment", "gender_training"],
          "Priručnik: pregled politike o uznemiravanju u deset koraka",
          "Pitanja, kontrolni popisi i ogledne odredbe za samoprocjenu politike protiv spolnog uznemiravanja.",
          "Započnite definicijom: imenuje li politika spolno uznemiravanje i diskriminaciju na temelju spola? Na koga se odnosi?",
          of: "toolkit-en"),
        e("curriculum-en", .curriculum, "en", nil, "hr-mod", "2023-09-01", ["gender_training", "gender_in_military"],
          "Curriculum module for cadets: gender perspective in operations",
          "Eight lessons for military academies: UNSCR 1325, gender analysis of an area of operations, protection from sexual harassment, the role of gender advisers.",
          "Lesson 1: the Women, Peace and Security agenda. Lesson 2: gender analysis. Lesson 3: conflict-related sexual violence. Lesson 4: harassment and the chain of command."),
        e("curriculum-sr", .curriculum, "sr-Cyrl", "RS", "rs-mod", "2023-09-01", ["gender_training", "gender_in_military"],
          "Наставни модул за кадете: родна перспектива у операцијама",
          "Осам часова за војне академије: Резолуција 1325, родна анализа, заштита од сексуалног узнемиравања.",
          "Час 1: агенда Жене, мир и безбедност. Час 2: родна анализа подручја операције.",
          of: "curriculum-en"),
        e("practice-coach", .goodPractice, "en", "BA", "ba-mod", "2021-12-10", ["gender_coaching"],
          "Good practice: the Gender Coach Programme for commanders",
          "Senior officers paired with gender coaches for a year changed how their units report and investigate harassment.",
          "Each commander met a coach monthly. Coaches were trained gender experts from the region."),
        e("practice-tot", .goodPractice, "bs", "BA", "ba-ars", "2022-04-20", ["gender_training"],
          "Dobra praksa: obuka trenera za rodnu ravnopravnost u policiji",
          "Treneri obučeni u Sarajevu prenijeli su znanje na više od tri stotine policijskih službenika.",
          "Obuka trenera trajala je četiri dana; svaki polaznik održao je najmanje dvije obuke u svojoj upravi."),
        e("practice-police", .goodPractice, "sr-Cyrl", "RS", "rs-moi", "2022-10-05", ["police_and_gbv"],
          "Добра пракса: мрежа жена у полицији",
          "Мрежа жена у полицији подржава запошљавање и напредовање жена и размењује искуства у региону.",
          "Мрежа окупља полицијске службенице из свих управа и сарађује са мрежама у региону."),
        e("practice-al", .goodPractice, "sq", "AL", "al-mod", "2022-06-01", ["gender_in_military"],
          "Praktikë e mirë: këshilltarët gjinorë në Forcat e Armatosura",
          "Këshilltarët gjinorë ndihmojnë komandantët të zbatojnë Rezolutën 1325 dhe politikën kundër ngacmimit seksual.",
          "Çdo njësi ka një pikë kontakti gjinore të trajnuar; raportet dërgohen çdo tremujor."),
        e("lesson-reporting", .lessonLearnt, "en", nil, "rs-wps-network", "2023-03-15", ["sexual_harassment"],
          "Lesson learnt: reports rise when a channel outside the chain of command exists",
          "Where a confidential channel outside the chain of command was opened, reports of harassment rose in the first year, and so did trust.",
          "A rise in reports is a sign of trust, not of more harassment; explain it before the figures are published."),
        e("lesson-data", .lessonLearnt, "bs", "BA", "ba-ars", "2023-06-01", ["hr_data_analysis"],
          "Naučena lekcija: podaci po spolu i činu moraju biti zaštićeni",
          "Tabela sa jednom ženom pukovnikom otkriva njen identitet; male brojeve treba sakriti prije objave.",
          "Kontrola otkrivanja malih brojeva mora biti dio svake objave kadrovskih podataka."),
        e("lesson-budva", .lessonLearnt, "en", "ME", "me-mhmr", "2016-10-20", ["nap_development"],
          "Lesson learnt from Budva: one template for all action-plan reports",
          "Members agreed that one reporting template would let the region compare progress on its action plans.",
          "Differences in reporting periods made comparison hard; a shared template with the same indicators was proposed."),
        e("lesson-budgets", .lessonLearnt, "hr", "HR", "hr-office", "2021-11-11", ["gender_budgeting"],
          "Naučena lekcija: mjere bez proračuna ostaju na papiru",
          "Mjere akcijskog plana bez osiguranih sredstava najčešće nisu provedene.",
          "U sljedećem planu svaka mjera ima procijenjeni trošak i izvor financiranja."),
        e("policy-ba-nap", .policy, "bs", "BA", "ba-ars", "2018-07-01", ["nap_development"],
          "Akcioni plan za implementaciju UNSCR 1325 u Bosni i Hercegovini 2018–2022",
          "Treći akcioni plan Bosne i Hercegovine za provođenje Rezolucije 1325 Vijeća sigurnosti UN-a.",
          "Plan ima tri strateška cilja: učešće žena u odlučivanju, rodno odgovoran sektor sigurnosti i zaštitu od nasilja."),
        e("policy-mk-nap", .policy, "mk", "MK", "mk-mlsp", "2020-01-15", ["nap_development"],
          "Национален акциски план за Резолуцијата 1325",
          "Вториот национален акциски план на Северна Македонија за жените, мирот и безбедноста.",
          "Планот предвидува обуки, мерки за учество на жените во безбедносниот сектор и заштита од насилство."),
        e("regulation-hr", .regulation, "hr", "HR", "hr-mod", "2019-05-20", ["sexual_harassment"],
          "Pravilnik o postupku zaštite dostojanstva djelatnika",
          "Postupak zaštite od uznemiravanja i spolnog uznemiravanja u Ministarstvu obrane.",
          "Povjerenik za zaštitu dostojanstva zaprima pritužbe i postupa u roku od osam dana."),
        e("report-women", .report, "en", nil, "rs-osce", "2023-12-01", ["gender_in_military", "hr_data_analysis"],
          "Women in the armed forces of the region: figures by rank",
          "Shares of women by rank in the seven armed forces, with small counts withheld.",
          "The share of women is highest among non-commissioned officers and lowest among senior officers in every country."),
        e("report-police", .report, "bs", "BA", "ba-mup-rs", "2022-03-08", ["police_and_gbv"],
          "Izvještaj o učešću žena u policiji",
          "Udio policijskih službenica po činovima i upravama.",
          "Udio žena raste u mlađim generacijama, ali ostaje nizak na rukovodećim mjestima."),
        e("news-bishkek", .news, "en", "KG", "ba-mod", "2024-10-10", ["gender_training"],
          "Experts from the region share practice in Bishkek",
          "Gender trainers from the Western Balkans delivered a training for the Kyrgyz security sector.",
          "The mission was requested through the platform and matched with experts who speak Russian."),
        e("news-zagreb", .news, "hr", "HR", "hr-ombuds", "2017-05-14", ["women_in_peace_processes"],
          "Sastanak regionalnog koordinacijskog odbora u Zagrebu",
          "Pravobraniteljica za ravnopravnost spolova bila je domaćica sastanka Balkanske mreže.",
          "Sastanku su prisustvovale predstavnice mehanizama za ravnopravnost iz svih zemalja regiona."),
        e("news-campaign", .news, "sr-Cyrl", "RS", "rs-csw", "2023-11-25", ["police_and_gbv"],
          "Кампања 16 дана активизма против родно заснованог насиља",
          "Организације цивилног друштва и полиција заједно у кампањи против насиља над женама.",
          "Кампања је обухватила радионице у школама и обуке полицијских службеника."),
        e("internal-review", .lessonLearnt, "bs", "BA", "ba-mod", "2024-02-01", ["sexual_harassment", "gender_in_military"],
          "Interna analiza: prijave uznemiravanja 2023",
          "Interna analiza prijava uznemiravanja u Oružanim snagama, samo za Ministarstvo odbrane.",
          "Analiza obuhvata broj prijava, trajanje postupaka i ishode.", visibility: .institution),
    ]
}

extension LibraryDemo {
    /// Submitted reviews against the seeded harassment template: the institution (by key), its
    /// answers by area (answer, comment, action) and whether it shares the review regionally.
    public struct Review: Sendable {
        public var institution: String
        public var evidence: String?
        public var answers: [(area: String, answer: ReviewAnswerValue, comment: String, action: String)]
        public var shared: Bool
    }

    public static let reviews: [Review] = [
        Review(institution: "ba-mod", evidence: "guideline-bs", answers: [
            ("policy_defines", .yes, "The 2021 guideline defines harassment with examples.", ""),
            ("coverage", .yes, "Covers service members, civilians and cadets.", ""),
            ("reporting_channels", .partly, "Reports go to commanders; the gender focal point takes reports only informally.",
             "Name the gender focal points as a formal channel outside the chain of command."),
            ("confidentiality", .yes, "Written into the guideline.", ""),
            ("investigation", .no, "No timeline is set for investigations.", "Amend the rulebook: start within 8 days, finish within 60."),
            ("sanctions", .yes, "Listed in the disciplinary rules.", ""),
            ("victim_support", .partly, "Psychological support only.", "Agree legal aid with the Agency for Gender Equality."),
            ("training", .yes, "Part of basic training.", ""),
            ("data_monitoring", .partly, "Cases are counted but not by rank.", "Record cases by sex, rank and unit from 2025."),
            ("policy_review", .no, "No review date is set.", "Review the guideline in 2026 with a personnel survey."),
        ], shared: true),
        Review(institution: "hr-mod", evidence: nil, answers: [
            ("policy_defines", .yes, "", ""), ("coverage", .yes, "", ""), ("reporting_channels", .yes, "A commissioner for dignity receives complaints.", ""),
            ("confidentiality", .yes, "", ""), ("investigation", .yes, "Eight days to act.", ""), ("sanctions", .yes, "", ""),
            ("victim_support", .partly, "", "Extend support to legal aid."), ("training", .partly, "Commanders only.", "Train every new recruit."),
            ("data_monitoring", .yes, "", ""), ("policy_review", .partly, "", "Set a review every three years."),
        ], shared: true),
    ]
}
