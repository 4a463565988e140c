import Foundation
import WPSCore
import XMLCoder

/// IATI activity XML, version 2.03: the elements we publish, in the order the schema's
/// sequence asks for, encoded with XMLCoder (attributes by `DynamicNodeEncoding`, element text
/// under the empty key).
public struct IATIActivities: Encodable, DynamicNodeEncoding, Sendable {
    public var version = "2.03"
    public var generatedDatetime: String
    public var activities: [IATIActivity]

    enum CodingKeys: String, CodingKey {
        case version, generatedDatetime = "generated-datetime", activities = "iati-activity"
    }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        key.stringValue == CodingKeys.activities.stringValue ? .element : .attribute
    }

    public init(generatedDatetime: String, activities: [IATIActivity]) {
        self.generatedDatetime = generatedDatetime
        self.activities = activities
    }

    /// The document, with its XML declaration.
    public func xml() throws -> Data {
        let encoder = XMLEncoder()
        encoder.outputFormatting = [.prettyPrinted]
        return try encoder.encode(self, withRootKey: "iati-activities", header: XMLHeader(version: 1.0, encoding: "UTF-8"))
    }
}

public struct IATINarrative: Encodable, DynamicNodeEncoding, Sendable, Equatable {
    public var lang: String?
    public var text: String

    enum CodingKeys: String, CodingKey { case lang = "xml:lang", text = "" }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        key.stringValue == CodingKeys.lang.stringValue ? .attribute : .element
    }

    /// Characters XML 1.0 cannot carry (most control characters, U+FFFE, U+FFFF) are dropped:
    /// a reader would refuse the whole file for one of them.
    public init(_ text: String, lang: String? = nil) {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: kept.append(scalar)
            default: continue
            }
        }
        self.text = String(kept)
        self.lang = lang
    }
}

/// An element that holds narratives only (title).
public struct IATIText: Encodable, Sendable {
    public var narrative: [IATINarrative]
    public init(_ narratives: [IATINarrative]) { narrative = narratives }
}

public struct IATIDescription: Encodable, DynamicNodeEncoding, Sendable {
    public var type: String
    public var narrative: [IATINarrative]
    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "type" ? .attribute : .element }
}

public struct IATIOrganisation: Encodable, DynamicNodeEncoding, Sendable {
    public var ref: String?
    public var type: String?
    public var role: String?
    public var narrative: [IATINarrative]

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "narrative" ? .element : .attribute }

    public init(ref: String? = nil, type: String? = nil, role: String? = nil, name: String) {
        self.ref = ref
        self.type = type
        self.role = role
        narrative = [IATINarrative(name)]
    }
}

/// An element whose attributes are all it says (`activity-status`, `sector`, `policy-marker`, …).
public struct IATICode: Encodable, DynamicNodeEncoding, Sendable {
    public var attributes: [(String, String)]

    struct Key: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(_ attributes: [(String, String)]) { self.attributes = attributes }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { .attribute }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in attributes { try container.encode(value, forKey: Key(stringValue: name)) }
    }
}

public struct IATIValue: Encodable, DynamicNodeEncoding, Sendable {
    public var currency: String
    public var valueDate: String
    public var amount: String

    enum CodingKeys: String, CodingKey { case currency, valueDate = "value-date", amount = "" }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "" ? .element : .attribute }
}

public struct IATIBudget: Encodable, DynamicNodeEncoding, Sendable {
    public var type = "1"
    public var status = "1"
    public var periodStart: IATICode
    public var periodEnd: IATICode
    public var value: IATIValue

    enum CodingKeys: String, CodingKey { case type, status, periodStart = "period-start", periodEnd = "period-end", value }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        ["type", "status"].contains(key.stringValue) ? .attribute : .element
    }
}

public struct IATITransaction: Encodable, Sendable {
    public var transactionType: IATICode
    public var transactionDate: IATICode
    public var value: IATIValue
    public var providerOrg: IATIOrganisation?

    enum CodingKeys: String, CodingKey {
        case transactionType = "transaction-type", transactionDate = "transaction-date", value, providerOrg = "provider-org"
    }
}

/// A target or actual value of a result indicator, with its sex where it is one part.
public struct IATIMeasured: Encodable, DynamicNodeEncoding, Sendable {
    public var value: String?
    public var dimension: [IATICode]
    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "value" ? .attribute : .element }
}

public struct IATIPeriod: Encodable, Sendable {
    public var periodStart: IATICode
    public var periodEnd: IATICode
    public var target: [IATIMeasured]
    public var actual: [IATIMeasured]
    enum CodingKeys: String, CodingKey { case periodStart = "period-start", periodEnd = "period-end", target, actual }
}

public struct IATIIndicator: Encodable, DynamicNodeEncoding, Sendable {
    public var measure: String
    public var ascending: String
    public var title: IATIText
    public var baseline: [IATICode]
    public var period: [IATIPeriod]
    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        ["measure", "ascending"].contains(key.stringValue) ? .attribute : .element
    }
}

public struct IATIResult: Encodable, DynamicNodeEncoding, Sendable {
    public var type: String
    public var title: IATIText
    public var indicator: [IATIIndicator]
    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "type" ? .attribute : .element }
}

/// One project as an IATI activity.
public struct IATIActivity: Encodable, DynamicNodeEncoding, Sendable {
    public var lastUpdated: String?
    public var lang: String
    public var defaultCurrency: String?
    public var identifier: String
    public var reportingOrg: IATIOrganisation
    public var title: IATIText
    public var description: [IATIDescription]
    public var participatingOrg: [IATIOrganisation]
    public var activityStatus: IATICode
    public var activityDate: [IATICode]
    public var recipientCountry: [IATICode]
    public var sector: [IATICode]
    public var policyMarker: [IATICode]
    public var budget: [IATIBudget]
    public var transaction: [IATITransaction]
    public var result: [IATIResult] = []

    enum CodingKeys: String, CodingKey {
        case lastUpdated = "last-updated-datetime", lang = "xml:lang", defaultCurrency = "default-currency"
        case identifier = "iati-identifier", reportingOrg = "reporting-org", title, description, participatingOrg = "participating-org"
        case activityStatus = "activity-status", activityDate = "activity-date", recipientCountry = "recipient-country", sector
        case policyMarker = "policy-marker", budget, transaction, result
    }

    public static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        ["last-updated-datetime", "xml:lang", "default-currency"].contains(key.stringValue) ? .attribute : .element
    }
}

/// Builds IATI activities from projects.
public enum IATIExport {
    /// An institution as IATI needs it: its name, its IATI organisation type and identifier.
    public struct Organisation: Sendable {
        public var name: String
        public var kind: InstitutionKind?
        public var ref: String?

        public init(name: String, kind: InstitutionKind?, ref: String? = nil) {
            self.name = name
            self.kind = kind
            self.ref = ref
        }
    }

    /// IATI's OrganisationType for the kinds of the directory.
    static func type(_ kind: InstitutionKind?) -> String {
        switch kind?.rawValue ?? "" {
        case "cso", "cso_network": "22"
        case "international_organisation": "40"
        case "academy": "80"
        case "donor": "10"
        case "": "90"
        default: "10"
        }
    }

    /// The IATI activity for `project`.
    /// - Parameters:
    ///   - publisher: the platform's IATI organisation identifier and name.
    ///   - lang: the language of the project's local title and description.
    public static func activity(
        _ project: Project, publisher: (ref: String, name: String), organisations: [Int: Organisation], lang: String, updated: String?,
        results: [ProjectResult] = []
    ) -> IATIActivity {
        let f = project.fields
        func org(_ id: Int, role: String?) -> IATIOrganisation {
            let found = organisations[id]
            return IATIOrganisation(ref: found?.ref, type: type(found?.kind), role: role, name: found?.name ?? "—")
        }
        var titles = [IATINarrative(f.title)]
        if !f.titleEn.isEmpty { titles.append(IATINarrative(f.titleEn, lang: "en")) }
        let description = IATIDescription(type: "1", narrative: [IATINarrative(f.description.isEmpty ? f.title : f.description)])
        var participating = f.donors.map { org($0.institutionId, role: "1") }
        participating.append(org(f.ownerId, role: "2"))
        participating += f.partnerIds.map { org($0, role: "3") }
        participating += f.implementerIds.map { org($0, role: "4") }
        let started = f.status != .pipeline
        var dates = [IATICode([("type", started ? "2" : "1"), ("iso-date", f.start.description)])]
        if let end = f.end { dates.append(IATICode([("type", [.closed, .finalisation, .cancelled].contains(f.status) ? "4" : "3"), ("iso-date", end.description)])) }
        let share = f.countries.isEmpty ? 0 : 100 / f.countries.count
        let countries = f.countries.enumerated().map { index, code in
            // Percentages add up to 100
            IATICode([("code", code), ("percentage", String(index == 0 ? 100 - share * (f.countries.count - 1) : share))])
        }
        func amount(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value) }
        var budgets: [IATIBudget] = []
        if let budget = f.budget {
            budgets.append(IATIBudget(
                periodStart: IATICode([("iso-date", f.start.description)]), periodEnd: IATICode([("iso-date", (f.end ?? f.start).description)]),
                value: IATIValue(currency: budget.currency, valueDate: f.start.description, amount: amount(budget.amount))))
        }
        // Each donor's commitment, as the implementer receives it: an incoming commitment (11)
        let transactions = f.donors.map { donor in
            IATITransaction(
                transactionType: IATICode([("code", "11")]), transactionDate: IATICode([("iso-date", f.start.description)]),
                value: IATIValue(currency: donor.currency, valueDate: f.start.description, amount: amount(donor.amount)),
                providerOrg: org(donor.institutionId, role: nil))
        }
        var activity = IATIActivity(
            lastUpdated: updated, lang: lang, defaultCurrency: f.donors.first?.currency ?? f.budget?.currency,
            identifier: "\(publisher.ref)-project-\(project.id)",
            reportingOrg: IATIOrganisation(ref: publisher.ref, type: "90", name: publisher.name),
            title: IATIText(titles), description: [description], participatingOrg: participating,
            activityStatus: IATICode([("code", String(f.status.iatiCode))]), activityDate: dates, recipientCountry: countries,
            // DAC 15170: women's rights organisations and movements, and government institutions
            sector: [IATICode([("vocabulary", "1"), ("code", "15170")])],
            // The gender-equality policy marker, as the projects' principal objective
            policyMarker: [IATICode([("vocabulary", "1"), ("code", "1"), ("significance", "2")])],
            budget: budgets, transaction: transactions)
        activity.result = results.compactMap(result)
        return activity
    }

    /// A number as IATI writes it: whole numbers without a fraction.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A result with its indicators; nil without one (IATI asks for at least one).
    static func result(_ result: ProjectResult) -> IATIResult? {
        let indicators = result.fields.indicators.map { indicator -> IATIIndicator in
            let f = indicator.fields
            let measure = switch f.unit {
            case .count: "1"
            case .percent: "2"
            case .yesNo, .text: "5"
            }
            var baseline: [IATICode] = []
            if let value = f.baseline, let year = value.year, year > 0 {
                var attributes = [("year", String(year))]
                if let figure = value.value { attributes.append(("value", number(figure))) }
                baseline.append(IATICode(attributes))
            }
            let periods = indicator.actuals.map { actual -> IATIPeriod in
                var values = [IATIMeasured(value: actual.value.value.map(number) ?? (actual.value.note.isEmpty ? nil : actual.value.note), dimension: [])]
                // By sex: one actual per part, each with its dimension
                for (name, part) in zip(ReportValue.partNames, actual.value.parts) {
                    guard let part else { continue }
                    values.append(IATIMeasured(value: number(part), dimension: [IATICode([("name", "sex"), ("value", name)])]))
                }
                var targets: [IATIMeasured] = []
                if let target = f.target, let value = target.value, let year = target.year, actual.start.year <= year, year <= actual.end.year {
                    targets.append(IATIMeasured(value: number(value), dimension: []))
                }
                return IATIPeriod(
                    periodStart: IATICode([("iso-date", actual.start.description)]), periodEnd: IATICode([("iso-date", actual.end.description)]),
                    target: targets, actual: values)
            }
            return IATIIndicator(
                measure: measure, ascending: "true", title: IATIText([IATINarrative(f.definition)]), baseline: baseline, period: periods)
        }
        guard !indicators.isEmpty else { return nil }
        return IATIResult(type: String(result.fields.type.iatiCode), title: IATIText([IATINarrative(result.fields.title)]), indicator: indicators)
    }
}
