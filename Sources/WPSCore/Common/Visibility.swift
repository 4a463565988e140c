/// Who may see a piece of content (DESIGN §3).
public enum Visibility: String, Codable, Sendable, CaseIterable {
    /// Anyone, signed in or not.
    case `public`
    /// Any signed-in user of the platform.
    case platform
    /// Only users who hold a role in the owning institution (and platform admins).
    case institution
}
