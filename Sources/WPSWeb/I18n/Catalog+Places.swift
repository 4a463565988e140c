import WPSCore

/// Countries and levels of government in the reader's language. The catalogues name the
/// countries and levels the platform ships with (`country.BA`, `government_level.state`); a
/// country or level an administrator adds has its stored names only: the English one for
/// English readers, the local one for everyone else. English readers always see the stored
/// English name, so an administrator's correction shows at once.
extension Catalog {
    public func name(_ country: Country) -> String {
        if language == .en { return country.nameEn }
        return texts["country.\(country.code)"] ?? country.nameLocal
    }

    public func name(_ level: GovernmentLevel) -> String {
        if language == .en { return level.nameEn }
        return texts["government_level.\(level.code)"] ?? level.nameLocal
    }

    /// Each country's name by its code, for pages that show many.
    public func countryNames(_ countries: [Country]) -> [String: String] {
        Dictionary(countries.map { ($0.code, name($0)) }) { first, _ in first }
    }
}
