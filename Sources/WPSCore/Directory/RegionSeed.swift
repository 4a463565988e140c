/// The countries in scope from day one (DESIGN §1) and their levels of government, shipped as
/// editable seed data: loaded into every new database.
public enum RegionSeed {
    public static var countries: [Country] {
        [
            Country(code: "AL", nameEn: "Albania", nameLocal: "Shqipëria", levels: national("Kombëtar", local: "Vendor")),
            Country(
                code: "BA", nameEn: "Bosnia and Herzegovina", nameLocal: "Bosna i Hercegovina",
                levels: [
                    GovernmentLevel(code: "state", nameEn: "State", nameLocal: "Državni nivo", tier: 1),
                    GovernmentLevel(code: "fbih", nameEn: "Federation of BiH", nameLocal: "Federacija BiH", tier: 2),
                    GovernmentLevel(code: "rs", nameEn: "Republika Srpska", nameLocal: "Republika Srpska", tier: 2),
                    GovernmentLevel(code: "brcko", nameEn: "Brčko District", nameLocal: "Brčko distrikt BiH", tier: 2),
                    GovernmentLevel(code: "local", nameEn: "Local", nameLocal: "Lokalni nivo", tier: 3),
                ]),
            Country(code: "HR", nameEn: "Croatia", nameLocal: "Hrvatska", levels: national("Državna razina", local: "Lokalna razina")),
            Country(code: "XK", nameEn: "Kosovo", nameLocal: "Kosova / Kosovo", levels: national("Qendror", local: "Lokal")),
            Country(code: "ME", nameEn: "Montenegro", nameLocal: "Crna Gora", levels: national("Državni nivo", local: "Lokalni nivo")),
            Country(
                code: "MK", nameEn: "North Macedonia", nameLocal: "Северна Македонија",
                levels: national("Централно ниво", local: "Локално ниво")),
            Country(code: "RS", nameEn: "Serbia", nameLocal: "Srbija", levels: national("Republički nivo", local: "Lokalni nivo")),
        ]
    }

    private static func national(_ name: String, local: String) -> [GovernmentLevel] {
        [
            GovernmentLevel(code: "national", nameEn: "National", nameLocal: name, tier: 1),
            GovernmentLevel(code: "local", nameEn: "Local", nameLocal: local, tier: 3),
        ]
    }
}
