/// The editable rank table: national ranks of each country with their NATO codes. Seeded from
/// the reference file the product ships; platform admins correct and extend it, every change
/// versioned and in the audit trail.
public protocol RankStore: Sendable {
    /// Every mapping, or those of one country, by country and NATO code.
    func ranks(country: String?) async throws -> [RankMapping]
    /// Adds or changes the mapping of a national rank (matched ignoring case, diacritics and script).
    /// - Throws: ``StoreError/invalid(_:)`` for an unknown NATO code or category;
    ///   ``StoreError/forbidden`` unless the viewer is a platform admin.
    func setRank(_ mapping: RankMapping, viewer: Viewer, by actor: Actor) async throws -> RankMapping
    /// Removes a national rank; the next file with it has to say what it means.
    func removeRank(country: String, nationalRank: String, viewer: Viewer, by actor: Actor) async throws
}

extension RankMapping {
    /// Every rule that needs no database.
    public func validate() -> [FieldError] {
        var errors = FieldErrors()
        if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) { errors.add("country", "invalid_value", country) }
        errors.checkText("national_rank", nationalRank, required: true, maxLength: 100)
        if !RankMapping.natoCodes.contains(natoCode) { errors.add("nato_code", "invalid_value", natoCode) }
        if !["official", "medium", "probable", "mapping"].contains(confidence) { errors.add("confidence", "invalid_value", confidence) }
        return errors.all
    }
}
