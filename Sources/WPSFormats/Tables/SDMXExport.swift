import Foundation
import WPSCore

/// A published table as SDMX-CSV 2.0 for statistical offices: one row per observation (every cell,
/// every row and column total and the grand total), every dimension of the data structure
/// `WPS:DSD_WPS_PERSONNEL(1.0)` in its own column (`_T` for a dimension the table does not break
/// down by), the count in `OBS_VALUE`. A figure withheld by disclosure control has an empty
/// `OBS_VALUE`, `OBS_STATUS` `Q` (missing: suppressed) and `CONF_STATUS` `A` (primary
/// confidentiality: a small count) or `D` (secondary) for a cell, `C` (confidential) for a total;
/// shown figures are `A` (normal) and `F` (free). The structure itself is ``structure(countries:)`` (SDMX-ML 2.1).
public enum SDMXExport {
    public static let agency = "WPS"
    public static let structureId = "DSD_WPS_PERSONNEL"
    public static let version = "1.0"
    /// How SDMX-CSV names the structure: `WPS:DSD_WPS_PERSONNEL(1.0)`.
    public static var structureReference: String { "\(agency):\(structureId)(\(version))" }
    public static let total = "_T"
    public static let unknown = "_U"

    /// The data structure's dimensions after `REF_AREA` and `TIME_PERIOD`, in order, with the
    /// table dimension each stands for.
    public static let dimensions: [(id: String, table: String)] = [
        ("RANK", "nato_code"), ("CATEGORY", "category"), ("AGE", "age_band"), ("SEX", "sex"), ("SERVICE", "service"), ("UNIT", "unit"),
        ("POSITION_LEVEL", "position_level"),
    ]

    /// The coded dimensions' codes, each code with its English name.
    public static let codes: [String: [(code: String, name: String)]] = [
        "SEX": [("F", "Female"), ("M", "Male"), ("_O", "Other"), ("_U", "Not recorded"), ("_T", "Total")],
        "CATEGORY": [("OFF", "Officers"), ("NCO", "Non-commissioned officers"), ("OR", "Other ranks"), ("CAD", "Cadets"), ("CIV", "Civilians"),
                     ("_U", "Unknown"), ("_T", "Total")],
        "RANK": RankMapping.natoCodes.map { (rankCode($0), "NATO STANAG 2116 \($0)") } + [("_U", "Unknown"), ("_T", "Total")],
        "POSITION_LEVEL": [("DM", "Decision-making posts"), ("OTH", "Other posts"), ("_U", "Unknown"), ("_T", "Total")],
    ]

    /// A NATO code as an SDMX code (identifiers take letters, digits, `_`, `@`, `$` and `-`):
    /// `OF(D)` becomes `OF_D`.
    static func rankCode(_ code: String) -> String {
        code.replacingOccurrences(of: "(", with: "_").replacingOccurrences(of: ")", with: "")
    }

    /// A table label as the code of its dimension.
    public static func code(_ value: String, dimension: String) -> String {
        if value == AnalysisDimension.unknown { return unknown }
        switch dimension {
        case "sex":
            switch Sex(rawValue: value) {
            case .female: return "F"
            case .male: return "M"
            case .other: return "_O"
            case .notRecorded, nil: return unknown
            }
        case "category":
            let map: [PersonnelCategory: String] = [.officer: "OFF", .nco: "NCO", .soldier: "OR", .cadet: "CAD", .civilian: "CIV"]
            return PersonnelCategory(rawValue: value).flatMap { map[$0] } ?? unknown
        case "nato_code": return rankCode(value)
        case "position_level": return value == "decision_making" ? "DM" : value == "other" ? "OTH" : unknown
        case "age_band":
            // 18–24 → Y18T24, 55+ → Y_GE55, as in SDMX's age code lists.
            if value.hasSuffix("+") { return "Y_GE" + value.dropLast() }
            let bounds = value.split(separator: "–")
            return bounds.count == 2 ? "Y\(bounds[0])T\(bounds[1])" : value
        default: return value
        }
    }

    /// The observations as rows of cells, with the header first.
    /// - Parameters:
    ///   - rows: the table dimension of the table's rows (`nato_code`, `sex`, …); `columns` likewise.
    ///   - area: the ISO 3166 code of the country; `period`: the reference date (`2024-12-31`).
    public static func observations(_ table: ProtectedTable, rows: String, columns: String, area: String, period: String) -> [[XLSXCell]] {
        let header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "TIME_PERIOD"] + dimensions.map(\.id)
            + ["OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "UNIT_MEASURE"]
        var lines: [[XLSXCell]] = [header.map { .text($0) }]
        /// `reason`: why a withheld cell is withheld; nil for a total, whose status says only
        /// that it is confidential (`C`), as the page writes every withheld total "x" whatever
        /// its size.
        func add(row: String?, column: String?, value: Int?, reason: Suppression?) {
            var line: [XLSXCell] = [.text("datastructure"), .text(structureReference), .text("I"), .text(area), .text(period)]
            for dimension in dimensions {
                if dimension.table == rows, let row { line.append(.text(code(row, dimension: rows))) }
                else if dimension.table == columns, let column { line.append(.text(code(column, dimension: columns))) }
                else { line.append(.text(total)) }
            }
            if let value {
                line += [.number(Double(value)), .text("A"), .text("F")]
            } else {
                // Withheld: never the number; why, in SDMX's confidentiality codes.
                line += [.empty, .text("Q"), .text(reason.map { $0 == .primary ? "A" : "D" } ?? "C")]
            }
            line.append(.text("PS"))
            lines.append(line)
        }
        for (r, row) in table.rows.enumerated() {
            for (c, column) in table.columns.enumerated() {
                add(row: row, column: column, value: table.cells[r][c], reason: table.cellReasons[r][c])
            }
            add(row: row, column: nil, value: table.rowTotals[r], reason: nil)
        }
        for (c, column) in table.columns.enumerated() {
            add(row: nil, column: column, value: table.columnTotals[c], reason: nil)
        }
        add(row: nil, column: nil, value: table.total, reason: nil)
        return lines
    }

    /// SDMX-CSV 2.0 bytes: UTF-8 without a byte-order mark, `,`-separated, CRLF.
    public static func csv(_ table: ProtectedTable, rows: String, columns: String, area: String, period: String) -> Data {
        TableExport.csv(observations(table, rows: rows, columns: columns, area: area, period: period), byteOrderMark: false)
    }

    /// The data structure definition as an SDMX-ML 2.1 structure message: the code lists, the
    /// concepts and `DSD_WPS_PERSONNEL` with its dimensions, time dimension, attributes and
    /// measure. `countries` are the platform's (ISO code and English name) for `CL_AREA`.
    public static func structure(countries: [(code: String, name: String)], prepared: String) -> Data {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func codelist(_ id: String, _ name: String, _ codes: [(code: String, name: String)]) -> String {
            """
                  <str:Codelist id="\(id)" agencyID="\(agency)" version="\(version)">
                    <com:Name xml:lang="en">\(escaped(name))</com:Name>
            \(codes.map { "        <str:Code id=\"\(escaped($0.code))\"><com:Name xml:lang=\"en\">\(escaped($0.name))</com:Name></str:Code>" }.joined(separator: "\n"))
                  </str:Codelist>
            """
        }
        let concepts: [(id: String, name: String)] = [
            ("REF_AREA", "Reference area"), ("TIME_PERIOD", "Reference date"), ("RANK", "NATO rank code"), ("CATEGORY", "Personnel category"),
            ("AGE", "Age band"), ("SEX", "Sex"), ("SERVICE", "Service"), ("UNIT", "Unit"), ("POSITION_LEVEL", "Position level"),
            ("OBS_VALUE", "Number of people"), ("OBS_STATUS", "Observation status"), ("CONF_STATUS", "Confidentiality status"),
            ("UNIT_MEASURE", "Unit of measure"),
        ]
        let coded: [String: String] = ["REF_AREA": "CL_AREA", "SEX": "CL_SEX", "CATEGORY": "CL_CATEGORY", "RANK": "CL_RANK",
                                       "POSITION_LEVEL": "CL_POSITION_LEVEL"]
        func conceptRef(_ id: String) -> String {
            "<str:ConceptIdentity><Ref agencyID=\"\(agency)\" maintainableParentID=\"CS_WPS\" maintainableParentVersion=\"\(version)\" id=\"\(id)\"/></str:ConceptIdentity>"
        }
        func representation(_ id: String) -> String {
            if let list = coded[id] {
                return "<str:LocalRepresentation><str:Enumeration><Ref agencyID=\"\(agency)\" id=\"\(list)\" version=\"\(version)\"/></str:Enumeration></str:LocalRepresentation>"
            }
            return "<str:LocalRepresentation><str:TextFormat textType=\"String\"/></str:LocalRepresentation>"
        }
        let dimensionIds = ["REF_AREA"] + dimensions.map(\.id)
        let dimensionXML = dimensionIds.enumerated().map { index, id in
            "          <str:Dimension id=\"\(id)\" position=\"\(index + 1)\">\(conceptRef(id))\(representation(id))</str:Dimension>"
        }.joined(separator: "\n")
        let attributes: [(id: String, list: String)] = [("OBS_STATUS", "CL_OBS_STATUS"), ("CONF_STATUS", "CL_CONF_STATUS"), ("UNIT_MEASURE", "CL_UNIT_MEASURE")]
        let attributeXML = attributes.map { attribute in
            "          <str:Attribute id=\"\(attribute.id)\" assignmentStatus=\"Mandatory\">\(conceptRef(attribute.id))"
                + "<str:LocalRepresentation><str:Enumeration><Ref agencyID=\"\(agency)\" id=\"\(attribute.list)\" version=\"\(version)\"/></str:Enumeration></str:LocalRepresentation>"
                + "<str:AttributeRelationship><str:PrimaryMeasure>OBS_VALUE</str:PrimaryMeasure></str:AttributeRelationship></str:Attribute>"
        }.joined(separator: "\n")
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <mes:Structure xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:str="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common" xmlns="">
              <mes:Header>
                <mes:ID>\(structureId)</mes:ID>
                <mes:Test>false</mes:Test>
                <mes:Prepared>\(escaped(prepared))</mes:Prepared>
                <mes:Sender id="\(agency)"/>
              </mes:Header>
              <mes:Structures>
                <str:Codelists>
            \(codelist("CL_AREA", "Countries and territories (ISO 3166-1 alpha-2)", countries))
            \(codelist("CL_SEX", "Sex", codes["SEX"] ?? []))
            \(codelist("CL_CATEGORY", "Personnel category", codes["CATEGORY"] ?? []))
            \(codelist("CL_RANK", "NATO rank codes (STANAG 2116)", codes["RANK"] ?? []))
            \(codelist("CL_POSITION_LEVEL", "Position level", codes["POSITION_LEVEL"] ?? []))
            \(codelist("CL_OBS_STATUS", "Observation status (SDMX)", [("A", "Normal value"), ("Q", "Missing value; suppressed")]))
            \(codelist("CL_CONF_STATUS", "Confidentiality status (SDMX)", [("F", "Free"), ("A", "Primary confidentiality due to small counts"), ("C", "Confidential statistical information"), ("D", "Secondary confidentiality set by the sender, not for publication")]))
            \(codelist("CL_UNIT_MEASURE", "Unit of measure", [("PS", "Persons")]))
                </str:Codelists>
                <str:Concepts>
                  <str:ConceptScheme id="CS_WPS" agencyID="\(agency)" version="\(version)">
                    <com:Name xml:lang="en">Concepts of WPS Platform's personnel statistics</com:Name>
            \(concepts.map { "        <str:Concept id=\"\($0.id)\"><com:Name xml:lang=\"en\">\($0.name)</com:Name></str:Concept>" }.joined(separator: "\n"))
                  </str:ConceptScheme>
                </str:Concepts>
                <str:DataStructures>
                  <str:DataStructure id="\(structureId)" agencyID="\(agency)" version="\(version)">
                    <com:Name xml:lang="en">Personnel by sex and rank, category, age, service, unit and position level</com:Name>
                    <str:DataStructureComponents>
                      <str:DimensionList id="DimensionDescriptor">
            \(dimensionXML)
                        <str:TimeDimension id="TIME_PERIOD" position="\(dimensionIds.count + 1)">\(conceptRef("TIME_PERIOD"))<str:LocalRepresentation><str:TextFormat textType="ObservationalTimePeriod"/></str:LocalRepresentation></str:TimeDimension>
                      </str:DimensionList>
                      <str:AttributeList id="AttributeDescriptor">
            \(attributeXML)
                      </str:AttributeList>
                      <str:MeasureList id="MeasureDescriptor">
                        <str:PrimaryMeasure id="OBS_VALUE">\(conceptRef("OBS_VALUE"))<str:LocalRepresentation><str:TextFormat textType="Integer"/></str:LocalRepresentation></str:PrimaryMeasure>
                      </str:MeasureList>
                    </str:DataStructureComponents>
                  </str:DataStructure>
                </str:DataStructures>
              </mes:Structures>
            </mes:Structure>

            """
        return Data(xml.utf8)
    }
}
