/// The training cascade: the trainings a trainer (or a training of trainers) set going, to any
/// depth. The participants of a training who later train others are the next generation; their
/// trainings are counted once each, and each listed person once, however many trainings
/// reached her. Counts of people not listed cannot be told apart, so each counts line adds once.
public enum TrainingCascade {
    /// A training as the cascade needs it: when, who trained, who was listed, what was counted.
    public struct Training: Sendable, Equatable {
        public var activity: Activity
        /// Listed participants (person ids).
        public var participants: [Int]
        /// The counts lines of people not listed, added up.
        public var counted: SexCounts

        public init(activity: Activity, participants: [Int], counted: SexCounts) {
            self.activity = activity
            self.participants = participants
            self.counted = counted
        }
    }

    /// A training of the cascade and its generation (1: delivered by the root's trainer, or the
    /// root training itself).
    public struct Step: Sendable, Equatable {
        public var activity: Activity
        public var generation: Int
        public var participants: SexCounts
    }

    public struct Result: Sendable, Equatable {
        public var steps: [Step]
        /// Everyone reached downstream: each listed person once, plus every counts line.
        public var reach: SexCounts
        /// How many listed people were reached.
        public var people: Int
        public var generations: Int { steps.map(\.generation).max() ?? 0 }

        public init(steps: [Step] = [], reach: SexCounts = SexCounts(), people: Int = 0) {
            self.steps = steps
            self.reach = reach
            self.people = people
        }
    }

    /// The trainings a person delivered, and what their trainees delivered after them.
    public static func downstream(ofTrainer person: Int, trainings: [Training], sexes: [Int: Sex]) -> Result {
        let first = trainings.filter { $0.activity.fields.trainerIds.contains(person) }
        return walk(first: first, excluded: [person], trainings: trainings, sexes: sexes)
    }

    /// A training of trainers and what its participants delivered after it.
    public static func downstream(ofTraining id: Int, trainings: [Training], sexes: [Int: Sex]) -> Result {
        let first = trainings.filter { $0.activity.id == id }
        return walk(first: first, excluded: Set(first.flatMap(\.activity.fields.trainerIds)), trainings: trainings, sexes: sexes)
    }

    static func walk(first: [Training], excluded: Set<Int>, trainings: [Training], sexes: [Int: Sex]) -> Result {
        var steps: [Step] = []
        var included = Set<Int>()
        var reached = Set<Int>()
        var counted = SexCounts()
        // When each trained person finished the training that made her a trainer here
        var trainedBy: [Int: Day] = [:]
        var frontier = first.sorted { ($0.activity.fields.start, $0.activity.id) < ($1.activity.fields.start, $1.activity.id) }
        var generation = 1
        while !frontier.isEmpty {
            var next: [Int: Day] = [:]
            for training in frontier where included.insert(training.activity.id).inserted {
                var here = training.counted
                for person in training.participants {
                    here = here + SexCounts.one(sexes[person] ?? .notRecorded)
                    guard !excluded.contains(person), reached.insert(person).inserted else { continue }
                    next[person] = min(next[person] ?? training.activity.fields.end, training.activity.fields.end)
                }
                counted = counted + training.counted
                steps.append(Step(activity: training.activity, generation: generation, participants: here))
            }
            for (person, day) in next { trainedBy[person] = min(trainedBy[person] ?? day, day) }
            // The next generation: trainings by people trained so far, after their own training
            frontier = trainings.filter { training in
                !included.contains(training.activity.id) && training.activity.fields.trainerIds.contains { trainer in
                    next[trainer].map { training.activity.fields.start >= $0 } ?? false
                }
            }.sorted { ($0.activity.fields.start, $0.activity.id) < ($1.activity.fields.start, $1.activity.id) }
            generation += 1
        }
        let people = reached.map { SexCounts.one(sexes[$0] ?? .notRecorded) }.reduce(SexCounts(), +)
        return Result(steps: steps, reach: people + counted, people: reached.count)
    }
}
