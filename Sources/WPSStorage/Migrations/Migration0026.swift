/// 0026: policy gap reviews — versioned questionnaire templates (seeded with one on protection
/// from sexual harassment and gender-based discrimination in the armed forces and police) and
/// institutions' reviews with their answers.
///
/// Landed: never edit it (its checksum is recorded); put a change in a new step.
enum Migration0026 {
    static let migration = Migration(name: "0026_policy_reviews", statements: [
        """
        CREATE TABLE review_templates (
            id $ID,
            code TEXT NOT NULL,
            version $INT NOT NULL,
            title TEXT NOT NULL,
            areas TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (code, version)
        )
        """,
        #"""
        INSERT INTO review_templates (code, version, title, areas, created_at) VALUES ('harassment_armed_forces_police', 1,
            'Protection from sexual harassment and gender-based discrimination in the armed forces and police',
            '[{"code":"policy_defines","guidance":"Adopt a policy, or amend the existing one, so that it defines sexual harassment and gender-based discrimination in plain words, with examples, and states that they are not tolerated.","question":"Is there an adopted policy that defines sexual harassment and gender-based discrimination, with examples of conduct?","title":"A policy exists and defines harassment","topics":["sexual_harassment"]},{"code":"coverage","guidance":"Extend the policy to every member of the institution, cadets and civilian staff, contractors and visitors, and to conduct off duty and online where it affects work.","question":"Does it cover everyone: service members of every rank, civilians, cadets, contractors, and conduct off duty and online?","title":"Who the policy covers","topics":["sexual_harassment","gender_in_military"]},{"code":"reporting_channels","guidance":"Open at least one confidential reporting channel outside the chain of command (a gender focal point, an inspector general, an ombudsperson) and publish how to reach it.","question":"Can harassment be reported through more than one channel, including one outside the chain of command?","title":"Reporting channels","topics":["sexual_harassment"]},{"code":"confidentiality","guidance":"Write confidentiality and protection from retaliation into the policy, with sanctions for retaliation and a way to report it.","question":"Are confidentiality and protection from retaliation guaranteed to those who report and to witnesses?","title":"Confidentiality and protection from retaliation","topics":["sexual_harassment"]},{"code":"investigation","guidance":"Set timelines (for example: start within 8 days, finish within 60) and train investigators in gender-sensitive interviewing.","question":"Are there set timelines for starting and finishing an investigation, and are investigators trained?","title":"Investigation timelines","topics":["sexual_harassment","police_and_gbv"]},{"code":"sanctions","guidance":"List sanctions in the disciplinary rules and publish anonymised outcomes each year.","question":"Are sanctions proportionate, set out in the rules, and applied regardless of rank?","title":"Sanctions","topics":["sexual_harassment"]},{"code":"victim_support","guidance":"Arrange legal, medical and psychological support, and measures such as a change of post or supervisor during the procedure.","question":"Do victims receive legal, medical and psychological support, and protection at work during the procedure?","title":"Support for victims","topics":["police_and_gbv"]},{"code":"training","guidance":"Include the policy in basic training, in courses for commanders and in the curricula of the academies.","question":"Is everyone trained on the policy, and are commanders trained on their duties under it?","title":"Training","topics":["gender_training"]},{"code":"data_monitoring","guidance":"Record every report and its outcome by sex, rank and unit; protect small numbers before publishing; review the figures yearly.","question":"Are reports and outcomes recorded by sex, rank and unit, and reviewed regularly?","title":"Data collection and monitoring","topics":["hr_data_analysis"]},{"code":"policy_review","guidance":"Review the policy every two to three years, with surveys of personnel and the participation of civil society.","question":"Is the policy reviewed at set intervals with the people it protects and civil society?","title":"Review of the policy","topics":["nap_development","sexual_harassment"]}]',
            '2026-11-27T00:00:00Z')
        """#,
        """
        CREATE TABLE policy_reviews (
            id $ID,
            template_id $INT NOT NULL REFERENCES review_templates (id),
            institution_id $INT NOT NULL REFERENCES institutions (id),
            status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
            answers TEXT NOT NULL DEFAULT '[]',
            shared $INT NOT NULL DEFAULT 0,
            submitted_at TEXT,
            version $INT NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX policy_reviews_institution ON policy_reviews (institution_id)",
        "CREATE INDEX policy_reviews_template ON policy_reviews (template_id, status)",
    ])
}
