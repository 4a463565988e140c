import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// The personnel data's routes of the JSON API: datasets, their tables and indicators, the
/// comparison of countries, and the rank table.
enum DataRoute: APISlice {
    case listDatasets, createDataset, getDataset, deleteDataset, datasetTable, datasetSDMX, dataStructure, datasetIndicators, comparison, natoReport, listRanks

    var method: HTTPRequest.Method {
        switch self {
        case .createDataset: .post
        case .deleteDataset: .delete
        case .listDatasets, .getDataset, .datasetTable, .datasetSDMX, .dataStructure, .datasetIndicators, .comparison, .natoReport, .listRanks: .get
        }
    }

    var path: String {
        switch self {
        case .listDatasets, .createDataset: "/api/v1/datasets"
        case .getDataset, .deleteDataset: "/api/v1/datasets/{id}"
        case .datasetTable: "/api/v1/datasets/{id}/table"
        case .datasetSDMX: "/api/v1/datasets/{id}/table.sdmx.csv"
        case .dataStructure: "/api/v1/sdmx/datastructure/WPS/DSD_WPS_PERSONNEL/1.0"
        case .datasetIndicators: "/api/v1/datasets/{id}/indicators"
        case .comparison: "/api/v1/comparison"
        case .natoReport: "/api/v1/reports/nato"
        case .listRanks: "/api/v1/ranks"
        }
    }

    var operation: APIOperation {
        typealias S = OpenAPIDocument
        switch self {
        case .listDatasets:
            return APIOperation(
                summary: "Personnel datasets the caller may see", tag: "datasets", query: S.pageParameters, success: ("200", "DatasetList"),
                validates: true)
        case .createDataset:
            return APIOperation(
                summary: "Send an aggregate table of counts (analysts, editors and admins of the institution)", tag: "datasets",
                body: "AggregateInput", success: ("201", "Dataset"), validates: true)
        case .getDataset: return APIOperation(summary: "One dataset", tag: "datasets", success: ("200", "Dataset"))
        case .deleteDataset:
            return APIOperation(
                summary: "Remove a dataset (analysts, editors and admins of its institution); its series skips it from then on",
                tag: "datasets", success: ("204", nil), validates: true)
        case .datasetTable:
            return APIOperation(
                summary: "Counts by two dimensions; small counts withheld unless the caller is an analyst of the owner", tag: "datasets",
                query: Self.tableQuery, success: ("200", "Table"), validates: true)
        case .datasetSDMX:
            return APIOperation(
                summary: "The same table as SDMX-CSV 2.0 (structure WPS:DSD_WPS_PERSONNEL(1.0)): one row per cell and total; a withheld figure has an empty OBS_VALUE, OBS_STATUS Q and CONF_STATUS A (small count), D (secondary) or C (a total)",
                tag: "datasets", query: Self.tableQuery, success: ("200", nil), validates: true, binaryResponse: ["text/csv"])
        case .dataStructure:
            return APIOperation(
                summary: "The data structure definition the SDMX-CSV refers to, as an SDMX-ML 2.1 structure message (code lists, concepts, dimensions, attributes)",
                tag: "datasets", success: ("200", nil), binaryResponse: ["application/xml"])
        case .datasetIndicators:
            return APIOperation(
                summary: "Share of women overall, in senior and decision-making posts, glass-ceiling index, recruitment and attrition, and the series' trend",
                tag: "datasets", success: ("200", "Indicators"))
        case .comparison:
            return APIOperation(summary: "The latest dataset of each country side by side on NATO codes", tag: "platform", success: ("200", "Comparison"))
        case .natoReport:
            return APIOperation(
                summary: "The personnel tables of the national report to NATO's Committee on Gender Perspectives for a country and year (the latest dataset of that country and year the caller sees): overall, by category, by service, by NATO code, in decision-making posts, recruits and leavers, each by sex and shaped like a dataset's table; published figures unless the caller is an analyst of the owner; 404 when the caller sees no dataset of the country and year",
                tag: "datasets",
                query: [
                    ["name": "country", "in": "query", "required": true, "schema": ["type": "string", "pattern": "^[A-Za-z]{2}$"] as [String: any Sendable]],
                    ["name": "year", "in": "query", "required": false, "description": "the latest with data when absent",
                     "schema": ["type": "integer", "minimum": NATOReportPages.yearRange.lowerBound, "maximum": NATOReportPages.yearRange.upperBound] as [String: any Sendable]],
                    ["name": "institution", "in": "query", "required": false, "schema": S.identifier,
                     "description": "whose dataset the tables come from; when absent, a defence institution's (ministry of defence, armed forces) when the country has one, else the latest of any"],
                ],
                success: ("200", "NATOReport"), validates: true, mayFindNothing: true)
        case .listRanks:
            return APIOperation(
                summary: "The rank table: national ranks and their NATO codes ('country' filters)", tag: "platform",
                query: [["name": "country", "in": "query", "required": false, "schema": ["type": "string"] as [String: any Sendable]]],
                success: ("200", "RankList"))
        }
    }

    /// `rows`, `columns` and `bands` of a dataset's table.
    static var tableQuery: [[String: any Sendable]] {
        typealias S = OpenAPIDocument
        var query: [[String: any Sendable]] = ["rows", "columns"].map { name in
            ["name": name, "in": "query", "required": false, "schema": S.choice(S.dimensionNames) as [String: any Sendable]]
        }
        query.append([
            "name": "bands", "in": "query", "required": false,
            "description": "age bands by their lower bounds, e.g. 18,25,35,45,55: whole ages from 14 to 100, at most 20, in any order",
            "schema": ["type": "string", "pattern": DatasetTable.bandsPattern] as [String: any Sendable],
        ])
        return query
    }

    static var schemas: [String: any Sendable] {
        typealias S = OpenAPIDocument
        let visibility = S.choice(Visibility.allCases.map(\.rawValue))
        func text(_ maximum: Int) -> [String: any Sendable] { ["type": "string", "maxLength": maximum] }
        /// A label in a table of counts: some visible text, at most 300 characters.
        let label: [String: any Sendable] = ["type": "string", "pattern": S.visibleText, "maxLength": 300]
        /// An input that names every field it takes: any other is refused (`unknown_field`).
        func closed(_ schema: [String: any Sendable]) -> [String: any Sendable] { schema.merging(["additionalProperties": false]) { $1 } }
        /// A table of counts as readers may see it (a dataset's, or one of a report's).
        let table: [String: [String: any Sendable]] = [
            "rows": ["type": "array", "items": S.string], "columns": ["type": "array", "items": S.string],
            "cells": ["type": "array", "items": S.object([
                "row": S.string, "column": S.string, "count": S.nullableInteger, "percent_of_row": ["type": ["number", "null"]],
                "suppressed": S.boolean,
            ], required: ["row", "column", "count", "percent_of_row", "suppressed"])],
            "row_totals": ["type": "array", "items": S.nullableInteger], "column_totals": ["type": "array", "items": S.nullableInteger],
            "total": S.nullableInteger,
        ]
        let tableRequired = ["rows", "columns", "cells", "row_totals", "column_totals", "total"]
        let indicators: [String: [String: any Sendable]] = [
            "women": S.nullableInteger, "total": S.nullableInteger, "share_of_women": S.nullableNumber,
            "share_in_senior_posts": S.nullableNumber, "share_in_decision_making": S.nullableNumber,
            "glass_ceiling_index": S.nullableNumber,
        ]
        // What places a count in the table: its group by the published dimensions.
        let groupFields: [String: [String: any Sendable]] = [
            "age_band": label, "nato_code": S.choice(RankMapping.natoCodes + [AnalysisDimension.unknown]),
            "category": S.choice(PersonnelCategory.allCases.map(\.rawValue) + [AnalysisDimension.unknown]), "service": label, "unit": label,
            "position_level": S.choice(["decision_making", "other", "unknown"]),
        ]
        let byPeople = closed(S.object(groupFields.merging(["sex": S.choice(Sex.allCases.map(\.rawValue)), "n": S.count]) { $1 }, required: ["n"]))
        let byGroup = closed(S.object(groupFields.merging([
            "women": S.count.merging(["description": "the group's women"]) { $1 },
            "total": S.count.merging(["description": "the group's people, women included (at least women); the rest are counted as men"]) { $1 },
        ]) { $1 }, required: ["women", "total"]))
        let countItem: [String: any Sendable] = [
            "oneOf": [byPeople, byGroup], "description": "n people of a sex in a group, or a group's women and total as a source publishes them",
        ]
        return [
            "Dataset": S.object([
                "id": S.integer, "institution_id": S.integer, "country": S.string, "reference_date": ["type": "string", "format": "date"],
                "series": S.string, "kind": S.choice(["records", "aggregate"]), "file_name": S.string, "row_count": S.nullableInteger,
                "visibility": visibility, "version": S.integer, "source": S.string, "definition": S.string,
                "reported_total": S.nullableInteger, "gap": S.nullableInteger, "reported_women": S.nullableInteger,
                "women_gap": S.nullableInteger.merging(["description": "the reported number of women minus the women in the counts; null when they agree, and for a reader without exact figures when the published tables withhold the women counted (reported women minus the gap would give them away)"]) { $1 },
            ], required: ["id", "institution_id", "country", "reference_date", "kind", "row_count"]),
            "AggregateInput": closed(S.object([
                "institution_id": S.identifier, "reference_date": ["type": "string", "format": "date"], "series": text(300),
                "source": text(2000), "definition": text(2000), "visibility": visibility,
                "total": S.count.merging(["description": "the total as reported; may differ from the sum of the counts"]) { $1 },
                "women": S.count.merging(["description": "the number of women as reported; may differ from the women in the counts (the difference is the women_gap)"]) { $1 },
                "counts": ["type": "array", "minItems": 1, "maxItems": 100_000, "items": countItem] as [String: any Sendable],
            ], required: ["institution_id", "reference_date", "counts"])),
            "DatasetList": S.list("Dataset"),
            "Rank": S.object([
                "country": S.string, "national_rank": S.string, "nato_code": S.choice(RankMapping.natoCodes),
                "category": S.choice(PersonnelCategory.allCases.map(\.rawValue)), "confidence": S.string,
            ], required: ["country", "national_rank", "nato_code", "category", "confidence"]),
            "RankList": S.list("Rank"),
            "Indicators": S.object(indicators.merging([
                "dataset_id": S.integer, "reference_date": S.string, "year": S.integer, "exact": S.boolean,
                "rates": ["type": "array", "items": S.object([
                    "sex": S.string, "recruitment": S.nullableNumber, "attrition": S.nullableNumber,
                ], required: ["sex", "recruitment", "attrition"])],
                "between_snapshots": ["type": "array", "items": S.object([
                    "from_dataset_id": S.integer, "to_dataset_id": S.integer, "from": S.string, "to": S.string, "people_matched": S.nullableInteger,
                    "rates": ["type": "array", "items": S.object([
                        "sex": S.string, "promotion": S.nullableNumber, "attrition": S.nullableNumber, "recruitment": S.nullableNumber,
                    ])],
                ])],
                "series": ["type": "array", "items": S.object(indicators.merging([
                    "dataset_id": S.integer, "reference_date": S.string,
                ]) { $1 }, required: ["dataset_id", "reference_date", "share_of_women"])],
            ]) { $1 }, required: ["dataset_id", "reference_date", "exact", "share_of_women", "glass_ceiling_index", "rates", "series"]),
            "Comparison": S.object([
                "codes": ["type": "array", "items": S.string],
                "countries": ["type": "array", "items": S.object(indicators.merging([
                    "country": S.string, "dataset_id": S.integer, "reference_date": S.string,
                    "share_of_women_by_code": ["type": "object", "additionalProperties": S.nullableNumber],
                ]) { $1 }, required: ["country", "dataset_id", "reference_date", "share_of_women_by_code"])],
            ], required: ["codes", "countries"]),
            "NATOReport": S.object([
                "country": S.string, "year": S.integer, "dataset_id": S.integer, "reference_date": ["type": "string", "format": "date"],
                "exact": S.boolean, "threshold": S.integer,
                "tables": ["type": "array", "items": S.object([
                    "name": S.choice(["overall", "by_category", "by_service", "by_nato_code", "decision_making", "deployed_abroad", "recruits_and_leavers"]),
                    "row_dimension": S.string,
                ].merging(table) { $1 }, required: ["name", "row_dimension"] + tableRequired)],
                "sources": ["type": "array", "items": S.ref("Dataset"),
                            "description": "every dataset of the country and year the caller sees, latest first, with its definition and gaps"],
            ], required: ["country", "year", "dataset_id", "reference_date", "exact", "threshold", "tables", "sources"]),
            "Table": S.object(table.merging(["threshold": S.integer, "exact": S.boolean]) { $1 }, required: tableRequired),
        ]
    }
}
