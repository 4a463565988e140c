import ArgumentParser
@main struct Wps: AsyncParsableCommand { func run() async throws {} }
