import Foundation

/// Every HTML page's address. Pages build links from it and the router registers its
/// templates, so a link cannot point at a path that does not exist.
enum SiteRoute {
    case home
    case countries
    case institutions
    case institution(Int)
    case newInstitution
    case editInstitution(Int)
    case deleteInstitution(Int)
    case restoreInstitution(Int)
    case institutionRoles(Int)
    case people
    case person(Int)
    case newPerson
    case editPerson(Int)
    case deletePerson(Int)
    case restorePerson(Int)
    case networks
    case network(Int)
    case newNetwork
    case editNetwork(Int)
    case deleteNetwork(Int)
    case restoreNetwork(Int)
    case networkMembers(Int)
    case removeMember(network: Int, member: Int)
    case datasets
    case importDataset
    case confirmImport
    case ranks
    case compareDatasets
    case compareXLSX
    case indicatorsXLSX(Int)
    case dataset(Int)
    case deleteDataset(Int)
    case datasetCSV(Int)
    case datasetXLSX(Int)
    case login(next: String?)
    case logout
    case language(UILanguage, next: String)
    case stylesheet
    case health
    case metrics

    /// Templates with `{name}` parameters, as the router registers them.
    enum Template {
        static let home = "/"
        static let countries = "/countries"
        static let institutions = "/institutions"
        static let institution = "/institutions/{id}"
        static let newInstitution = "/institutions/new"
        static let editInstitution = "/institutions/{id}/edit"
        static let deleteInstitution = "/institutions/{id}/delete"
        static let restoreInstitution = "/institutions/{id}/restore"
        static let institutionRoles = "/institutions/{id}/roles"
        static let people = "/people"
        static let person = "/people/{id}"
        static let newPerson = "/people/new"
        static let editPerson = "/people/{id}/edit"
        static let deletePerson = "/people/{id}/delete"
        static let restorePerson = "/people/{id}/restore"
        static let networks = "/networks"
        static let network = "/networks/{id}"
        static let newNetwork = "/networks/new"
        static let editNetwork = "/networks/{id}/edit"
        static let deleteNetwork = "/networks/{id}/delete"
        static let restoreNetwork = "/networks/{id}/restore"
        static let networkMembers = "/networks/{id}/members"
        static let removeMember = "/networks/{id}/members/{member}/remove"
        static let datasets = "/datasets"
        static let importDataset = "/datasets/import"
        static let confirmImport = "/datasets/import/confirm"
        static let ranks = "/ranks"
        static let compareDatasets = "/datasets/compare"
        static let compareXLSX = "/datasets/compare.xlsx"
        static let indicatorsXLSX = "/datasets/{id}/indicators.xlsx"
        static let dataset = "/datasets/{id}"
        static let deleteDataset = "/datasets/{id}/delete"
        static let datasetCSV = "/datasets/{id}/table.csv"
        static let datasetXLSX = "/datasets/{id}/table.xlsx"
        static let login = "/login"
        static let logout = "/logout"
        static let language = "/language/{code}"
        static let stylesheet = "/static/style.css"
        static let health = "/healthz"
        static let metrics = "/metrics"
    }

    var path: String {
        switch self {
        case .home: Template.home
        case .countries: Template.countries
        case .institutions: Template.institutions
        case .institution(let id): "/institutions/\(id)"
        case .newInstitution: Template.newInstitution
        case .editInstitution(let id): "/institutions/\(id)/edit"
        case .deleteInstitution(let id): "/institutions/\(id)/delete"
        case .restoreInstitution(let id): "/institutions/\(id)/restore"
        case .institutionRoles(let id): "/institutions/\(id)/roles"
        case .people: Template.people
        case .person(let id): "/people/\(id)"
        case .newPerson: Template.newPerson
        case .editPerson(let id): "/people/\(id)/edit"
        case .deletePerson(let id): "/people/\(id)/delete"
        case .restorePerson(let id): "/people/\(id)/restore"
        case .networks: Template.networks
        case .network(let id): "/networks/\(id)"
        case .newNetwork: Template.newNetwork
        case .editNetwork(let id): "/networks/\(id)/edit"
        case .deleteNetwork(let id): "/networks/\(id)/delete"
        case .restoreNetwork(let id): "/networks/\(id)/restore"
        case .networkMembers(let id): "/networks/\(id)/members"
        case .removeMember(let network, let member): "/networks/\(network)/members/\(member)/remove"
        case .datasets: Template.datasets
        case .importDataset: Template.importDataset
        case .confirmImport: Template.confirmImport
        case .ranks: Template.ranks
        case .compareDatasets: Template.compareDatasets
        case .compareXLSX: Template.compareXLSX
        case .indicatorsXLSX(let id): "/datasets/\(id)/indicators.xlsx"
        case .dataset(let id): "/datasets/\(id)"
        case .deleteDataset(let id): "/datasets/\(id)/delete"
        case .datasetCSV(let id): "/datasets/\(id)/table.csv"
        case .datasetXLSX(let id): "/datasets/\(id)/table.xlsx"
        case .login(let next):
            next.map { "\(Template.login)?next=\(Self.encode($0))" } ?? Template.login
        case .logout: Template.logout
        case .language(let language, let next): "/language/\(language.rawValue)?next=\(Self.encode(next))"
        case .stylesheet: Template.stylesheet
        case .health: Template.health
        case .metrics: Template.metrics
        }
    }

    /// `path` with query parameters, leaving out empty values.
    func with(query: [(String, String)]) -> String {
        let parts = query.filter { !$0.1.isEmpty }.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Accepts a redirect target only when it is a path on this site (no open redirects).
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.contains(where: { $0.isNewline })
        else { return Template.home }
        return text
    }
}
