/// A result of a project (an output, outcome or impact, as IATI's ResultType codes them) and
/// its indicators: the plans' indicator type (unit, disaggregation, baseline, target), with the
/// values actually reached per period, by sex where the indicator asks.
public enum ResultType: String, Codable, Sendable, CaseIterable {
    case output, outcome, impact

    public var iatiCode: Int {
        switch self {
        case .output: 1
        case .outcome: 2
        case .impact: 3
        }
    }
}

/// What an indicator reached in one period.
public struct ResultActual: Sendable, Equatable, Codable {
    public var start: Day
    public var end: Day
    public var value: ReportValue

    public init(start: Day, end: Day, value: ReportValue) {
        self.start = start
        self.end = end
        self.value = value
    }
}

public struct ResultIndicator: Sendable, Equatable, Codable {
    public var id: Int
    public var fields: IndicatorFields
    public var actuals: [ResultActual]

    public init(id: Int = 0, fields: IndicatorFields, actuals: [ResultActual] = []) {
        self.id = id
        self.fields = fields
        self.actuals = actuals
    }
}

public struct ProjectResultFields: Sendable, Equatable, Codable {
    public var title: String
    public var type: ResultType
    public var indicators: [ResultIndicator]

    public init(title: String, type: ResultType = .output, indicators: [ResultIndicator] = []) {
        self.title = title
        self.type = type
        self.indicators = indicators
    }

    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        errors.checkText("title", title, required: true, maxLength: 1000)
        if indicators.count > 50 { errors.add("indicators", "too_many", String(indicators.count)) }
        for (index, indicator) in indicators.enumerated() {
            let place = "indicators[\(index)]"
            var fields = indicator.fields
            fields.computedFrom = nil
            for error in fields.validate() { errors.add("\(place).\(error.field)", error.code, error.value) }
            if indicator.fields.computedFrom != nil { errors.add("\(place).computed_from", "not_for_projects") }
            if indicator.actuals.count > 100 { errors.add("\(place).actuals", "too_many", String(indicator.actuals.count)) }
            let shape = Indicator(id: 0, nodeId: 0, fields: fields, version: 1)
            for (number, actual) in indicator.actuals.enumerated() {
                let at = "\(place).actuals[\(number)]"
                if actual.end < actual.start { errors.add("\(at).end", "before_start", actual.end.description) }
                for error in actual.value.problems(for: shape, at: at) where !error.field.hasSuffix(".indicator_id") {
                    errors.add(error.field, error.code, error.value)
                }
            }
        }
        return errors.all
    }

    public func trimmed() -> ProjectResultFields {
        var copy = self
        copy.title = title.trimmed
        for index in copy.indicators.indices {
            copy.indicators[index].fields.code = copy.indicators[index].fields.code.trimmed
            copy.indicators[index].fields.definition = copy.indicators[index].fields.definition.trimmed
            copy.indicators[index].fields.source = copy.indicators[index].fields.source.trimmed
        }
        return copy
    }
}

public struct ProjectResult: Sendable, Equatable, Codable {
    public var id: Int
    public var projectId: Int
    public var fields: ProjectResultFields

    public init(id: Int, projectId: Int, fields: ProjectResultFields) {
        self.id = id
        self.projectId = projectId
        self.fields = fields
    }
}
