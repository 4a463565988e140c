import Foundation
import Hummingbird
import WPSCore
import WPSFormats

/// Consultations on a plan's page: each with its proposals by group, their endorsements and
/// answers; the forms that propose and endorse while it is open; and the export of everything
/// as CSV and .xlsx.
enum ConsultationPages {
    static func register(on router: Router<WPSRequestContext>, services: AppServices) {
        router.get(RouterPath(SiteRoute.Template.consultationCSV)) { request, context in
            try await export(request, context, services, xlsx: false)
        }
        router.get(RouterPath(SiteRoute.Template.consultationXLSX)) { request, context in
            try await export(request, context, services, xlsx: true)
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.post(RouterPath(SiteRoute.Template.consultationProposals)) { request, context in
            let id = try pathID(context)
            // The form's fields carry the consultation's prefix (two consultations' forms on one page)
            let prefix = "c\(id)-"
            let form = FormData(pairs: ["institution_id", "node_id", "section", "text"].map { ($0, context.form[prefix + $0]) })
            var errors: [FieldError] = []
            let institution = DirectoryViews.number(form, "institution_id", errors: &errors)
            let node = DirectoryViews.number(form, "node_id", errors: &errors)
            guard let consultation = try await services.consultations.consultation(id: id, viewer: context.viewer) else { throw APIProblem.notFound }
            if institution == nil, errors.isEmpty { errors.append(FieldError(field: "institution_id", code: "required")) }
            if errors.isEmpty, let institution {
                do {
                    _ = try await services.consultations.propose(
                        consultationId: id, ProposalFields(institutionId: institution, nodeId: node, section: form["section"], text: form["text"]),
                        today: ConsultationRoute.today, viewer: context.viewer, by: context.actor)
                    return Response.redirect(to: SiteRoute.plan(consultation.planId).path + "#consultation-\(id)", type: .normal)
                } catch StoreError.invalid(let found) {
                    errors = found
                }
            }
            let values = Dictionary(uniqueKeysWithValues: ["institution_id", "node_id", "section", "text"].map { ($0, form[$0]) })
            return try await PlanPages.show(request, context.base, services, proposalForm: (id, values, errors), planId: consultation.planId)
                .response(from: request, context: context)
        }
        signedIn.post(RouterPath(SiteRoute.Template.answerProposal)) { request, context in
            let id = try pathID(context)
            let form = context.form
            guard let proposal = try await services.consultations.proposal(id: id, viewer: context.viewer),
                let consultation = try await services.consultations.consultation(id: proposal.consultationId, viewer: context.viewer)
            else { throw APIProblem.notFound }
            let back = SiteRoute.plan(consultation.planId).path
            var code: String?
            if let status = ProposalStatus(rawValue: form["status"]) {
                do {
                    _ = try await services.consultations.answer(
                        proposalId: id, version: Int(form["version"]) ?? 0,
                        ProposalAnswer(status: status, reason: form["reason"], group: form["group"]), viewer: context.viewer, by: context.actor)
                } catch StoreError.invalid(let errors) {
                    let first = errors.first
                    code = first?.field == "reason" && first?.code == "required" ? "reason_required" : first?.code ?? "invalid_value"
                } catch StoreError.versionConflict {
                    code = "version_conflict"
                }
            } else {
                code = "invalid_value"
            }
            guard let code else { return Response.redirect(to: back + "#proposal-\(id)", type: .normal) }
            return Response.redirect(to: back + "?proposal=\(id)&answer_error=\(code)#proposal-\(id)", type: .normal)
        }
        signedIn.post(RouterPath(SiteRoute.Template.endorseProposal)) { request, context in
            let id = try pathID(context)
            var errors: [FieldError] = []
            guard let institution = DirectoryViews.number(context.form, "institution_id", errors: &errors) else {
                throw StoreError.invalid(errors.isEmpty ? [FieldError(field: "institution_id", code: "required")] : errors)
            }
            let proposal = try await services.consultations.endorse(
                proposalId: id, institutionId: institution, today: ConsultationRoute.today, viewer: context.viewer, by: context.actor)
            let consultation = try await services.consultations.consultation(id: proposal.consultationId, viewer: context.viewer)
            return Response.redirect(to: SiteRoute.plan(consultation?.planId ?? 0).path + "#proposal-\(id)", type: .normal)
        }
    }

    /// Every proposal of a consultation with its endorsements and answer, one row each.
    static func export(_ request: Request, _ context: WPSRequestContext, _ services: AppServices, xlsx: Bool) async throws -> Response {
        let id = try pathID(context)
        let t = context.catalog
        guard let consultation = try await services.consultations.consultation(id: id, viewer: context.viewer),
            let proposals = try await services.consultations.proposals(consultationId: id, viewer: context.viewer),
            let tree = try await services.plans.tree(planId: consultation.planId, viewer: context.viewer)
        else { throw APIProblem.notFound }
        let codes = Dictionary(tree.nodes.map { ($0.node.id, "\($0.node.fields.code) \($0.node.fields.title)") }) { first, _ in first }
        let ids = proposals.flatMap { [$0.fields.institutionId] + $0.endorsements.map(\.institutionId) }
        let names = try await services.directory.institutionNames(ids: Array(Set(ids)), viewer: context.viewer)
        var rows: [[XLSXCell]] = [[
            .text(t("consultation.number")), .text(t("consultation.group")), .text(t("consultation.node_or_section")), .text(t("consultation.proposal")),
            .text(t("consultation.proposed_by")), .text(t("consultation.endorsed_by")), .text(t("consultation.endorsements")), .text(t("field.status")),
            .text(t("consultation.reason")), .text(t("consultation.proposed_at")),
        ]]
        for proposal in proposals {
            rows.append([
                .number(Double(proposal.id)), .text(proposal.answer.group),
                .text(proposal.fields.nodeId.flatMap { codes[$0] } ?? proposal.fields.section), .text(proposal.fields.text),
                .text(names[proposal.fields.institutionId] ?? "—"),
                .text(proposal.endorsements.map { names[$0.institutionId] ?? "—" }.joined(separator: "; ")),
                .number(Double(proposal.endorsements.count)), .text(t("proposal_status.\(proposal.answer.status.rawValue)")),
                .text(proposal.answer.reason), .text(String(proposal.createdAt.prefix(10))),
            ])
        }
        let name = "consultation-\(id)-proposals"
        if xlsx {
            return try await AnalysisExports.workbook([XLSXSheetContent(name: t("consultation.proposals"), rows: rows)], name: name)
        }
        return AnalysisExports.attachment(TableExport.csv(rows), name: "\(name).csv", contentType: "text/csv; charset=utf-8")
    }

    /// The consultations section of a plan's page.
    static func section(
        _ consultations: [(Consultation, [Proposal])], tree: PlanTree, names: [Int: String], editable: [(value: String, label: String)],
        answers: Bool, form: (consultation: Int, values: [String: String], errors: [FieldError])?, addForm: Node? = nil, env: PageEnvironment
    ) -> Node {
        let t = env.catalog
        guard !consultations.isEmpty || addForm != nil else { return .empty }
        let today = ConsultationRoute.today
        let codes = Dictionary(tree.nodes.map { ($0.node.id, "\($0.node.fields.code) \($0.node.fields.title)") }) { first, _ in first }
        let nodeOptions = [("", t("consultation.no_node"))] + tree.nodes.map { (String($0.node.id), "\($0.node.fields.code) \($0.node.fields.title)") }
        return .section(
            .class("consultations"), .id("consultations"),
            .h2(.text(t("consultation.title"))),
            .forEach(consultations) { consultation, proposals in
                let f = consultation.fields
                let open = f.isOpen(on: today)
                let values = form?.consultation == consultation.id ? form?.values ?? [:] : [:]
                let errors = form?.consultation == consultation.id ? form?.errors ?? [] : []
                let prefix = "c\(consultation.id)-"
                return .div(
                    .class("consultation"), .id("consultation-\(consultation.id)"),
                    .h3(.text(f.title)),
                    .p(.strong(.text(t(open ? "consultation.open" : "consultation.closed"))), .text(" \(f.opensOn) – \(f.closesOn)")),
                    .if(!f.description.isEmpty, .p(.text(f.description))),
                    .p(.class("actions"),
                       .a(.href(SiteRoute.consultationCSV(consultation.id).path), .text(t("download.csv"))), .text(" "),
                       .a(.href(SiteRoute.consultationXLSX(consultation.id).path), .text(t("download.xlsx")))),
                    proposals.isEmpty ? .p(.class("muted"), .text(t("consultation.no_proposals"))) : .div(.class("scroll"), .table(
                        .thead(.tr(
                            .th(.text(t("consultation.group"))), .th(.text(t("consultation.node_or_section"))), .th(.text(t("consultation.proposal"))),
                            .th(.text(t("consultation.proposed_by"))), .th(.text(t("consultation.endorsed_by"))), .th(.text(t("field.status"))),
                            .th(.text(t("consultation.reason"))))),
                        .tbody(.forEach(proposals) { proposal in
                            // The viewer's organisations that may still endorse it: not the proposer, not one that has
                            let others = editable.filter { option in
                                option.value != String(proposal.fields.institutionId)
                                    && !proposal.endorsements.contains { String($0.institutionId) == option.value }
                            }
                            return .tr(
                                .id("proposal-\(proposal.id)"),
                                .td(.text(proposal.answer.group)),
                                .td(.text(proposal.fields.nodeId.flatMap { codes[$0] } ?? proposal.fields.section)),
                                .td(.text(proposal.fields.text)),
                                .td(.text(names[proposal.fields.institutionId] ?? "—")),
                                .td(
                                    .text(proposal.endorsements.isEmpty ? "—" : proposal.endorsements.map { names[$0.institutionId] ?? "—" }.joined(separator: "; ")),
                                    .if(open && !others.isEmpty, .form(
                                        .action(SiteRoute.endorseProposal(proposal.id).path), .method(.post), .class("endorse"),
                                        Forms.csrf(env),
                                        .div(
                                            .class("field"),
                                            .label(.for("endorse-\(proposal.id)"), .text(t("consultation.endorse_as"))),
                                            .select(
                                                .attribute(named: "name", value: "institution_id"), .id("endorse-\(proposal.id)"),
                                                .forEach(others) { Forms.option($0.value, $0.label, selected: false) })),
                                        .button(.type(.submit), .class("secondary"), .text(t("consultation.endorse")))))),
                                .td(.text(t("proposal_status.\(proposal.answer.status.rawValue)"))),
                                .td(.text(proposal.answer.reason), .if(answers, answerForm(proposal, env: env))))
                        }))),
                    .if(open && !editable.isEmpty, .form(
                        .action(SiteRoute.consultationProposals(consultation.id).path), .method(.post), .class("propose"),
                        .attribute(named: "novalidate", value: "novalidate"),
                        .h4(.text(t("consultation.propose"))),
                        Forms.csrf(env),
                        Forms.select(prefix + "institution_id", label: t("consultation.proposed_by"), options: editable,
                                     selected: values["institution_id"] ?? "", errors: renamed(errors, prefix), env: env),
                        Forms.select(prefix + "node_id", label: t("consultation.node"), options: nodeOptions, selected: values["node_id"] ?? "",
                                     errors: renamed(errors, prefix), env: env),
                        Forms.text(prefix + "section", label: t("consultation.section"), value: values["section"] ?? "", errors: renamed(errors, prefix), env: env,
                                   hint: t("consultation.section_hint")),
                        Forms.textarea(prefix + "text", label: t("consultation.proposal"), value: values["text"] ?? "", errors: renamed(errors, prefix), env: env),
                        .button(.type(.submit), .class("primary"), .text(t("consultation.send")))))
                )
            },
            .unwrap(addForm) { $0 })
    }

    /// The drafting group's answer to a proposal: its status, the reason, and the group it joins.
    /// A refused answer comes back to the page with the reason beside this form.
    static func answerForm(_ proposal: Proposal, env: PageEnvironment) -> Node {
        let t = env.catalog
        let failed = env.query["proposal"] == String(proposal.id) ? env.query["answer_error"] : nil
        let known = ["reason_required", "too_long", "version_conflict", "invalid_value"]
        let error = failed.map { known.contains($0) ? $0 : "invalid_value" }
        let a = proposal.answer
        func id(_ name: String) -> String { "p\(proposal.id)-\(name)" }
        return .element(named: "details", nodes: [
            .attribute(named: "open", value: error == nil ? nil : "open"),
            .element(named: "summary", nodes: [.text(t("consultation.answer"))]),
            .unwrap(error) { .p(.class("field-error"), .attribute(named: "role", value: "alert"), .text(t("consultation.answer_error.\($0)"))) },
            .form(
                .method(.post), .action(SiteRoute.answerProposal(proposal.id).path),
                Forms.csrf(env), Forms.hidden("version", String(proposal.version)),
                .div(.class("field"),
                     .label(.for(id("status")), .text(t("field.status"))),
                     .select(.attribute(named: "name", value: "status"), .id(id("status")),
                             .forEach(ProposalStatus.allCases) { Forms.option($0.rawValue, t("proposal_status.\($0.rawValue)"), selected: a.status == $0) })),
                .div(.class("field"),
                     .label(.for(id("reason")), .text(t("consultation.reason"))),
                     .p(.class("muted"), .id(id("reason-hint")), .text(t("consultation.reason_hint"))),
                     .textarea(.name("reason"), .id(id("reason")), .attribute(named: "aria-describedby", value: id("reason-hint")), .text(a.reason))),
                .div(.class("field"),
                     .label(.for(id("group")), .text(t("consultation.group"))),
                     .input(.type(.text), .name("group"), .id(id("group")), .value(a.group))),
                .button(.type(.submit), .class("secondary"), .text(t("action.save")))),
        ])
    }

    /// The form's fields carry the consultation's prefix so that two forms on a page never share an id.
    static func renamed(_ errors: [FieldError], _ prefix: String) -> [FieldError] {
        errors.map { FieldError(field: prefix + $0.field, code: $0.code, value: $0.value) }
    }
}
