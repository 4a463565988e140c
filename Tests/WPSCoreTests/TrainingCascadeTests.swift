import Testing
@testable import WPSCore

/// The cascade counts each training once and each listed person once, follows trainees only
/// into trainings they gave after their own, and goes to any depth.
@Suite struct TrainingCascadeTests {
    static func training(_ id: Int, _ start: String, trainers: [Int], people: [Int], counted: SexCounts = SexCounts()) -> TrainingCascade.Training {
        let day = Day(start) ?? .epoch
        return TrainingCascade.Training(
            activity: Activity(id: id, fields: ActivityFields(kind: .workshop, title: "T\(id)", start: day, end: day, country: "BA", ownerId: 1, trainerIds: trainers)),
            participants: people, counted: counted)
    }

    @Test func countsEachPersonOnceToAnyDepthAndOnlyAfterTheirOwnTraining() {
        let sexes: [Int: Sex] = [2: .female, 3: .male, 4: .female, 5: .female]
        let trainings = [
            // 1 trains 2 and 3; 2 trains 4 (and 3 again); 4 trains 5 and 3 again; 3 trained someone before being trained: not downstream
            Self.training(10, "2020-01-10", trainers: [1], people: [2, 3], counted: SexCounts(female: 5, male: 1)),
            Self.training(11, "2020-05-01", trainers: [2], people: [4, 3]),
            Self.training(12, "2021-02-01", trainers: [4], people: [5, 3], counted: SexCounts(male: 2)),
            Self.training(13, "2019-06-01", trainers: [3], people: [6]),
        ]
        let result = TrainingCascade.downstream(ofTrainer: 1, trainings: trainings, sexes: sexes)
        #expect(result.steps.map(\.activity.id) == [10, 11, 12])
        #expect(result.steps.map(\.generation) == [1, 2, 3])
        #expect(result.people == 4, "2, 3, 4, 5 — person 3 sat in three trainings")
        #expect(result.reach == SexCounts(female: 3 + 5, male: 1 + 1 + 2))
        #expect(result.steps[1].participants == SexCounts(female: 1, male: 1))
        // From the first training: the same cascade, its trainer not counted
        let fromTraining = TrainingCascade.downstream(ofTraining: 10, trainings: trainings, sexes: sexes)
        #expect(fromTraining.steps.map(\.activity.id) == [10, 11, 12] && fromTraining.reach == result.reach)
    }
}
