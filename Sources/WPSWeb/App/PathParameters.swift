import Hummingbird

/// The whole-number path parameter `name` (`{id}` by default). Anything else answers 404,
/// exactly like an id that does not exist.
func pathID(_ context: some RequestContext, _ name: String = "id") throws -> Int {
    guard let id = context.parameters.get(name, as: Int.self) else { throw APIProblem.notFound }
    return id
}
