import Testing
import WPSCore

/// Values kept for viewers are keyed by what they may see: viewers who see the same records share
/// a key, and viewers who may see different records never do.
@Suite struct VisibilityScopeTests {
    @Test func viewersWhoSeeTheSameShareAScopeAndOthersDoNot() {
        let anonymous = Viewer(userId: nil)
        let signedIn = Viewer(userId: 1)
        let otherSignedIn = Viewer(userId: 2)
        let member = Viewer(userId: 3, roles: [5: .member, 9: .editor])
        let sameInstitutions = Viewer(userId: 4, roles: [9: .admin, 5: .analyst])
        let oneInstitution = Viewer(userId: 5, roles: [5: .member])
        let admin = Viewer(userId: 6, isPlatformAdmin: true)
        // Roles do not change what is seen, only the institutions do
        #expect(member.visibilityScope == sameInstitutions.visibilityScope)
        #expect(signedIn.visibilityScope == otherSignedIn.visibilityScope)
        let distinct = [anonymous, signedIn, member, oneInstitution, admin].map(\.visibilityScope)
        #expect(Set(distinct).count == distinct.count)
        // Institutions 1 and 23 are not institution 12 and 3
        #expect(Viewer(userId: 7, roles: [1: .member, 23: .member]).visibilityScope != Viewer(userId: 8, roles: [12: .member, 3: .member]).visibilityScope)
    }
}
