import Foundation
import WPSCore
import WPSFormats

/// Coverage-guided fuzzing of what reads untrusted bytes: the CSV reader, the .xlsx reader, the
/// multipart form parser and the API's JSON input. Built with libFuzzer by
/// `scripts/checks/fuzz.py` (`swift build --product wps-fuzz -Xswiftc -sanitize=fuzzer,address
/// -Xswiftc -DFUZZING`), one target per run chosen by `WPS_FUZZ_TARGET`. Without `FUZZING` the
/// same binary replays files (`wps-fuzz csv FILE…`), so a crash found once stays a test case.
/// Any answer is fine, refusals included; a crash, a hang or a leak is not.
enum FuzzTarget: String, CaseIterable {
    case csv, xlsx, multipart, json

    func run(_ bytes: [UInt8]) {
        switch self {
        case .csv:
            guard let reader = try? CSVReader(bytes: bytes, name: "fuzz.csv") else { return }
            var rows = 0
            while rows < 100_000, (try? reader.next()).flatMap({ $0 }) != nil { rows += 1 }
        case .xlsx:
            let path = FuzzTarget.scratch + "/fuzz-\(getpid()).xlsx"
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let workbook = try? XLSXWorkbook(path: path) else { return }
            for name in workbook.sheetNames.prefix(4) { _ = try? workbook.sheet(named: name) }
        case .multipart:
            // The first line is the boundary, as a content type names it; the rest is the body.
            let newline = bytes.firstIndex(of: 10) ?? bytes.count
            let contentType = "multipart/form-data; boundary=" + String(decoding: bytes[..<newline], as: UTF8.self)
            guard let boundary = MultipartForm.boundary(of: contentType) else { return }
            let folder = FuzzTarget.scratch + "/multipart-\(getpid())"
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            _ = MultipartForm.parse(Array(bytes[min(newline + 1, bytes.count)...]), boundary: boundary, folder: folder)
        case .json:
            guard var input = JSONInput(json: Data(bytes)) else { return }
            // Every reading the API does, on every key the input has and on some it does not.
            for key in input.keys + ["name", "version", "since", "positions", "counts", "n"] {
                _ = input.has(key)
                _ = input.string(key)
                _ = input.string(key, nullable: true)
                _ = input.optionalInt(key)
                _ = input.int(key, in: Int.min...Int.max)
                _ = input.choice(key, Visibility.self)
                _ = input.day(key)
                _ = input.strings(key)
                _ = input.objects(key) { nested -> Int? in
                    nested.require("n")
                    return nested.int("n", in: 0...10)
                }
            }
            input.rejectUnknown(["name"])
            _ = input.errors.map(\.field)
        }
    }

    static let scratch = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
}

#if FUZZING
private let target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["WPS_FUZZ_TARGET"] ?? "") ?? .csv

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    target.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver (LLVM 11 and later), started from our own entry point: SwiftPM names an
/// executable's entry `wps_fuzz_main` and points `main` at it, so libFuzzer's `main` is not used.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("wps_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzzOne)
}
#else
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: wps-fuzz csv|xlsx|multipart|json FILE-OR-FOLDER…")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let files = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(count) inputs read by the \(target.rawValue) target without a crash")
    }
}
#endif
