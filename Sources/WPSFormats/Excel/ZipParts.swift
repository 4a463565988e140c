import Foundation
import ZIPFoundation

/// The parts of a zip archive (an .xlsx workbook), read from memory.
///
/// Why not `ZIPFoundation.Archive.extract`: in 0.9.20 on Linux its inflate loop spins forever
/// when a deflated part ends before its end marker (it asks for more input at the end of the
/// file and never updates its state; weichsel/ZIPFoundation#389, open upstream, and the only
/// version in our mirror), and it tells zlib each chunk is a full buffer long even when it is
/// shorter. Our fuzzer found the hang with a workbook one byte off. So the central directory is
/// read here (the format is small and fixed: APPNOTE 4.3.12–4.3.16), and each part is inflated
/// by ZIPFoundation's `Data.decompress` in a single call with exactly its own bytes: a request
/// for more input means the part is damaged, and is refused.
struct ZipParts: Sendable {
    struct Part: Sendable {
        var localHeader: Int
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
    }

    enum Problem: Error, Equatable {
        case notAZip(String)
        case damaged(String)
    }

    private let bytes: [UInt8]
    private let parts: [String: Part]

    init(bytes: [UInt8]) throws(Problem) {
        self.bytes = bytes
        // The end-of-central-directory record: its signature within the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw .notAZip("too short for a zip archive") }
        var end: Int?
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while position >= lowest {
            if Self.u32(bytes, position) == 0x0605_4B50 {
                end = position
                break
            }
            position -= 1
        }
        guard let end else { throw .notAZip("no end of central directory; it may be truncated or another format") }
        let count = Int(Self.u16(bytes, end + 10))
        let directorySize = Int(Self.u32(bytes, end + 12))
        let directoryOffset = Int(Self.u32(bytes, end + 16))
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw .notAZip("the central directory lies outside the file")
        }
        var parts: [String: Part] = [:]
        var cursor = directoryOffset
        for _ in 0..<count {
            guard cursor + 46 <= bytes.count, Self.u32(bytes, cursor) == 0x0201_4B50 else {
                throw .notAZip("a damaged central directory")
            }
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extraLength = Int(Self.u16(bytes, cursor + 30))
            let commentLength = Int(Self.u16(bytes, cursor + 32))
            let nameEnd = cursor + 46 + nameLength
            guard nameEnd <= bytes.count else { throw .notAZip("a damaged central directory") }
            let name = String(decoding: bytes[(cursor + 46)..<nameEnd], as: UTF8.self)
            let part = Part(
                localHeader: Int(Self.u32(bytes, cursor + 42)), method: Self.u16(bytes, cursor + 10),
                crc32: Self.u32(bytes, cursor + 16), compressedSize: Int(Self.u32(bytes, cursor + 20)),
                uncompressedSize: Int(Self.u32(bytes, cursor + 24)))
            // ZIP64 (parts or archives over 4 GiB) is not a workbook anyone uploads.
            guard part.compressedSize != 0xFFFF_FFFF, part.uncompressedSize != 0xFFFF_FFFF, part.localHeader != 0xFFFF_FFFF else {
                throw .notAZip("a ZIP64 archive")
            }
            parts[name] = part
            cursor = nameEnd + extraLength + commentLength
        }
        self.parts = parts
    }

    func contains(_ name: String) -> Bool { parts[name] != nil }

    func uncompressedSize(of name: String) -> Int? { parts[name]?.uncompressedSize }

    /// The part's bytes, checked against its size and checksum.
    func data(_ name: String) throws(Problem) -> Data {
        guard let part = parts[name] else { throw .damaged("the part is missing") }
        let header = part.localHeader
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4B50 else { throw .damaged("its local header is damaged") }
        let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard start <= bytes.count, part.compressedSize <= bytes.count - start else { throw .damaged("it runs past the end of the file") }
        let compressed = Data(bytes[start..<(start + part.compressedSize)])
        var output = Data()
        switch part.method {
        case 0:
            output = compressed
        case 8:
            guard part.compressedSize > 0 else { throw .damaged("an empty compressed stream") }
            let declared = part.uncompressedSize
            do {
                _ = try Data.decompress(
                    size: Int64(part.compressedSize), bufferSize: part.compressedSize, skipCRC32: true,
                    provider: { position, _ in
                        // One call gets the whole stream; a second means it did not end.
                        guard position == 0 else { throw Problem.damaged("the compressed stream ends early") }
                        return compressed
                    },
                    consumer: { chunk in
                        guard output.count + chunk.count <= declared else { throw Problem.damaged("it unpacks to more than its stated size") }
                        output.append(chunk)
                    })
            } catch let problem as Problem {
                throw problem
            } catch {
                throw .damaged("the compressed stream is damaged")
            }
        default:
            throw .damaged("compression method \(part.method) is not one Excel uses")
        }
        guard output.count == part.uncompressedSize else { throw .damaged("it unpacks to a size other than stated") }
        guard output.crc32(checksum: 0) == part.crc32 else { throw .damaged("its checksum does not match") }
        return output
    }

    private static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
