import Dispatch
import Synchronization

/// Runs blocking work (external processes) on a fixed number of threads of its own, so tool
/// runs never occupy Swift's cooperative pool and never exceed the machine's cores.
enum ParallelWork {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], workers: Int,
                                                         _ body: @Sendable (Input) -> Output) -> [Output] {
        let next = Mutex(0)
        let results = Mutex([Output?](repeating: nil, count: inputs.count))
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, inputs.count))) { _ in
            while true {
                let index: Int = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < inputs.count else { return }
                let output = body(inputs[index])
                results.withLock { $0[index] = output }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
