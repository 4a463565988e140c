/// A country (or territory) by its ISO 3166-1 alpha-2 code; Kosovo uses the code XK.
public struct Country: Sendable, Equatable, Codable {
    public var code: String
    public var nameEn: String
    public var nameLocal: String
    public var levels: [GovernmentLevel]
    public var version: Int

    public init(code: String, nameEn: String, nameLocal: String, levels: [GovernmentLevel] = [], version: Int = 1) {
        self.code = code
        self.nameEn = nameEn
        self.nameLocal = nameLocal
        self.levels = levels
        self.version = version
    }

    /// Checks a new country: a two-letter upper-case code and both names.
    public static func validate(code: String, nameEn: String, nameLocal: String) -> [FieldError] {
        var errors = FieldErrors()
        let isAlpha2 = code.count == 2 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
        if code.isEmpty { errors.add("code", "required") }
        else if !isAlpha2 { errors.add("code", "not_iso_3166_alpha2", code) }
        errors.checkText("name_en", nameEn, required: true, maxLength: 120)
        errors.checkText("name_local", nameLocal, required: true, maxLength: 120)
        return errors.all
    }
}

/// A level of government within a country: national or state, entity, district, local.
public struct GovernmentLevel: Sendable, Equatable, Codable {
    /// Unique within the country, e.g. `state`, `fbih`, `rs`, `brcko`, `national`, `local`.
    public var code: String
    public var nameEn: String
    public var nameLocal: String
    /// 1 for the top level, 2 for entities and districts, 3 for local government.
    public var tier: Int

    public init(code: String, nameEn: String, nameLocal: String, tier: Int) {
        self.code = code
        self.nameEn = nameEn
        self.nameLocal = nameLocal
        self.tier = tier
    }
}
