/// Action plans, their trees and indicators; only what the viewer may see. Every change is
/// checked (``StoreError/invalid(_:)`` lists every problem), needs the version that was read
/// (``StoreError/versionConflict(entity:id:expected:current:)`` otherwise), is refused to anyone
/// but editors and admins of the plan's coordinating institution (``StoreError/forbidden``;
/// ``StoreError/notFound(entity:id:)`` when the viewer cannot see the plan) and is audited.
public protocol PlanStore: Sendable {
    /// Plans by `country`, `kind`, `status` and words of their titles, newest period first.
    func plans(_ query: DirectoryQuery, viewer: Viewer) async throws -> Page<Plan>
    func plan(id: Int, viewer: Viewer) async throws -> Plan?
    func createPlan(_ fields: PlanFields, viewer: Viewer, by actor: Actor) async throws -> Plan
    func updatePlan(id: Int, version: Int, fields: PlanFields, viewer: Viewer, by actor: Actor) async throws -> Plan
    func deletePlan(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
    /// The plan with every live node and indicator; nil when the viewer cannot see the plan.
    func tree(planId: Int, viewer: Viewer) async throws -> PlanTree?

    /// A node and the plan it belongs to, when the viewer may see the plan.
    func node(id: Int, viewer: Viewer) async throws -> PlanNode?
    func createNode(planId: Int, _ fields: PlanNodeFields, viewer: Viewer, by actor: Actor) async throws -> PlanNode
    func updateNode(id: Int, version: Int, fields: PlanNodeFields, viewer: Viewer, by actor: Actor) async throws -> PlanNode
    /// Refused (``StoreError/conflict(_:)`` `node_has_children`) while live nodes hang under it.
    func deleteNode(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws

    func indicator(id: Int, viewer: Viewer) async throws -> Indicator?
    func createIndicator(nodeId: Int, _ fields: IndicatorFields, viewer: Viewer, by actor: Actor) async throws -> Indicator
    func updateIndicator(id: Int, version: Int, fields: IndicatorFields, viewer: Viewer, by actor: Actor) async throws -> Indicator
    func deleteIndicator(id: Int, version: Int?, viewer: Viewer, by actor: Actor) async throws
}
